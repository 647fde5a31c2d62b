// Chapters by lexical cohesion (TextTiling, Hearst 1997): the transcript is cut into blocks of
// a few words, and each gap between blocks is scored by how little the words before it have in
// common with the words after it, measured as the depth of the valley it sits in. A long
// silence and a change of who is talking deepen a gap: with a weak recogniser the words alone
// are too noisy to trust, and people who change topic usually pause or hand over. Without a
// transcript, silences and changes of who talks are all there is.
import type { Chapter, SmartSpeaker, SpeechTurn } from '../../../protocol/smart-recording.js';
import { rankPhrases, type PhraseCandidate } from './key-phrases.js';
import { clip, isChinese, type Sentence } from './text.js';

/** What chapters are found from. */
export interface ChapterInput {
  language: string;
  /** Seconds. */
  duration: number;
  speakers: readonly SmartSpeaker[];
  /** Sorted by start; from the transcript's lines when voice activity found none. */
  turns: readonly SpeechTurn[];
  sentences: readonly Sentence[];
  candidates: readonly PhraseCandidate[];
}

/** A place a chapter could start, and how strongly. */
interface Gap {
  time: number;
  score: number;
}

/** Words per block: a recogniser without punctuation gives whole turns as one sentence. */
const BLOCK_WORDS = 12;
const MAX_CHAPTERS = 12;
/** A gap must score at least this to start a chapter, however flat the rest of the meeting is. */
const MIN_GAP_SCORE = 0.6;
/** A valley this deep is evidence enough that the words change, for hints to count in full. */
const LEXICAL_EVIDENCE = 0.2;

/** The shortest chapter for a meeting of this length (seconds): room for the most chapters, and some slack. */
export function minChapterLength(duration: number): number {
  return Math.max(15, duration / (MAX_CHAPTERS + 3));
}

/** Blocks of at most {@link BLOCK_WORDS} words, never across sentences. */
function blocksOf(sentences: readonly Sentence[]): { speaker: string; start: number; end: number; terms: Map<string, number> }[] {
  const blocks = [];
  for (const sentence of sentences) {
    const pieces = Math.ceil(sentence.words.length / BLOCK_WORDS);
    const size = Math.ceil(sentence.words.length / pieces);
    for (let piece = 0; piece < pieces; piece++) {
      const words = sentence.words.slice(piece * size, (piece + 1) * size);
      const next = sentence.words[(piece + 1) * size];
      const terms = new Map<string, number>();
      for (const word of words) if (word.content) terms.set(word.stem, (terms.get(word.stem) ?? 0) + 1);
      blocks.push({ speaker: sentence.speaker, start: words[0]!.at, end: next?.at ?? sentence.end, terms });
    }
  }
  return blocks;
}

/** The cosine similarity of two count vectors. */
function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let product = 0;
  let normA = 0;
  let normB = 0;
  for (const [key, value] of a) {
    product += value * (b.get(key) ?? 0);
    normA += value * value;
  }
  for (const value of b.values()) normB += value * value;
  return normA === 0 || normB === 0 ? 0 : product / Math.sqrt(normA * normB);
}

/** Adds count vectors. */
function sum(vectors: readonly Map<string, number>[]): Map<string, number> {
  const total = new Map<string, number>();
  for (const vector of vectors) for (const [key, value] of vector) total.set(key, (total.get(key) ?? 0) + value);
  return total;
}

