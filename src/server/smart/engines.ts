// The engines a smart recording is made with, behind interfaces chosen by configuration:
// speech-to-text (pocketsphinx by default, or an OpenAI-compatible transcription endpoint)
// and minutes writing (built-in extractive analysis, or an OpenAI-compatible chat endpoint).

/** One stretch of speech to transcribe: a WAV file (16 kHz, mono, 16-bit) of one speaker. */
export interface SpeechAudio {
  /** Local path of the WAV file. */
  wavPath: string;
  /** Its length in seconds. */
  duration: number;
}

/** A recognised word; times in seconds from the start of the audio given. */
export interface RecognizedWord {
  word: string;
  start: number;
  end: number;
  /** 0 to 1; `null` when the engine gives none. */
  confidence: number | null;
}

/** What an engine heard in one stretch of speech. */
export interface Recognition {
  text: string;
  /** Empty when the engine gives no word times. */
  words: RecognizedWord[];
  /** 0 to 1; `null` when the engine gives none. */
  confidence: number | null;
}

/** Why an engine gave no answer. */
export type EngineErrorCode = 'unavailable' | 'timeout' | 'http' | 'invalid_response' | 'failed';

/** An engine could not do its work: it is missing, timed out, or answered with an error or nonsense. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly code: EngineErrorCode;
  /** The HTTP status, for `http`. */
  readonly status: number | undefined;

  constructor(code: EngineErrorCode, message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options?.status;
  }
}

/** A speech-to-text engine. */
export interface SpeechToText {
  /** Names it in the transcript (`pocketsphinx`, `openai:whisper-1`). */
  readonly name: string;
  /** The languages it transcribes (BCP 47 primary tags: `en`, `zh`), or `any`. */
  readonly languages: readonly string[] | 'any';
  /** Known to be inaccurate (a word error rate above ~20 %): its transcripts are marked so. */
  readonly weak: boolean;
  /** Transcribes one stretch of speech; rejects with an {@link EngineError}. */
  transcribe(audio: SpeechAudio, options: { language: string; signal?: AbortSignal }): Promise<Recognition>;
}

/** What a minutes writer reads: the transcript with speaker names, and what is known of the meeting. */
export interface MinutesRequest {
  language: string;
  attendees: string[];
  /** The chapters found, as the agenda. */
  agenda: { title: string; start: number }[];
  lines: { name: string; start: number; text: string }[];
}

/** What a minutes writer gives back. */
export interface WrittenMinutes {
  keyPoints: string[];
  decisions: { text: string; at: number }[];
  actionItems: { who: string | null; what: string; at: number }[];
}

/** Writes the key points, decisions and action items of the minutes (abstractive, from a language model). */
export interface MinutesWriter {
  /** Names it in the minutes (`llm:<model>`). */
  readonly name: string;
  /** Rejects with an {@link EngineError}. */
  write(request: MinutesRequest, options: { signal?: AbortSignal }): Promise<WrittenMinutes>;
}
