// Extractive summaries: a sentence is representative of a group of sentences (a speaker's, a
// chapter's, the meeting's) when its TF-IDF vector points where the group's centroid does.
// The centroid makes it linear in the number of sentences, where pairwise centrality
// (LexRank) would be quadratic for a two-hour meeting.
import type { Sentence } from './text.js';

/** A sparse TF-IDF vector of unit length. */
export type TermVector = Map<string, number>;

/** Sentences shorter than this many content words are worth less: "Yes, agreed." says little. */
const FULL_SENTENCE = 4;
/** Two picks more alike than this say the same thing. */
const REDUNDANT = 0.7;

/** The TF-IDF vector of each sentence, with document frequencies over the whole meeting. */
export function sentenceVectors(sentences: readonly Sentence[]): TermVector[] {
  const documentFrequency = new Map<string, number>();
  const counts = sentences.map((sentence) => {
    const termCounts = new Map<string, number>();
    for (const word of sentence.words) if (word.content) termCounts.set(word.stem, (termCounts.get(word.stem) ?? 0) + 1);
    for (const term of termCounts.keys()) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    return termCounts;
  });
  return counts.map((termCounts) => {
    const vector: TermVector = new Map();
    let norm = 0;
    for (const [term, count] of termCounts) {
      const weight = count * Math.log(1 + sentences.length / documentFrequency.get(term)!);
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  });
}

/** The dot product of two sparse vectors. */
export function dot(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [term, weight] of small) sum += weight * (large.get(term) ?? 0);
  return sum;
}

/**
 * The `limit` sentences of the group most like the group as a whole, no two alike, in the
 * order they were said.
 */
export function representativeSentences(
  sentences: readonly Sentence[],
  vectors: readonly TermVector[],
  group: readonly number[],
  limit: number,
): number[] {
  const centroid: TermVector = new Map();
  for (const index of group) {
    for (const [term, weight] of vectors[index]!) centroid.set(term, (centroid.get(term) ?? 0) + weight);
  }
  const scored = group
    .map((index) => {
      const contentWords = sentences[index]!.words.filter((word) => word.content).length;
      return { index, score: dot(vectors[index]!, centroid) * Math.min(1, contentWords / FULL_SENTENCE) };
    })
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const picked: number[] = [];
  for (const { index } of scored) {
    if (picked.length >= limit) break;
    if (picked.some((other) => dot(vectors[other]!, vectors[index]!) > REDUNDANT)) continue;
    picked.push(index);
  }
  return picked.sort((a, b) => a - b);
}
