import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { OPUS_RTP_PARAMETERS, VP8_RTP_PARAMETERS } from './fixtures/rtp.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

async function join(meeting: string, name: string, role: 'host' | 'participant' = 'participant') {
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  const token = await server.token({ meeting, name, userId: name.toLowerCase(), role });
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token });
  assert.equal(hello.ok, true, JSON.stringify(hello));
  const data = hello.data as { self: { id: string }; participants: { id: string; displayName: string }[] };
  return { socket, id: data.self.id, others: data.participants };
}

async function transport(socket: RawSocket, direction: 'send' | 'recv'): Promise<string> {
  const answer = await socket.request('createWebRtcTransport', { direction });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  return (answer.data as { id: string }).id;
}

function code(answer: Record<string, unknown>): unknown {
  return (answer.error as { code?: string } | undefined)?.code;
}

test('hello returns the others in the meeting and announces the joiner to them', async () => {
  const alice = await join('400000001', 'Alice', 'host');
  const bob = await join('400000001', 'Bob');
  assert.deepEqual(
    bob.others.map((other) => other.displayName),
    ['Alice'],
  );
  const joined = await alice.socket.notification('participantJoined');
  assert.equal((joined.participant as { id: string }).id, bob.id);
  bob.socket.close();
  const left = await alice.socket.notification('participantLeft');
  assert.equal(left.participantId, bob.id);
  alice.socket.close();
});

test('produce offers the track to receivers as newConsumer, and closing it sends consumerClosed', async () => {
  const alice = await join('400000002', 'Alice', 'host');
  const bob = await join('400000002', 'Bob');
  await transport(bob.socket, 'recv');
  const caps = ((await bob.socket.request('getRouterRtpCapabilities')).data as { rtpCapabilities: unknown }).rtpCapabilities;
  assert.equal((await bob.socket.request('setRtpCapabilities', { rtpCapabilities: caps })).ok, true);
  const send = await transport(alice.socket, 'send');
  const produced = await alice.socket.request('produce', { transportId: send, kind: 'audio', source: 'mic', rtpParameters: OPUS_RTP_PARAMETERS });
  assert.equal(produced.ok, true, JSON.stringify(produced));
  const producerId = (produced.data as { producerId: string }).producerId;
  const offer = await bob.socket.notification('newConsumer');
  assert.equal(offer.participantId, alice.id);
  assert.equal(offer.source, 'mic');
  assert.equal(offer.kind, 'audio');
  assert.equal((await alice.socket.request('pauseProducer', { producerId })).ok, true);
  assert.equal((await bob.socket.notification('consumerPaused')).consumerId, offer.consumerId);
  assert.equal((await alice.socket.request('closeProducer', { producerId })).ok, true);
  assert.equal((await bob.socket.notification('consumerClosed')).consumerId, offer.consumerId);
  alice.socket.close();
  bob.socket.close();
});

test('a late joiner is offered tracks published before it joined', async () => {
  const alice = await join('400000003', 'Alice', 'host');
  const send = await transport(alice.socket, 'send');
  await alice.socket.request('produce', { transportId: send, kind: 'video', source: 'camera', rtpParameters: VP8_RTP_PARAMETERS });
  const carol = await join('400000003', 'Carol');
  assert.deepEqual((carol.others[0] as unknown as { tracks: unknown[] }).tracks, [{ source: 'camera', paused: false }]);
  await transport(carol.socket, 'recv');
  const caps = ((await carol.socket.request('getRouterRtpCapabilities')).data as { rtpCapabilities: unknown }).rtpCapabilities;
  await carol.socket.request('setRtpCapabilities', { rtpCapabilities: caps });
  const offer = await carol.socket.notification('newConsumer');
  assert.equal(offer.source, 'camera');
  alice.socket.close();
  carol.socket.close();
});

test('a second screen share is refused with conflict unless a host allows several', async () => {
  const host = await join('400000004', 'Hana', 'host');
  const guest = await join('400000004', 'Gus');
  const hostSend = await transport(host.socket, 'send');
  const guestSend = await transport(guest.socket, 'send');
  const screen = (socket: RawSocket, transportId: string, ssrc: number) =>
    socket.request('produce', {
      transportId,
      kind: 'video',
      source: 'screen',
      rtpParameters: { ...VP8_RTP_PARAMETERS, encodings: [{ ssrc }] },
    });
  assert.equal((await screen(host.socket, hostSend, 1)).ok, true);
  const refused = await screen(guest.socket, guestSend, 2);
  assert.equal(code(refused), 'conflict');
  assert.equal(code(await guest.socket.request('setScreenSharePolicy', { allowMultiple: true })), 'forbidden');
  assert.equal((await host.socket.request('setScreenSharePolicy', { allowMultiple: true })).ok, true);
  assert.equal((await screen(guest.socket, guestSend, 3)).ok, true);
  host.socket.close();
  guest.socket.close();
});

test('media requests naming objects that are not the caller\'s are refused with not_found', async () => {
  const alice = await join('400000005', 'Alice', 'host');
  const bob = await join('400000005', 'Bob');
  const aliceSend = await transport(alice.socket, 'send');
  const produced = await alice.socket.request('produce', { transportId: aliceSend, kind: 'audio', source: 'mic', rtpParameters: OPUS_RTP_PARAMETERS });
  const producerId = (produced.data as { producerId: string }).producerId;
  assert.equal(code(await bob.socket.request('pauseProducer', { producerId })), 'not_found');
  assert.equal(code(await bob.socket.request('closeProducer', { producerId })), 'not_found');
  assert.equal(code(await bob.socket.request('connectWebRtcTransport', { transportId: aliceSend, dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] } })), 'not_found');
  assert.equal(code(await bob.socket.request('resumeConsumer', { consumerId: 'nope' })), 'not_found');
  alice.socket.close();
  bob.socket.close();
});

test('produce refuses a kind that does not match the source, a duplicate source and a receive transport', async () => {
  const alice = await join('400000006', 'Alice', 'host');
  const send = await transport(alice.socket, 'send');
  const recv = await transport(alice.socket, 'recv');
  const produce = (transportId: string, kind: string, source: string) =>
    alice.socket.request('produce', { transportId, kind, source, rtpParameters: OPUS_RTP_PARAMETERS });
  assert.equal(code(await produce(send, 'video', 'mic')), 'bad_request');
  assert.equal(code(await produce(recv, 'audio', 'mic')), 'conflict');
  assert.equal((await produce(send, 'audio', 'mic')).ok, true);
  assert.equal(code(await produce(send, 'audio', 'mic')), 'conflict');
  assert.equal(code(await alice.socket.request('setRtpCapabilities', { rtpCapabilities: {} })), 'bad_request');
  alice.socket.close();
});

test('setRtpCapabilities before a receive transport exists is refused with conflict', async () => {
  const alice = await join('400000007', 'Alice', 'host');
  const caps = ((await alice.socket.request('getRouterRtpCapabilities')).data as { rtpCapabilities: unknown }).rtpCapabilities;
  assert.equal(code(await alice.socket.request('setRtpCapabilities', { rtpCapabilities: caps })), 'conflict');
  alice.socket.close();
});

test('the room closes its router when the last participant leaves', async () => {
  const alice = await join('400000008', 'Alice', 'host');
  const before = server.pool.routerCount;
  alice.socket.close();
  await alice.socket.closed;
  for (let i = 0; i < 50 && server.pool.routerCount >= before; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(server.pool.routerCount, before - 1);
});
