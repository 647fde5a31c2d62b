// The built-in analysis of a smart recording: chapters, speaker summaries, extractive minutes
// and topics, from the speech turns and the transcript. Pure and synchronous; a two-hour
// meeting takes a fraction of a second.
import * as v from 'valibot';
import {
  SmartSpeakerSchema,
  SpeechTurnSchema,
  TranscriptSchema,
  type Chapter,
  type Minutes,
  type SmartRecording,
  type SmartSpeaker,
  type SpeakerSummary,
  type SpeechTurn,
  type Topic,
  type Transcript,
} from '../../../protocol/smart-recording.js';
import { chapterOfSentences, findChapters } from './chapters.js';
import { collectPhrases, rankPhrases } from './key-phrases.js';
import { extractMinutes } from './minutes.js';
import { sentenceVectors } from './sentence-ranking.js';
import { summariseSpeakers } from './speaker-summaries.js';
import { clip, sentencesOf } from './text.js';

export { minutesMarkdown, webVtt } from './exports.js';

/** What the analysis reads: the recording's speakers, their speech turns and the transcript. */
export interface AnalysisInput {
  recordingId: string;
  /** `en`, `zh`, or another BCP 47 tag (tokenised like English). */
  language: string;
  /** The meeting's title, for the minutes. */
  title: string;
  /** When the recording started (ms since the epoch). */
  startedAt: number;
  /** Seconds. */
  duration: number;
  speakers: SmartSpeaker[];
  /** Voice activity per speaker, sorted by start. */
  turns: SpeechTurn[];
  /** May be unavailable (`{ available: false, lines: [], reason }`). */
  transcript: Transcript;
}

/** What the analysis finds. */
export interface Analysis {
  chapters: Chapter[];
  speakerSummaries: SpeakerSummary[];
  minutes: Minutes;
  topics: Topic[];
}

/** The analysis was given input it cannot use; the message names the field. */
export class AnalysisInputError extends TypeError {
  override readonly name = 'AnalysisInputError';
}

const MAX_TOPICS = 15;
const MAX_OCCURRENCES = 1000;

const InputSchema = v.object({
  recordingId: v.pipe(v.string(), v.nonEmpty(), v.maxLength(100)),
  language: v.pipe(v.string(), v.nonEmpty(), v.maxLength(35)),
  title: v.string(),
  startedAt: v.pipe(v.number(), v.finite()),
  duration: v.pipe(v.number(), v.finite(), v.minValue(0)),
  speakers: v.array(SmartSpeakerSchema),
  turns: v.array(SpeechTurnSchema),
  transcript: TranscriptSchema,
});

/** Checks the input: the schema's types and limits, turns that end after they start, known speakers. */
function validate(input: AnalysisInput): void {
  const result = v.safeParse(InputSchema, input);
  if (!result.success) {
    const issue = result.issues[0];
    const path = v.getDotPath(issue) ?? 'input';
    throw new AnalysisInputError(`"${path}" ${issue.message}`);
  }
  const ids = new Set<string>();
  for (const speaker of input.speakers) {
    if (ids.has(speaker.id)) throw new AnalysisInputError(`"speakers" expected unique ids, got "${speaker.id}" twice`);
    ids.add(speaker.id);
  }
  const check = (what: string, items: readonly { speaker: string; start: number; end: number }[]) =>
    items.forEach((item, i) => {
      if (!ids.has(item.speaker)) throw new AnalysisInputError(`"${what}.${i}.speaker" expected a speaker's id, got "${item.speaker}"`);
      if (item.end < item.start) throw new AnalysisInputError(`"${what}.${i}.end" expected >=${item.start}, got ${item.end}`);
    });
  check('turns', input.turns);
  check('transcript.lines', input.transcript.lines);
}

/** A comparison by start, then end: for sorting copies of turns and lines. */
function byStart(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.start - b.start || a.end - b.end;
}

/**
 * Analyses a recording: chapters, speaker summaries, minutes and topics.
 * @throws {AnalysisInputError} when the input does not match its types or names unknown speakers.
 */
export function analyse(input: AnalysisInput): Analysis {
  validate(input);
  const lines = input.transcript.available ? [...input.transcript.lines].sort(byStart) : [];
  // Voice activity is the better measure of who talked when; the transcript's lines stand in
  // for it when it found nothing.
  const voiced = input.turns.length > 0 ? input.turns : lines;
  const turns = voiced.map(({ speaker, start, end }) => ({ speaker, start, end })).sort(byStart);
  const sentences = sentencesOf(lines, input.language);
  const candidates = collectPhrases(sentences);
  const vectors = sentenceVectors(sentences);
  const base = { language: input.language, duration: input.duration, speakers: input.speakers, turns, sentences, candidates };
  const chapters = findChapters(base);
  const speakerSummaries = summariseSpeakers({ speakers: input.speakers, turns, sentences, vectors, candidates });
  const minutes = extractMinutes({
    title: input.title,
    startedAt: input.startedAt,
    duration: input.duration,
    speakers: input.speakers,
    chapters,
    sentenceChapters: chapterOfSentences(chapters, sentences),
    sentences,
    vectors,
  });
  const ranked = rankPhrases(candidates, { limit: MAX_TOPICS });
  const best = ranked[0]?.score ?? 1;
  const topics = ranked.map(({ phrase, score, candidate }) => {
    const starts = new Set(candidate.sentences.map((sentence) => lines[sentences[sentence]!.line]!.start));
    const occurrences = [...starts].sort((a, b) => a - b).slice(0, MAX_OCCURRENCES);
    return { phrase: clip(phrase, 200), weight: Math.min(1, score / best), occurrences };
  });
  return { chapters, speakerSummaries, minutes, topics };
}

/** The whole smart recording as the JSON document stored (`SmartRecording`). */
export function smartRecording(input: AnalysisInput, analysis: Analysis): SmartRecording {
  return {
    version: 1,
    recordingId: input.recordingId,
    language: input.language,
    duration: input.duration,
    speakers: input.speakers,
    turns: input.turns,
    transcript: input.transcript,
    chapters: analysis.chapters,
    speakerSummaries: analysis.speakerSummaries,
    minutes: analysis.minutes,
    topics: analysis.topics,
  };
}
