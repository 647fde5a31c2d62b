// Hostile and broken clients against a real server: each test is one way an attacker (or a
// broken client) tried to break the service, and what the server must hold.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { OPUS_RTP_PARAMETERS, VP8_RTP_PARAMETERS } from './fixtures/rtp.js';
import { HostileWs } from './raw-ws.js';
import { RawSocket, TEST_SECRET, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ WE_CLOSE_GRACE_MS: '300' });
});
after(async () => {
  await server.stop();
});

let meetingCounter = 810_000_000;
const nextMeeting = () => String(++meetingCounter);

const OPUS = OPUS_RTP_PARAMETERS;
const VP8 = VP8_RTP_PARAMETERS;
const CAPS = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] },
    { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [] },
  ],
  headerExtensions: [],
};

const code = (answer: Record<string, unknown>) => (answer.error as { code?: string } | undefined)?.code;

async function join(
  meeting: string,
  name: string,
  role: 'host' | 'participant' = 'participant',
  on: TestServer = server,
  userId = name.toLowerCase(),
) {
  const socket = new RawSocket(on.wsUrl);
  await socket.opened();
  const token = await on.token({ meeting, name, userId, role });
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token });
  assert.equal(hello.ok, true, JSON.stringify(hello));
  const data = hello.data as { self: { id: string }; participants: { id: string }[] };
  return { socket, id: data.self.id, others: data.participants, token };
}

/** A participant on a raw socket that ignores close frames, as an attacker's client would. */
async function hostileJoin(meeting: string, name: string, role: 'host' | 'participant' = 'participant') {
  const ws = await HostileWs.open(server.wsUrl);
  const token = await server.token({ meeting, name, userId: name.toLowerCase(), role });
  ws.request(1, 'hello', { protocolVersion: PROTOCOL_VERSION, meeting, token });
  const hello = await ws.waitFor((message) => message.id === 1);
  assert.equal(hello.ok, true, JSON.stringify(hello));
  return { ws, id: (hello.data as { self: { id: string } }).self.id, token };
}

async function transport(socket: RawSocket, direction: 'send' | 'recv'): Promise<string> {
  const answer = await socket.request('createWebRtcTransport', { direction });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  return (answer.data as { id: string }).id;
}

/** JSON text of objects nested `depth` deep (built by hand: JSON.stringify itself overflows). */
function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('deeply nested RTP capabilities fail only the sender\'s request; everyone else keeps publishing', async () => {
  const meeting = nextMeeting();
  const mallory = await join(meeting, 'Mallory');
  const bob = await join(meeting, 'Bob', 'host');
  await transport(mallory.socket, 'recv');
  const codec = JSON.stringify(CAPS.codecs[0]).replace('"parameters":{}', `"parameters":{"x":${nested(3000)}}`);
  const deepCaps = `{"id":7,"method":"setRtpCapabilities","data":{"rtpCapabilities":{"codecs":[${codec}],"headerExtensions":[],"x":${nested(3000)}}}}`;
  const refused = await mallory.socket.exchange(deepCaps);
  assert.equal(code(refused), 'bad_request');
  // Capabilities within the schema but that no track matches are stored, and fail nobody else.
  const odd = { codecs: [{ kind: 'audio', mimeType: 'audio/x-odd', clockRate: 8000, parameters: { a: 'b' } }], headerExtensions: [] };
  assert.equal((await mallory.socket.request('setRtpCapabilities', { rtpCapabilities: odd })).ok, true);
  const send = await transport(bob.socket, 'send');
  for (const [kind, source, rtpParameters] of [['audio', 'mic', OPUS], ['video', 'camera', VP8]] as const) {
    const produced = await bob.socket.request('produce', { transportId: send, kind, source, rtpParameters });
    assert.equal(produced.ok, true, JSON.stringify(produced));
  }
  const carol = await join(meeting, 'Carol');
  await transport(carol.socket, 'recv');
  assert.equal((await carol.socket.request('setRtpCapabilities', { rtpCapabilities: CAPS })).ok, true);
  await carol.socket.notification('newConsumer', (data) => data.source === 'camera');
  for (const member of [mallory, bob, carol]) member.socket.close();
});

