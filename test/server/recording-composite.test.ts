// The composite of a stopped recording: real media from ffmpeg through a real mediasoup
// router into the recorder, then the composite rendered from its files and read back with
// ffprobe and ffmpeg — the streams, the length, the sound, and each tile's picture.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrackSource } from '../../src/protocol/index.js';
import { compositeLayout } from '../../src/server/recording/composite.js';
import type { Peer } from '../../src/server/rooms/peer.js';
import { CompositeRenderer } from '../../src/server/recording/composite-renderer.js';
import { COMPOSITE_FILE } from '../../src/server/recording/recording-storage.js';
import type { ManifestComposite, ManifestSegment, RecordingManifest } from '../../src/server/recording/manifest.js';
import type { DiskRecordingStorage } from '../../src/server/recording/recording-storage.js';
import type { RecordingService } from '../../src/server/recording/recording-service.js';
import { inner, luma, probeStreams } from './fixtures/composite-probe.js';
import { decodedFrames, ffprobe, meanVolume } from './fixtures/ffmpeg-source.js';
import { recordingRig, sleep, type RecordingRig } from './fixtures/recording-rig.js';

let rig: RecordingRig;
let storage: DiskRecordingStorage;
let service: RecordingService;
let renderer: CompositeRenderer;
let dataDir: string;
const progress = new Map<string, ManifestComposite[]>();

before(async () => {
  rig = await recordingRig({}, (disk, logger) => {
    renderer = new CompositeRenderer({
      storage: disk,
      ffmpegPath: 'ffmpeg',
      logger,
      onProgress: (recordingId, composite) => progress.set(recordingId, [...(progress.get(recordingId) ?? []), composite]),
    });
    return renderer;
  });
  ({ storage, service, dataDir } = rig);
});
after(() => rig.close());

const meetingRoom = (meeting: string) => rig.meetingRoom(meeting);
const enter: RecordingRig['enter'] = (room, name, role) => rig.enter(room, name, role);
const publish: RecordingRig['publish'] = (room, peer, source) => rig.publish(room, peer, source);

/** Resolves with the composite once its render has ended (ready or failed). */
async function settled(recordingId: string): Promise<ManifestComposite> {
  for (let i = 0; i < 1200; i++) {
    const composite = (await storage.readManifest(recordingId))?.composite;
    if (composite !== null && composite !== undefined && composite.state !== 'rendering') return composite;
    await sleep(100);
  }
  throw new Error('the composite never settled');
}

