// Smart recording end to end: two browsers whose fake microphones read known scripts on two
// clearly different topics, one after the other; the host records, stops, and the server's
// pipeline (ffmpeg, voice activity, pocketsphinx, analysis) makes the smart recording, which
// the creator reads in <we-history> and through the records API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import * as v from 'valibot';
import { SmartAnswerSchema, type SmartAnswer } from '../../src/protocol/smart-recording.js';
import { BUDGET_SCRIPT, GARDEN_SCRIPT } from '../server/fixtures/smart-fixture.js';
import { wordErrorRate } from '../fixtures/word-error-rate.js';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';
import { joinAs, listedRecordings, manifests, prejoinNotice, recorderWriting, selfId, sleep, startRecording, stopRecording } from './recording-pages.js';

const MEETING = '505606707';
/** Alice's speech starts this long after her microphone opens (time to join and start recording). */
const ALICE_LEAD = 12;
/** Bob's starts this long after his opens: after Alice has finished. */
const BOB_LEAD = 40;

let work: string;
let server: ServerProcess;
let alice: Browser;
let bob: Browser;

/** A WAV for Chromium's fake microphone: `lead` seconds of silence, the script, then silence. */
function microphone(name: string, script: string, lead: number): string {
  const speech = join(work, `${name}-speech.wav`);
  const file = join(work, `${name}.wav`);
  execFileSync('espeak-ng', ['-v', 'en-us+klatt2', '-s', '130', '-w', speech, script]);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', speech, '-af', `adelay=${lead * 1000}:all=1,apad=pad_dur=120`, '-ar', '48000', '-ac', '1', file]);
  return file;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'we-smart-e2e-'));
  server = await startServerProcess();
  alice = await launchChromium({ args: [`--use-file-for-fake-audio-capture=${microphone('alice', GARDEN_SCRIPT, ALICE_LEAD)}%noloop`] });
  bob = await launchChromium({ args: [`--use-file-for-fake-audio-capture=${microphone('bob', BUDGET_SCRIPT, BOB_LEAD)}%noloop`] });
});
after(async () => {
  await alice?.close();
  await bob?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

async function smartRecording(recordingId: string, creator: string, timeoutMs: number): Promise<SmartAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { token } = await listedRecordings(server.url, MEETING, creator);
    const response = await fetch(`${server.url}/api/meetings/${MEETING}/recordings/${recordingId}/smart`, { headers: { authorization: `Bearer ${token}` } });
    if (response.ok) {
      const answer = v.parse(SmartAnswerSchema, await response.json());
      if (answer.status.state === 'ready' || answer.status.state === 'failed') return answer;
    } else await response.arrayBuffer();
    if (Date.now() > deadline) throw new Error('the smart recording was not made in time');
    await sleep(1000);
  }
}

