// Recording through a real mediasoup router with real ffmpeg at both ends: ffmpeg sends a
// tone and a moving picture into PlainTransport producers, the recorder copies what it may
// into files, and ffprobe reads them back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mediasoup from 'mediasoup';
import pino from 'pino';
import type { TrackSource } from '../../src/protocol/index.js';
import { MEDIA_CODECS } from '../../src/server/media/codecs.js';
import { checkFfmpeg } from '../../src/server/recording/ffmpeg.js';
import type { RecordingManifest } from '../../src/server/recording/manifest.js';
import { RecordingService } from '../../src/server/recording/recording-service.js';
import { DiskRecordingStorage } from '../../src/server/recording/recording-storage.js';
import { Peer } from '../../src/server/rooms/peer.js';
import { Room } from '../../src/server/rooms/room.js';
import type { Store } from '../../src/server/store/store.js';
import { decodedFrames, ffprobe, meanVolume, sourceRtpParameters, sourceTransport, startSource } from './fixtures/ffmpeg-source.js';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let worker: mediasoup.types.Worker;
let dataDir: string;
let service: RecordingService;
let storage: DiskRecordingStorage;
const sources: ChildProcess[] = [];
let nextSsrc = 1000;

before(async () => {
  worker = await mediasoup.createWorker({ logLevel: 'error' });
  dataDir = mkdtempSync(join(tmpdir(), 'we-recording-'));
  storage = new DiskRecordingStorage(dataDir);
  service = new RecordingService({ availability: await checkFfmpeg('ffmpeg'), storage, logger });
});

after(async () => {
  for (const source of sources) source.kill('SIGKILL');
  await service.close();
  worker.close();
  if (process.env.KEEP === undefined) rmSync(dataDir, { recursive: true, force: true });
  else console.error('KEPT', dataDir);
});

async function meetingRoom(meeting: string): Promise<Room> {
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  return Room.create(meeting, router, logger, { store: {} as Store, polls: [], voters: new Map() });
}

function enter(room: Room, name: string, role: 'host' | 'participant'): Peer {
  const peer = new Peer({ id: `${name.toLowerCase()}-${crypto.randomUUID()}`, displayName: name, role }, () => undefined, () => undefined, {
    userId: name.toLowerCase(),
  });
  room.admit({ role, userId: peer.userId, tokenHash: peer.userId }).add(peer);
  return peer;
}

/** Publishes a live track of `peer` fed by ffmpeg, through the room as a browser's would be. */
async function publish(room: Room, peer: Peer, source: TrackSource): Promise<mediasoup.types.Producer> {
  const kind = source === 'mic' ? 'audio' : 'video';
  const transport = await sourceTransport(room.router);
  transport.appData.direction = 'send';
  peer.transports.set(transport.id, transport as unknown as mediasoup.types.WebRtcTransport);
  const ssrc = nextSsrc++;
  const producer = await room.produce(peer, transport.id, { kind, source, rtpParameters: sourceRtpParameters(kind, ssrc), paused: false });
  sources.push(startSource(kind, ssrc, transport));
  return producer;
}

function segmentsOf(manifest: RecordingManifest, peer: Peer) {
  return manifest.segments.filter((segment) => segment.participantId === peer.participant.id);
}

test('only consenting participants are recorded, from their consent on, one segment per unmuted stretch, files matching the wall clock', async () => {
  const room = await meetingRoom('700000001');
  const host = enter(room, 'Hana', 'host');
  const bob = enter(room, 'Bob', 'participant');
  const cat = enter(room, 'Cat', 'participant');
  await publish(room, host, 'mic');
  await publish(room, host, 'camera');
  await publish(room, bob, 'mic');
  const bobCamera = await publish(room, bob, 'camera');
  await publish(room, cat, 'mic');
  await sleep(1000); // the sources are sending

  const recordingId = await service.start(room, host);
  const recording = service.active(room)!;
  await sleep(1500);
  const consentedAt = service.consent(room, bob, recordingId);
  await sleep(2500);
  await bobCamera.pause(); // camera off
  await sleep(1000);
  await bobCamera.resume(); // camera on again
  await sleep(4000);
  await service.stop(room, host);

  const manifest = (await storage.readManifest(recordingId))!;
  assert.equal(manifest.status, 'stopped');
  assert.deepEqual(
    manifest.participants.map((participant) => participant.participantId).sort(),
    [host.participant.id, bob.participant.id].sort(),
  );
  assert.deepEqual(segmentsOf(manifest, cat), [], 'Cat never agreed: nothing of hers is recorded');
  assert.deepEqual(segmentsOf(manifest, host).map((segment) => segment.source).sort(), ['camera', 'mic']);
  const bobs = segmentsOf(manifest, bob);
  assert.deepEqual(bobs.map((segment) => segment.source).sort(), ['camera', 'camera', 'mic']);
  for (const segment of bobs) assert.ok(segment.startedAt >= consentedAt, `Bob's ${segment.source} starts before his consent`);
  const [firstCamera, secondCamera] = bobs.filter((segment) => segment.source === 'camera');
  assert.equal(firstCamera!.endReason, 'muted');
  assert.ok(secondCamera!.startedAt >= firstCamera!.endedAt!);
  assert.equal(recording.phase, 'off');
  assert.equal(service.active(room), undefined);

  for (const segment of manifest.segments) {
    const file = storage.path(recordingId, segment.file);
    assert.ok(existsSync(file), `${segment.file} exists`);
    assert.ok(!existsSync(`${file}.sdp`), 'the recorder\'s SDP is removed');
    const probe = ffprobe(file);
    const wallClock = (segment.endedAt! - segment.startedAt) / 1000;
    assert.ok(Math.abs(probe.duration - wallClock) < 1, `${segment.file}: ${probe.duration} s in the file, ${wallClock} s on the clock`);
    if (segment.kind === 'audio') {
      assert.deepEqual(probe.codecs, ['opus']);
      assert.ok(meanVolume(file) > -50, `${segment.file} is not silence`);
    } else {
      assert.deepEqual(probe.codecs, ['vp8']);
      assert.ok(decodedFrames(file) >= 10, `${segment.file} has pictures that decode`);
    }
  }
  room.close();
});

test('a recorder that dies mid-recording is restarted and the gap is noted in the manifest', async () => {
  const room = await meetingRoom('700000002');
  const host = enter(room, 'Hana', 'host');
  await publish(room, host, 'mic');
  await sleep(500);
  const recordingId = await service.start(room, host);
  const recording = service.active(room)!;
  await sleep(1500);
  const [pid] = recording.recorderPids;
  assert.ok(pid !== undefined);
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && (recording.recorderPids[0] ?? pid) === pid; i++) await sleep(50);
  assert.notEqual(recording.recorderPids[0], pid, 'a new recorder runs');
  await sleep(1500);
  await service.stop(room, host);
  const manifest = (await storage.readManifest(recordingId))!;
  assert.equal(manifest.segments.length, 2);
  assert.equal(manifest.segments[0]!.endReason, 'recorder-died');
  assert.equal(manifest.segments[1]!.endReason, 'stopped');
  assert.equal(manifest.gaps.length, 1);
  assert.equal(manifest.gaps[0]!.from, manifest.segments[0]!.endedAt);
  assert.equal(manifest.gaps[0]!.to, manifest.segments[1]!.startedAt);
  // What the dead recorder wrote is still there and plays.
  assert.ok(ffprobe(storage.path(recordingId, manifest.segments[0]!.file)).duration > 0.5);
  assert.ok(ffprobe(storage.path(recordingId, manifest.segments[1]!.file)).duration > 0.5);
  room.close();
});
