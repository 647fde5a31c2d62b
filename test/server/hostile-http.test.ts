// Hostile HTTP: request targets, headers and bodies an attacker sends before any WebSocket
// exists, and the development-token endpoint's reach.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { HostileWs } from './raw-ws.js';
import { RawSocket, TEST_SECRET, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
let dev: TestServer;
before(async () => {
  server = await startTestServer({ WE_HTTP_HEADERS_TIMEOUT_SECONDS: '1', WE_HTTP_REQUEST_TIMEOUT_SECONDS: '2' });
  dev = await startTestServer({ WE_DEV_TOKENS: 'true', WE_JWT_SECRET: '', WE_HTTP_HEADERS_TIMEOUT_SECONDS: '1', WE_HTTP_REQUEST_TIMEOUT_SECONDS: '2' });
});
after(async () => {
  await server.stop();
  await dev.stop();
});

/** Writes `request` on a bare TCP connection and resolves with all the server answered. */
function raw(on: TestServer, request: string, waitMs = 2000): Promise<string> {
  const { hostname, port } = new URL(on.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
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
    `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    `GET /ws HTTP/1.1\r\nHost: x\r\n${UPGRADE}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
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

test('a client that drips its body is cut off at the request timeout', async () => {
  const { port } = new URL(dev.url);
  const socket = connect(Number(port), '127.0.0.1');
  let answer = '';
  socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
  socket.on('error', () => {});
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
  const started = Date.now();
  // A body the handler waits for, one byte at a time.
  socket.write(`POST /api/dev/token HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
  const drip = setInterval(() => socket.writable && socket.write(' '), 200);
  const end = await Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(0), 8000))]);
  clearInterval(drip);
  socket.destroy();
  assert.ok(end > 0, 'the dripping socket was closed');
  assert.ok(end - started < 4500, `closed after ${end - started} ms`);
  assert.match(answer, /^HTTP\/1\.1 408 /);
  await stillServing(dev);
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
  assert.match(await post({ Host: `[::1]:${port}`, Origin: 'http://127.0.0.2:3000' }), /^HTTP\/1\.1 200/);
  // DNS rebinding: a page on attacker.example whose name now points at 127.0.0.1.
  assert.match(await post({ Host: `attacker.example:${port}` }), /^HTTP\/1\.1 403/);
  assert.match(await post({ Host: `localhost.attacker.example:${port}` }), /^HTTP\/1\.1 403/);
  assert.match(await post({ Host: `127.0.0.1.nip.example:${port}` }), /^HTTP\/1\.1 403/);
  // A sandboxed or file:// page.
  assert.match(await post({ Host: `localhost:${port}`, Origin: 'null' }), /^HTTP\/1\.1 403/);
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

test('development tokens are refused to a peer on another machine, whatever its Host says', async (t) => {
  // This machine's own address on a network interface: a peer there is not loopback.
  const lan = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;
  if (lan === undefined) return t.skip('no non-loopback IPv4 interface');
  const exposed = await startTestServer({ WE_DEV_TOKENS: 'true', WE_JWT_SECRET: '', HOST: lan });
  try {
    const { port } = new URL(exposed.url);
    const answer = await raw(
      exposed,
      `POST /api/dev/token HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: 38\r\n` +
        'Connection: close\r\n\r\n{"meeting":"123456789","name":"Mallo"}',
    );
    assert.match(answer, /^HTTP\/1\.1 403 /);
    assert.doesNotMatch(answer, /"token"/);
  } finally {
    await exposed.stop();
  }
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

/** Creates meeting `meeting` as `userId` (a host's hello) and leaves it. */
async function createMeeting(meeting: string, userId: string): Promise<string> {
  const token = await mintToken(TEST_SECRET, { userId, name: userId, meeting, role: 'host' });
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  assert.equal((await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token })).ok, true);
  socket.close();
  await socket.closed;
  return token;
}

test('the records API answers 400, never 500, to every bad query value', async () => {
  const rita = await createMeeting('830000002', 'rita-q');
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${rita}` } });
  assert.equal((await get('/api/meetings?limit=5&before=1.123456789')).status, 200);
  assert.equal((await get('/api/meetings/830000002/export?format=csv')).status, 200);
  for (const path of [
    '/api/meetings?before=9999999999999999.123',
    '/api/meetings?before=9999999999999999.123456789',
    '/api/meetings?before=-1.123456789',
    '/api/meetings?before=1e3.123456789',
    '/api/meetings?before=',
    '/api/meetings?before=1.123456789&before=2.123456789',
    '/api/meetings?limit=1e1',
    '/api/meetings?limit=%2B5',
    '/api/meetings?limit=5.0',
    '/api/meetings?limit=%205',
    '/api/meetings?limit=0x10',
    '/api/meetings?limit=',
    '/api/meetings?limit=101',
    '/api/meetings?limit=1&limit=2',
    '/api/audit?limit=NaN',
    '/api/audit?limit=99999999999999999999',
    '/api/meetings/830000002/export?format=xml',
    '/api/meetings/830000002/export?format=',
    '/api/meetings/830000002/export?format=csv&format=json',
  ]) {
    const response = await get(path);
    assert.equal(response.status, 400, path);
    assert.equal(typeof ((await response.json()) as { error?: unknown }).error, 'string', path);
  }
  await stillServing(server);
});

test('a meeting someone else created answers exactly as one that does not exist', async () => {
  await createMeeting('830000003', 'owner-p');
  const prober = await mintToken(TEST_SECRET, { userId: 'prober-p', name: 'P', meeting: '830000004', role: 'host' });
  for (const suffix of ['', '/export?format=csv', '/export?format=json', '/export?format=xml']) {
    const answer = async (id: string) => {
      const response = await fetch(`${server.url}/api/meetings/${id}${suffix}`, { headers: { authorization: `Bearer ${prober}` } });
      return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
    };
    const foreign = await answer('830000003');
    assert.equal(foreign.status, 404, suffix);
    assert.deepEqual(foreign, await answer('999999997'), `the same answer for a foreign and an unknown meeting (${suffix})`);
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
