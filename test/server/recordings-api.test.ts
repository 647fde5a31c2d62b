// A meeting's recordings in the records API, through the real server: only the meeting's
// creator lists, plays (with range requests), downloads and deletes them; signed file links
// work without a bearer token, for that one file, until they expire.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import * as v from 'valibot';
import { SmartAnswerSchema, type SmartRecording } from '../../src/protocol/smart-recording.js';
import type { RecordingManifest } from '../../src/server/recording/manifest.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

const MEETING = '610000001';
const RECORDING = '3b0c4a52-8a5e-4f51-9c7e-2d7c1b2a9f10';
const OTHER_MEETING_RECORDING = '9d1f6a8e-1c2b-4a3d-8e4f-5a6b7c8d9e0f';
let server: TestServer;
let hanaToken: string;
let gusToken: string;

function fetchAs(path: string, token?: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== undefined) headers.set('authorization', `Bearer ${token}`);
  return fetch(`${server.url}${path}`, { ...init, headers });
}

function writeRecording(id: string, meeting: string): string {
  const dir = join(server.config.dataDir, 'recordings', id);
  mkdirSync(dir, { recursive: true });
  const file = '0001-mic-hana.webm';
  const made = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-c:a', 'libopus', '-y', join(dir, file)]);
  assert.equal(made.status, 0, made.stderr?.toString());
  const manifest: RecordingManifest = {
    version: 1,
    id,
    meeting,
    createdBy: { userId: 'hana', displayName: 'Hana' },
    status: 'stopped',
    startedAt: 1_000_000,
    stoppedAt: 1_002_500,
    participants: [{ participantId: 'p-hana', userId: 'hana', displayName: 'Hana', participationId: 1, consentedAt: 1_000_000 }],
    segments: [
      { id: '0001', participantId: 'p-hana', userId: 'hana', source: 'mic', kind: 'audio', codec: 'audio/opus', file, startedAt: 1_000_200, endedAt: 1_002_200, endReason: 'stopped' },
    ],
    gaps: [],
    composite: null,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return join(dir, file);
}

before(async () => {
  server = await startTestServer();
  hanaToken = await server.token({ meeting: MEETING, name: 'Hana', userId: 'hana', role: 'host' });
  gusToken = await server.token({ meeting: MEETING, name: 'Gus', userId: 'gus', role: 'participant' });
  // Hana's first join as a host makes her the meeting's creator.
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  assert.equal((await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: MEETING, token: hanaToken })).ok, true);
  socket.close();
  writeRecording(RECORDING, MEETING);
  writeRecording(OTHER_MEETING_RECORDING, '610000002');
});
after(() => server.stop());

interface Listed {
  id: string;
  state: string;
  size: number;
  startedBy: string;
  participants: { displayName: string; consentedAt: number }[];
  files: { name: string; kind: string; url: string; size: number; offset: number; duration: number | null }[];
}

async function list(token = hanaToken): Promise<Listed[]> {
  const response = await fetchAs(`/api/meetings/${MEETING}/recordings`, token);
  assert.equal(response.status, 200);
  return ((await response.json()) as { recordings: Listed[] }).recordings;
}

test('the creator lists the meeting\'s recordings, each with its files and signed links; nobody else can', async () => {
  const [recording, ...others] = await list();
  assert.equal(others.length, 0, 'only this meeting\'s recordings');
  assert.equal(recording!.id, RECORDING);
  assert.equal(recording!.state, 'rendering', 'stopped, its composite not rendered yet');
  assert.equal(recording!.startedBy, 'Hana');
  assert.deepEqual(recording!.participants, [{ displayName: 'Hana', consentedAt: 1_000_000 }]);
  const [file] = recording!.files;
  assert.equal(file!.kind, 'track');
  assert.equal(file!.offset, 0.2);
  assert.equal(file!.duration, 2);
  assert.equal(recording!.size, file!.size);
  assert.match(file!.url, new RegExp(`^/api/meetings/${MEETING}/recordings/${RECORDING}/files/0001-mic-hana\\.webm\\?access=`, 'u'));

  const refused = await Promise.all([
    fetchAs(`/api/meetings/${MEETING}/recordings`, gusToken),
    fetchAs('/api/meetings/610000009/recordings', hanaToken),
  ]);
  assert.deepEqual(refused.map((response) => response.status), [404, 404]);
  assert.equal((await fetchAs(`/api/meetings/${MEETING}/recordings`)).status, 401);
});

