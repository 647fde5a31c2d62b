import * as v from 'valibot';

// A smart recording: what the server derives from a stopped recording — who spoke when, the
// transcript, chapters, per-speaker summaries, minutes and topics. Every time is in seconds on
// the recording's timeline (0 = its first media, the composite's time 0).

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Seconds = v.pipe(v.number(), v.finite(), v.minValue(0));
/** 0 to 1. */
const Fraction = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1));
const MAX_ITEMS = 100_000;
const List = <T extends v.GenericSchema>(item: T, max = MAX_ITEMS) => v.pipe(v.array(item), v.maxLength(max));

/** Where processing a recording stands. */
export const SmartStateSchema = v.picklist(['queued', 'processing', 'ready', 'failed']);
export type SmartState = v.InferOutput<typeof SmartStateSchema>;

/** The step under way: decode each track, find speech, transcribe it, analyse the transcript. */
export const SmartStageSchema = v.picklist(['decoding', 'voice-activity', 'transcribing', 'analysing']);
export type SmartStage = v.InferOutput<typeof SmartStageSchema>;

/** The processing job of one recording, as its creator sees it. */
export const SmartStatusSchema = v.strictObject({
  state: SmartStateSchema,
  /** The step under way (`null` when queued, ready or failed). */
  stage: v.nullable(SmartStageSchema),
  /** How far the whole job has got. */
  progress: Fraction,
  /** Why it failed (only when it did); a retry starts it again where it stopped. */
  error: v.optional(Text(500)),
  /** When the state last changed (ms since the epoch). */
  updatedAt: v.number(),
});
export type SmartStatus = v.InferOutput<typeof SmartStatusSchema>;

/** Someone who spoke: a participant of the recording. */
export const SmartSpeakerSchema = v.strictObject({
  /** The participant id in the recording's manifest. */
  id: Text(100),
  /** As they gave their name (mask it before showing it where the records mask names). */
  name: Text(200),
});
export type SmartSpeaker = v.InferOutput<typeof SmartSpeakerSchema>;

/** One stretch of one speaker's voice, found by voice activity detection. */
export const SpeechTurnSchema = v.strictObject({
  speaker: Text(100),
  start: Seconds,
  end: Seconds,
});
export type SpeechTurn = v.InferOutput<typeof SpeechTurnSchema>;

/** A recognised word with its time, where the engine gives word times. */
export const TranscriptWordSchema = v.strictObject({
  word: Text(200),
  start: Seconds,
  end: Seconds,
  /** The engine's confidence, 0 to 1; `null` when it gives none. */
  confidence: v.nullable(Fraction),
});
export type TranscriptWord = v.InferOutput<typeof TranscriptWordSchema>;

/** One line of the transcript: what one speaker said in one speech turn. */
export const TranscriptLineSchema = v.strictObject({
  speaker: Text(100),
  start: Seconds,
  end: Seconds,
  text: Text(20_000),
  /** The engine's confidence in the line, 0 to 1; `null` when it gives none. */
  confidence: v.nullable(Fraction),
  /** Empty when the engine gives no word times. */
  words: List(TranscriptWordSchema, 10_000),
});
export type TranscriptLine = v.InferOutput<typeof TranscriptLineSchema>;

/** The transcript, or why there is none. */
export const TranscriptSchema = v.strictObject({
  /** False when no engine covers the meeting's language (or speech-to-text is turned off). */
  available: v.boolean(),
  /** Which engine wrote it (`pocketsphinx`, `openai:<model>`), `null` without a transcript. */
  engine: v.nullable(Text(200)),
  /** The mean confidence of its lines, `null` when the engine gives none. */
  confidence: v.nullable(Fraction),
  /** The engine is known to be inaccurate (a word error rate above ~20 %): read with care. */
  weak: v.boolean(),
  /** Why there is no transcript (only when there is none). */
  reason: v.optional(Text(500)),
  lines: List(TranscriptLineSchema),
});
export type Transcript = v.InferOutput<typeof TranscriptSchema>;

