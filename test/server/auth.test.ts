import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { AuthError, createTokenVerifier } from '../../src/server/auth/token-verifier.js';
import { mintToken } from '../../src/server/auth/dev-tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const MEETING = '123456789';
const verifier = createTokenVerifier({ secret: SECRET });
const claims = { userId: 'u1', name: 'Alice', meeting: MEETING, role: 'host' as const };

async function refusedWith(promise: Promise<unknown>, code: AuthError['code']): Promise<AuthError> {
  const error = await promise.then(
    () => assert.fail('token was accepted'),
    (error: unknown) => error,
  );
  assert.ok(error instanceof AuthError, `expected AuthError, got ${String(error)}`);
  assert.equal(error.code, code);
  return error;
}

function hs256(payload: Record<string, unknown>, secret = SECRET) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u1')
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(secret));
}

test('verify() returns the identity of a valid token', async () => {
  const identity = await verifier.verify(await mintToken(SECRET, { ...claims, avatar: 'https://example.com/a.png' }), MEETING);
  assert.equal(identity.userId, 'u1');
  assert.equal(identity.displayName, 'Alice');
  assert.equal(identity.avatarUrl, 'https://example.com/a.png');
  assert.equal(identity.role, 'host');
  assert.equal(identity.meeting, MEETING);
});

test('verify() refuses a missing token with token_missing', async () => {
  await refusedWith(verifier.verify(undefined, MEETING), 'token_missing');
  await refusedWith(verifier.verify('', MEETING), 'token_missing');
});

test('verify() refuses an expired token with token_expired', async () => {
  const token = await new SignJWT({ name: 'A', meeting: MEETING, role: 'host' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('u1')
    .setExpirationTime(Math.floor(Date.now() / 1000) - 120)
    .sign(new TextEncoder().encode(SECRET));
  await refusedWith(verifier.verify(token, MEETING), 'token_expired');
});

test('verify() refuses a token signed with another secret with token_invalid', async () => {
  const forged = await mintToken('another-secret-that-is-also-long-enough-xyz', claims);
  await refusedWith(verifier.verify(forged, MEETING), 'token_invalid');
});

test('verify() refuses a token whose payload was altered with token_invalid', async () => {
  const [header, , signature] = (await mintToken(SECRET, { ...claims, role: 'participant' })).split('.');
  const payload = Buffer.from(JSON.stringify({ sub: 'u1', name: 'A', meeting: MEETING, role: 'host', exp: 9999999999 })).toString('base64url');
  await refusedWith(verifier.verify(`${header}.${payload}.${signature}`, MEETING), 'token_invalid');
});

test('verify() refuses an unsigned (alg none) token with token_invalid', async () => {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: 'u1', name: 'A', meeting: MEETING, role: 'host', exp: 9999999999 })).toString('base64url');
  await refusedWith(verifier.verify(`${header}.${payload}.`, MEETING), 'token_invalid');
});

test('verify() refuses garbage with token_invalid', async () => {
  await refusedWith(verifier.verify('not-a-jwt', MEETING), 'token_invalid');
});

test('verify() refuses a token for another meeting with token_wrong_meeting', async () => {
  await refusedWith(verifier.verify(await mintToken(SECRET, claims), '987654321'), 'token_wrong_meeting');
});

test('verify() refuses a token without the required claims with token_invalid', async () => {
  await refusedWith(verifier.verify(await hs256({ meeting: MEETING, role: 'host' }), MEETING), 'token_invalid');
  await refusedWith(verifier.verify(await hs256({ name: 'A', meeting: MEETING, role: 'admin' }), MEETING), 'token_invalid');
  await refusedWith(verifier.verify(await hs256({ name: 'A', meeting: MEETING, role: 'host', avatar: 'javascript:alert(1)' }), MEETING), 'token_invalid');
});

test('verify() enforces issuer and audience when configured', async () => {
  const strict = createTokenVerifier({ secret: SECRET, issuer: 'https://host.example', audience: 'we-meeting' });
  await refusedWith(strict.verify(await mintToken(SECRET, claims), MEETING), 'token_invalid');
  const good = await mintToken(SECRET, claims, { issuer: 'https://host.example', audience: 'we-meeting' });
  assert.equal((await strict.verify(good, MEETING)).userId, 'u1');
});

test('verify() accepts EdDSA tokens from a JWKS URL and refuses unknown keys', async () => {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' };
  const jwksServer = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = jwksServer.address() as AddressInfo;
    const jwksVerifier = createTokenVerifier({ jwksUrl: `http://127.0.0.1:${port}/jwks.json` });
    const sign = (key: CryptoKey) =>
      new SignJWT({ name: 'Bob', meeting: MEETING, role: 'participant' })
        .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
        .setSubject('u2')
        .setExpirationTime('5m')
        .sign(key);
    const identity = await jwksVerifier.verify(await sign(privateKey), MEETING);
    assert.equal(identity.displayName, 'Bob');
    assert.equal(identity.role, 'participant');
    await refusedWith(jwksVerifier.verify(await sign(other.privateKey), MEETING), 'token_invalid');
    // An HS256 token is refused when only a JWKS is configured (no algorithm confusion).
    await refusedWith(jwksVerifier.verify(await mintToken(SECRET, claims), MEETING), 'token_invalid');
  } finally {
    jwksServer.close();
  }
});

test('createTokenVerifier() throws TypeError without a secret or JWKS URL', () => {
  assert.throws(() => createTokenVerifier({}), TypeError);
});
