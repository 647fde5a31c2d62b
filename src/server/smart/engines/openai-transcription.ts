import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as v from 'valibot';
import { EngineError, type Recognition, type RecognizedWord, type SpeechAudio, type SpeechToText } from '../engines.js';
import { checkEndpointOptions, postToEndpoint, type EndpointOptions } from './endpoint.js';

/** How an OpenAI-compatible transcription endpoint (a self-hosted Whisper server or a vendor) is used. */
export interface OpenAiTranscriptionOptions extends EndpointOptions {
  /** The model the server is asked for (`whisper-1`, `large-v3`, …). */
  model: string;
  /** The languages it transcribes (BCP 47 primary tags), or `any` (Whisper). */
  languages: readonly string[] | 'any';
}

const Seconds = v.pipe(v.number(), v.finite(), v.minValue(0));
const Probability = v.optional(v.pipe(v.number(), v.finite()));

/**
 * The `verbose_json` answer, as far as it is read. Other fields are allowed: servers add their
 * own. Word probabilities are not OpenAI's, but some Whisper servers give them.
 */
const VerboseTranscriptionSchema = v.object({
  text: v.pipe(v.string(), v.maxLength(200_000)),
  words: v.optional(
    v.pipe(
      v.array(v.object({ word: v.pipe(v.string(), v.maxLength(200)), start: Seconds, end: Seconds, probability: Probability })),
      v.maxLength(100_000),
    ),
  ),
  segments: v.optional(
    v.pipe(
      v.array(v.object({ start: Seconds, end: Seconds, avg_logprob: v.optional(v.pipe(v.number(), v.finite())) })),
      v.maxLength(100_000),
    ),
  ),
});
type VerboseTranscription = v.InferOutput<typeof VerboseTranscriptionSchema>;

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/**
 * Speech-to-text by any OpenAI-compatible `/audio/transcriptions` endpoint, asking for word and
 * segment times (`verbose_json`). The line's confidence is the segments' `exp(avg_logprob)`,
 * weighted by their length; `null` when the server gives no segments.
 */
export class OpenAiTranscription implements SpeechToText {
  readonly name: string;
  readonly languages: readonly string[] | 'any';
  readonly weak = false;
  readonly #options: OpenAiTranscriptionOptions;

  constructor(options: OpenAiTranscriptionOptions) {
    checkEndpointOptions(options);
    if (options.languages !== 'any' && (!Array.isArray(options.languages) || options.languages.length === 0)) {
      throw new TypeError('"languages" expected "any" or a non-empty list of language tags');
    }
    this.#options = { ...options };
    this.name = `openai:${options.model}`;
    this.languages = options.languages === 'any' ? 'any' : [...options.languages];
  }

  /** Sends the WAV and reads the words back; rejects with an {@link EngineError}, or the signal's reason on abort. */
  async transcribe(audio: SpeechAudio, options: { language: string; signal?: AbortSignal }): Promise<Recognition> {
    let wav: Buffer<ArrayBuffer>;
    try {
      wav = await readFile(audio.wavPath);
    } catch (error) {
      throw new EngineError('failed', `the audio ${basename(audio.wavPath)} cannot be read`, { cause: error });
    }
    const form = new FormData();
    form.append('file', new Blob([wav], { type: 'audio/wav' }), basename(audio.wavPath));
    form.append('model', this.#options.model);
    // Whisper takes ISO 639-1 codes: the primary subtag of a BCP 47 tag.
    const language = options.language.split('-')[0]?.toLowerCase() ?? '';
    if (language !== '') form.append('language', language);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'word');
    form.append('timestamp_granularities[]', 'segment');
    const answer = await postToEndpoint(this.#options, 'audio/transcriptions', form, options.signal);
    const parsed = v.safeParse(VerboseTranscriptionSchema, answer);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      throw new EngineError('invalid_response', `the transcription answer is not verbose_json: ${v.getDotPath(issue) ?? 'the answer'}: ${issue.message}`);
    }
    return recognitionOf(parsed.output);
  }
}

/** The recognition in an answer: trimmed text, words (spaces trimmed, empty ones dropped), confidence. */
function recognitionOf(answer: VerboseTranscription): Recognition {
  const words: RecognizedWord[] = [];
  for (const word of answer.words ?? []) {
    const text = word.word.trim();
    if (text === '') continue;
    words.push({
      word: text,
      start: word.start,
      end: Math.max(word.start, word.end),
      confidence: word.probability === undefined ? null : clamp01(word.probability),
    });
  }
  let weighted = 0;
  let weight = 0;
  for (const segment of answer.segments ?? []) {
    if (segment.avg_logprob === undefined) continue;
    // A segment of no length still counts, a little, rather than not at all.
    const length = Math.max(segment.end - segment.start, 0.01);
    weighted += clamp01(Math.exp(segment.avg_logprob)) * length;
    weight += length;
  }
  return { text: answer.text.trim(), words, confidence: weight === 0 ? null : clamp01(weighted / weight) };
}
