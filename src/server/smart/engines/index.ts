import type { MinutesWriter, SpeechToText } from '../engines.js';
import { OpenAiMinutesWriter } from './openai-minutes.js';
import { OpenAiTranscription } from './openai-transcription.js';
import { PocketsphinxEngine } from './pocketsphinx.js';

export { DEFAULT_MAX_TRANSCRIPT_CHARS, OpenAiMinutesWriter, transcriptText, type OpenAiMinutesOptions } from './openai-minutes.js';
export { OpenAiTranscription, type OpenAiTranscriptionOptions } from './openai-transcription.js';
export {
  detectPocketsphinx,
  parsePocketsphinxOutput,
  PocketsphinxEngine,
  POCKETSPHINX_MODEL_DIR,
  POCKETSPHINX_PATH,
  RECOGNITION_NICENESS,
  type PocketsphinxOptions,
} from './pocketsphinx.js';

/** The model asked of a transcription endpoint when none is configured. */
export const DEFAULT_TRANSCRIPTION_MODEL = 'whisper-1';
/** The model asked of a chat endpoint when none is configured. */
export const DEFAULT_MINUTES_MODEL = 'gpt-4o-mini';
/** How long an endpoint may take by default: one stretch of speech, or the whole minutes. */
export const DEFAULT_ENDPOINT_TIMEOUT_MS = 120_000;

/** Which speech-to-text engine to use, and how to reach it. */
export interface SpeechToTextOptions {
  /** `pocketsphinx` (offline, English), `openai` (an OpenAI-compatible endpoint), or `off`. */
  engine: 'pocketsphinx' | 'openai' | 'off';
  /** The endpoint's base URL up to its version (`http://whisper:8000/v1`); required for `openai`. */
  url?: string;
  apiKey?: string;
  /** For `openai`; default {@link DEFAULT_TRANSCRIPTION_MODEL}. */
  model?: string;
  /** For `openai`: the languages it transcribes; default `any`. */
  languages?: readonly string[] | 'any';
  /** The longest one stretch may take (pocketsphinx: 30 s plus three times its length by default). */
  timeoutMs?: number;
  /** For `pocketsphinx`: where the executable and model are, when not Debian's. */
  pocketsphinxPath?: string;
  pocketsphinxModelDir?: string;
}

/** Which endpoint writes the minutes; without `url` the built-in extractive minutes are used. */
export interface MinutesWriterOptions {
  /** The endpoint's base URL up to its version (`https://api.openai.com/v1`). */
  url?: string;
  apiKey?: string;
  /** Default {@link DEFAULT_MINUTES_MODEL}. */
  model?: string;
  timeoutMs?: number;
  maxTranscriptChars?: number;
}

/**
 * The speech-to-text engine the options name, or `undefined` when it is `off`. Throws
 * `TypeError`/`RangeError` on bad options (an `openai` engine without a URL). Whether
 * pocketsphinx is installed is {@link detectPocketsphinx}'s question.
 */
export function createSpeechToText(options: SpeechToTextOptions): SpeechToText | undefined {
  switch (options.engine) {
    case 'off':
      return undefined;
    case 'pocketsphinx':
      return new PocketsphinxEngine({ path: options.pocketsphinxPath, modelDir: options.pocketsphinxModelDir, timeoutMs: options.timeoutMs });
    case 'openai':
      if (options.url === undefined || options.url === '') throw new TypeError('"url" is required for the openai speech-to-text engine');
      return new OpenAiTranscription({
        baseUrl: options.url,
        apiKey: options.apiKey,
        model: options.model ?? DEFAULT_TRANSCRIPTION_MODEL,
        languages: options.languages ?? 'any',
        timeoutMs: options.timeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS,
      });
    default:
      throw new TypeError(`"engine" expected pocketsphinx, openai or off, got ${JSON.stringify(String((options as { engine: unknown }).engine))}`);
  }
}

/** The minutes writer the options name, or `undefined` without a URL (the built-in extractive minutes). */
export function createMinutesWriter(options: MinutesWriterOptions): MinutesWriter | undefined {
  if (options.url === undefined || options.url === '') return undefined;
  return new OpenAiMinutesWriter({
    baseUrl: options.url,
    apiKey: options.apiKey,
    model: options.model ?? DEFAULT_MINUTES_MODEL,
    timeoutMs: options.timeoutMs ?? DEFAULT_ENDPOINT_TIMEOUT_MS,
    maxTranscriptChars: options.maxTranscriptChars,
  });
}
