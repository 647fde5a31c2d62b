// What the smart recording's offline speech-to-text gives, in one run, on the LibriVox clips of
// Debian's pocketsphinx-testdata (read English speech with reference transcripts):
//   ours     = each clip as the recorder stores it and the smart recording reads it back —
//              ffmpeg → Opus 48 kHz mono, 32 kb/s (a browser's voice rate) in WebM → 16 kHz mono
//              16-bit WAV — through PocketsphinxEngine (nice 10);
//   baseline = the same engine on the original clip.
// For each: the word error rate (lower-cased words, punctuation stripped, no other
// normalisation: "mr" for "mister" counts as an error), the processing time as a multiple of
// the audio's duration, and the recogniser process's peak memory (VmHWM, polled from /proc).
//
//   node --import tsx bench/smart-recording.mjs [--runs 1]
//
// Prints one table. The machine's other load counts: run it on a quiet one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectPocketsphinx, PocketsphinxEngine } from '../src/server/smart/engines/index.ts';
import { normalizedWords, wordErrorRate } from '../test/fixtures/word-error-rate.ts';
import { SAMPLE_RATE, wavFile } from '../src/server/smart/audio.ts';
import { linesOfPiece, pieceSamples, speechPieces } from '../src/server/smart/speech-pieces.ts';

const LIBRIVOX = '/usr/share/pocketsphinx/test/data/librivox';
const runsIndex = process.argv.indexOf('--runs');
const RUNS = runsIndex === -1 ? 1 : Number(process.argv[runsIndex + 1]);

