// Key phrases, RAKE-style: candidates are runs of content words between stop words and
// punctuation, and every 1–3-word stretch of a run (Chinese: words and word bigrams), since a
// recogniser without punctuation leaves long runs that never recur whole. A weak recogniser
// puts a wrong word in a third of the places, and wrong words rarely repeat: so a phrase counts
// by how often it recurs, and one-off phrases are dropped whenever anything recurs at all.
import { joinWords, type Sentence } from './text.js';

/** A phrase found in the transcript, and where. */
export interface PhraseCandidate {
  /** Its words' stems, space-separated: what occurrences have in common. */
  key: string;
  /** Its number of words. */
  size: number;
  /** How it was written, with how often each way. */
  surfaces: Map<string, number>;
  /** The sentence index of each occurrence. */
  sentences: number[];
}

/** A ranked phrase: the way it was most often written, and its score. */
export interface RankedPhrase {
  phrase: string;
  score: number;
  candidate: PhraseCandidate;
}

/** What to rank: the phrases of some of the sentences, at most so many. */
export interface RankOptions {
  limit: number;
  /** Counts only the occurrences in these sentences (all by default). */
  within?: (sentence: number) => boolean;
  /** Favours phrases said mostly here rather than elsewhere in the meeting. */
  distinctive?: boolean;
}

const LONGEST_ENGLISH = 3;
const LONGEST_CHINESE = 2;

/** Every candidate phrase of the sentences. */
export function collectPhrases(sentences: readonly Sentence[]): PhraseCandidate[] {
  const byKey = new Map<string, PhraseCandidate>();
  for (const sentence of sentences) {
    for (const run of sentence.runs) {
      for (let first = 0; first < run.length; first++) {
        const longest = run[first]!.han ? LONGEST_CHINESE : LONGEST_ENGLISH;
        for (let size = 1; size <= longest && first + size <= run.length; size++) {
          const words = run.slice(first, first + size);
          const stems = words.map((word) => word.stem);
          if (new Set(stems).size < stems.length) break;
          const key = stems.join(' ');
          let candidate = byKey.get(key);
          if (candidate === undefined) {
            candidate = { key, size, surfaces: new Map(), sentences: [] };
            byKey.set(key, candidate);
          }
          const surface = joinWords(words);
          candidate.surfaces.set(surface, (candidate.surfaces.get(surface) ?? 0) + 1);
          candidate.sentences.push(sentence.index);
        }
      }
    }
  }
  return [...byKey.values()];
}

/** The most common way a candidate was written. */
function surfaceOf(candidate: PhraseCandidate): string {
  let best = '';
  let bestCount = 0;
  for (const [surface, count] of candidate.surfaces) {
    if (count > bestCount) [best, bestCount] = [surface, count];
  }
  return best;
}

/** Whether `inner`'s words appear in order, together, within `outer`'s. */
function contains(outer: string, inner: string): boolean {
  return ` ${outer} `.includes(` ${inner} `);
}

/**
 * The best phrases: recurrence first, longer phrases a little ahead of their words, and a word
 * that only ever appears inside a phrase already chosen left out.
 */
export function rankPhrases(candidates: readonly PhraseCandidate[], options: RankOptions): RankedPhrase[] {
  const { within, distinctive = false } = options;
  const counted: { candidate: PhraseCandidate; count: number; first: number }[] = [];
  for (const candidate of candidates) {
    const here = within === undefined ? candidate.sentences : candidate.sentences.filter(within);
    if (here.length > 0) counted.push({ candidate, count: here.length, first: here[0]! });
  }
  const minCount = counted.some(({ count }) => count >= 2) ? 2 : 1;
  const scored = counted
    .filter(({ count }) => count >= minCount)
    .map(({ candidate, count, first }) => {
      const share = count / candidate.sentences.length;
      const score = count * (1 + 0.5 * (candidate.size - 1)) * (distinctive ? 0.25 + 0.75 * share : 1);
      return { candidate, count, first, score };
    })
    .sort((a, b) => b.score - a.score || a.first - b.first || (a.candidate.key < b.candidate.key ? -1 : 1));
  const chosen: (RankedPhrase & { count: number })[] = [];
  for (const { candidate, count, score } of scored) {
    if (chosen.length >= options.limit) break;
    const redundant = chosen.some(
      (picked) =>
        picked.candidate.key === candidate.key ||
        (contains(picked.candidate.key, candidate.key) && count <= picked.count) ||
        (contains(candidate.key, picked.candidate.key) && count < 2),
    );
    if (!redundant) chosen.push({ phrase: surfaceOf(candidate), score, candidate, count });
  }
  return chosen.map(({ phrase, score, candidate }) => ({ phrase, score, candidate }));
}
