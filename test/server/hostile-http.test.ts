// Hostile HTTP: request targets, headers and bodies an attacker sends before any WebSocket
// exists, and the development-token endpoint's reach.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { HostileWs } from './raw-ws.js';
import { RawSocket, TEST_SECRET, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
let dev: TestServer;
before(async () => {
  server = await startTestServer({ WE_HTTP_HEADERS_TIMEOUT_SECONDS: '1', WE_HTTP_REQUEST_TIMEOUT_SECONDS: '2' });
  dev = await startTestServer({ WE_DEV_TOKENS: 'true', WE_JWT_SECRET: '' });
});
after(async () => {
  await server.stop();
  await dev.stop();
});

/** Writes `request` on a bare TCP connection and resolves with all the server answered. */
function raw(on: TestServer, request: string, waitMs = 2000): Promise<string> {
  const { port } = new URL(on.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.write(request);
    setTimeout(() => socket.destroy(), waitMs).unref();
  });
}

const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';

async function stillServing(on: TestServer): Promise<void> {
  assert.equal((await fetch(`${on.url}/healthz`)).status, 200);
}

test('no request target, header or body crashes the server or answers 500', async () => {
  const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
  for (const target of ['http://[/ws', 'http://[::1/ws', 'http://a b/ws', '//[/x', 'ws://x/ws', '*', 'h:']) {
    const upgrade = await raw(server, `GET ${target} HTTP/1.1\r\nHost: x\r\n${UPGRADE}\r\n`);
    assert.ok(status(upgrade) >= 400 && status(upgrade) < 500, `upgrade to ${target}: ${upgrade.split('\r\n')[0]}`);
    const plain = await raw(server, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok(status(plain) >= 400 && status(plain) < 500, `GET ${target}: ${plain.split('\r\n')[0]}`);
    await stillServing(server);
  }
  for (const request of [
    'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n',
    'GET / HTTP/1.1\r\nHo\u0000st: x\r\n\r\n',
    `GET /ws HTTP/1.1\r\nHost: x\r\n${UPGRADE}Sec-WebSocket-Version: 99\r\n\r\n`,
    'POST /api/dev/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    'GARBAGE\r\n\r\n',
  ]) {
    const answer = await raw(server, request);
    assert.ok(answer === '' || (status(answer) >= 400 && status(answer) < 500), `${JSON.stringify(request)} → ${answer.split('\r\n')[0]}`);
    await stillServing(server);
  }
});

test('a client that drips its headers is cut off at the headers timeout', async () => {
  const { port } = new URL(server.url);
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  const started = Date.now();
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n');
  const drip = setInterval(() => socket.writable && socket.write('X-Drip: 1\r\n'), 200);
  const end = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(0), 8000))]);
  clearInterval(drip);
  socket.destroy();
  assert.ok(end > 0, 'the dripping socket was closed');
  assert.ok(end - started < 4000, `closed after ${end - started} ms`);
});

test('development tokens are minted only for this machine, addressed by a loopback name', async () => {
  const post = (headers: Record<string, string>) =>
    raw(
      dev,
      `POST /api/dev/token HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}` +
        'Content-Type: application/json\r\nContent-Length: 38\r\nConnection: close\r\n\r\n{"meeting":"123456789","name":"Mallo"}',
    );
  const { port } = new URL(dev.url);
  assert.match(await post({ Host: `localhost:${port}` }), /^HTTP\/1\.1 200/);
  assert.match(await post({ Host: `127.0.0.1:${port}`, Origin: 'http://localhost:5173' }), /^HTTP\/1\.1 200/);
  // DNS rebinding: a page on attacker.example whose name now points at 127.0.0.1.
  assert.match(await post({ Host: `attacker.example:${port}` }), /^HTTP\/1\.1 403/);
  // A page on another origin: refused for the POST itself, not only the preflight.
  assert.match(await post({ Host: `localhost:${port}`, Origin: 'https://evil.example' }), /^HTTP\/1\.1 403/);
  // A server with a real key never mints: development mode cannot run beside it.
  const keyed = await fetch(`${server.url}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ meeting: '123456789', name: 'Mallory', userId: 'hana', role: 'host' }),
  });
  assert.equal(keyed.status, 404);
});

test('a deleted user\'s placeholder id is never accepted as a token subject', async () => {
  const hana = await mintToken(TEST_SECRET, { userId: 'hana-del', name: 'Hana', meeting: '830000001', role: 'host' });
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  assert.equal((await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: '830000001', token: hana })).ok, true);
  socket.close();
  await socket.closed;
  await new Promise((resolve) => setTimeout(resolve, 100));
  const deleted = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${hana}` } });
  assert.equal(deleted.status, 200);
  const placeholder = await server.store.listMeetingsByCreator('hana-del', { limit: 10 });
  assert.equal(placeholder.meetings.length, 0);
  for (const sub of ['deleted:00000000-0000-0000-0000-000000000000', 'deleted:']) {
    const forged = await mintToken(TEST_SECRET, { userId: sub, name: 'X', meeting: '830000001', role: 'host' });
    const list = await fetch(`${server.url}/api/meetings`, { headers: { authorization: `Bearer ${forged}` } });
    assert.equal(list.status, 401);
    assert.equal(((await list.json()) as { code: string }).code, 'token_invalid');
  }
});

test('/ws refuses pages on origins WE_ALLOWED_ORIGINS does not list', async () => {
  const limited = await startTestServer({ WE_ALLOWED_ORIGINS: 'https://host-app.example' });
  try {
    await assert.rejects(HostileWs.open(limited.wsUrl, { Origin: 'https://evil.example' }), /403/);
    (await HostileWs.open(limited.wsUrl, { Origin: 'https://host-app.example' })).destroy();
    (await HostileWs.open(limited.wsUrl)).destroy(); // not a browser: no Origin
  } finally {
    await limited.stop();
  }
});

test('the demo page connects only to its own origin, cannot be re-based or embed plugins, and uses devices for itself only', async () => {
  const response = await fetch(`${server.url}/`);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /connect-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /\bws:|\bwss:/);
  assert.match(csp, /base-uri 'none'/);
  assert.match(csp, /object-src 'none'/);
  const permissions = response.headers.get('permissions-policy') ?? '';
  assert.match(permissions, /camera=\(self\)/);
  assert.match(permissions, /microphone=\(self\)/);
  assert.match(permissions, /geolocation=\(\)/);
});