test('two speakers on two topics: the transcript attributes each line, the chapters split at the change, the summaries and minutes name topics and attendees', { timeout: 420_000 }, async () => {
  const hostPage = await joinAs(await alice.newContext(), server.url, MEETING, 'Alice', 'host');
  const aliceId = await selfId(hostPage);
  await startRecording(hostPage);
  await recorderWriting(server.dataDir, aliceId, 'mic');

  // Bob comes while it records, and agrees before joining.
  const bobPage = await (await bob.newContext()).newPage();
  await bobPage.goto(`${server.url}/?meeting=${MEETING}&name=Bob&role=participant`);
  await prejoinNotice(bobPage).waitFor({ timeout: 20_000 });
  const bobOpened = Date.now();
  await bobPage.getByRole('button', { name: 'Agree and join', exact: true }).click();
  await bobPage.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  await recorderWriting(server.dataDir, await selfId(bobPage), 'mic');
  // Bob's microphone opened on the pre-join screen, before bobOpened: his script is over
  // well within this.
  await sleep(Math.max(0, bobOpened + (BOB_LEAD + 25) * 1000 - Date.now()));
  await stopRecording(hostPage);

  const [manifest] = manifests(server.dataDir);
  const answer = await smartRecording(manifest!.id, manifest!.createdBy.userId, 300_000);
  assert.equal(answer.status.state, 'ready', answer.status.error);
  const result = answer.result!;
  const name = new Map(result.speakers.map((speaker) => [speaker.id, speaker.name]));
  const lines = result.transcript.lines;
  const aliceLines = lines.filter((line) => name.get(line.speaker) === 'Alice');
  const bobLines = lines.filter((line) => name.get(line.speaker) === 'Bob');
  assert.ok(aliceLines.length > 0 && bobLines.length > 0, `${aliceLines.length} lines of Alice, ${bobLines.length} of Bob`);
  // Each line to its speaker: Alice's all come before Bob's first.
  const change = bobLines[0]!.start;
  for (const line of aliceLines) assert.ok(line.start < change, `Alice at ${line.start} after Bob's start ${change}`);
  const aliceWer = wordErrorRate(GARDEN_SCRIPT, aliceLines.map((line) => line.text).join(' '));
  const bobWer = wordErrorRate(BUDGET_SCRIPT, bobLines.map((line) => line.text).join(' '));
  console.log(`word error rate through the browser, the SFU and the recorder: Alice ${(aliceWer * 100).toFixed(1)} %, Bob ${(bobWer * 100).toFixed(1)} %`);

  assert.ok(result.chapters.length >= 2, `${result.chapters.length} chapters`);
  const boundaries = result.chapters.slice(1).map((chapter) => chapter.start);
  assert.ok(boundaries.some((start) => Math.abs(start - change) <= 6), `chapters start at ${boundaries.join(', ')}; Bob starts at ${change}`);
  const said = (speaker: string) => {
    const summary = result.speakerSummaries.find((entry) => entry.name === speaker)!;
    return [...summary.keyPhrases, ...summary.keySentences].join(' ').toLowerCase();
  };
  assert.match(said('Alice'), /garden|tomato/u);
  assert.match(said('Bob'), /budget|invoice/u);
  assert.deepEqual([...result.minutes.attendees].sort(), ['Alice', 'Bob']);

  // The exports download by their signed links.
  const minutes = await fetch(`${server.url}${answer.exports!.markdown}`);
  assert.match(await minutes.text(), /Alice[\s\S]*Bob|Bob[\s\S]*Alice/u);
  const captions = await fetch(`${server.url}${answer.exports!.vtt}`);
  assert.match(await captions.text(), /^WEBVTT[\s\S]*<v Alice>[\s\S]*<v Bob>/u);

  // The creator reads it in <we-history> on the demo page: the chapters, each line with its
  // speaker, a search that finds Bob's topic, and a chapter that plays the recording from its start.
  await hostPage.getByText('My meetings').click();
  const history = hostPage.locator('we-history');
  await history.getByRole('button', { name: /505 606 707/u }).click();
  await history.locator('[part="smart"]').waitFor({ timeout: 30_000 });
  const chapters = history.locator('button[part="smart-chapter"]');
  assert.equal(await chapters.count(), result.chapters.length);
  const shown = history.locator('[part~="smart-line"]');
  assert.equal(await shown.count(), lines.length);
  assert.match((await shown.first().innerText()) ?? '', /Alice/u);
  assert.match((await shown.last().innerText()) ?? '', /Bob/u);
  await history.getByLabel('Search the transcript').fill('budget');
  const found = await shown.allInnerTexts();
  assert.ok(found.length > 0 && found.every((line) => /budget/iu.test(line) && /Bob/u.test(line)), found.join(' | '));
  await history.getByRole('region', { name: 'Minutes' }).or(history.locator('[part="smart-minutes"]')).first().waitFor();
  await chapters.nth(1).click();
  const player = history.locator('video[part="player"]');
  await hostPage.waitForFunction(
    ([element, start]) => Math.abs((element as HTMLVideoElement).currentTime - (start as number)) < 1.5,
    [await player.elementHandle(), result.chapters[1]!.start] as const,
    { timeout: 15_000 },
  );
});
