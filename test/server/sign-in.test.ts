import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import pino from 'pino';
import { normalizeIdentifier, subjectOf } from '../../src/server/sign-in/identifier.js';
import { startServer, type MeetingServer } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { startMailCatcher, startSmsGateway, type MailCatcher, type SmsGateway } from './sign-in-fakes.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const SIGN_IN_SECRET = 'sign-in-test-secret-0123456789-abcdefgh';
let server: MeetingServer;
let mail: MailCatcher;
let sms: SmsGateway;
let dataDir: string;
/** Everything the server logged, at the most detailed level. */
const log: string[] = [];

before(async () => {
  mail = await startMailCatcher();
  sms = await startSmsGateway();
  dataDir = mkdtempSync(join(tmpdir(), 'we-meeting-sign-in-'));
  // Standalone: no host secret, no development mode; sign-in by e-mail and SMS only.
  const config = loadConfig(
    {
      PORT: '0',
      WE_RTC_PORT: '0',
      WE_WORKERS: '1',
      WE_DATA_DIR: dataDir,
      WE_SMTP_URL: mail.url,
      WE_MAIL_FROM: 'WE Meeting <no-reply@example.com>',
      WE_SMS_WEBHOOK_URL: sms.url,
      WE_SMS_WEBHOOK_AUTHORIZATION: 'Bearer gateway-key',
      WE_SIGN_IN_SECRET: SIGN_IN_SECRET,
    },
    packageRoot,
  );
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      log.push(chunk.toString('utf8'));
      callback();
    },
  });
  server = await startServer(config, pino({ level: 'trace' }, sink));
});
after(async () => {
  await server?.close();
  await mail?.close();
  await sms?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

async function signIn(identifier: string, name?: string) {
  assert.equal((await post('/api/sign-in/code', { channel: 'email', identifier })).status, 202);
  const code = await mail.codeFor(identifier.toLowerCase());
  const verified = await post('/api/sign-in/verify', { channel: 'email', identifier, code, ...(name ? { name } : {}) });
  assert.equal(verified.status, 200, JSON.stringify(verified.body));
  const cookie = verified.headers.get('set-cookie')!.split(';')[0]!;
  return { token: verified.body.token as string, csrf: verified.body.csrf as string, cookie, user: verified.body.user };
}

test('POST /api/sign-in/verify signs in with the e-mailed code and shows the address masked only', async () => {
  const session = await signIn('Alice@Example.com', 'Alice');
  assert.deepEqual(session.user, { masked: 'a***@example.com', displayName: 'Alice' });
  assert.match(session.token, /^wes_/);
  const me = await fetch(`${server.url}/api/session`, { headers: { authorization: `Bearer ${session.token}` } });
  assert.equal(me.status, 200);
});

test('the session cookie is HttpOnly and SameSite, and Secure except on plain-http localhost', async () => {
  await post('/api/sign-in/code', { channel: 'email', identifier: 'cookie@example.com' });
  const code = await mail.codeFor('cookie@example.com');
  // As a request to the server's public name (behind a TLS proxy) would arrive.
  const cookie = await new Promise<string>((resolve, reject) => {
    const req = request(`${server.url}/api/sign-in/verify`, { method: 'POST', headers: { 'content-type': 'application/json', host: 'meet.example.com' } }, (res) => {
      res.resume();
      resolve(String(res.headers['set-cookie'] ?? ''));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ channel: 'email', identifier: 'cookie@example.com', code }));
  });
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Secure/);
});

test('sign-in by phone goes through the SMS gateway with its template and Authorization header', async () => {
  const requested = await post('/api/sign-in/code', { channel: 'phone', identifier: '138 1234 5678', region: 'CN' });
  assert.equal(requested.status, 202);
  const code = await sms.codeFor('+8613812345678');
  const message = sms.received.at(-1)!;
  assert.equal(message.authorization, 'Bearer gateway-key');
  assert.equal(message.body.template, 'we-meeting-sign-in');
  const verified = await post('/api/sign-in/verify', { channel: 'phone', identifier: '+86 138-1234-5678', code, name: 'Li' });
  assert.equal(verified.status, 200);
  assert.deepEqual(verified.body.user, { masked: '138****5678', displayName: 'Li' });
});

