import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createTokenVerifier } from '../../src/server/auth/token-verifier.js';
import { TEST_SECRET, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
/** A server in development mode: demo tokens, signed with a secret of its own. */
let dev: TestServer;
before(async () => {
  server = await startTestServer();
  dev = await startTestServer({ WE_DEV_TOKENS: 'true', WE_JWT_SECRET: '' });
});
after(async () => {
  await server.stop();
  await dev.stop();
});

test('GET /healthz answers 200 with the worker count and storage state', async () => {
  const response = await fetch(`${server.url}/healthz`);
  assert.equal(response.status, 200);
  const body = (await response.json()) as { status: string; workers: number; storage: string };
  assert.equal(body.status, 'ok');
  assert.equal(body.workers, 1);
  assert.equal(body.storage, 'ok');
});

test('GET / serves the demo page with security headers', async () => {
  const response = await fetch(`${server.url}/`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/html/);
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.match(await response.text(), /<we-meeting/);
});

test('POST /api/dev/token mints a token the server accepts', async () => {
  const response = await fetch(`${dev.url}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting: '123456789', name: 'Dana' }),
  });
  assert.equal(response.status, 200);
  const { token } = (await response.json()) as { token: string };
  const identity = await createTokenVerifier({ secret: dev.config.jwtSecret }).verify(token, '123456789');
  assert.notEqual(dev.config.jwtSecret, TEST_SECRET);
  assert.equal(identity.displayName, 'Dana');
  assert.equal(identity.role, 'host');
});

test('POST /api/dev/token refuses bad bodies with 4xx', async () => {
  const post = (body: string, type = 'application/json') =>
    fetch(`${dev.url}/api/dev/token`, { method: 'POST', headers: { 'content-type': type }, body });
  assert.equal((await post('{"meeting":"12","name":"x"}')).status, 400);
  assert.equal((await post('{not json')).status, 400);
  assert.equal((await post('{"meeting":"123456789","name":"x","role":"admin"}')).status, 400);
  assert.equal((await post('x'.repeat(5000))).status, 413);
  assert.equal((await post('{}', 'text/plain')).status, 415);
  assert.equal((await fetch(`${dev.url}/api/dev/token`)).status, 405);
});

test('unknown paths answer 404 and a WebSocket upgrade outside /ws is refused', async () => {
  assert.equal((await fetch(`${server.url}/nope`)).status, 404);
  assert.equal((await fetch(`${server.url}/../etc/passwd`)).status, 404);
});

test('POST /api/dev/token does not exist when development tokens are off', async () => {
  const withKey = await fetch(`${server.url}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting: '123456789', name: 'Eve' }),
  });
  assert.equal(withKey.status, 404, 'a server with a real key mints nothing');
  const production = await startTestServer({ NODE_ENV: 'production' });
  assert.equal(production.config.devTokens, false);
  try {
    const response = await fetch(`${production.url}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ meeting: '123456789', name: 'Eve' }),
    });
    assert.equal(response.status, 404);
  } finally {
    await production.stop();
  }
});

test('GET /api/client-config tells the pre-join screen about the policy and the age gate', async () => {
  const none = (await (await fetch(`${server.url}/api/client-config`)).json()) as { policy: unknown; ageGate: boolean };
  assert.deepEqual(none, { policy: null, ageGate: false });
  const configured = await startTestServer({ WE_POLICY_VERSION: '3', WE_POLICY_URL: 'https://example.com/p', WE_AGE_GATE: '1' });
  try {
    const body = await (await fetch(`${configured.url}/api/client-config`)).json();
    assert.deepEqual(body, { policy: { version: '3', url: 'https://example.com/p' }, ageGate: true });
  } finally {
    await configured.stop();
  }
});

test('the browser APIs and the script bundle answer pages on any origin by default', async () => {
  const origin = { origin: 'https://host-app.example' };
  const config = await fetch(`${server.url}/api/client-config`, { headers: origin });
  assert.equal(config.headers.get('access-control-allow-origin'), '*');
  assert.equal(config.headers.get('access-control-allow-credentials'), null);
  const bundle = await fetch(`${server.url}/we-meeting.iife.js`, { method: 'HEAD', headers: origin });
  assert.equal(bundle.headers.get('access-control-allow-origin'), '*');
  // A refusal is readable too, so the page can tell why.
  const refused = await fetch(`${server.url}/api/meetings`, { headers: origin });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  assert.match(refused.headers.get('access-control-expose-headers') ?? '', /content-disposition/);
  // The demo page itself is not for other origins.
  assert.equal((await fetch(`${server.url}/`, { headers: origin })).headers.get('access-control-allow-origin'), null);
});

test('the scripts load under their names and under the names they had as single files', async () => {
  for (const path of ['/we-meeting.js', '/we-meeting.iife.js', '/we-history.js', '/we-history.iife.js']) {
    const response = await fetch(`${server.url}${path}`, { method: 'HEAD' });
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/, path);
  }
  const script = await (await fetch(`${server.url}/we-meeting.js`)).text();
  assert.equal(await (await fetch(`${server.url}/we-meeting.iife.js`)).text(), script);
});

test('script chunks load from any origin and are cached for good; the scripts are revalidated by their ETag', async () => {
  const { chunks } = JSON.parse(readFileSync('dist/we-meeting.chunks.json', 'utf8')) as { chunks: { file: string; entry: boolean }[] };
  const chunk = chunks.find((candidate) => !candidate.entry);
  assert.ok(chunk, 'the meeting script has chunks');
  const origin = { origin: 'https://host-app.example' };
  const response = await fetch(`${server.url}/${chunk.file}`, { headers: origin });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(await response.text(), readFileSync(`dist/${chunk.file}`, 'utf8'));
  const map = await fetch(`${server.url}/${chunk.file}.map`, { headers: origin });
  assert.equal(map.status, 200);
  assert.equal(map.headers.get('cache-control'), 'no-cache');

  const script = await fetch(`${server.url}/we-meeting.js`, { headers: origin });
  assert.equal(script.headers.get('cache-control'), 'no-cache');
  assert.equal(script.headers.get('access-control-allow-origin'), '*');
  const etag = script.headers.get('etag');
  assert.match(etag ?? '', /^"[\w-]+"$/);
  const again = await fetch(`${server.url}/we-meeting.js`, { headers: { 'if-none-match': etag! } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
});

test('GET /chunks/ serves only chunk names from the chunks folder', async () => {
  for (const path of ['/chunks/missing-AAAAAAAA.js', '/chunks/%2e%2e%2fwe-meeting.js', '/chunks/..%2fwe-meeting.js', '/chunks/a.json', '/chunks/']) {
    const response = await fetch(`${server.url}${path}`);
    assert.equal(response.status, 404, path);
    await response.body?.cancel();
  }
});

test('OPTIONS preflight on the browser APIs allows bearer tokens and JSON bodies', async () => {
  const preflight = await fetch(`${server.url}/api/meetings`, {
    method: 'OPTIONS',
    headers: { origin: 'https://host-app.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
  assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/);
  assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /DELETE/);
  const token = await fetch(`${dev.url}/api/dev/token`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173' } });
  assert.equal(token.status, 204);
});

test('with the default origins, only pages on this machine may mint development tokens cross-origin', async () => {
  const preflight = (origin: string) =>
    fetch(`${dev.url}/api/dev/token`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
  const local = await preflight('http://127.0.0.1:5500');
  assert.equal(local.status, 204);
  assert.equal(local.headers.get('access-control-allow-origin'), 'http://127.0.0.1:5500');
  const remote = await preflight('https://evil.example');
  assert.equal(remote.status, 403);
  assert.equal(remote.headers.get('access-control-allow-origin'), null);
  const minted = await fetch(`${dev.url}/api/dev/token`, {
    method: 'POST',
    headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
    body: JSON.stringify({ meeting: '123456789', name: 'Eve' }),
  });
  assert.equal(minted.headers.get('access-control-allow-origin'), null, 'the page cannot read the token');
});

test('WE_ALLOWED_ORIGINS limits the browser APIs to the origins it lists', async () => {
  const limited = await startTestServer({ WE_ALLOWED_ORIGINS: 'https://host-app.example' });
  try {
    const allowed = await fetch(`${limited.url}/api/client-config`, { headers: { origin: 'https://host-app.example' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://host-app.example');
    assert.equal(allowed.headers.get('vary'), 'origin');
    const other = await fetch(`${limited.url}/api/client-config`, { headers: { origin: 'https://elsewhere.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    assert.equal(other.headers.get('vary'), 'origin');
    const preflight = (origin: string) =>
      fetch(`${limited.url}/api/meetings`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });
    assert.equal((await preflight('https://host-app.example')).status, 204);
    assert.equal((await preflight('https://elsewhere.example')).status, 403);
  } finally {
    await limited.stop();
  }
});
