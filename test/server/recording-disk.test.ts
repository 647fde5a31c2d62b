// A full disk and recording: no recording starts without room for it, and one under way stops
// by itself — everyone told why, its files finished and playable, nothing written lost.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordingState } from '../../src/protocol/index.js';
import { ProtocolError } from '../../src/protocol/index.js';
import { decodedFrames, ffprobe } from './fixtures/ffmpeg-source.js';
import { recordingRig, sleep, type RecordingRig } from './fixtures/recording-rig.js';

const MB = 1024 * 1024;
let rig: RecordingRig;
/** The free space the storage reports: the disk's own until a test says otherwise. */
let freeOverride: number | undefined;

before(async () => {
  rig = await recordingRig({ minFreeBytes: 64 * MB, diskCheckMs: 200 });
  const realFree = rig.storage.freeBytes.bind(rig.storage);
  rig.storage.freeBytes = async () => freeOverride ?? (await realFree());
});
after(() => rig.close());

/** A recorder of the recording states a participant is sent. */
function recordingStates(): { seen: RecordingState[]; onNotify: (method: string, data: unknown) => void } {
  const seen: RecordingState[] = [];
  return { seen, onNotify: (method, data) => method === 'recordingState' && seen.push(data as RecordingState) };
}

test('no recording starts while the disk has less free space than the server keeps', async () => {
  const room = await rig.meetingRoom('710000001');
  const host = rig.enter(room, 'Hana', 'host');
  freeOverride = 10 * MB;
  try {
    await assert.rejects(rig.service.start(room, host), (error: unknown) => error instanceof ProtocolError && error.code === 'recording_unavailable' && /disk/u.test(error.message));
    assert.equal(rig.service.active(room), undefined);
  } finally {
    freeOverride = undefined;
    room.close();
  }
});

test('a disk that fills up mid-recording stops it: everyone is told why and what was written plays', async () => {
  const room = await rig.meetingRoom('710000002');
  const hostStates = recordingStates();
  const guestStates = recordingStates();
  const host = rig.enter(room, 'Hana', 'host', hostStates.onNotify);
  rig.enter(room, 'Bob', 'participant', guestStates.onNotify);
  await rig.publish(room, host, 'mic');
  await rig.publish(room, host, 'camera');
  await sleep(800);
  const recordingId = await rig.service.start(room, host);
  await sleep(3000);
  freeOverride = 1 * MB;
  for (let i = 0; i < 300 && rig.service.active(room) !== undefined; i++) await sleep(100);
  freeOverride = undefined;
  assert.equal(rig.service.active(room), undefined, 'the recording stopped by itself');

  for (const { seen } of [hostStates, guestStates]) {
    const last = seen.at(-1)!;
    assert.equal(last.state, 'off');
    assert.equal(last.stoppedBecause, 'disk_full');
  }
  const manifest = (await rig.storage.readManifest(recordingId))!;
  assert.equal(manifest.status, 'stopped');
  assert.deepEqual(manifest.segments.map((segment) => segment.source).sort(), ['camera', 'mic']);
  for (const segment of manifest.segments) {
    const file = rig.storage.path(recordingId, segment.file);
    assert.ok(ffprobe(file).duration > 2, `${segment.file} keeps what was recorded`);
    if (segment.kind === 'video') assert.ok(decodedFrames(file) >= 20);
  }
  room.close();
});
