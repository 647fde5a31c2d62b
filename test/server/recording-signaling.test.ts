// The recording protocol through the real server: who may start and stop, what everyone is
// told, consent kept per participant, and a server without ffmpeg that still runs meetings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join as joinPath } from 'node:path';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
let noRecorder: TestServer;
before(async () => {
  [server, noRecorder] = await Promise.all([startTestServer(), startTestServer({ WE_FFMPEG_PATH: '/nonexistent/ffmpeg' })]);
});
after(async () => {
  await Promise.all([server.stop(), noRecorder.stop()]);
});

async function join(on: TestServer, meeting: string, name: string, role: 'host' | 'participant', recordingConsent?: string) {
  const socket = new RawSocket(on.wsUrl);
  await socket.opened();
  const token = await on.token({ meeting, name, userId: name.toLowerCase(), role });
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token, ...(recordingConsent === undefined ? {} : { recordingConsent }) });
  assert.equal(hello.ok, true, JSON.stringify(hello));
  const data = hello.data as { self: { id: string }; recording?: Record<string, unknown> };
  return { socket, id: data.self.id, recording: data.recording };
}

function code(answer: Record<string, unknown>): unknown {
  return (answer.error as { code?: string } | undefined)?.code;
}

test('startRecording by a host broadcasts starting then on, naming who started it and since when', async () => {
  const host = await join(server, '600000001', 'Hana', 'host');
  const guest = await join(server, '600000001', 'Gus', 'participant');
  assert.deepEqual(guest.recording, { state: 'off', recordingId: null, startedBy: null, startedAt: null, consentedAt: null });
  const before = Date.now();
  const started = await host.socket.request('startRecording', {});
  assert.equal(started.ok, true, JSON.stringify(started));
  const recordingId = (started.data as { recordingId: string }).recordingId;
  const starting = await guest.socket.notification('recordingState', (data) => data.state === 'starting');
  const on = await guest.socket.notification('recordingState', (data) => data.state === 'on');
  for (const state of [starting, on]) {
    assert.equal(state.recordingId, recordingId);
    assert.deepEqual(state.startedBy, { id: host.id, displayName: 'Hana' });
    assert.ok((state.startedAt as number) >= before && (state.startedAt as number) <= Date.now());
    assert.equal(state.consentedAt, null, 'the guest has not agreed');
  }
  // The host who started it agreed by starting it.
  const hostOn = await host.socket.notification('recordingState', (data) => data.state === 'on');
  assert.equal(hostOn.consentedAt, hostOn.startedAt);
  assert.equal(code(await host.socket.request('startRecording', {})), 'conflict', 'one recording at a time');
  await host.socket.request('stopRecording', {});
  host.socket.close();
  guest.socket.close();
});

test('startRecording and stopRecording are refused with forbidden for a participant', async () => {
  const host = await join(server, '600000002', 'Hana', 'host');
  const guest = await join(server, '600000002', 'Gus', 'participant');
  assert.equal(code(await guest.socket.request('startRecording', {})), 'forbidden');
  assert.equal((await host.socket.request('startRecording', {})).ok, true);
  assert.equal(code(await guest.socket.request('stopRecording', {})), 'forbidden');
  assert.equal((await host.socket.request('stopRecording', {})).ok, true);
  assert.equal(code(await host.socket.request('stopRecording', {})), 'conflict', 'nothing left to stop');
  host.socket.close();
  guest.socket.close();
});