test('a removed participant takes no request, leaves the roster at once, is cut off, and cannot rejoin with its token', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const mallory = await hostileJoin(meeting, 'Mallory', 'host');
  assert.equal((await host.socket.request('removeParticipant', { participantId: mallory.id })).ok, true);
  const removedAt = Date.now();
  await mallory.ws.waitFor((message) => message.notification === 'sessionEnded');
  await host.socket.notification('participantLeft', (data) => data.participantId === mallory.id);
  // The attack: keep acting after the close frame, without answering it.
  mallory.ws.request(2, 'sendChat', { kind: 'message', to: null, payload: 'AAAA' });
  mallory.ws.request(3, 'lockMeeting', { locked: true });
  mallory.ws.request(4, 'removeParticipant', { participantId: host.id });
  mallory.ws.request(5, 'raiseHand', { raised: true });
  const newcomer = await join(meeting, 'Nia');
  assert.deepEqual(newcomer.others.map((other) => other.id), [host.id]);
  await mallory.ws.ended;
  assert.ok(Date.now() - removedAt < 3000, 'the socket is cut soon after the grace');
  assert.equal(mallory.ws.closeCode(), 4403);
  assert.ok(!mallory.ws.messages.some((message) => typeof message.id === 'number' && message.id > 1), 'no request was answered');
  await sleep(100);
  assert.ok(!host.socket.frames.some((frame) => frame.notification === 'chat' || frame.notification === 'meetingLocked'));
  assert.equal((await host.socket.request('ping')).ok, true, 'the host is still in the meeting');
  const again = new RawSocket(server.wsUrl);
  await again.opened();
  const rejoin = await again.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token: mallory.token });
  assert.equal(code(rejoin), 'forbidden');
  for (const member of [host, newcomer]) member.socket.close();
  again.close();
});

test('after end-for-all nobody can act: every session is gone and cut off', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const mallory = await hostileJoin(meeting, 'Mallory', 'host');
  assert.equal((await host.socket.request('endMeeting')).ok, true);
  const endedAt = Date.now();
  await mallory.ws.waitFor((message) => message.notification === 'sessionEnded');
  mallory.ws.request(2, 'lockMeeting', { locked: false });
  mallory.ws.request(3, 'ping');
  await mallory.ws.ended;
  assert.ok(Date.now() - endedAt < 3000, 'the socket is cut soon after the grace');
  assert.equal(mallory.ws.closeCode(), 4410);
  assert.ok(!mallory.ws.messages.some((message) => message.id === 2 || message.id === 3));
});

test('a client that stops reading is dropped with slow_consumer once its buffer is full; the sender is unaffected', async () => {
  const small = await startTestServer({ WE_MAX_SEND_BUFFER_BYTES: String(256 * 1024) });
  try {
    const meeting = nextMeeting();
    const sender = await join(meeting, 'Sam', 'host', small);
    const ws = await HostileWs.open(small.wsUrl);
    const token = await small.token({ meeting, name: 'Rita', userId: 'rita', role: 'participant' });
    ws.request(1, 'hello', { protocolVersion: PROTOCOL_VERSION, meeting, token });
    const hello = await ws.waitFor((message) => message.id === 1);
    const readerId = (hello.data as { self: { id: string } }).self.id;
    ws.socket.pause(); // stops reading: the kernel buffers fill, then the server's
    const payload = 'A'.repeat(16 * 1024);
    const dropped = () => sender.socket.frames.some((frame) => frame.notification === 'participantLeft');
    let sent = 0;
    const deadline = Date.now() + 20_000;
    while (!dropped() && Date.now() < deadline) {
      const answer = await sender.socket.request('sendChat', { kind: 'sender-key', to: readerId, payload });
      if (answer.ok === true) sent++;
      else assert.equal(code(answer), 'not_found', JSON.stringify(answer)); // the reader is gone
    }
    assert.ok(dropped(), `the non-reader was dropped (${sent} frames sent)`);
    assert.ok(sent * payload.length < 64 * 1024 * 1024, `dropped after ${sent} frames, long before it could cost much`);
    ws.socket.resume();
    await ws.ended; // the server cut the connection
    assert.equal((await sender.socket.request('ping')).ok, true);
    sender.socket.close();
  } finally {
    await small.stop();
  }
});

