// Recording through faults, with real Chromium, the real server and its real recorder: a
// recorder killed mid-recording is replaced and the gap noted; a server killed outright
// mid-recording leaves a recording that its next start finalizes and lists as interrupted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RecordingManifest } from '../../src/server/recording/manifest.js';
import { decodedFrames, ffprobe } from '../server/fixtures/ffmpeg-source.js';
import { launchChromium, startServerProcess } from './harness.js';
import { compositeSettled, firstBytes, joinAs, listedRecordings, manifests, recorderWriting, selfId, sleep, startRecording, stopRecording } from './recording-pages.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** The process ids of the recorders writing `file` (found by the SDP file on their command line). */
function recorderPids(file: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/u.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`${file}.sdp`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Waits until `check` holds for the one recording under `dataDir`, and returns it. */
async function recordingWhen(dataDir: string, check: (manifest: RecordingManifest) => boolean, timeoutMs: number): Promise<RecordingManifest> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [manifest] = manifests(dataDir);
    if (manifest !== undefined && check(manifest)) return manifest;
    if (Date.now() > deadline) throw new Error(`the recording did not get there: ${JSON.stringify(manifest)}`);
    await sleep(250);
  }
}

test('a recorder killed mid-recording is restarted; the gap is in the manifest and both files play', async () => {
  const server = await startServerProcess();
  const context = await browser.newContext();
  try {
    const host = await joinAs(context, server.url, '505606707', 'Hana', 'host');
    const hostId = await selfId(host);
    await startRecording(host);
    await recorderWriting(server.dataDir, hostId, 'camera');
    await sleep(2000);

    const [writing] = manifests(server.dataDir);
    const camera = writing!.segments.find((segment) => segment.source === 'camera')!;
    const pids = recorderPids(join(server.dataDir, 'recordings', writing!.id, camera.file));
    assert.equal(pids.length, 1, 'one recorder writes the camera');
    process.kill(pids[0]!, 'SIGKILL');

    await recorderWriting(server.dataDir, hostId, 'camera', 1);
    await sleep(2000);
    await stopRecording(host);

    const [manifest] = manifests(server.dataDir);
    const cameras = manifest!.segments.filter((segment) => segment.source === 'camera');
    assert.equal(cameras.length, 2, 'a new recorder took over the camera');
    assert.equal(cameras[0]!.endReason, 'recorder-died');
    const [gap, ...moreGaps] = manifest!.gaps;
    assert.equal(moreGaps.length, 0);
    assert.equal(gap!.source, 'camera');
    assert.match(gap!.reason, /recorder exited/u);
    assert.ok(gap!.to !== null && gap!.to >= gap!.from && gap!.to <= cameras[1]!.startedAt, 'the gap ends when the new recorder starts');
    for (const segment of cameras) {
      const file = join(server.dataDir, 'recordings', manifest!.id, segment.file);
      assert.ok(ffprobe(file).duration > 1, `${segment.file} plays`);
      assert.ok(decodedFrames(file) >= 10, `${segment.file} has pictures that decode`);
    }
  } finally {
    await context.close();
    await server.stop();
  }
});

test('a server killed outright mid-recording: on restart the recording is finalized, interrupted and playable', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'we-recording-crash-'));
  try {
    const first = await startServerProcess({ WE_DATA_DIR: dataDir });
    const context = await browser.newContext();
    const host = await joinAs(context, first.url, '606707808', 'Hana', 'host');
    const hostId = await selfId(host);
    await startRecording(host);
    await recorderWriting(dataDir, hostId, 'camera');
    await recorderWriting(dataDir, hostId, 'mic');
    await sleep(4000);
    const killedAt = Date.now();
    await first.stop('SIGKILL');
    await context.close();

    const second = await startServerProcess({ WE_DATA_DIR: dataDir });
    try {
      // Recovery waits for the orphaned recorders to finish their files.
      const manifest = await recordingWhen(dataDir, (candidate) => candidate.status === 'interrupted', 45_000);
      assert.deepEqual(manifest.segments.map((segment) => segment.source).sort(), ['camera', 'mic']);
      assert.ok(manifest.stoppedAt !== null && manifest.stoppedAt <= killedAt + 1000);
      for (const segment of manifest.segments) {
        assert.equal(segment.endReason, 'server-restart');
        assert.ok(segment.endedAt !== null && segment.endedAt <= killedAt + 1000, `${segment.file} ends when the server died`);
        const file = join(dataDir, 'recordings', manifest.id, segment.file);
        const { duration } = ffprobe(file);
        assert.ok(duration >= 3, `${segment.file} holds what was recorded (${duration} s)`);
        assert.ok(Math.abs(duration - (segment.endedAt! - segment.startedAt) / 1000) < 1);
        if (segment.kind === 'video') assert.ok(decodedFrames(file) >= 10, `${segment.file} has pictures that decode`);
      }
      // Listed to its creator as interrupted, with a composite that plays.
      await compositeSettled(dataDir);
      const { recordings } = await listedRecordings(second.url, '606707808', manifest.createdBy.userId);
      assert.deepEqual(recordings.map((recording) => recording.state), ['interrupted']);
      const video = recordings[0]!.files.find((file) => file.kind === 'composite');
      assert.ok(video !== undefined, 'the composite is listed');
      assert.equal((await firstBytes(second.url, video.url)).status, 206);
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
