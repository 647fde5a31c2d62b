import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { CLOSE_MEETING_ENDED, CLOSE_REMOVED } from '../../src/server/rooms/host-controls.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

const OPUS = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
  encodings: [{ ssrc: 12345678 }],
  headerExtensions: [],
  rtcp: { cname: 'c', reducedSize: true },
};

async function join(meeting: string, name: string, role: 'host' | 'participant') {
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  const token = await server.token({ meeting, name, userId: name.toLowerCase(), role });
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token });
  return { socket, hello, id: (hello.data as { self?: { id: string } } | undefined)?.self?.id ?? '' };
}

function code(answer: Record<string, unknown>): unknown {
  return (answer.error as { code?: string } | undefined)?.code;
}

async function withMic(socket: RawSocket): Promise<void> {
  const transport = await socket.request('createWebRtcTransport', { direction: 'send' });
  const transportId = (transport.data as { id: string }).id;
  const produced = await socket.request('produce', { transportId, kind: 'audio', source: 'mic', rtpParameters: OPUS });
  assert.equal(produced.ok, true, JSON.stringify(produced));
}

const HOST_ONLY: [string, (target: string) => unknown][] = [
  ['muteParticipant', (target) => ({ participantId: target })],
  ['muteAll', () => ({})],
  ['removeParticipant', (target) => ({ participantId: target })],
  ['makeHost', (target) => ({ participantId: target })],
  ['lockMeeting', () => ({ locked: true })],
  ['endMeeting', () => ({})],
];

for (const [method, data] of HOST_ONLY) {
  test(`${method} is refused with forbidden for a participant`, async () => {
    const meeting = `5${String(HOST_ONLY.findIndex(([name]) => name === method)).padStart(8, '0')}`;
    const host = await join(meeting, 'Hana', 'host');
    const guest = await join(meeting, 'Gus', 'participant');
    assert.equal(code(await guest.socket.request(method, data(host.id))), 'forbidden');
    host.socket.close();
    guest.socket.close();
  });
}

test('muteParticipant pauses the microphone: the target is told and others see it paused', async () => {
  const host = await join('510000001', 'Hana', 'host');
  const guest = await join('510000001', 'Gus', 'participant');
  await withMic(guest.socket);
  assert.equal((await host.socket.request('muteParticipant', { participantId: guest.id })).ok, true);
  await guest.socket.notification('mutedByHost');
  host.socket.close();
  guest.socket.close();
});

test('muteAll mutes everyone but the host', async () => {
  const host = await join('510000002', 'Hana', 'host');
  const a = await join('510000002', 'Ann', 'participant');
  const b = await join('510000002', 'Ben', 'participant');
  await withMic(host.socket);
  await withMic(a.socket);
  await withMic(b.socket);
  assert.equal((await host.socket.request('muteAll')).ok, true);
  await a.socket.notification('mutedByHost');
  await b.socket.notification('mutedByHost');
  assert.equal(host.socket.frames.some((frame) => frame.notification === 'mutedByHost'), false);
  for (const peer of [host, a, b]) peer.socket.close();
});

test('removeParticipant closes the target with 4403 and tells the others they left', async () => {
  const host = await join('510000003', 'Hana', 'host');
  const guest = await join('510000003', 'Gus', 'participant');
  assert.equal((await host.socket.request('removeParticipant', { participantId: guest.id })).ok, true);
  assert.equal((await guest.socket.notification('sessionEnded')).reason, 'removed');
  assert.equal((await guest.socket.closed).code, CLOSE_REMOVED);
  assert.equal((await host.socket.notification('participantLeft')).participantId, guest.id);
  host.socket.close();
});

test('makeHost gives another participant the host role, announced to everyone', async () => {
  const host = await join('510000004', 'Hana', 'host');
  const guest = await join('510000004', 'Gus', 'participant');
  assert.equal((await host.socket.request('makeHost', { participantId: guest.id })).ok, true);
  const update = await guest.socket.notification('participantUpdated');
  assert.equal((update.participant as { role: string }).role, 'host');
  // Now a host, the former participant may lock the meeting.
  assert.equal((await guest.socket.request('lockMeeting', { locked: true })).ok, true);
  host.socket.close();
  guest.socket.close();
});

test('a locked meeting refuses new participants with meeting_locked but admits hosts', async () => {
  const host = await join('510000005', 'Hana', 'host');
  assert.equal((await host.socket.request('lockMeeting', { locked: true })).ok, true);
  const late = await join('510000005', 'Lou', 'participant');
  assert.equal(code(late.hello), 'meeting_locked');
  const cohost = await join('510000005', 'Cora', 'host');
  assert.equal(cohost.hello.ok, true);
  assert.equal((await host.socket.request('lockMeeting', { locked: false })).ok, true);
  const later = await join('510000005', 'Lia', 'participant');
  assert.equal(later.hello.ok, true);
  for (const peer of [host, late, cohost, later]) peer.socket.close();
});

test('endMeeting closes everyone with 4410; the meeting cannot be rejoined until a host reopens it', async () => {
  const host = await join('510000006', 'Hana', 'host');
  const guest = await join('510000006', 'Gus', 'participant');
  assert.equal((await host.socket.request('endMeeting')).ok, true);
  assert.equal((await guest.socket.notification('sessionEnded')).reason, 'meeting_ended');
  assert.equal((await guest.socket.closed).code, CLOSE_MEETING_ENDED);
  assert.equal((await host.socket.closed).code, CLOSE_MEETING_ENDED);
  // Let the empty room close, then try to come back.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const again = await join('510000006', 'Gus', 'participant');
  assert.equal(code(again.hello), 'meeting_ended');
  const reopen = await join('510000006', 'Hana', 'host');
  assert.equal(reopen.hello.ok, true);
  const back = await join('510000006', 'Gus', 'participant');
  assert.equal(back.hello.ok, true);
  for (const peer of [again, reopen, back]) peer.socket.close();
});

test('raiseHand is announced to everyone and shown in the roster of later joiners', async () => {
  const host = await join('510000007', 'Hana', 'host');
  const guest = await join('510000007', 'Gus', 'participant');
  assert.equal((await guest.socket.request('raiseHand', { raised: true })).ok, true);
  const update = await host.socket.notification('participantUpdated');
  assert.equal((update.participant as { handRaised: boolean }).handRaised, true);
  const late = await join('510000007', 'Lia', 'participant');
  const roster = (late.hello.data as { participants: { displayName: string; handRaised: boolean }[] }).participants;
  assert.equal(roster.find((entry) => entry.displayName === 'Gus')?.handRaised, true);
  for (const peer of [host, guest, late]) peer.socket.close();
});

test('react broadcasts a reaction from the fixed set and rate-limits bursts', async () => {
  const host = await join('510000008', 'Hana', 'host');
  const guest = await join('510000008', 'Gus', 'participant');
  assert.equal((await guest.socket.request('react', { reaction: '👏' })).ok, true);
  const reaction = await host.socket.notification('reaction');
  assert.deepEqual(reaction, { participantId: guest.id, reaction: '👏' });
  assert.equal(code(await guest.socket.request('react', { reaction: '<script>' })), 'bad_request');
  const answers = [];
  for (let i = 0; i < 6; i++) answers.push(await guest.socket.request('react', { reaction: '🎉' }));
  assert.equal(code(answers.at(-1)!), 'rate_limited');
  host.socket.close();
  guest.socket.close();
});
