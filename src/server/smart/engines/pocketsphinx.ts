import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setPriority } from 'node:os';
import { EngineError, type Recognition, type RecognizedWord, type SpeechAudio, type SpeechToText } from '../engines.js';

/** Debian's recogniser (`apt-get install pocketsphinx`). */
export const POCKETSPHINX_PATH = 'pocketsphinx_continuous';
/** Debian's US English model (`apt-get install pocketsphinx-en-us`). */
export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';
/** How much less CPU recognition is given than the live meetings (a `nice` value). */
export const RECOGNITION_NICENESS = 10;
/** The most output read from one run: a stretch's words are a few kB. */
const MAX_OUTPUT_CHARS = 4 * 1024 * 1024;

/** Where the recogniser and its model are. */
export interface PocketsphinxOptions {
  /** The `pocketsphinx_continuous` executable; default {@link POCKETSPHINX_PATH}. */
  path?: string;
  /** The model's folder (acoustic model `en-us/`, `en-us.lm.bin`, `cmudict-en-us.dict`); default {@link POCKETSPHINX_MODEL_DIR}. */
  modelDir?: string;
}

/** The model's files within its folder. */
function modelFiles(modelDir: string) {
  return { hmm: join(modelDir, 'en-us'), lm: join(modelDir, 'en-us.lm.bin'), dict: join(modelDir, 'cmudict-en-us.dict') };
}

/**
 * Whether pocketsphinx can run here: its executable answers and its model's files are there.
 * Never throws: a server without it still records, with no transcript.
 */
export async function detectPocketsphinx(options: PocketsphinxOptions & { timeoutMs?: number } = {}): Promise<{ available: boolean; reason?: string }> {
  const path = options.path ?? POCKETSPHINX_PATH;
  const files = modelFiles(options.modelDir ?? POCKETSPHINX_MODEL_DIR);
  for (const file of [join(files.hmm, 'mdef'), files.lm, files.dict]) {
    try {
      await access(file);
    } catch {
      return { available: false, reason: `the pocketsphinx model file ${file} is missing` };
    }
  }
  // Without arguments it prints its settings and how to give it a file, and exits at once.
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: { available: boolean; reason?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let output = '';
    const child = spawn(path, [], { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ available: false, reason: `${path} did not answer` });
    }, options.timeoutMs ?? 10_000);
    child.stderr.on('data', (chunk: Buffer) => {
      if (output.length < 100_000) output += chunk.toString();
    });
    child.on('error', (error) => done({ available: false, reason: `${path} cannot run: ${error.message}` }));
    child.on('close', () => {
      if (output.includes('-infile')) done({ available: true });
      else done({ available: false, reason: `${path} is not a working pocketsphinx_continuous` });
    });
  });
}

/** Words the recogniser marks that nobody said: sentence bounds, silence, noises. */
function isFiller(word: string): boolean {
  return word.startsWith('<') || word.startsWith('[') || word.startsWith('++');
}

/**
 * The recognition in `pocketsphinx_continuous -time yes` output: each utterance is a line of
 * its text followed by one `word start end probability` line per word (times in seconds from
 * the start of the file). Fillers are dropped and alternate pronunciations (`the(2)`) named by
 * their word; the line's confidence is the mean of its words'.
 */
export function parsePocketsphinxOutput(output: string): Recognition {
  const words: RecognizedWord[] = [];
  for (const line of output.split('\n')) {
    const match = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/u.exec(line.trim());
    if (match === null) continue;
    const [, token = '', start, end, probability] = match;
    if (isFiller(token)) continue;
    const word = token.replace(/\(\d+\)$/u, '');
    if (word === '') continue;
    words.push({ word, start: Number(start), end: Math.max(Number(start), Number(end)), confidence: Math.min(1, Number(probability)) });
  }
  const confidence = words.length === 0 ? null : words.reduce((sum, word) => sum + (word.confidence ?? 0), 0) / words.length;
  return { text: words.map((word) => word.word).join(' '), words, confidence };
}

/**
 * Speech-to-text by CMU pocketsphinx (Debian's 0.8+5prealpha `pocketsphinx_continuous`) with
 * its US English model: offline and light, but inaccurate — marked weak.
 */
export class PocketsphinxEngine implements SpeechToText {
  readonly name = 'pocketsphinx';
  readonly languages: readonly string[] = ['en'];
  readonly weak = true;
  readonly #path: string;
  readonly #modelDir: string;
  readonly #timeoutMs: number | undefined;

  /** `timeoutMs`: the longest one stretch may take; by default 30 s plus three times its length. */
  constructor(options: PocketsphinxOptions & { timeoutMs?: number } = {}) {
    if (options.timeoutMs !== undefined && (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0)) {
      throw new RangeError(`"timeoutMs" expected a positive number, got ${options.timeoutMs}`);
    }
    this.#path = options.path ?? POCKETSPHINX_PATH;
    this.#modelDir = options.modelDir ?? POCKETSPHINX_MODEL_DIR;
    this.#timeoutMs = options.timeoutMs;
  }

  /**
   * Runs the recogniser on the WAV at a lower CPU priority; rejects with an {@link EngineError}
   * (`unavailable`, `timeout`, `failed`), or the signal's reason on abort (the process is killed).
   */
  async transcribe(audio: SpeechAudio, options: { language: string; signal?: AbortSignal }): Promise<Recognition> {
    options.signal?.throwIfAborted();
    try {
      await access(audio.wavPath);
    } catch (error) {
      throw new EngineError('failed', `the audio ${basename(audio.wavPath)} cannot be read`, { cause: error });
    }
    options.signal?.throwIfAborted();
    const files = modelFiles(this.#modelDir);
    // Silence stays in the features: without it every word after a pause would be placed
    // earlier by the length of the pauses before it.
    const args = ['-infile', audio.wavPath, '-time', 'yes', '-remove_silence', 'no', '-logfn', '/dev/null', '-hmm', files.hmm, '-lm', files.lm, '-dict', files.dict];
    const timeoutMs = this.#timeoutMs ?? 30_000 + Math.max(0, audio.duration) * 3_000;
    const output = await this.#run(args, timeoutMs, options.signal);
    return parsePocketsphinxOutput(output);
  }

  /** Runs the recogniser and resolves with what it printed. */
  #run(args: string[], timeoutMs: number, signal: AbortSignal | undefined): Promise<string> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const child = spawn(this.#path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const finish = (error: unknown, output?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        if (output === undefined) reject(error);
        else resolve(output);
      };
      const onAbort = () => finish(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => finish(new EngineError('timeout', `pocketsphinx took longer than ${Math.round(timeoutMs)} ms`)), timeoutMs);
      if (child.pid !== undefined) {
        try {
          setPriority(child.pid, RECOGNITION_NICENESS);
        } catch {
          // Not allowed here (some containers): it runs at the normal priority.
        }
      }
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.length > MAX_OUTPUT_CHARS) finish(new EngineError('failed', 'pocketsphinx printed more than a transcript'));
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-1000);
      });
      child.once('error', (error: NodeJS.ErrnoException) => {
        const code = error.code === 'ENOENT' || error.code === 'EACCES' ? 'unavailable' : 'failed';
        finish(new EngineError(code, `${this.#path} cannot run: ${error.message}`, { cause: error }));
      });
      child.once('close', (code, killedBy) => {
        if (code === 0) finish(undefined, stdout);
        // Its own messages go to the log file, which is /dev/null: only a crash says more.
        else finish(new EngineError('failed', `pocketsphinx failed (${code ?? killedBy})${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-2).join(' ')}`}`));
      });
    });
  }
}