test('the sixth entry after five wrong codes is refused even with the right code', async () => {
  const identifier = 'mallory@example.com';
  await post('/api/sign-in/code', { channel: 'email', identifier });
  const code = await mail.codeFor(identifier);
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  for (let i = 0; i < 5; i++) {
    const attempt = await post('/api/sign-in/verify', { channel: 'email', identifier, code: wrong });
    assert.equal(attempt.body.code, 'code_invalid');
  }
  const sixth = await post('/api/sign-in/verify', { channel: 'email', identifier, code });
  assert.equal(sixth.status, 429);
  assert.equal(sixth.body.code, 'too_many_attempts');
});

test('a code works once', async () => {
  const identifier = 'once@example.com';
  await post('/api/sign-in/code', { channel: 'email', identifier });
  const code = await mail.codeFor(identifier);
  assert.equal((await post('/api/sign-in/verify', { channel: 'email', identifier, code })).status, 200);
  assert.equal((await post('/api/sign-in/verify', { channel: 'email', identifier, code })).body.code, 'code_invalid');
});

test('a known and an unknown identifier get identical answers', async () => {
  // A person who signed in before (stored as a sign-in would store them), and one never seen.
  const key = createHash('sha256').update(SIGN_IN_SECRET).digest();
  const subject = subjectOf(key, normalizeIdentifier('email', 'known2@example.com'));
  await server.store.signIn.saveUser({ subject, masked: 'k***@example.com', displayName: 'Known' }, Date.now());
  assert.ok((await server.store.signIn.getUser(subject)) !== undefined);
  const known = await post('/api/sign-in/code', { channel: 'email', identifier: 'known2@example.com' });
  const unknown = await post('/api/sign-in/code', { channel: 'email', identifier: 'nobody@example.com' });
  assert.equal(known.status, 202);
  assert.equal(known.status, unknown.status);
  assert.deepEqual(known.body, unknown.body);
  assert.deepEqual([...known.headers.keys()].sort(), [...unknown.headers.keys()].sort());
  // Both got a code.
  await mail.codeFor('known2@example.com');
  await mail.codeFor('nobody@example.com');
  const wrongKnown = await post('/api/sign-in/verify', { channel: 'email', identifier: 'known2@example.com', code: '000000' });
  const wrongUnknown = await post('/api/sign-in/verify', { channel: 'email', identifier: 'nobody@example.com', code: '000000' });
  // (A real code could be 000000: one in a million; the test would then fail, never pass wrongly.)
  assert.equal(wrongKnown.status, wrongUnknown.status);
  assert.deepEqual(wrongKnown.body, wrongUnknown.body);
});

test('a second code within 60 s is refused as rate-limited', async () => {
  const identifier = 'hasty@example.com';
  assert.equal((await post('/api/sign-in/code', { channel: 'email', identifier })).status, 202);
  const second = await post('/api/sign-in/code', { channel: 'email', identifier });
  assert.equal(second.status, 429);
  assert.equal(second.body.code, 'rate_limited');
});

test('bad bodies get typed 400s', async () => {
  assert.equal((await post('/api/sign-in/code', { channel: 'fax', identifier: 'x' })).body.code, 'invalid_request');
  assert.equal((await post('/api/sign-in/code', { channel: 'email', identifier: 'not an address' })).body.code, 'invalid_identifier');
  assert.equal((await post('/api/sign-in/code', { channel: 'phone', identifier: '12345' })).body.code, 'invalid_identifier');
  assert.equal((await post('/api/sign-in/verify', { channel: 'email', identifier: 'a@example.com', code: '12ab56' })).body.code, 'invalid_request');
});

