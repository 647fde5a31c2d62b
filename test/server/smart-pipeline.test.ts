// The smart recording pipeline on recordings of known speech: decode → voice activity →
// speech-to-text per turn → transcript → analysis, with real ffmpeg and pocketsphinx; and with
// stand-in engines, a job stopped by a restart resumes after its last finished turn, and an
// engine that fails marks the job failed with why, loses nothing, and a retry finishes it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import * as v from 'valibot';
import { SmartRecordingSchema, type SmartRecording } from '../../src/protocol/smart-recording.js';
import { DiskRecordingStorage, SMART_OUTPUTS, smartWorkFile } from '../../src/server/recording/recording-storage.js';
import { EngineError, type Recognition, type SpeechAudio, type SpeechToText } from '../../src/server/smart/engines.js';
import { PocketsphinxEngine } from '../../src/server/smart/engines/index.js';
import { SmartProcessor, type SmartProcessorOptions } from '../../src/server/smart/smart-processor.js';
import { wordErrorRate } from '../fixtures/word-error-rate.js';
import { BUDGET_SCRIPT, GARDEN_SCRIPT, scriptedRecording } from './fixtures/smart-fixture.js';

const logger = pino({ level: 'silent' });
let dataDir: string;
let storage: DiskRecordingStorage;
before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'we-smart-'));
  storage = new DiskRecordingStorage(dataDir);
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

let next = 0;
const newId = () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
/** Alice on the garden, then (after her, with a pause) Bob on the budget. */
const SPEAKERS = [
  { name: 'Alice', script: GARDEN_SCRIPT, silenceBefore: 0.5, silenceAfter: 26 },
  { name: 'Bob', script: BUDGET_SCRIPT, silenceBefore: 25, silenceAfter: 0.5 },
];

function processor(options: Partial<SmartProcessorOptions>): SmartProcessor {
  return new SmartProcessor({ storage, ffmpegPath: 'ffmpeg', logger, language: 'en', ...options });
}

/** Resolves once the recording's job has ended (ready or failed). */
async function settled(id: string): Promise<void> {
  for (;;) {
    const state = (await storage.readManifest(id))?.smart?.state;
    if (state === 'ready' || state === 'failed') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function document(id: string): Promise<SmartRecording> {
  return v.parse(SmartRecordingSchema, JSON.parse((await storage.readFile(id, SMART_OUTPUTS.json))!));
}

/** A stand-in engine: hears "word" once per half second of audio; counts its calls; can be made to fail or hang. */
class CountingEngine implements SpeechToText {
  readonly name = 'counting';
  readonly languages = ['en'];
  readonly weak = false;
  calls = 0;
  constructor(readonly behave: (call: number, signal?: AbortSignal) => Promise<void> = async () => undefined) {}
  async transcribe(audio: SpeechAudio, options: { language: string; signal?: AbortSignal }): Promise<Recognition> {
    this.calls++;
    await this.behave(this.calls, options.signal);
    assert.ok(existsSync(audio.wavPath));
    const count = Math.max(1, Math.floor(audio.duration * 2));
    const words = Array.from({ length: count }, (_, index) => ({ word: 'word', start: index / 2, end: index / 2 + 0.4, confidence: 0.9 }));
    return { text: words.map((word) => word.word).join(' '), words, confidence: 0.9 };
  }
}

test('pocketsphinx: each line goes to its speaker, the chapters split where the topic changes, and the summaries name each topic', { timeout: 300_000 }, async () => {
  const id = newId();
  await scriptedRecording(storage, id, SPEAKERS);
  const smart = processor({ speechToText: new PocketsphinxEngine() });
  await smart.enqueue(id);
  const manifest = await storage.readManifest(id);
  assert.equal(manifest?.smart?.state, 'ready', manifest?.smart?.error);
  const result = await document(id);
  const { transcript } = result;
  assert.equal(transcript.available, true);
  assert.equal(transcript.engine, 'pocketsphinx');
  assert.equal(transcript.weak, true);
  const change = 24;
  const alice = transcript.lines.filter((line) => line.speaker === 'p-alice');
  const bob = transcript.lines.filter((line) => line.speaker === 'p-bob');
  assert.ok(alice.length > 0 && bob.length > 0, `${alice.length} lines of Alice, ${bob.length} of Bob`);
  for (const line of alice) assert.ok(line.end <= change, `Alice's line at ${line.start}–${line.end}`);
  for (const line of bob) assert.ok(line.start >= change, `Bob's line at ${line.start}–${line.end}`);
  for (const line of transcript.lines) {
    for (const word of line.words) assert.ok(word.start >= line.start - 0.01 && word.end <= line.end + 0.01, `"${word.word}" at ${word.start}–${word.end} in ${line.start}–${line.end}`);
  }
  const aliceWer = wordErrorRate(GARDEN_SCRIPT, alice.map((line) => line.text).join(' '));
  const bobWer = wordErrorRate(BUDGET_SCRIPT, bob.map((line) => line.text).join(' '));
  console.log(`word error rate: Alice ${(aliceWer * 100).toFixed(1)} %, Bob ${(bobWer * 100).toFixed(1)} %`);
  assert.ok(aliceWer < 0.6 && bobWer < 0.6);

  assert.ok(result.chapters.length >= 2, `${result.chapters.length} chapters`);
  const boundaries = result.chapters.slice(1).map((chapter) => chapter.start);
  const bobStarts = bob[0]!.start;
  assert.ok(boundaries.some((start) => Math.abs(start - bobStarts) <= 5), `boundaries ${boundaries.join(', ')}; Bob starts at ${bobStarts}`);
  const summary = (speaker: string) => result.speakerSummaries.find((entry) => entry.speaker === speaker)!;
  const words = (speaker: string) => [...summary(speaker).keyPhrases, ...summary(speaker).keySentences].join(' ').toLowerCase();
  assert.match(words('p-alice'), /garden|tomato/);
  assert.match(words('p-bob'), /budget|invoice/);
  assert.ok(summary('p-alice').talkTime > 10 && summary('p-bob').talkTime > 10);
  assert.deepEqual([...result.minutes.attendees].sort(), ['Alice', 'Bob']);
  const markdown = (await storage.readFile(id, SMART_OUTPUTS.markdown))!;
  assert.match(markdown, /Alice/);
  assert.match(markdown, /Bob/);
  const vtt = (await storage.readFile(id, SMART_OUTPUTS.vtt))!;
  assert.match(vtt, /^WEBVTT/);
  assert.match(vtt, /<v Bob>/);
  // The work kept while it ran is gone.
  assert.equal(existsSync(storage.path(id, smartWorkFile('0001-mic-alice.webm'))), false);
});

test('a job stopped with the server resumes at the next start after the last turn it finished', { timeout: 120_000 }, async () => {
  const id = newId();
  await scriptedRecording(storage, id, SPEAKERS);
  // The first server hangs on its second turn, and stops there.
  const first = new CountingEngine((call, signal) =>
    call < 2 ? Promise.resolve() : new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error))),
  );
  const running = processor({ speechToText: first });
  const done = running.enqueue(id);
  while (first.calls < 2) await new Promise((resolve) => setTimeout(resolve, 50));
  await running.close();
  await done;
  assert.equal((await storage.readManifest(id))?.smart?.state, 'processing');

  const second = new CountingEngine();
  const restarted = processor({ speechToText: second });
  await restarted.resumeUnfinished();
  await settled(id);
  assert.equal((await storage.readManifest(id))?.smart?.state, 'ready');
  const result = await document(id);
  const turns = result.turns.length;
  assert.ok(turns >= 2);
  assert.equal(result.transcript.lines.length, turns);
  // Nothing heard before the restart was asked again; only the turn under way was.
  assert.equal(second.calls, turns - 1);
});