/** The index of the first turn that starts at or after `time` (turns sorted by start). */
function firstTurnFrom(turns: readonly SpeechTurn[], time: number): number {
  let [low, high] = [0, turns.length];
  while (low < high) {
    const middle = (low + high) >> 1;
    if (turns[middle]!.start < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Seconds each speaker talks between `from` and `to`. */
function talkBetween(turns: readonly SpeechTurn[], from: number, to: number): Map<string, number> {
  const talk = new Map<string, number>();
  const longest = longestTurn(turns);
  for (let i = firstTurnFrom(turns, from - longest); i < turns.length; i++) {
    const turn = turns[i]!;
    if (turn.start >= to) break;
    const overlap = Math.min(to, turn.end) - Math.max(from, turn.start);
    if (overlap > 0) talk.set(turn.speaker, (talk.get(turn.speaker) ?? 0) + overlap);
  }
  return talk;
}

/** How completely who talks changes at `time`: 0 the same people in the same proportions, 1 other people. */
function speakerShift(turns: readonly SpeechTurn[], time: number, window: number): number {
  const before = talkBetween(turns, time - window, time);
  const after = talkBetween(turns, time, time + window);
  if (before.size === 0 || after.size === 0) return 0;
  return 1 - cosine(before, after);
}

/** How far a valley goes down from the peaks on either side (TextTiling's depth score). */
function depths(similarities: readonly number[]): number[] {
  return similarities.map((similarity, gap) => {
    let left = similarity;
    for (let i = gap - 1; i >= 0 && similarities[i]! >= left; i--) left = similarities[i]!;
    let right = similarity;
    for (let i = gap + 1; i < similarities.length && similarities[i]! >= right; i++) right = similarities[i]!;
    return left - similarity + (right - similarity);
  });
}

/** Gaps between transcript blocks, scored by lexical depth, speaker change and silence. */
function transcriptGaps(input: ChapterInput, window: number): Gap[] {
  const blocks = blocksOf(input.sentences);
  if (blocks.length < 2) return [];
  const k = Math.min(6, Math.max(2, Math.floor(blocks.length / 4)));
  let similarities: number[] = [];
  for (let gap = 0; gap < blocks.length - 1; gap++) {
    const before = sum(blocks.slice(Math.max(0, gap - k + 1), gap + 1).map((block) => block.terms));
    const after = sum(blocks.slice(gap + 1, gap + 1 + k).map((block) => block.terms));
    similarities.push(cosine(before, after));
  }
  if (similarities.length >= 20) {
    similarities = similarities.map((_, i, all) => {
      const near = all.slice(Math.max(0, i - 1), i + 2);
      return near.reduce((total, value) => total + value, 0) / near.length;
    });
  }
  const depth = depths(similarities);
  // Words place a boundary only to within a block or so; a hand-over or a silence next to a
  // deep valley is the likelier place, so a valley lends most of its depth to its neighbours.
  const near = depth.map((d, i) => Math.max(d, 0.85 * (depth[i - 1] ?? 0), 0.85 * (depth[i + 1] ?? 0)));
  // In a short or very noisy transcript every valley is shallow: the deepest of them is evidence.
  const evidence = Math.max(1e-6, Math.min(LEXICAL_EVIDENCE, Math.max(...near) / 2));
  return near.map((lexical, gap) => {
    const [before, after] = [blocks[gap]!, blocks[gap + 1]!];
    const silence = Math.max(0, after.start - before.end);
    const handOver = before.speaker === after.speaker ? 0 : 1;
    // Hints strengthen what the words suggest; where the words carry on, a pause or a
    // hand-over is only conversation.
    const hints = 0.4 * speakerShift(input.turns, after.start, window) + 0.4 * clamp01((silence - 1) / 4) + 0.2 * handOver;
    const score = lexical + hints * Math.min(1, lexical / evidence);
    return { time: after.start, score };
  });
}

/** Gaps between speech turns, scored by silence and by a change of who dominates. */
function turnGaps(input: ChapterInput, window: number): Gap[] {
  const gaps: Gap[] = [];
  let spokenUntil = input.turns[0]?.end ?? 0;
  for (const turn of input.turns.slice(1)) {
    const silence = Math.max(0, turn.start - spokenUntil);
    const score = 0.7 * speakerShift(input.turns, turn.start, window) + 0.7 * clamp01((silence - 2) / 8);
    gaps.push({ time: turn.start, score });
    spokenUntil = Math.max(spokenUntil, turn.end);
  }
  return gaps;
}

const longestTurns = new WeakMap<readonly SpeechTurn[], number>();

/** The longest turn's length: how far before a window a turn that reaches into it can start. */
function longestTurn(turns: readonly SpeechTurn[]): number {
  let longest = longestTurns.get(turns);
  if (longest === undefined) {
    longest = turns.reduce((most, turn) => Math.max(most, turn.end - turn.start), 0);
    longestTurns.set(turns, longest);
  }
  return longest;
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** The strongest gaps that leave no chapter shorter than `minLength`, in time order. */
function chooseBoundaries(gaps: readonly Gap[], duration: number, minLength: number): number[] {
  const scores = gaps.map((gap) => gap.score);
  const mean = scores.reduce((total, score) => total + score, 0) / Math.max(1, scores.length);
  const deviation = Math.sqrt(scores.reduce((total, score) => total + (score - mean) ** 2, 0) / Math.max(1, scores.length));
  const threshold = Math.max(MIN_GAP_SCORE, mean + deviation);
  const chosen: number[] = [];
  for (const gap of [...gaps].sort((a, b) => b.score - a.score || a.time - b.time)) {
    if (gap.score < threshold || chosen.length >= MAX_CHAPTERS - 1) break;
    if (gap.time < minLength || duration - gap.time < minLength) continue;
    if (chosen.some((time) => Math.abs(time - gap.time) < minLength)) continue;
    chosen.push(gap.time);
  }
  return chosen.sort((a, b) => a - b);
}

/** "Alice, Bob": who talks most in a stretch, for chapters without words to go by. */
function speakersTitle(input: ChapterInput, start: number, end: number): string {
  const talk = talkBetween(input.turns, start, end);
  const total = [...talk.values()].reduce((all, seconds) => all + seconds, 0);
  const names = [...talk]
    .filter(([, seconds]) => seconds >= total * 0.2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([id]) => input.speakers.find((speaker) => speaker.id === id)?.name ?? id);
  const chinese = isChinese(input.language);
  if (names.length === 0) return chinese ? '静默' : 'Silence';
  return names.join(chinese ? '、' : ', ');
}

/** A title from key phrases: "Tomatoes, garden, soil". */
function phrasesTitle(phrases: readonly string[], language: string): string {
  const joined = phrases.slice(0, 3).join(isChinese(language) ? '、' : ', ');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** The chapters of the meeting: contiguous, from 0 to its duration. */
export function findChapters(input: ChapterInput): Chapter[] {
  const minLength = minChapterLength(input.duration);
  const fromWords = input.sentences.length > 0;
  const gaps = fromWords ? transcriptGaps(input, minLength) : turnGaps(input, minLength);
  const edges = [0, ...chooseBoundaries(gaps, input.duration, minLength), Math.max(input.duration, 0)];
  const chapters: Chapter[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const [start, end] = [edges[i]!, edges[i + 1]!];
    const last = i + 2 === edges.length;
    const within = (sentence: number) => {
      const at = input.sentences[sentence]!.start;
      return at >= start && (at < end || last);
    };
    const keyPhrases = fromWords
      ? rankPhrases(input.candidates, { limit: 8, within, distinctive: edges.length > 2 }).map(({ phrase }) => clip(phrase, 200))
      : [];
    const title = keyPhrases.length > 0 ? phrasesTitle(keyPhrases, input.language) : speakersTitle(input, start, end);
    chapters.push({ title: clip(title, 300), start, end, keyPhrases });
  }
  return chapters;
}

/** The chapter each sentence falls in (by its start). */
export function chapterOfSentences(chapters: readonly Chapter[], sentences: readonly Sentence[]): number[] {
  return sentences.map((sentence) => {
    const found = chapters.findIndex((chapter) => sentence.start < chapter.end);
    return found < 0 ? chapters.length - 1 : found;
  });
}
