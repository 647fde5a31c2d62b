// The transcript as sentences of timed words. Both scripts go through `Intl.Segmenter`: ICU
// splits Chinese into dictionary words and finds sentence ends in either language. A line
// from a recogniser that gives no punctuation is one long "sentence"; the analysis cuts such
// sentences into shorter blocks where it needs to.
import type { TranscriptLine } from '../../../protocol/smart-recording.js';
import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stop-words.js';

/** One spoken word as the analysis counts it. */
export interface Token {
  /** As written in the line (lowercased for scripts with case). */
  surface: string;
  /** The form counted: for English, lowercase with plurals folded (`tomatoes` → `tomato`). */
  stem: string;
  /** Says something about the topic: not a stop word, not a number, long enough. */
  content: boolean;
  /** Chinese characters, which join without a space. */
  han: boolean;
  /** When it was said (seconds). */
  at: number;
}

/** A sentence of one transcript line. */
export interface Sentence {
  /** Its place among all the sentences of the meeting. */
  index: number;
  /** The transcript line it belongs to. */
  line: number;
  speaker: string;
  start: number;
  end: number;
  text: string;
  /** Every word, stop words included, in order. */
  words: Token[];
  /** Runs of content words between stop words and punctuation: where key phrases are found. */
  runs: Token[][];
}

const HAN = /\p{Script=Han}/u;
const NUMBER = /^[\p{N}.,:%]+$/u;
const LETTERS = /\p{L}/gu;

/** A segmenter for the meeting's language; an unknown or malformed tag falls back to English. */
function segmenter(language: string, granularity: 'word' | 'sentence'): Intl.Segmenter {
  try {
    return new Intl.Segmenter(language, { granularity });
  } catch {
    return new Intl.Segmenter('en', { granularity });
  }
}

/** Folds English plurals so "tomato" and "tomatoes" count as one word. */
export function stemEnglish(word: string): string {
  if (word.length <= 3) return word;
  if (/[^aeiou]ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|sses|xes|zes|oes)$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word) && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The token for one word-like segment. */
function token(segment: string, at: number): Token {
  const han = HAN.test(segment);
  if (han) {
    const content = [...segment].length >= 2 && !CHINESE_STOP_WORDS.has(segment) && !NUMBER.test(segment);
    return { surface: segment, stem: segment, content, han, at };
  }
  const surface = segment.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  const bare = surface.replace(/'s$/, '');
  const letters = surface.match(LETTERS)?.length ?? 0;
  const content = letters >= 3 && !ENGLISH_STOP_WORDS.has(surface) && !ENGLISH_STOP_WORDS.has(bare) && !NUMBER.test(surface);
  return { surface: bare, stem: stemEnglish(bare), content, han, at };
}

/**
 * When each character of a line was said: from the engine's word times where it gives them
 * (found in the text in order), otherwise spread evenly over the line.
 */
function characterClock(line: TranscriptLine): (offset: number) => number {
  const span = Math.max(0, line.end - line.start);
  const clamp = (time: number) => Math.min(line.end, Math.max(line.start, time));
  const even = (offset: number) => line.start + (line.text.length === 0 ? 0 : (offset / line.text.length) * span);
  const anchors: { offset: number; time: number }[] = [];
  const lower = line.text.toLowerCase();
  let cursor = 0;
  for (const word of line.words) {
    const found = lower.indexOf(word.word.toLowerCase(), cursor);
    if (found < 0 || word.word.length === 0) continue;
    anchors.push({ offset: found, time: clamp(word.start) });
    cursor = found + word.word.length;
  }
  if (anchors.length === 0) return even;
  return (offset) => {
    let low = 0;
    let high = anchors.length - 1;
    if (offset < anchors[0]!.offset) return even(offset);
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (anchors[middle]!.offset <= offset) low = middle;
      else high = middle - 1;
    }
    return anchors[low]!.time;
  };
}

/** Splits the transcript's lines (sorted by start) into sentences of timed words. */
export function sentencesOf(lines: readonly TranscriptLine[], language: string): Sentence[] {
  const sentenceSplitter = segmenter(language, 'sentence');
  const wordSplitter = segmenter(language, 'word');
  const sentences: Sentence[] = [];
  lines.forEach((line, lineIndex) => {
    const clock = characterClock(line);
    for (const { segment, index: sentenceOffset } of sentenceSplitter.segment(line.text)) {
      const text = segment.trim();
      if (text.length === 0) continue;
      const words: Token[] = [];
      const runs: Token[][] = [];
      let run: Token[] = [];
      const endRun = () => {
        if (run.length > 0) runs.push(run);
        run = [];
      };
      for (const part of wordSplitter.segment(segment)) {
        if (part.isWordLike !== true) {
          // Punctuation ends a phrase; spaces between words do not.
          if (part.segment.trim().length > 0) endRun();
          continue;
        }
        const word = token(part.segment, clock(sentenceOffset + part.index));
        words.push(word);
        if (word.content) run.push(word);
        else endRun();
      }
      endRun();
      if (words.length === 0) continue;
      const start = words[0]!.at;
      const endOffset = sentenceOffset + segment.trimEnd().length;
      const end = Math.max(start, endOffset >= line.text.trimEnd().length ? line.end : clock(endOffset));
      sentences.push({ index: sentences.length, line: lineIndex, speaker: line.speaker, start, end, text, words, runs });
    }
  });
  return sentences;
}

/** Joins words as their script writes them: Chinese without spaces, others with. */
export function joinWords(words: readonly Token[]): string {
  let joined = words[0]?.surface ?? '';
  for (let i = 1; i < words.length; i++) joined += (words[i - 1]!.han && words[i]!.han ? '' : ' ') + words[i]!.surface;
  return joined;
}

/** Whether a language tag is Chinese (`zh`, `zh-CN`, `zh-Hant-TW`, …). */
export function isChinese(language: string): boolean {
  return /^zh(?:-|$)/i.test(language);
}

/** Cuts text to a schema's limit, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
