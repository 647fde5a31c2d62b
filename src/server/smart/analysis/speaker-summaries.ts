// What each participant said, in short: how much they talked (from voice activity, which
// knows nothing of words), their most representative sentences, and the phrases that set them
// apart from the others.
import type { SmartSpeaker, SpeakerSummary, SpeechTurn } from '../../../protocol/smart-recording.js';
import { rankPhrases, type PhraseCandidate } from './key-phrases.js';
import { representativeSentences, type TermVector } from './sentence-ranking.js';
import { clip, type Sentence } from './text.js';

/** What speaker summaries are made from. */
export interface SummaryInput {
  speakers: readonly SmartSpeaker[];
  /** Sorted by start. */
  turns: readonly SpeechTurn[];
  sentences: readonly Sentence[];
  vectors: readonly TermVector[];
  candidates: readonly PhraseCandidate[];
}

/** Seconds covered by the turns, overlapping turns counted once. */
function talkTime(turns: readonly SpeechTurn[]): number {
  let total = 0;
  let coveredUntil = -Infinity;
  for (const turn of turns) {
    const from = Math.max(turn.start, coveredUntil);
    if (turn.end > from) total += turn.end - from;
    coveredUntil = Math.max(coveredUntil, turn.end);
  }
  return total;
}

/** One summary per speaker, in the speakers' order; those who never spoke get zeros. */
export function summariseSpeakers(input: SummaryInput): SpeakerSummary[] {
  const talk = input.speakers.map((speaker) => talkTime(input.turns.filter((turn) => turn.speaker === speaker.id)));
  const allTalk = talk.reduce((total, seconds) => total + seconds, 0);
  const speaking = new Set(input.sentences.map((sentence) => sentence.speaker));
  return input.speakers.map((speaker, i) => {
    const own = input.sentences.filter((sentence) => sentence.speaker === speaker.id).map((sentence) => sentence.index);
    const keySentences = representativeSentences(input.sentences, input.vectors, own, own.length >= 20 ? 5 : 3).map(
      (index) => clip(input.sentences[index]!.text, 2000),
    );
    const keyPhrases =
      own.length === 0
        ? []
        : rankPhrases(input.candidates, {
            limit: 8,
            within: (sentence) => input.sentences[sentence]!.speaker === speaker.id,
            distinctive: speaking.size > 1,
          }).map(({ phrase }) => clip(phrase, 200));
    return {
      speaker: speaker.id,
      name: speaker.name,
      talkTime: talk[i]!,
      share: allTalk === 0 ? 0 : Math.min(1, talk[i]! / allTalk),
      turns: input.turns.filter((turn) => turn.speaker === speaker.id).length,
      keySentences,
      keyPhrases,
    };
  });
}
