import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { RequestError, SignalingClient } from '../../src/core/index.js';
import { CLOSE_UNAUTHORIZED } from '../../src/server/signaling/session.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

async function connect(): Promise<RawSocket> {
  const raw = new RawSocket(server.wsUrl);
  await raw.opened();
  return raw;
}

async function joined(): Promise<RawSocket> {
  const raw = await connect();
  const answer = await raw.exchange(
    JSON.stringify({ id: 1, method: 'hello', data: { protocolVersion: PROTOCOL_VERSION, meeting: '123456789', token: await server.token() } }),
  );
  assert.equal(answer.ok, true, JSON.stringify(answer));
  return raw;
}

function errorCode(frame: Record<string, unknown>): unknown {
  return (frame.error as { code?: unknown } | undefined)?.code;
}

test('hello with a valid token answers with the protocol version and the participant', async () => {
  const raw = await connect();
  const answer = await raw.exchange(
    JSON.stringify({ id: 1, method: 'hello', data: { protocolVersion: PROTOCOL_VERSION, meeting: '123456789', token: await server.token() } }),
  );
  assert.equal(answer.id, 1);
  assert.equal(answer.ok, true);
  const data = answer.data as { protocolVersion: number; meeting: string; self: { displayName: string; role: string } };
  assert.equal(data.protocolVersion, PROTOCOL_VERSION);
  assert.equal(data.meeting, '123456789');
  assert.equal(data.self.displayName, 'Alice');
  assert.equal(data.self.role, 'host');
  raw.close();
});

test('a method before hello is refused with hello_required', async () => {
  const raw = await connect();
  const answer = await raw.exchange('{"id":2,"method":"ping"}');
  assert.equal(answer.id, 2);
  assert.equal(errorCode(answer), 'hello_required');
  raw.close();
});

test('malformed JSON is answered with bad_json and the connection stays usable', async () => {
  const raw = await joined();
  const answer = await raw.exchange('{"id": 2, "method": ');
  assert.equal(answer.id, null);
  assert.equal(errorCode(answer), 'bad_json');
  const pong = await raw.exchange('{"id":3,"method":"ping"}');
  assert.equal(pong.ok, true);
  raw.close();
});

test('an unknown method is answered with unknown_method', async () => {
  const raw = await joined();
  const answer = await raw.exchange('{"id":4,"method":"shutdownServer","data":{}}');
  assert.equal(answer.id, 4);
  assert.equal(errorCode(answer), 'unknown_method');
  raw.close();
});

test('wrong data types are answered with bad_request', async () => {
  const raw = await connect();
  const answer = await raw.exchange('{"id":5,"method":"hello","data":{"protocolVersion":"one","meeting":123456789,"token":5}}');
  assert.equal(answer.id, 5);
  assert.equal(errorCode(answer), 'bad_request');
  raw.close();
});

test('a binary frame is answered with bad_request', async () => {
  const raw = await joined();
  const answer = await raw.exchange(Buffer.from('{"id":6,"method":"ping"}'));
  assert.equal(errorCode(answer), 'bad_request');
  raw.close();
});

test('a frame over the size limit closes the socket with 1009', async () => {
  const raw = await joined();
  raw.socket.send(JSON.stringify({ id: 7, method: 'ping', data: { pad: 'x'.repeat(server.config.maxFrameBytes) } }));
  const { code } = await raw.closed;
  assert.equal(code, 1009);
  // The server is still up for everybody else.
  const other = await joined();
  other.close();
});

test('an unsupported protocol version is refused with unsupported_version', async () => {
  const raw = await connect();
  const answer = await raw.exchange(
    JSON.stringify({ id: 8, method: 'hello', data: { protocolVersion: 999, meeting: '123456789', token: await server.token() } }),
  );
  assert.equal(errorCode(answer), 'unsupported_version');
  raw.close();
});

test('a second hello is refused with already_joined', async () => {
  const raw = await joined();
  const answer = await raw.exchange(
    JSON.stringify({ id: 9, method: 'hello', data: { protocolVersion: PROTOCOL_VERSION, meeting: '123456789', token: await server.token() } }),
  );
  assert.equal(errorCode(answer), 'already_joined');
  raw.close();
});

test('hello with a token for another meeting is refused and the socket closed with 4401', async () => {
  const raw = await connect();
  const answer = await raw.exchange(
    JSON.stringify({ id: 10, method: 'hello', data: { protocolVersion: PROTOCOL_VERSION, meeting: '111222333', token: await server.token() } }),
  );
  assert.equal(errorCode(answer), 'token_wrong_meeting');
  const { code, reason } = await raw.closed;
  assert.equal(code, CLOSE_UNAUTHORIZED);
  assert.equal(reason, 'token_wrong_meeting');
});

test('hello without a token is refused with token_missing', async () => {
  const raw = await connect();
  const answer = await raw.exchange(
    JSON.stringify({ id: 11, method: 'hello', data: { protocolVersion: PROTOCOL_VERSION, meeting: '123456789', token: '' } }),
  );
  assert.equal(errorCode(answer), 'token_missing');
  await raw.closed;
});

test('getRouterRtpCapabilities returns the router codecs (Opus and VP8 at least)', async () => {
  const raw = await joined();
  const answer = await raw.exchange('{"id":12,"method":"getRouterRtpCapabilities"}');
  const codecs = (answer.data as { rtpCapabilities: { codecs: { mimeType: string }[] } }).rtpCapabilities.codecs;
  const mimeTypes = codecs.map((codec) => codec.mimeType);
  assert.ok(mimeTypes.includes('audio/opus'), mimeTypes.join());
  assert.ok(mimeTypes.includes('video/VP8'), mimeTypes.join());
  raw.close();
});

test('SignalingClient requests are answered and closing the socket records the leave', async () => {
  const signaling = await SignalingClient.connect(server.wsUrl, { WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
  const welcome = await signaling.request('hello', {
    protocolVersion: PROTOCOL_VERSION,
    meeting: '123456789',
    token: await server.token({ userId: 'carol', name: 'Carol' }),
  });
  assert.equal(welcome.self.displayName, 'Carol');
  assert.ok((await signaling.request('ping', {})).serverTime > 0);
  signaling.close();
  signaling.close();
  assert.equal(signaling.closed, true);
  const db = (server.store as unknown as { db: import('kysely').Kysely<import('../../src/server/store/schema.js').Database> }).db;
  let row;
  for (let attempt = 0; attempt < 50; attempt++) {
    row = await db.selectFrom('participations').selectAll().where('user_id', '=', 'carol').executeTakeFirst();
    if (row?.left_at != null) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(row?.display_name, 'Carol');
  assert.ok(row?.left_at != null && Number(row.left_at) >= Number(row.joined_at));
});

test('SignalingClient.request() rejects with RequestError carrying the server\'s code', async () => {
  const signaling = await SignalingClient.connect(server.wsUrl, { WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
  const token = await server.token({ meeting: '999999999' });
  await assert.rejects(signaling.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: '123456789', token }), (error: unknown) => {
    return error instanceof RequestError && error.code === 'token_wrong_meeting';
  });
  signaling.close();
});

test('SignalingClient.request() throws TypeError for invalid data without sending it', async () => {
  const signaling = await SignalingClient.connect(server.wsUrl, { WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
  await assert.rejects(signaling.request('hello', { protocolVersion: 1, meeting: 'abc', token: 't' }), TypeError);
  signaling.close();
});
