// Recording through a real mediasoup router with real ffmpeg at both ends: ffmpeg sends a
// tone and a moving picture into PlainTransport producers, the recorder copies what it may
// into files, and ffprobe reads them back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { RecordingManifest } from '../../src/server/recording/manifest.js';
import type { Peer } from '../../src/server/rooms/peer.js';
import { decodedFrames, ffprobe, meanVolume } from './fixtures/ffmpeg-source.js';
import { recordingRig, sleep, type RecordingRig } from './fixtures/recording-rig.js';

let rig: RecordingRig;
before(async () => {
  rig = await recordingRig();
});
after(() => rig.close());

function segmentsOf(manifest: RecordingManifest, peer: Peer) {
  return manifest.segments.filter((segment) => segment.participantId === peer.participant.id);
}

test('only consenting participants are recorded, from their consent on, one segment per unmuted stretch, files matching the wall clock', async () => {
  const room = await rig.meetingRoom('700000001');
  const host = rig.enter(room, 'Hana', 'host');
  const bob = rig.enter(room, 'Bob', 'participant');
  const cat = rig.enter(room, 'Cat', 'participant');
  await rig.publish(room, host, 'mic');
  await rig.publish(room, host, 'camera');
  await rig.publish(room, bob, 'mic');
  const bobCamera = await rig.publish(room, bob, 'camera');
  await rig.publish(room, cat, 'mic');
  await sleep(1000); // the sources are sending

  const recordingId = await rig.service.start(room, host);
  const recording = rig.service.active(room)!;
  await sleep(1500);
  const consentedAt = rig.service.consent(room, bob, recordingId);
  await sleep(2500);
  await bobCamera.pause(); // camera off
  await sleep(1000);
  await bobCamera.resume(); // camera on again
  await sleep(4000);
  await rig.service.stop(room, host);

  const manifest = (await rig.storage.readManifest(recordingId))!;
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
  assert.equal(rig.service.active(room), undefined);

  for (const segment of manifest.segments) {
    const file = rig.storage.path(recordingId, segment.file);
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
  const room = await rig.meetingRoom('700000002');
  const host = rig.enter(room, 'Hana', 'host');
  await rig.publish(room, host, 'mic');
  await sleep(500);
  const recordingId = await rig.service.start(room, host);
  const recording = rig.service.active(room)!;
  await sleep(1500);
  const [pid] = recording.recorderPids;
  assert.ok(pid !== undefined);
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && (recording.recorderPids[0] ?? pid) === pid; i++) await sleep(50);
  assert.notEqual(recording.recorderPids[0], pid, 'a new recorder runs');
  await sleep(1500);
  await rig.service.stop(room, host);
  const manifest = (await rig.storage.readManifest(recordingId))!;
  assert.equal(manifest.segments.length, 2);
  assert.equal(manifest.segments[0]!.endReason, 'recorder-died');
  assert.equal(manifest.segments[1]!.endReason, 'stopped');
  assert.equal(manifest.gaps.length, 1);
  assert.equal(manifest.gaps[0]!.from, manifest.segments[0]!.endedAt);
  assert.equal(manifest.gaps[0]!.to, manifest.segments[1]!.startedAt);
  // What the dead recorder wrote is still there and plays.
  assert.ok(ffprobe(rig.storage.path(recordingId, manifest.segments[0]!.file)).duration > 0.5);
  assert.ok(ffprobe(rig.storage.path(recordingId, manifest.segments[1]!.file)).duration > 0.5);
  room.close();
});