function ffmpeg(args) {
  const result = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args, '-y'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${result.stderr}`);
}

function durationOf(file) {
  const result = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return Number(result.stdout.trim());
}

/** The reference transcripts, by clip id: `<s> words </s> (id)` lines. */
function references() {
  const byId = new Map();
  for (const line of readFileSync(join(LIBRIVOX, 'transcription'), 'utf8').split('\n')) {
    const match = /^(.*)\((\S+)\)\s*$/u.exec(line);
    if (match) byId.set(match[2], match[1].replace(/<\/?s>/gu, '').trim());
  }
  return byId;
}

/** The pids of this process's children, from /proc. */
function childPids() {
  const pids = [];
  for (const task of readdirSync(`/proc/${process.pid}/task`)) {
    try {
      pids.push(...readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/u).filter(Boolean).map(Number));
    } catch {
      // The thread ended meanwhile.
    }
  }
  return pids;
}

/** Peak resident memory (kB) a process has had, or 0 once it is gone. */
function peakRssKb(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/mu.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** One transcription: its text, seconds taken, and the recogniser's peak memory (kB). */
async function measured(engine, wavPath, duration) {
  let peak = 0;
  // The recogniser's high-water mark only grows: the last reading before it exits is its peak.
  const poll = setInterval(() => {
    for (const pid of childPids()) peak = Math.max(peak, peakRssKb(pid));
  }, 10);
  const started = performance.now();
  try {
    const recognition = await engine.transcribe({ wavPath, duration }, { language: 'en' });
    return { text: recognition.text, seconds: (performance.now() - started) / 1000, peakKb: peak };
  } finally {
    clearInterval(poll);
  }
}

if (!existsSync(join(LIBRIVOX, 'transcription'))) {
  console.error('pocketsphinx-testdata is missing: node scripts/setup.mjs --for-tests (as root), or apt-get install pocketsphinx-testdata');
  process.exit(1);
}
const availability = await detectPocketsphinx();
if (!availability.available) {
  console.error(`pocketsphinx is unavailable: ${availability.reason}`);
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'we-bench-smart-'));
try {
  const engine = new PocketsphinxEngine();
  const rows = [];
  /** The round-tripped clips, as the turns of one track. */
  const turns = [];
  const totals = { words: 0, audio: 0, baseline: { errors: 0, seconds: 0, peakKb: 0 }, ours: { errors: 0, seconds: 0, peakKb: 0 } };
  console.log(`smart recording bench: pocketsphinx on ${LIBRIVOX}, ${RUNS} run(s) each; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
  for (const [id, reference] of references()) {
    const original = join(LIBRIVOX, `${id}.wav`);
    const webm = join(dir, `${id}.webm`);
    const roundTrip = join(dir, `${id}.wav`);
    ffmpeg(['-i', original, '-c:a', 'libopus', '-b:a', '32k', '-application', 'voip', '-ar', '48000', '-ac', '1', '-f', 'webm', webm]);
    ffmpeg(['-i', webm, '-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', roundTrip]);
    const duration = durationOf(original);
    const words = normalizedWords(reference).length;
    const row = { id: id.replace(/^.*-/u, ''), duration };
    for (const [key, file] of [['baseline', original], ['ours', roundTrip]]) {
      let best;
      for (let run = 0; run < RUNS; run++) {
        const result = await measured(engine, file, duration);
        if (best === undefined || result.seconds < best.seconds) best = result;
      }
      const wer = wordErrorRate(reference, best.text);
      row[key] = { wer, speed: best.seconds / duration, peakKb: best.peakKb };
      totals[key].errors += wer * words;
      totals[key].seconds += best.seconds;
      totals[key].peakKb = Math.max(totals[key].peakKb, best.peakKb);
    }
    totals.words += words;
    totals.audio += duration;
    rows.push(row);
    turns.push({ reference, file: roundTrip, duration });
  }
  const percent = (value) => `${(value * 100).toFixed(1)} %`;
  const times = (value) => `${value.toFixed(2)}x`;
  const mib = (kb) => `${(kb / 1024).toFixed(0)} MiB`;
  const table = [['clip', 'audio', 'WER base', 'WER ours', 'time base', 'time ours', 'RSS base', 'RSS ours']];
  for (const row of rows) {
    table.push([row.id, `${row.duration.toFixed(1)} s`, percent(row.baseline.wer), percent(row.ours.wer),
      times(row.baseline.speed), times(row.ours.speed), mib(row.baseline.peakKb), mib(row.ours.peakKb)]);
  }
  table.push(['all', `${totals.audio.toFixed(1)} s`, percent(totals.baseline.errors / totals.words), percent(totals.ours.errors / totals.words),
    times(totals.baseline.seconds / totals.audio), times(totals.ours.seconds / totals.audio), mib(totals.baseline.peakKb), mib(totals.ours.peakKb)]);
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  for (const line of table) console.log(line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
  console.log('WER: word error rate against the reference; time: processing time / audio duration (model loading included); RSS: the recogniser\'s peak.');
  console.log('base = the original 16 kHz clip; ours = after the recorder\'s Opus/WebM round trip.');

  // The clips as the turns of one track: one call per turn (baseline, the time above) against
  // the pipeline's pieces (ours: turns together, up to a minute, split back by word times).
  const track = [];
  const spans = [];
  let at = 0;
  for (const turn of turns) {
    const raw = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', turn.file, '-f', 's16le', '-ac', '1', '-ar', String(SAMPLE_RATE), 'pipe:1'], { maxBuffer: 1 << 28 }).stdout;
    const samples = new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
    track.push(samples, new Int16Array(SAMPLE_RATE));
    spans.push({ start: at, end: at + samples.length / SAMPLE_RATE });
    at += samples.length / SAMPLE_RATE + 1;
  }
  const all = new Int16Array(track.reduce((sum, part) => sum + part.length, 0));
  track.reduce((offset, part) => (all.set(part, offset), offset + part.length), 0);
  let piecesSeconds = Infinity;
  let heard = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const lines = [];
    for (const piece of speechPieces(spans)) {
      const file = join(dir, 'piece.wav');
      writeFileSync(file, wavFile(pieceSamples(all, piece)));
      lines.push(...linesOfPiece(await engine.transcribe({ wavPath: file, duration: piece.duration }, { language: 'en' }), piece));
    }
    const seconds = (performance.now() - started) / 1000;
    if (seconds < piecesSeconds) [piecesSeconds, heard] = [seconds, lines];
  }
  const piecesErrors = turns.reduce((sum, turn, index) => sum + wordErrorRate(turn.reference, heard[index]?.text ?? '') * normalizedWords(turn.reference).length, 0);
  console.log('');
  console.log(`${turns.length} turns of one track (${totals.audio.toFixed(1)} s): one call per turn ${times(totals.ours.seconds / totals.audio)}, WER ${percent(totals.ours.errors / totals.words)}; ` +
    `in pieces (ours) ${times(piecesSeconds / totals.audio)}, WER ${percent(piecesErrors / totals.words)}; ratio ${(piecesSeconds / totals.ours.seconds).toFixed(2)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