test('a stopped recording gets its composite: one H.264 and one AAC stream as long as the recording, sound, and a tile per camera that is black while it is off', async () => {
  const room = await meetingRoom('710000001');
  const host = enter(room, 'Hana', 'host');
  const bob = enter(room, 'Bob', 'participant');
  await publish(room, host, 'mic');
  await publish(room, host, 'camera');
  await publish(room, bob, 'mic');
  const bobCamera = await publish(room, bob, 'camera');
  await sleep(1000); // the sources are sending

  const recordingId = await service.start(room, host);
  service.consent(room, bob, recordingId);
  await sleep(4000);
  await bobCamera.pause(); // Bob's camera off for a while
  await sleep(4000);
  await bobCamera.resume();
  await sleep(3000);
  await service.stop(room, host);
  room.close();

  const composite = await settled(recordingId);
  assert.equal(composite.state, 'ready', composite.error);
  assert.equal(composite.progress, 1);
  assert.equal(composite.file, COMPOSITE_FILE);
  const manifest = (await storage.readManifest(recordingId))!;
  const layout = compositeLayout(manifest);
  const span = layout.duration;
  assert.equal(composite.duration, span);

  const file = storage.path(recordingId, COMPOSITE_FILE);
  const streams = probeStreams(file);
  assert.deepEqual(streams.map((stream) => stream.codec_name).sort(), ['aac', 'h264']);
  assert.equal(streams.find((stream) => stream.codec_type === 'video')!.pix_fmt, 'yuv420p');
  const { duration } = ffprobe(file);
  assert.ok(Math.abs(duration - span) < 1, `the composite lasts ${duration} s, the recording ${span} s`);
  assert.ok(meanVolume(file) > -50, 'the composite has sound');
  assert.ok(decodedFrames(file) >= span * 20, 'its pictures decode');

  const cameras = (peer: Peer) => manifest.segments.filter((segment) => segment.participantId === peer.participant.id && segment.source === 'camera');
  const at = (segment: ManifestSegment, end: 'startedAt' | 'endedAt') => (segment[end]! - layout.origin) / 1000;
  const [hanaCamera] = cameras(host);
  const [bobBefore, bobAfter] = cameras(bob);
  const segments = JSON.stringify(manifest.segments.map((segment) => [segment.participantId.slice(0, 4), segment.source, at(segment, 'startedAt'), at(segment, 'endedAt'), segment.endReason]));
  assert.ok(hanaCamera !== undefined && bobBefore?.endReason === 'muted', `Hana's camera is recorded, Bob's until he turns it off: ${segments}`);
  const hanaTile = layout.tiles.find((tile) => tile.participantId === host.participant.id)!;
  const bobTile = layout.tiles.find((tile) => tile.participantId === bob.participant.id)!;
  assert.equal(layout.tiles.length, 2);

  const bothOn = (Math.max(at(hanaCamera, 'startedAt'), at(bobBefore, 'startedAt')) + at(bobBefore, 'endedAt')) / 2;
  const bobOff = (at(bobBefore, 'endedAt') + (bobAfter === undefined ? span : at(bobAfter, 'startedAt'))) / 2;
  assert.ok(luma(file, bothOn, inner(hanaTile)) > 30, `Hana's tile shows her camera at ${bothOn} s`);
  assert.ok(luma(file, bothOn, inner(bobTile)) > 30, `Bob's tile shows his camera at ${bothOn} s`);
  assert.ok(luma(file, bobOff, inner(hanaTile)) > 30, `Hana's tile still shows her camera at ${bobOff} s`);
  assert.ok(luma(file, bobOff, inner(bobTile)) < 20, `Bob's tile is black while his camera is off (${bobOff} s)`);

  const reported = progress.get(recordingId)!.map((entry) => entry.progress);
  assert.ok(reported.length >= 2);
  for (let i = 1; i < reported.length; i++) assert.ok(reported[i]! >= reported[i - 1]!, `progress never goes back: ${reported.join(', ')}`);
  assert.equal(reported.at(-1), 1);
  assert.equal(progress.get(recordingId)!.at(-1)!.state, 'ready');
});

/** Writes a recording folder with WebM files made by ffmpeg and its manifest, without a meeting. */
async function madeRecording(): Promise<RecordingManifest> {
  const id = crypto.randomUUID();
  await storage.create(id);
  const make = (file: string, input: string[], codec: string[]) => {
    const result = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', ...input, '-t', '3', ...codec, '-y', storage.path(id, file)]);
    assert.equal(result.status, 0, String(result.stderr));
  };
  make('0001-camera-a.webm', ['testsrc=size=320x240:rate=20'], ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8']);
  make('0002-mic-a.webm', ['sine=frequency=440:sample_rate=48000'], ['-c:a', 'libopus', '-ac', '2']);
  make('0003-camera-b.webm', ['testsrc2=size=640x360:rate=20'], ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8']);
  const t0 = 1_700_000_000_000;
  const segment = (file: string, participantId: string, source: TrackSource, startedAt: number): ManifestSegment => ({
    id: file.slice(0, 4), participantId, userId: participantId, source, kind: source === 'mic' ? 'audio' : 'video',
    codec: source === 'mic' ? 'audio/opus' : 'video/VP8', file, startedAt, endedAt: startedAt + 3000, endReason: 'stopped',
  });
  const manifest: RecordingManifest = {
    version: 1, id, meeting: '710000002', createdBy: { userId: 'a', displayName: 'A' }, status: 'stopped', startedAt: t0, stoppedAt: t0 + 4000,
    participants: [{ participantId: 'a', userId: 'a', displayName: 'A', participationId: null, consentedAt: t0 }, { participantId: 'b', userId: 'b', displayName: 'B', participationId: null, consentedAt: t0 }],
    segments: [segment('0001-camera-a.webm', 'a', 'camera', t0), segment('0002-mic-a.webm', 'a', 'mic', t0), segment('0003-camera-b.webm', 'b', 'camera', t0 + 1000)],
    gaps: [], composite: null,
  };
  await storage.writeManifest(manifest);
  return manifest;
}

function fingerprints(recordingId: string): Record<string, string> {
  const dir = join(dataDir, 'recordings', recordingId);
  const entries = readdirSync(dir).filter((name) => name !== 'manifest.json').map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]);
  return Object.fromEntries(entries);
}

