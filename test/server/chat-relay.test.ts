import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { RateLimit } from '../../src/server/rooms/rate-limit.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
let meetingNumber = 0;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const KEYS = {
  identityKey: 'A'.repeat(43),
  agreementKey: 'B'.repeat(43),
  signature: 'C'.repeat(86),
};

const BOB_KEYS = {
  identityKey: 'D'.repeat(43),
  agreementKey: 'E'.repeat(43),
  signature: 'F'.repeat(86),
};

function nextMeeting(): string {
  return `7${String(meetingNumber++).padStart(8, '0')}`;
}

async function join(meeting: string, name: string, keys?: typeof KEYS) {
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  const token = await server.token({ meeting, name, userId: name.toLowerCase(), role: 'participant' });
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token, ...(keys ? { keys } : {}) });
  assert.equal(hello.ok, true, JSON.stringify(hello));
  const data = hello.data as { self: { id: string }; participants: Record<string, unknown>[] };
  return { socket, id: data.self.id, participants: data.participants };
}

function code(answer: Record<string, unknown>): unknown {
  return (answer.error as { code?: string } | undefined)?.code;
}

function chatFrames(socket: RawSocket): Record<string, unknown>[] {
  return socket.frames.filter((frame) => frame.notification === 'chat').map((frame) => frame.data as Record<string, unknown>);
}

test('hello keys reach the others in participantJoined and in the joiner roster', async () => {
  const meeting = nextMeeting();
  const ann = await join(meeting, 'Ann', KEYS);
  const bobJoined = ann.socket.notification('participantJoined', (data) => (data.participant as { displayName?: string }).displayName === 'Bob');
  const bob = await join(meeting, 'Bob', BOB_KEYS);
  assert.deepEqual((bob.participants[0] as { keys?: unknown }).keys, KEYS, 'Ann\'s keys in the roster Bob joins to');
  assert.deepEqual(((await bobJoined).participant as { keys?: unknown }).keys, BOB_KEYS, 'Bob\'s keys in the participantJoined Ann gets');
  const catJoined = ann.socket.notification('participantJoined', (data) => (data.participant as { displayName?: string }).displayName === 'Cat');
  const cat = await join(meeting, 'Cat');
  assert.deepEqual(
    cat.participants.map((entry) => (entry as { keys?: unknown }).keys),
    [KEYS, BOB_KEYS],
    'both members\' keys in the roster Cat joins to',
  );
  const entry = (await catJoined).participant as { keys?: unknown };
  assert.equal(entry.keys, undefined, 'a client without keys has none in the roster');
  for (const member of [ann, bob, cat]) member.socket.close();
});

test('hello with malformed keys is refused with bad_request', async () => {
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  const meeting = nextMeeting();
  const token = await server.token({ meeting });
  const answer = await socket.request('hello', {
    protocolVersion: PROTOCOL_VERSION,
    meeting,
    token,
    keys: { ...KEYS, identityKey: 'not base64url!' },
  });
  assert.equal(code(answer), 'bad_request');
  socket.close();
});

test('sendChat relays a group message to everyone but the sender, stamped with the sender', async () => {
  const meeting = nextMeeting();
  const [ann, bob, cat] = [await join(meeting, 'Ann'), await join(meeting, 'Bob'), await join(meeting, 'Cat')];
  const answer = await ann.socket.request('sendChat', { kind: 'message', to: null, payload: 'b3BhcXVl' });
  assert.equal(answer.ok, true);
  const sentAt = (answer.data as { sentAt: number }).sentAt;
  for (const other of [bob, cat]) {
    const frame = await other.socket.notification('chat');
    assert.deepEqual(frame, { from: ann.id, to: null, kind: 'message', payload: 'b3BhcXVl', sentAt });
  }
  assert.equal(chatFrames(ann.socket).length, 0);
  for (const member of [ann, bob, cat]) member.socket.close();
});

test('sendChat relays private and sender-key frames to their recipient only', async () => {
  const meeting = nextMeeting();
  const [ann, bob, cat] = [await join(meeting, 'Ann'), await join(meeting, 'Bob'), await join(meeting, 'Cat')];
  assert.equal((await ann.socket.request('sendChat', { kind: 'private', to: bob.id, payload: 'cHJpdmF0ZQ' })).ok, true);
  assert.equal((await ann.socket.request('sendChat', { kind: 'sender-key', to: bob.id, payload: 'a2V5' })).ok, true);
  await bob.socket.notification('chat', (data) => data.kind === 'sender-key');
  assert.deepEqual(
    chatFrames(bob.socket).map((frame) => [frame.kind, frame.to, frame.payload]),
    [
      ['private', bob.id, 'cHJpdmF0ZQ'],
      ['sender-key', bob.id, 'a2V5'],
    ],
  );
  // Cat's connection is ordered after Bob's delivery; a ping round trip flushes anything in flight.
  await cat.socket.request('ping');
  assert.equal(chatFrames(cat.socket).length, 0);
  for (const member of [ann, bob, cat]) member.socket.close();
});

test('sendChat refuses frames addressed wrongly with typed errors', async () => {
  const meeting = nextMeeting();
  const [ann, bob] = [await join(meeting, 'Ann'), await join(meeting, 'Bob')];
  assert.equal(code(await ann.socket.request('sendChat', { kind: 'message', to: bob.id, payload: 'eA' })), 'bad_request');
  assert.equal(code(await ann.socket.request('sendChat', { kind: 'private', to: null, payload: 'eA' })), 'bad_request');
  assert.equal(code(await ann.socket.request('sendChat', { kind: 'private', to: ann.id, payload: 'eA' })), 'bad_request');
  assert.equal(code(await ann.socket.request('sendChat', { kind: 'private', to: 'nobody', payload: 'eA' })), 'not_found');
  assert.equal(code(await ann.socket.request('sendChat', { kind: 'message', to: null, payload: '<b>' })), 'bad_request');
  assert.equal(code(await ann.socket.request('sendChat', { kind: 'message', to: null, payload: '' })), 'bad_request');
  const tooLong = 'x'.repeat(16 * 1024 + 1);
  assert.equal(code(await ann.socket.request('sendChat', { kind: 'message', to: null, payload: tooLong })), 'bad_request');
  ann.socket.close();
  bob.socket.close();
});

test('sendChat is refused with rate_limited after 20 messages in 10 s', async () => {
  const meeting = nextMeeting();
  const [ann, bob] = [await join(meeting, 'Ann'), await join(meeting, 'Bob')];
  for (let i = 0; i < 20; i++) {
    assert.equal((await ann.socket.request('sendChat', { kind: 'message', to: null, payload: 'eA' })).ok, true);
  }
  assert.equal(code(await ann.socket.request('sendChat', { kind: 'message', to: null, payload: 'eA' })), 'rate_limited');
  // Sender keys have their own budget: a rotation still goes through.
  assert.equal((await ann.socket.request('sendChat', { kind: 'sender-key', to: bob.id, payload: 'eA' })).ok, true);
  ann.socket.close();
  bob.socket.close();
});

test('RateLimit.take() allows the limit within the window and again once it slides', () => {
  const limit = new RateLimit(2, 1000, 'things');
  limit.take(0);
  limit.take(500);
  assert.throws(() => limit.take(999), { code: 'rate_limited', message: 'at most 2 things every 1 s' });
  limit.take(1000);
});
