// Pocketsphinx as the smart recording runs it: the real recogniser hears a sentence spoken by
// espeak-ng (a Klatt voice, which Debian's US English model recognises far better than
// espeak's default one), and stand-in executables show the arguments, priority and failures.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../src/server/smart/engines.js';
import { detectPocketsphinx, parsePocketsphinxOutput, PocketsphinxEngine, RECOGNITION_NICENESS } from '../../src/server/smart/engines/index.js';
import { wordErrorRate } from '../fixtures/word-error-rate.js';
import { GARDEN_SCRIPT, speak } from './fixtures/smart-fixture.js';

const SENTENCE = 'Hello world, this is a test of the speech recognition system.';
let dir: string;
let wavPath: string;
let duration: number;

/** Runs a command that must succeed. */
function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} failed: ${result.stderr}`);
  return result.stdout;
}

/** An executable shell script standing in for pocketsphinx_continuous. */
function standIn(name: string, script: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  return path;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'we-smart-pocketsphinx-'));
  const spoken = join(dir, 'spoken.wav');
  wavPath = join(dir, 'speech.wav');
  run('espeak-ng', ['-v', 'en-us+klatt2', '-s', '130', '-w', spoken, SENTENCE]);
  run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', spoken, '-ar', '16000', '-ac', '1', '-y', wavPath]);
  duration = Number(run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wavPath]).trim());
});

after(() => rmSync(dir, { recursive: true, force: true }));

async function rejectsWith(promise: Promise<unknown>, code: EngineError['code']): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

test('detectPocketsphinx() finds the installed recogniser and model, and says what is missing', async () => {
  assert.deepEqual(await detectPocketsphinx(), { available: true });
  const noBinary = await detectPocketsphinx({ path: join(dir, 'no-such-recogniser') });
  assert.equal(noBinary.available, false);
  assert.match(noBinary.reason ?? '', /cannot run/);
  const noModel = await detectPocketsphinx({ modelDir: dir });
  assert.equal(noModel.available, false);
  assert.match(noModel.reason ?? '', /model file/);
});

test('PocketsphinxEngine.transcribe() recognises most words of a spoken sentence, with increasing times within the audio', async () => {
  const engine = new PocketsphinxEngine();
  assert.equal(engine.name, 'pocketsphinx');
  assert.equal(engine.weak, true);
  assert.deepEqual(engine.languages, ['en']);
  const recognition = await engine.transcribe({ wavPath, duration }, { language: 'en' });
  const errors = wordErrorRate(SENTENCE, recognition.text);
  assert.ok(errors <= 0.35, `word error rate ${errors.toFixed(2)}`);
  assert.ok(recognition.words.length >= 8, `${recognition.words.length} words`);
  assert.equal(recognition.text, recognition.words.map((word) => word.word).join(' '));
  let previousEnd = 0;
  for (const word of recognition.words) {
    assert.match(word.word, /^[a-z']+$/, 'no fillers nor alternate-pronunciation suffixes');
    assert.ok(word.start >= previousEnd && word.end >= word.start && word.end <= duration + 0.05, JSON.stringify(word));
    assert.ok(word.confidence !== null && word.confidence >= 0 && word.confidence <= 1);
    previousEnd = word.end;
  }
  const mean = recognition.words.reduce((sum, word) => sum + (word.confidence ?? 0), 0) / recognition.words.length;
  assert.ok(recognition.confidence !== null && Math.abs(recognition.confidence - mean) < 1e-9);
});

test('PocketsphinxEngine.transcribe() keeps the recording\'s timeline across sentences: no word is moved past the pauses that were there', async () => {
  // Several sentences through the recorder's Opus round trip, as a meeting's track holds them.
  const track = join(dir, 'track.webm');
  speak({ name: 'Ana', script: GARDEN_SCRIPT, silenceBefore: 0.5, silenceAfter: 0.5 }, track);
  const decoded = join(dir, 'track.wav');
  // From the first sound, as the voice activity cuts a turn.
  run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', track, '-ss', '0.36', '-ar', '16000', '-ac', '1', '-y', decoded]);
  const length = Number(run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', decoded]).trim());
  const { words } = await new PocketsphinxEngine().transcribe({ wavPath: decoded, duration: length }, { language: 'en' });
  const times = JSON.stringify(words.map((word) => [word.word, word.start]));
  assert.ok(words.length >= 20, times);
  // The script's pauses between sentences are about half a second.
  for (let index = 1; index < words.length; index++) assert.ok(words[index]!.start - words[index - 1]!.end < 2, times);
  assert.ok(words.at(-1)!.end <= length + 0.05, times);
});

test('parsePocketsphinxOutput() drops fillers and alternate-pronunciation suffixes and averages the confidences', () => {
  const output = [
    'the old house',
    '<s> 0.000 0.220 0.998701',
    'the(2) 0.230 0.350 0.2',
    '<sil> 0.360 0.510 0.856229',
    '[NOISE] 0.520 0.600 0.5',
    '++UH++ 0.610 0.700 0.5',
    'old 0.710 0.900 0.6',
    'house 0.910 1.400 1.000000',
    '</s> 1.410 1.500 1.000000',
  ].join('\n');
  assert.deepEqual(parsePocketsphinxOutput(output), {
    text: 'the old house',
    words: [
      { word: 'the', start: 0.23, end: 0.35, confidence: 0.2 },
      { word: 'old', start: 0.71, end: 0.9, confidence: 0.6 },
      { word: 'house', start: 0.91, end: 1.4, confidence: 1 },
    ],
    confidence: 0.6,
  });
  assert.deepEqual(parsePocketsphinxOutput(''), { text: '', words: [], confidence: null });
});

test('PocketsphinxEngine.transcribe() runs the recogniser on the file with word times, no log, and a lower priority', async () => {
  const record = join(dir, 'arguments.txt');
  // Field 19 of /proc/<pid>/stat is the process's nice value.
  const path = standIn('recorder', `echo "$(cut -d' ' -f19 /proc/$$/stat) $*" > '${record}'\necho 'hi'\necho 'hi 0.1 0.4 0.9'`);
  const recognition = await new PocketsphinxEngine({ path, modelDir: '/models' }).transcribe({ wavPath, duration }, { language: 'en' });
  assert.deepEqual(recognition, { text: 'hi', words: [{ word: 'hi', start: 0.1, end: 0.4, confidence: 0.9 }], confidence: 0.9 });
  const [nice, ...args] = readFileSync(record, 'utf8').trim().split(' ');
  assert.deepEqual(args, ['-infile', wavPath, '-time', 'yes', '-remove_silence', 'no', '-logfn', '/dev/null', '-hmm', '/models/en-us', '-lm', '/models/en-us.lm.bin', '-dict', '/models/cmudict-en-us.dict']);
  assert.equal(Number(nice), RECOGNITION_NICENESS);
});

test('PocketsphinxEngine.transcribe() rejects with unavailable without the recogniser, and failed when it fails or the file is missing', async () => {
  await rejectsWith(new PocketsphinxEngine({ path: join(dir, 'no-such-recogniser') }).transcribe({ wavPath, duration }, { language: 'en' }), 'unavailable');
  await rejectsWith(new PocketsphinxEngine({ path: standIn('failing', 'exit 1') }).transcribe({ wavPath, duration }, { language: 'en' }), 'failed');
  await rejectsWith(new PocketsphinxEngine().transcribe({ wavPath: join(dir, 'missing.wav'), duration }, { language: 'en' }), 'failed');
});

test('PocketsphinxEngine.transcribe() rejects with timeout when the recogniser outlives its time, and kills it', async () => {
  const pidFile = join(dir, 'hanging.pid');
  const path = standIn('hanging', `echo $$ > '${pidFile}'\nexec sleep 60`);
  await rejectsWith(new PocketsphinxEngine({ path, timeoutMs: 300 }).transcribe({ wavPath, duration }, { language: 'en' }), 'timeout');
  await assertKilled(pidFile);
});

test('PocketsphinxEngine.transcribe() rejects with the signal\'s reason when aborted, and kills the recogniser', async () => {
  const pidFile = join(dir, 'aborted.pid');
  const path = standIn('aborted', `echo $$ > '${pidFile}'\nexec sleep 60`);
  const controller = new AbortController();
  const reason = new Error('the recording was deleted');
  const pending = new PocketsphinxEngine({ path }).transcribe({ wavPath, duration }, { language: 'en', signal: controller.signal });
  // Aborted once it runs.
  while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 20));
  controller.abort(reason);
  await assert.rejects(pending, (error) => error === reason);
  await assertKilled(pidFile);
});

/** The process whose pid the stand-in wrote is gone (or a zombie on its way out); none written means killed before it could. */
async function assertKilled(pidFile: string): Promise<void> {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  for (let attempt = 0; attempt < 50; attempt++) {
    let state: string;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] ?? '';
    } catch {
      return;
    }
    if (state === 'Z') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`the recogniser ${pid} still runs`);
}