test('a cookie-authenticated write without the CSRF token is refused; with it, it works', async () => {
  const session = await signIn('csrf@example.com', 'Cara');
  const without = await post('/api/meetings', { topic: 'Plans' }, { cookie: session.cookie });
  assert.equal(without.status, 403);
  assert.equal(without.body.code, 'csrf_failed');
  const wrong = await post('/api/meetings', { topic: 'Plans' }, { cookie: session.cookie, 'x-we-csrf': 'x'.repeat(43) });
  assert.equal(wrong.status, 403);
  const withToken = await post('/api/meetings', { topic: 'Plans' }, { cookie: session.cookie, 'x-we-csrf': session.csrf });
  assert.equal(withToken.status, 201);
});

test('a signed-out session is refused', async () => {
  const session = await signIn('leaver@example.com', 'Lee');
  const bearer = { authorization: `Bearer ${session.token}` };
  assert.equal((await post('/api/sign-out', {}, bearer)).status, 200);
  const after = await post('/api/meetings', { topic: 'x' }, bearer);
  assert.equal(after.status, 401);
  assert.equal(after.body.code, 'not_signed_in');
  assert.equal((await fetch(`${server.url}/api/meetings`, { headers: bearer })).status, 401);
});

test('a creator gets a host token, a guest a participant token by name, and guests can be kept out', async () => {
  const creator = await signIn('host@example.com', 'Hana');
  const bearer = { authorization: `Bearer ${creator.token}` };
  const created = await post('/api/meetings', { topic: 'Weekly' }, bearer);
  assert.equal(created.status, 201);
  const id = created.body.id as string;
  assert.match(id, /^\d{9}$/);
  const hostToken = await post(`/api/meetings/${id}/token`, {}, bearer);
  assert.equal(hostToken.body.role, 'host');
  const guest = await post(`/api/meetings/${id}/token`, { name: 'Gus' });
  assert.equal(guest.body.role, 'participant');
  // The server admits what it minted.
  const [, payload] = (guest.body.token as string).split('.');
  assert.equal(JSON.parse(Buffer.from(payload!, 'base64url').toString()).meeting, id);
  assert.equal((await post(`/api/meetings/${id}/token`, {})).body.code, 'invalid_request');
  assert.equal((await post('/api/meetings/999999998/token', { name: 'Gus' })).body.code, 'meeting_unknown');
  // Outside development mode a development user opens nothing.
  assert.equal((await post('/api/meetings/999999998/token', { name: 'Gus', devUserId: 'dev-gus' })).body.code, 'meeting_unknown');
  const closed = await post('/api/meetings', { topic: 'Board', allowGuests: false }, bearer);
  assert.equal((await post(`/api/meetings/${closed.body.id as string}/token`, { name: 'Gus' })).body.code, 'guests_not_allowed');
  const list = (await (await fetch(`${server.url}/api/meetings`, { headers: bearer })).json()) as { meetings: { id: string; topic: string }[] };
  assert.deepEqual(list.meetings.map((meeting) => meeting.topic).sort(), ['Board', 'Weekly']);
});

test('DELETE /api/me removes the masked identifier, the name and the sessions', async () => {
  const session = await signIn('forget@example.com', 'Fay');
  const bearer = { authorization: `Bearer ${session.token}` };
  const deleted = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: bearer });
  assert.equal(deleted.status, 200);
  assert.equal((await fetch(`${server.url}/api/session`, { headers: bearer })).status, 401);
});

test('neither a code nor a phone number or e-mail address in clear is ever in the log', async () => {
  const codes = [
    ...mail.messages.map((message) => /\b(\d{6})\b/.exec(message.raw.replace(/=\r?\n/g, ''))?.[1]),
    ...sms.received.map((entry) => entry.body.params.code),
  ];
  assert.ok(codes.length >= 10);
  const text = log.join('');
  assert.ok(text.length > 0);
  for (const code of codes) assert.ok(!text.includes(code!), `code ${code} is in the log`);
  for (const clear of ['alice@example.com', '13812345678', 'known2@example.com']) assert.ok(!text.includes(clear), `${clear} is in the log`);
});