test('a connection that never says hello is closed at the deadline; a vanished one is dropped by the heartbeat', async () => {
  const strict = await startTestServer({ WE_HELLO_TIMEOUT_SECONDS: '1', WE_HEARTBEAT_SECONDS: '1' });
  try {
    const silent = await HostileWs.open(strict.wsUrl);
    silent.answerClose = true;
    const openedAt = Date.now();
    await Promise.race([silent.ended, sleep(4000)]);
    assert.equal(silent.closeCode(), 4408);
    assert.ok(Date.now() - openedAt < 3500);

    const meeting = nextMeeting();
    const ghost = await HostileWs.open(strict.wsUrl);
    ghost.answerPings = false;
    ghost.request(1, 'hello', { protocolVersion: PROTOCOL_VERSION, meeting, token: await strict.token({ meeting, name: 'Gil', userId: 'gil' }) });
    await ghost.waitFor((message) => message.id === 1);
    const watcher = await join(meeting, 'Wes', 'host', strict);
    ghost.socket.pause(); // sends nothing and answers nothing from now on
    const left = await watcher.socket.waitFor((frame) => frame.notification === 'participantLeft');
    assert.ok(left);
    watcher.socket.close();
  } finally {
    await strict.stop();
  }
});

test('connections are capped per address and in total, with a typed HTTP refusal', async () => {
  const capped = await startTestServer({ WE_MAX_CONNECTIONS_PER_IP: '3', WE_MAX_CONNECTIONS: '5' });
  try {
    const open = await Promise.all([1, 2, 3].map(() => HostileWs.open(capped.wsUrl)));
    await assert.rejects(HostileWs.open(capped.wsUrl), /429/);
    open[0]!.destroy();
    await sleep(100);
    open.push(await HostileWs.open(capped.wsUrl));
    // Through a trusted proxy the cap counts each forwarded client; this server trusts none.
    await assert.rejects(HostileWs.open(capped.wsUrl, { 'X-Forwarded-For': '198.18.0.9' }), /429/);
    for (const socket of open) socket.destroy();
  } finally {
    await capped.stop();
  }
  const proxied = await startTestServer({ WE_MAX_CONNECTIONS_PER_IP: '2', WE_MAX_CONNECTIONS: '3', WE_TRUSTED_PROXIES: '127.0.0.1' });
  try {
    const a = await HostileWs.open(proxied.wsUrl, { 'X-Forwarded-For': '198.18.0.1' });
    const b = await HostileWs.open(proxied.wsUrl, { 'X-Forwarded-For': '198.18.0.1' });
    await assert.rejects(HostileWs.open(proxied.wsUrl, { 'X-Forwarded-For': '198.18.0.1' }), /429/);
    const c = await HostileWs.open(proxied.wsUrl, { 'X-Forwarded-For': '198.18.0.2' });
    await assert.rejects(HostileWs.open(proxied.wsUrl, { 'X-Forwarded-For': '198.18.0.3' }), /503/);
    for (const socket of [a, b, c]) socket.destroy();
  } finally {
    await proxied.stop();
  }
});

test('per-participant limits hold under concurrency and per user', async () => {
  const meeting = nextMeeting();
  const alice = await join(meeting, 'Alice', 'host');
  const send = await transport(alice.socket, 'send');
  const mics = await Promise.all(
    Array.from({ length: 20 }, () => alice.socket.request('produce', { transportId: send, kind: 'audio', source: 'mic', rtpParameters: OPUS })),
  );
  assert.equal(mics.filter((answer) => answer.ok === true).length, 1, 'one microphone');
  const bob = await join(meeting, 'Bob');
  const bobSend = await transport(bob.socket, 'send');
  const shares = await Promise.all([
    alice.socket.request('produce', { transportId: send, kind: 'video', source: 'screen', rtpParameters: VP8 }),
    bob.socket.request('produce', { transportId: bobSend, kind: 'video', source: 'screen', rtpParameters: { ...VP8, encodings: [{ ssrc: 33333333 }] } }),
  ]);
  assert.equal(shares.filter((answer) => answer.ok === true).length, 1, 'one screen share');
  // Repeated capabilities never consume one track twice.
  const carol = await join(meeting, 'Carol');
  await transport(carol.socket, 'recv');
  await Promise.all(Array.from({ length: 3 }, () => carol.socket.request('setRtpCapabilities', { rtpCapabilities: CAPS })));
  await sleep(200);
  const offered = carol.socket.frames.filter((frame) => frame.notification === 'newConsumer').length;
  assert.equal(offered, 2, 'one consumer per published track');
  // One user, many connections: each new one replaces the last, so the transport cap is per user.
  const sockets = [carol];
  for (let i = 0; i < 3; i++) sockets.push(await join(meeting, 'Carol'));
  for (const earlier of sockets.slice(0, -1)) assert.equal((await earlier.socket.closed).code, 4409);
  const last = sockets.at(-1)!;
  const transports = await Promise.all(Array.from({ length: 8 }, () => last.socket.request('createWebRtcTransport', { direction: 'recv' })));
  assert.equal(transports.filter((answer) => answer.ok === true).length, 4);
  for (const member of [alice, bob, last]) member.socket.close();
});