test('recordingConsent keeps the participant\'s consent time, tells them, and writes it to the manifest', async () => {
  const host = await join(server, '600000003', 'Hana', 'host');
  const guest = await join(server, '600000003', 'Gus', 'participant');
  const recordingId = ((await host.socket.request('startRecording', {})).data as { recordingId: string }).recordingId;
  assert.equal(code(await guest.socket.request('recordingConsent', { recordingId: '00000000-0000-4000-8000-000000000000' })), 'conflict');
  const before = Date.now();
  const answer = await guest.socket.request('recordingConsent', { recordingId });
  assert.equal(answer.ok, true, JSON.stringify(answer));
  const consentedAt = (answer.data as { consentedAt: number }).consentedAt;
  assert.ok(consentedAt >= before && consentedAt <= Date.now());
  const told = await guest.socket.notification('recordingState', (data) => data.consentedAt !== null);
  assert.equal(told.consentedAt, consentedAt);
  // Agreeing twice keeps the first time.
  assert.equal(((await guest.socket.request('recordingConsent', { recordingId })).data as { consentedAt: number }).consentedAt, consentedAt);
  // A joiner meanwhile learns of the recording in its welcome, not yet agreed.
  const late = await join(server, '600000003', 'Lia', 'participant');
  assert.equal(late.recording?.state, 'on');
  assert.equal(late.recording?.recordingId, recordingId);
  assert.equal(late.recording?.consentedAt, null);
  await host.socket.request('stopRecording', {});
  await guest.socket.notification('recordingState', (data) => data.state === 'off');
  const manifest = JSON.parse(await readFile(joinPath(server.config.dataDir, 'recordings', recordingId, 'manifest.json'), 'utf8')) as {
    status: string;
    createdBy: { userId: string };
    participants: { participantId: string; userId: string; consentedAt: number; participationId: number | null }[];
  };
  assert.equal(manifest.status, 'stopped');
  assert.equal(manifest.createdBy.userId, 'hana');
  const gus = manifest.participants.find((participant) => participant.participantId === guest.id);
  assert.equal(gus?.consentedAt, consentedAt);
  assert.equal(gus?.userId, 'gus');
  assert.equal(typeof gus?.participationId, 'number');
  assert.equal(manifest.participants.some((participant) => participant.participantId === late.id), false, 'Lia never agreed');
  // The meeting records keep it with Gus's participation, for the creator and the exports.
  const record = await server.store.getMeeting('600000003');
  const consents = Object.fromEntries(record!.participations.map((participation) => [participation.userId, participation.recordingConsentedAt]));
  assert.deepEqual(consents, { hana: manifest.participants.find((participant) => participant.userId === 'hana')!.consentedAt, gus: consentedAt, lia: null });
  for (const socket of [host.socket, guest.socket, late.socket]) socket.close();
});

test('without ffmpeg startRecording is refused with recording_unavailable, /healthz says so, and the meeting goes on', async () => {
  const host = await join(noRecorder, '600000004', 'Hana', 'host');
  const answer = await host.socket.request('startRecording', {});
  assert.equal(code(answer), 'recording_unavailable');
  assert.equal((await host.socket.request('ping', {})).ok, true);
  const health = await fetch(`${noRecorder.url}/healthz`);
  assert.equal(health.status, 200);
  const body = (await health.json()) as { status: string; recording: string; transcription: string };
  assert.equal(body.status, 'ok');
  assert.equal(body.recording, 'unavailable');
  assert.equal(body.transcription, 'off', 'no recordings, no smart recordings');
  const healthy = (await (await fetch(`${server.url}/healthz`)).json()) as { recording: string; transcription: string };
  assert.equal(healthy.recording, 'available');
  assert.equal(healthy.transcription, 'pocketsphinx');
  host.socket.close();
});

test('before joining, a token for the meeting learns of the recording under way; agreeing in hello records the joiner from entry', async () => {
  const meeting = '600000005';
  const notice = async (token: string | undefined) => {
    const response = await fetch(`${server.url}/api/meetings/${meeting}/recording-notice`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const joinerToken = await server.token({ meeting, name: 'Jo', userId: 'jo', role: 'participant' });
  assert.deepEqual(await notice(joinerToken), { status: 200, body: { recording: null } });
  assert.equal((await notice(undefined)).status, 401);
  assert.equal((await notice(await server.token({ meeting: '600000006', name: 'Jo', userId: 'jo', role: 'participant' }))).status, 401, 'a token for another meeting');

  const host = await join(server, meeting, 'Hana', 'host');
  const recordingId = ((await host.socket.request('startRecording', {})).data as { recordingId: string }).recordingId;
  const told = await notice(joinerToken);
  assert.equal(told.status, 200);
  const recording = told.body.recording as { recordingId: string; startedBy: { displayName: string }; startedAt: number };
  assert.equal(recording.recordingId, recordingId);
  assert.equal(recording.startedBy.displayName, 'Hana');

  const before = Date.now();
  const agreed = await join(server, meeting, 'Jo', 'participant', recordingId);
  assert.equal(agreed.recording?.recordingId, recordingId);
  assert.ok((agreed.recording?.consentedAt as number) >= before, 'consent taken as Jo entered');
  const stale = await join(server, meeting, 'Max', 'participant', '00000000-0000-4000-8000-000000000000');
  assert.equal(stale.recording?.consentedAt, null, 'agreeing to another recording counts for nothing');
  for (const socket of [host.socket, agreed.socket, stale.socket]) socket.close();
});
