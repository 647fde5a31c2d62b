// Recording with real Chromium through the real server and its real recorder (ffmpeg): the
// host starts a recording, one participant agrees in the meeting, one who comes while it runs
// declines before joining, one agrees before joining, and ffprobe reads back what was written.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { compositeLayout } from '../../src/server/recording/composite.js';
import { inner, luma, probeStreams } from '../server/fixtures/composite-probe.js';
import { decodedFrames, ffprobe, meanVolume } from '../server/fixtures/ffmpeg-source.js';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';
import { compositeSettled, firstBytes, indicator, joinAs, listedRecordings, manifests, notice, prejoinNotice, recorderWriting, selfId, sleep, startRecording, stopRecording, toolbarButton } from './recording-pages.js';

let server: ServerProcess;
let browser: Browser;
before(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the host records; B agrees, C declines before joining, D agrees before joining, B toggles the camera; the files hold only who agreed, from then on', async () => {
  const meeting = '404505606';
  const hostContext = await browser.newContext();
  const bContext = await browser.newContext();
  const cContext = await browser.newContext();
  const dContext = await browser.newContext();
  const host = await joinAs(hostContext, server.url, meeting, 'Hana', 'host');
  const b = await joinAs(bContext, server.url, meeting, 'Bob', 'participant');
  const hostId = await selfId(host);
  const bId = await selfId(b);
  await sleep(1000); // media flows

  // The host starts, after confirming.
  await startRecording(host);
  assert.equal(await notice(host).count(), 0, 'the host agreed by starting');

  // B is asked in the meeting; C, coming while it runs, is asked before joining and does not join.
  await notice(b).waitFor({ timeout: 10_000 });
  assert.match((await indicator(b).textContent()) ?? '', /Recording/u);
  const c = await cContext.newPage();
  await c.goto(`${server.url}/?meeting=${meeting}&name=Cat&role=participant`);
  await prejoinNotice(c).waitFor({ timeout: 20_000 });
  assert.match((await prejoinNotice(c).textContent()) ?? '', /Hana is recording this meeting/u);
  await sleep(1500); // B's media flows unrecorded while B reads the notice

  const beforeConsent = Date.now();
  await b.getByRole('button', { name: 'Agree and stay', exact: true }).click();
  await notice(b).waitFor({ state: 'detached', timeout: 10_000 });
  await c.getByRole('button', { name: "Don't join", exact: true }).click();
  await prejoinNotice(c).waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(await c.locator('we-meeting').getAttribute('state'), 'idle', 'C never joined');
  await cContext.close(); // C's preview camera would only take CPU from the others' encoders

  // D, coming while it runs, agrees before joining: recorded from entry, never asked again.
  const d = await dContext.newPage();
  await d.goto(`${server.url}/?meeting=${meeting}&name=Dan&role=participant`);
  await prejoinNotice(d).waitFor({ timeout: 20_000 });
  const beforeD = Date.now();
  await d.getByRole('button', { name: 'Agree and join', exact: true }).click();
  await d.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  const dId = await selfId(d);
  assert.equal(await notice(d).count(), 0, 'D is not asked again in the meeting');
  await recorderWriting(server.dataDir, dId, 'mic');
  await sleep(2500); // a few of the fake microphone's beeps, so that D's track is not all silence
  await dContext.close(); // D leaves: four browsers on a small machine would starve the others' encoders

  // B toggles the camera, once B's camera is being written.
  await recorderWriting(server.dataDir, bId, 'camera');
  await sleep(2500);
  await toolbarButton(b, 'Turn camera off').click();
  await sleep(1200);
  await toolbarButton(b, 'Turn camera on').click();
  await recorderWriting(server.dataDir, bId, 'camera', 1);
  await sleep(6000);

  // The host stops, after confirming.
  await stopRecording(host);
  await indicator(b).waitFor({ state: 'detached', timeout: 10_000 }); // the indicator goes when the recording stops

  const [manifest, ...others] = manifests(server.dataDir);
  assert.ok(manifest !== undefined && others.length === 0, 'one recording');
  assert.equal(manifest.status, 'stopped');
  assert.deepEqual(manifest.participants.map((participant) => participant.participantId).sort(), [hostId, bId, dId].sort());
  const of = (id: string) => manifest.segments.filter((segment) => segment.participantId === id);
  assert.deepEqual(manifest.participants.filter((participant) => participant.displayName === 'Cat'), [], 'C never agreed nor joined');
  const dConsent = manifest.participants.find((participant) => participant.participantId === dId)!.consentedAt;
  assert.ok(dConsent >= beforeD, 'D agreed as D joined');
  assert.ok(of(dId).some((segment) => segment.source === 'mic'), 'D is recorded from entry');
  for (const segment of of(dId)) assert.ok(segment.startedAt >= dConsent);
  assert.deepEqual(of(hostId).map((segment) => segment.source).sort(), ['camera', 'mic']);
  assert.deepEqual(of(bId).map((segment) => segment.source).sort(), ['camera', 'camera', 'mic']);
  const bConsent = manifest.participants.find((participant) => participant.participantId === bId)!.consentedAt;
  assert.ok(bConsent >= beforeConsent - 1000, 'B consented when B clicked, not before');
  for (const segment of of(bId)) assert.ok(segment.startedAt >= bConsent, `B's ${segment.source} starts before B's consent`);

  for (const segment of manifest.segments) {
    const file = join(server.dataDir, 'recordings', manifest.id, segment.file);
    assert.ok(existsSync(file), `${segment.file} exists`);
    const probe = ffprobe(file);
    const wallClock = (segment.endedAt! - segment.startedAt) / 1000;
    assert.ok(Math.abs(probe.duration - wallClock) < 1, `${segment.file}: ${probe.duration} s in the file, ${wallClock} s on the clock`);
    if (segment.kind === 'audio') assert.ok(meanVolume(file) > -50, `${segment.file} is not silence`);
    else assert.ok(decodedFrames(file) >= 10, `${segment.file} has pictures that decode`);
  }
  await Promise.all([hostContext.close(), bContext.close()]);

  // The composite: both cameras in the picture while both ran, one mixed audio stream.
  const rendered = await compositeSettled(server.dataDir);
  assert.equal(rendered.composite!.state, 'ready', rendered.composite!.error);
  const composite = join(server.dataDir, 'recordings', rendered.id, rendered.composite!.file);
  assert.deepEqual(probeStreams(composite).map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort(), ['audio:aac', 'video:h264']);
  assert.ok(meanVolume(composite) > -50, 'the mixed audio is not silence');
  const layout = compositeLayout(rendered);
  // While both cameras ran: B's second camera segment and the host's, as the files place them
  // (a camera's file starts at its first key frame, which a busy machine can delay by seconds).
  const camera = (id: string) => rendered.segments.filter((segment) => segment.participantId === id && segment.source === 'camera');
  const [hostCamera] = camera(hostId);
  const [, lastOfB] = camera(bId);
  const from = Math.max(hostCamera!.startedAt, lastOfB!.startedAt);
  const to = Math.min(hostCamera!.endedAt!, lastOfB!.endedAt!);
  assert.ok(to - from > 1000, `the host's camera (${hostCamera!.startedAt}–${hostCamera!.endedAt}) and B's (${lastOfB!.startedAt}–${lastOfB!.endedAt}) ran together`);
  // Late in it: a camera's first decodable picture can come seconds after its file starts.
  const both = (to - 700 - layout.origin) / 1000;
  for (const id of [hostId, bId]) {
    const tile = layout.tiles.find((candidate) => candidate.participantId === id && candidate.source === 'camera')!;
    assert.ok(luma(composite, both, inner(tile)) > 25, `${id === hostId ? 'the host' : 'B'} is in the picture at ${both} s`);
  }

  // The creator lists it through the records API and plays it through its signed link.
  const { recordings } = await listedRecordings(server.url, meeting, manifest.createdBy.userId);
  assert.equal(recordings.length, 1);
  assert.equal(recordings[0]!.state, 'ready');
  const video = recordings[0]!.files.find((file) => file.kind === 'composite')!;
  const played = await firstBytes(server.url, video.url);
  assert.equal(played.status, 206);
  assert.equal(played.headers.get('content-type'), 'video/mp4');
});