test('files are served with range requests: 206 with the right bytes, 416 when out of range', async () => {
  const path = `/api/meetings/${MEETING}/recordings/${RECORDING}/files/0001-mic-hana.webm`;
  const bytes = readFileSync(join(server.config.dataDir, 'recordings', RECORDING, '0001-mic-hana.webm'));
  const whole = await fetchAs(path, hanaToken);
  assert.equal(whole.status, 200);
  assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  assert.equal(whole.headers.get('content-type'), 'video/webm');
  assert.deepEqual(Buffer.from(await whole.arrayBuffer()), bytes);
  const part = await fetchAs(path, hanaToken, { headers: { range: 'bytes=10-109' } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get('content-range'), `bytes 10-109/${bytes.length}`);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), bytes.subarray(10, 110));
  const tail = await fetchAs(path, hanaToken, { headers: { range: 'bytes=-16' } });
  assert.equal(tail.status, 206);
  assert.deepEqual(Buffer.from(await tail.arrayBuffer()), bytes.subarray(bytes.length - 16));
  const beyond = await fetchAs(path, hanaToken, { headers: { range: `bytes=${bytes.length}-` } });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.headers.get('content-range'), `bytes */${bytes.length}`);
  const download = await fetchAs(`${path}?download=1`, hanaToken);
  assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename="meeting-610000001-0001-mic-hana\.webm"$/u);
  await download.arrayBuffer();
  assert.equal((await fetchAs(path, gusToken)).status, 404, 'not the creator');
  assert.equal((await fetchAs(`/api/meetings/${MEETING}/recordings/${RECORDING}/files/manifest.json`, hanaToken)).status, 404, 'only media files');
  assert.equal((await fetchAs(`/api/meetings/${MEETING}/recordings/${OTHER_MEETING_RECORDING}/files/0001-mic-hana.webm`, hanaToken)).status, 404, 'another meeting\'s recording');
});

test('a signed link works without a bearer token, for its one file, untampered', async () => {
  const [recording] = await list();
  const url = recording!.files[0]!.url;
  const played = await fetchAs(url, undefined, { headers: { range: 'bytes=0-3' } });
  assert.equal(played.status, 206);
  await played.arrayBuffer();
  const access = new URL(url, server.url).searchParams.get('access')!;
  const [expires, user, signature] = access.split('.');
  const tampered = [
    `${Number(expires) + 1}.${user}.${signature}`,
    `${expires}.${Buffer.from('gus').toString('base64url')}.${signature}`,
    `${expires}.${user}.${signature!.slice(0, -2)}xx`,
  ];
  for (const bad of tampered) {
    assert.equal((await fetchAs(`/api/meetings/${MEETING}/recordings/${RECORDING}/files/0001-mic-hana.webm?access=${bad}`)).status, 404, bad);
  }
  const elsewhere = url.replace('0001-mic-hana.webm', '0002-camera-hana.webm');
  assert.equal((await fetchAs(elsewhere)).status, 404, 'a link is for its own file only');
});

test('deleting: someone else gets 404; the creator removes the recording and its files', async () => {
  const path = `/api/meetings/${MEETING}/recordings/${RECORDING}`;
  assert.equal((await fetchAs(path, gusToken, { method: 'DELETE' })).status, 404);
  assert.equal((await fetchAs(`/api/meetings/${MEETING}/recordings/${OTHER_MEETING_RECORDING}`, hanaToken, { method: 'DELETE' })).status, 404);
  const deleted = await fetchAs(path, hanaToken, { method: 'DELETE' });
  assert.equal(deleted.status, 204);
  assert.equal(existsSync(join(server.config.dataDir, 'recordings', RECORDING)), false, 'the files are gone');
  assert.deepEqual(await list(), []);
  assert.equal((await fetchAs(path, hanaToken, { method: 'DELETE' })).status, 404, 'gone is unknown');
  const audit = await fetchAs('/api/audit', hanaToken);
  const actions = ((await audit.json()) as { entries: { action: string }[] }).entries.map((entry) => entry.action);
  assert.ok(actions.includes('recording-download') && actions.includes('recording-delete'), actions.join());
});