test('every method has a budget with a retry hint, updates are coalesced, and meetings have a cap', async () => {
  const capped = await startTestServer({ WE_MAX_PARTICIPANTS: '3' });
  try {
    const meeting = nextMeeting();
    const host = await join(meeting, 'Hana', 'host', capped);
    const watcher = await join(meeting, 'Wes', 'participant', capped);
    const toggles = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => host.socket.request('raiseHand', { raised: i % 2 === 0 })),
    );
    const limited = toggles.filter((answer) => code(answer) === 'rate_limited');
    assert.ok(limited.length >= 900, `${limited.length} toggles refused`);
    assert.ok((limited[0]!.error as { retryAfterMs?: number }).retryAfterMs! > 0);
    await sleep(300);
    const updates = watcher.socket.frames.filter((frame) => frame.notification === 'participantUpdated').length;
    assert.ok(updates <= 3, `${updates} updates fanned out for ${toggles.length - limited.length} accepted toggles`);
    const reactions = await Promise.all(Array.from({ length: 8 }, () => host.socket.request('react', { reaction: '👍' })));
    const refusedReaction = reactions.find((answer) => code(answer) === 'rate_limited');
    assert.ok(((refusedReaction?.error as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 0) > 0, 'the reaction window gives a retry hint too');
    const pings = await Promise.all(Array.from({ length: 200 }, () => host.socket.request('ping')));
    assert.ok(pings.filter((answer) => answer.ok === true).length <= 10);
    await join(meeting, 'Third', 'participant', capped);
    const fourth = new RawSocket(capped.wsUrl);
    await fourth.opened();
    const token = await capped.token({ meeting, name: 'Fourth', userId: 'fourth', role: 'participant' });
    assert.equal(code(await fourth.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token })), 'meeting_full');
    // The same user coming back on a new connection is not a new participant.
    const back = await join(meeting, 'Wes', 'participant', capped);
    for (const member of [host, back]) member.socket.close();
    fourth.close();
  } finally {
    await capped.stop();
  }
});

test('a session ends when its token expires unless renewed with a fresh token', async () => {
  const meeting = nextMeeting();
  const claims = { meeting, name: 'Tess', userId: 'tess', role: 'participant' as const };
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  // exp is in whole seconds: a token with ttl n lives between n - 1 and n seconds.
  const short = await mintToken(TEST_SECRET, claims, { ttlSeconds: 2 });
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token: short });
  assert.equal(hello.ok, true);
  const renewed = await socket.request('renewToken', { token: await mintToken(TEST_SECRET, claims, { ttlSeconds: 4 }) });
  assert.equal(renewed.ok, true, JSON.stringify(renewed));
  const other = await mintToken(TEST_SECRET, { ...claims, userId: 'someone-else' });
  assert.equal(code(await socket.request('renewToken', { token: other })), 'token_invalid');
  await sleep(2100);
  assert.equal((await socket.request('ping')).ok, true, 'alive past the first token');
  const ended = await socket.waitFor((frame) => frame.notification === 'sessionEnded');
  assert.deepEqual(ended.data, { reason: 'token_expired' });
  assert.equal((await socket.closed).code, 4401);
});

test('client-caused media errors are typed, and invalid request ids are never echoed', async () => {
  const meeting = nextMeeting();
  const alice = await join(meeting, 'Alice', 'host');
  const send = await transport(alice.socket, 'send');
  const dtls = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:'.repeat(31) + 'AB' }] };
  assert.equal((await alice.socket.request('connectWebRtcTransport', { transportId: send, dtlsParameters: dtls })).ok, true);
  assert.equal(code(await alice.socket.request('connectWebRtcTransport', { transportId: send, dtlsParameters: dtls })), 'conflict');
  for (const id of [-1, 1.5, 1e300, '7']) {
    const answer = await alice.socket.exchange(JSON.stringify({ id, method: 'nope' }));
    assert.equal(answer.id, null, `id ${String(id)} is not echoed`);
  }
  alice.socket.close();
});
