// Extractive minutes: key points are the meeting's most representative sentences, one per
// chapter first so that every part of the meeting is heard; decisions and action items are
// the sentences that say so in the usual words ("we agreed", "Bob will", "我负责").
import type { ActionItem, Chapter, Decision, Minutes, SmartSpeaker } from '../../../protocol/smart-recording.js';
import { representativeSentences, dot, type TermVector } from './sentence-ranking.js';
import { clip, type Sentence } from './text.js';

/** What the minutes are made from. */
export interface MinutesInput {
  title: string;
  /** ms since the epoch. */
  startedAt: number;
  /** Seconds. */
  duration: number;
  speakers: readonly SmartSpeaker[];
  chapters: readonly Chapter[];
  /** The chapter of each sentence. */
  sentenceChapters: readonly number[];
  sentences: readonly Sentence[];
  vectors: readonly TermVector[];
}

const MAX_KEY_POINTS = 10;
const MAX_LISTED = 200;
/** A sentence longer than this (a whole unpunctuated turn) is cut down to the words around its cue. */
const LONG_SENTENCE = 300;

const DECISION_CUES = [
  /\b(?:we|we've|we have|we all|everyone|everybody)\s+(?:\w+\s+)?(?:decided|agreed|settled on|concluded|chose|approved)\b/i,
  /\blet'?s go with\b/i,
  /\b(?:we're|we are|we'll|we will) go(?:ing)? with\b/i,
  /\bthe (?:final )?decision is\b/i,
  /\b(?:it's|it is|that's|that is) (?:decided|agreed|settled|final)\b/i,
  /\bdecision:/i,
  /决定|同意|确定|通过|定下来|就这么定/,
];

const ACTION_CUES = [
  /\baction items?\b/i,
  // "Carol will …": someone by name, though not among the speakers.
  /\b(?:[A-Z][a-z]+|we)(?:'ll| will| is going to| are going to)\b/,
  /\bwe (?:need|have|ought) to\b/i,
  /\b(?:you|we) (?:should|must)\b/i,
  /\b(?:can|could|would) you\b/i,
  /\bby (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|next week|the end of|end of|eod)\b/i,
  /\bfollow(?:[- ]up| up on)\b/i,
  /\bto-?do\b/i,
  /\bdeadline\b/i,
  /负责|需要|下周|明天|之前|截止|跟进|待办/,
];

/** "I will …", "I'll …", "我来 …": the speaker takes it on. */
const FIRST_PERSON = /\bI(?:'ll| will| am going to|'m going to| shall| can take)\b|\blet me (?:take|do|send|check|follow|write|prepare|handle|look)\b|我(?:来|会|负责|去)/i;

/** `text` with regular-expression metacharacters escaped. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Patterns that give a task to one speaker by name: "Bob will …", "Bob, can you …", "鲍勃负责 …". */
function namedAssignees(speakers: readonly SmartSpeaker[]): { name: string; pattern: RegExp }[] {
  return speakers.flatMap((speaker) => {
    const names = new Set([speaker.name.trim(), speaker.name.trim().split(/\s+/)[0] ?? ''].filter((name) => name.length >= 2));
    return [...names].map((name) => {
      const escaped = escapeRegExp(name);
      const latin = `\\b${escaped}\\b,?\\s+(?:will|is going to|should|needs to|has to|to|can you|could you|would you|please)\\b`;
      const vocative = `\\b${escaped}\\b,\\s*(?:[^,.?!]{0,40}\\s)?(?:can|could|would) you\\b`;
      const chinese = `${escaped}[^，。！？,.!?]{0,6}?(?:来|会(?!议)|负责|去|需要)`;
      return { name: speaker.name, pattern: new RegExp(`${latin}|${vocative}|${chinese}`, 'i') };
    });
  });
}

/** The words around a cue, when the sentence is a whole unpunctuated turn. */
function around(text: string, match: RegExpExecArray): string {
  if (text.length <= LONG_SENTENCE) return text;
  const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, match.index - 60)) + 1);
  const toSpace = text.indexOf(' ', match.index + 240);
  const to = toSpace < 0 ? text.length : toSpace;
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}

function firstMatch(patterns: readonly RegExp[], text: string): RegExpExecArray | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match !== null) return match;
  }
  return null;
}

/** Sentences that state a decision (questions do not). */
export function findDecisions(sentences: readonly Sentence[]): Decision[] {
  const decisions: Decision[] = [];
  for (const sentence of sentences) {
    if (/[?？]\s*$/.test(sentence.text)) continue;
    const match = firstMatch(DECISION_CUES, sentence.text);
    if (match !== null) decisions.push({ text: clip(around(sentence.text, match), 2000), at: sentence.start });
  }
  return decisions.slice(0, MAX_LISTED);
}

/** Sentences that give someone something to do, with who when the sentence says. */
export function findActionItems(sentences: readonly Sentence[], speakers: readonly SmartSpeaker[]): ActionItem[] {
  const assignees = namedAssignees(speakers);
  const items: ActionItem[] = [];
  for (const sentence of sentences) {
    const named = assignees.map(({ name, pattern }) => ({ name, match: pattern.exec(sentence.text) })).find(({ match }) => match !== null);
    const own = FIRST_PERSON.exec(sentence.text);
    const cue = named?.match ?? own ?? firstMatch(ACTION_CUES, sentence.text);
    if (cue === null) continue;
    const speakerName = speakers.find((speaker) => speaker.id === sentence.speaker)?.name ?? null;
    const who = named !== undefined ? named.name : own !== null ? speakerName : null;
    items.push({ who: who === null ? null : clip(who, 200), what: clip(around(sentence.text, cue), 2000), at: sentence.start });
  }
  return items.slice(0, MAX_LISTED);
}

/** The meeting's key points: each chapter's most representative sentence, then the meeting's. */
function keyPoints(input: MinutesInput): string[] {
  const target = Math.min(MAX_KEY_POINTS, Math.max(3, input.chapters.length));
  const picked: number[] = [];
  input.chapters.forEach((_, chapter) => {
    const group = input.sentences.filter((sentence) => input.sentenceChapters[sentence.index] === chapter).map((s) => s.index);
    const [best] = representativeSentences(input.sentences, input.vectors, group, 1);
    if (best !== undefined && picked.length < target) picked.push(best);
  });
  const all = input.sentences.map((sentence) => sentence.index);
  for (const index of representativeSentences(input.sentences, input.vectors, all, target)) {
    if (picked.length >= target) break;
    if (!picked.some((other) => other === index || dot(input.vectors[other]!, input.vectors[index]!) > 0.7)) picked.push(index);
  }
  return picked.sort((a, b) => a - b).map((index) => clip(input.sentences[index]!.text, 2000));
}

/** The minutes, written from the transcript's own sentences. */
export function extractMinutes(input: MinutesInput): Minutes {
  return {
    title: clip(input.title, 300),
    date: input.startedAt,
    attendees: input.speakers.map((speaker) => speaker.name),
    duration: input.duration,
    agenda: input.chapters.map(({ title, start }) => ({ title, start })),
    keyPoints: keyPoints(input),
    decisions: findDecisions(input.sentences),
    actionItems: findActionItems(input.sentences, input.speakers),
    writtenBy: 'extractive',
  };
}