test('an engine that times out fails the job with why, loses nothing, and a retry finishes it', { timeout: 120_000 }, async () => {
  const id = newId();
  const before = await scriptedRecording(storage, id, SPEAKERS);
  let failing = true;
  const engine = new CountingEngine(async (call) => {
    if (failing && call === 2) throw new EngineError('timeout', 'the transcription endpoint did not answer within 120 s');
  });
  const smart = processor({ speechToText: engine });
  await smart.enqueue(id);
  const failed = await storage.readManifest(id);
  assert.equal(failed?.smart?.state, 'failed');
  assert.match(failed?.smart?.error ?? '', /did not answer/);
  // The recording itself is as it was, and the first turn's result is kept.
  assert.deepEqual(failed?.segments, before.segments);
  assert.ok(existsSync(storage.path(id, smartWorkFile('0001-mic-alice.webm'))));
  assert.equal(existsSync(storage.path(id, SMART_OUTPUTS.json)), false);

  failing = false;
  assert.equal(await smart.retry(id), true);
  assert.equal((await storage.readManifest(id))?.smart?.state, 'queued');
  await settled(id);
  assert.equal((await storage.readManifest(id))?.smart?.state, 'ready');
  const result = await document(id);
  assert.equal(engine.calls, result.turns.length + 1);
  // Only a failed job is retried.
  assert.equal(await smart.retry(id), false);
});

test('without speech-to-text the smart recording still has who spoke when, talk time and chapters, and says why there is no transcript', { timeout: 120_000 }, async () => {
  const id = newId();
  await scriptedRecording(storage, id, SPEAKERS);
  const smart = processor({});
  await smart.enqueue(id);
  const result = await document(id);
  assert.equal(result.transcript.available, false);
  assert.match(result.transcript.reason ?? '', /turned off/);
  assert.ok(result.turns.some((turn) => turn.speaker === 'p-alice' && turn.end <= 24));
  assert.ok(result.turns.some((turn) => turn.speaker === 'p-bob' && turn.start >= 24));
  assert.ok(result.chapters.length >= 1);
  for (const entry of result.speakerSummaries) assert.ok(entry.talkTime > 10, `${entry.name}: ${entry.talkTime}`);

  // A language no engine covers: the same, with that reason.
  const chinese = newId();
  await scriptedRecording(storage, chinese, SPEAKERS);
  await processor({ speechToText: new CountingEngine(), language: 'zh' }).enqueue(chinese);
  const unsupported = await document(chinese);
  assert.equal(unsupported.transcript.available, false);
  assert.match(unsupported.transcript.reason ?? '', /"zh"/);
});

test('a restart (someone erased) removes what was made and makes it again', { timeout: 120_000 }, async () => {
  const id = newId();
  await scriptedRecording(storage, id, SPEAKERS);
  const engine = new CountingEngine();
  const smart = processor({ speechToText: engine });
  await smart.enqueue(id);
  const calls = engine.calls;
  await smart.restart(id);
  assert.equal(existsSync(storage.path(id, SMART_OUTPUTS.json)), false);
  await settled(id);
  assert.equal((await storage.readManifest(id))?.smart?.state, 'ready');
  // Everything was heard again.
  assert.equal(engine.calls, 2 * calls);
});