test('CompositeRenderer.enqueue() ends with state failed and why when a segment file is missing, and leaves the recording\'s other files untouched', async () => {
  const manifest = await madeRecording();
  await storage.removeFile(manifest.id, '0003-camera-b.webm');
  const before = fingerprints(manifest.id);
  await renderer.enqueue(manifest.id);
  const composite = (await storage.readManifest(manifest.id))!.composite!;
  assert.equal(composite.state, 'failed');
  assert.match(composite.error ?? '', /0003-camera-b\.webm/);
  assert.deepEqual(fingerprints(manifest.id), before, 'no composite, no leftover, the segments as they were');
  const after = (await storage.readManifest(manifest.id))!;
  assert.deepEqual(after.segments, manifest.segments);
});

test('CompositeRenderer.enqueue() ends with state failed when a segment file is corrupt, and renders again once it is enqueued again without it', async () => {
  const manifest = await madeRecording();
  const corrupt = storage.path(manifest.id, '0003-camera-b.webm');
  spawnSync('sh', ['-c', `head -c 20000 /dev/urandom > ${corrupt}`]);
  const before = fingerprints(manifest.id);
  await renderer.enqueue(manifest.id);
  const failed = (await storage.readManifest(manifest.id))!.composite!;
  assert.equal(failed.state, 'failed');
  assert.ok((failed.error ?? '').length > 0);
  assert.deepEqual(fingerprints(manifest.id), before);

  // Someone's tracks are deleted: the composite is rendered again from what is left.
  await storage.removeFile(manifest.id, '0003-camera-b.webm');
  await storage.writeManifest({ ...manifest, segments: manifest.segments.filter((segment) => segment.participantId === 'a') });
  await renderer.enqueue(manifest.id);
  const ready = (await storage.readManifest(manifest.id))!.composite!;
  assert.equal(ready.state, 'ready', ready.error);
  assert.equal(ready.duration, 3);
  const file = storage.path(manifest.id, COMPOSITE_FILE);
  assert.ok(Math.abs(ffprobe(file).duration - 3) < 0.5);
  assert.ok(luma(file, 1.5, { x: 320, y: 180, width: 640, height: 360 }) > 30, 'the one tile left fills the picture');
});

test('CompositeRenderer.enqueue() renders a recording without video as a black picture with the mixed audio', async () => {
  const manifest = await madeRecording();
  await storage.writeManifest({ ...manifest, segments: manifest.segments.filter((segment) => segment.kind === 'audio') });
  await renderer.enqueue(manifest.id);
  const composite = (await storage.readManifest(manifest.id))!.composite!;
  assert.equal(composite.state, 'ready', composite.error);
  const file = storage.path(manifest.id, COMPOSITE_FILE);
  assert.deepEqual(probeStreams(file).map((stream) => stream.codec_name).sort(), ['aac', 'h264']);
  assert.ok(meanVolume(file) > -50, 'it has sound');
  assert.ok(luma(file, 1.5, { x: 0, y: 0, width: 1280, height: 720 }) < 20, 'its picture is black');
});

test('compositeLayout() puts one tile per participant and video source in ceil(sqrt(n)) columns over the whole picture', async () => {
  const manifest = await madeRecording();
  const extra = (participantId: string, source: TrackSource) => ({ ...manifest.segments[0]!, participantId, source });
  const layout = compositeLayout({ ...manifest, segments: [...manifest.segments, extra('a', 'screen'), extra('c', 'camera'), extra('a', 'camera')] });
  assert.equal(layout.duration, 4);
  assert.deepEqual(
    layout.tiles.map(({ participantId, source, x, y, width, height }) => [participantId, source, x, y, width, height]),
    [['a', 'camera', 0, 0, 640, 360], ['a', 'screen', 640, 0, 640, 360], ['b', 'camera', 0, 360, 640, 360], ['c', 'camera', 640, 360, 640, 360]],
  );
});