/** A chapter: a stretch of the meeting about one thing. */
export const ChapterSchema = v.strictObject({
  title: Text(300),
  start: Seconds,
  end: Seconds,
  /** What it is about, most telling first. */
  keyPhrases: List(Text(200), 20),
});
export type Chapter = v.InferOutput<typeof ChapterSchema>;

/** What one participant said, in short. */
export const SpeakerSummarySchema = v.strictObject({
  speaker: Text(100),
  name: Text(200),
  /** Seconds of speech. */
  talkTime: Seconds,
  /** Their share of all the speech, 0 to 1. */
  share: Fraction,
  /** Speech turns. */
  turns: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Their most representative sentences, in the order they said them. */
  keySentences: List(Text(2000), 10),
  keyPhrases: List(Text(200), 20),
});
export type SpeakerSummary = v.InferOutput<typeof SpeakerSummarySchema>;

/** Something decided, and when it was said. */
export const DecisionSchema = v.strictObject({ text: Text(2000), at: Seconds });
export type Decision = v.InferOutput<typeof DecisionSchema>;

/** Something someone is to do: who (a speaker's name, when the sentence says), what, and when it was said. */
export const ActionItemSchema = v.strictObject({ who: v.nullable(Text(200)), what: Text(2000), at: Seconds });
export type ActionItem = v.InferOutput<typeof ActionItemSchema>;

/** The minutes of the meeting. */
export const MinutesSchema = v.strictObject({
  title: Text(300),
  /** When the recording started (ms since the epoch). */
  date: v.number(),
  attendees: List(Text(200), 1000),
  /** Seconds. */
  duration: Seconds,
  /** The chapters, as the agenda. */
  agenda: List(v.strictObject({ title: Text(300), start: Seconds }), 200),
  keyPoints: List(Text(2000), 50),
  decisions: List(DecisionSchema, 200),
  actionItems: List(ActionItemSchema, 200),
  /** `extractive` (built in: sentences taken from the transcript) or `llm:<model>` (written by a language model). */
  writtenBy: Text(200),
});
export type Minutes = v.InferOutput<typeof MinutesSchema>;

/** A key phrase of the whole meeting and where it was said. */
export const TopicSchema = v.strictObject({
  phrase: Text(200),
  /** How telling it is, relative to the meeting's other topics (the first is 1). */
  weight: Fraction,
  /** When it was said (line starts), in order. */
  occurrences: List(Seconds, 1000),
});
export type Topic = v.InferOutput<typeof TopicSchema>;

/** Everything a smart recording holds (`smart.json` in the recording's folder). */
export const SmartRecordingSchema = v.strictObject({
  version: v.literal(1),
  recordingId: Text(100),
  /** The meeting's language as processed (`en`, `zh`, …). */
  language: Text(35),
  /** Seconds, the recording's whole length. */
  duration: Seconds,
  speakers: List(SmartSpeakerSchema, 1000),
  turns: List(SpeechTurnSchema),
  transcript: TranscriptSchema,
  chapters: List(ChapterSchema, 200),
  speakerSummaries: List(SpeakerSummarySchema, 1000),
  minutes: MinutesSchema,
  topics: List(TopicSchema, 100),
});
export type SmartRecording = v.InferOutput<typeof SmartRecordingSchema>;

/** Links to a ready smart recording's exports, relative to the server, signed for the caller. */
export const SmartExportsSchema = v.strictObject({
  /** The minutes in Markdown. */
  markdown: Text(2000),
  /** The whole smart recording as JSON (this document). */
  json: Text(2000),
  /** WebVTT captions with speaker names. */
  vtt: Text(2000),
});
export type SmartExports = v.InferOutput<typeof SmartExportsSchema>;

/**
 * `GET /api/meetings/<id>/recordings/<rid>/smart`: the processing job's status and, once it is
 * ready, the smart recording and links to its exports.
 */
export const SmartAnswerSchema = v.strictObject({
  status: SmartStatusSchema,
  result: v.nullable(SmartRecordingSchema),
  exports: v.nullable(SmartExportsSchema),
});
export type SmartAnswer = v.InferOutput<typeof SmartAnswerSchema>;