test('DELETE /api/me removes the caller\'s tracks from recordings and says how many', async () => {
  const id = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
  writeRecording(id, MEETING);
  const manifestFile = join(server.config.dataDir, 'recordings', id, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as RecordingManifest;
  manifest.segments[0]!.userId = 'gus';
  writeFileSync(manifestFile, JSON.stringify(manifest));
  writeSmart(id, 'ready');
  const answer = await fetchAs('/api/me', gusToken, { method: 'DELETE' });
  assert.equal(answer.status, 200);
  assert.equal(((await answer.json()) as { deleted: { recordingTracks: number } }).deleted.recordingTracks, 1);
  assert.equal(existsSync(join(server.config.dataDir, 'recordings', id, '0001-mic-hana.webm')), false);
  // What was made from their voice goes with it.
  for (const file of ['smart.json', 'minutes.md', 'captions.vtt']) assert.equal(existsSync(join(server.config.dataDir, 'recordings', id, file)), false, file);
});

/** A smart recording as the pipeline leaves it, for the routes to serve. */
function writeSmart(id: string, state: 'ready' | 'failed'): void {
  const dir = join(server.config.dataDir, 'recordings', id);
  const manifestFile = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as RecordingManifest;
  manifest.smart = state === 'ready' ? { state, stage: null, progress: 1, updatedAt: 1_003_000 } : { state, stage: null, progress: 0.4, error: 'speech-to-text failed: timeout', updatedAt: 1_003_000 };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  if (state !== 'ready') return;
  const document: SmartRecording = {
    version: 1,
    recordingId: id,
    language: 'en',
    duration: 2.5,
    speakers: [{ id: 'p-hana', name: 'Hana' }],
    turns: [{ speaker: 'p-hana', start: 0.2, end: 2.2 }],
    transcript: {
      available: true,
      engine: 'pocketsphinx',
      confidence: 0.8,
      weak: true,
      lines: [{ speaker: 'p-hana', start: 0.2, end: 2.2, text: 'hello <b>there</b>', confidence: 0.8, words: [] }],
    },
    chapters: [{ title: 'Greetings', start: 0, end: 2.5, keyPhrases: ['hello'] }],
    speakerSummaries: [{ speaker: 'p-hana', name: 'Hana', talkTime: 2, share: 1, turns: 1, keySentences: ['hello there'], keyPhrases: ['hello'] }],
    minutes: { title: 'Meeting 610 000 001', date: 1_000_000, attendees: ['Hana'], duration: 2.5, agenda: [{ title: 'Greetings', start: 0 }], keyPoints: [], decisions: [], actionItems: [], writtenBy: 'extractive' },
    topics: [{ phrase: 'hello', weight: 1, occurrences: [0.2] }],
  };
  writeFileSync(join(dir, 'smart.json'), JSON.stringify(document));
  writeFileSync(join(dir, 'minutes.md'), '# Meeting 610 000 001\n');
  writeFileSync(join(dir, 'captions.vtt'), 'WEBVTT\n\n00:00:00.200 --> 00:00:02.200\n<v Hana>hello &lt;b&gt;there&lt;/b&gt;\n');
}

test('the smart recording: only the creator reads it, its exports play by signed link, and only a failed one is retried', async () => {
  const id = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
  writeRecording(id, MEETING);
  const path = `/api/meetings/${MEETING}/recordings/${id}/smart`;
  assert.equal((await fetchAs(path, hanaToken)).status, 404, 'none made yet');
  writeSmart(id, 'ready');
  const answer = await fetchAs(path, hanaToken);
  assert.equal(answer.status, 200);
  const smart = v.parse(SmartAnswerSchema, await answer.json());
  assert.equal(smart.status.state, 'ready');
  assert.equal(smart.result?.transcript.lines[0]?.text, 'hello <b>there</b>');
  const listed = (await list()).find((recording) => recording.id === id) as unknown as { smart: { state: string } };
  assert.equal(listed.smart.state, 'ready');
  const types = { markdown: 'text/markdown; charset=utf-8', json: 'application/json; charset=utf-8', vtt: 'text/vtt; charset=utf-8' };
  for (const [name, type] of Object.entries(types)) {
    const link = smart.exports![name as keyof typeof types];
    const file = await fetchAs(`${link}&download=1`);
    assert.equal(file.status, 200, name);
    assert.equal(file.headers.get('content-type'), type);
    assert.match(file.headers.get('content-disposition') ?? '', /^attachment; filename="meeting-610000001-/u);
    await file.arrayBuffer();
  }
  assert.equal((await fetchAs(smart.exports!.vtt.replace('captions.vtt', 'smart.json'))).status, 404, 'a link is for its own file only');
  assert.equal((await fetchAs(path, gusToken)).status, 404, 'not the creator');
  assert.equal((await fetchAs(path)).status, 401);
  assert.equal((await fetchAs(path, hanaToken, { method: 'DELETE' })).status, 405);

  assert.equal((await fetchAs(`${path}/retry`, hanaToken, { method: 'POST' })).status, 409, 'a ready one is not retried');
  assert.equal((await fetchAs(`${path}/retry`, gusToken, { method: 'POST' })).status, 404);
  writeSmart(id, 'failed');
  const failed = v.parse(SmartAnswerSchema, await (await fetchAs(path, hanaToken)).json());
  assert.equal(failed.result, null);
  assert.equal(failed.exports, null);
  assert.match(failed.status.error ?? '', /timeout/);
  const retried = await fetchAs(`${path}/retry`, hanaToken, { method: 'POST' });
  assert.equal(retried.status, 202);
  assert.notEqual(((await retried.json()) as { status: { state: string } }).status.state, 'failed');
});
