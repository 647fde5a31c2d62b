import type { TranscriptWord } from '../../protocol/smart-recording.js';
import { SAMPLE_RATE } from './audio.js';
import type { Recognition } from './engines.js';

// Speech-to-text engines pay a fixed price per call (pocketsphinx loads its model, an endpoint
// answers a request), so consecutive turns of one track go to the engine together: their audio
// one after another with a short silence between, up to a minute, and what was heard is split
// back to the turns by the words' times.

/** The silence put between two turns in a piece, seconds. */
export const PIECE_GAP_SECONDS = 0.4;
/** The most speech in one piece, seconds (a turn longer than this is a piece of its own). */
export const MAX_PIECE_SECONDS = 60;

/** What was heard in one turn, in seconds from its track's start. */
export interface HeardLine {
  start: number;
  end: number;
  text: string;
  confidence: number | null;
  words: TranscriptWord[];
}

/** A turn in a piece: which one, where it is in its track, and where it starts in the piece. */
export interface PieceTurn {
  index: number;
  start: number;
  end: number;
  /** Its start in the piece's audio, seconds. */
  at: number;
}

/** Turns that go to the engine together. */
export interface SpeechPiece {
  turns: PieceTurn[];
  /** The piece's length, seconds. */
  duration: number;
}

/** The turns from `first` on, grouped in order into pieces of at most `max` seconds of audio. */
export function speechPieces(turns: readonly { start: number; end: number }[], first = 0, max = MAX_PIECE_SECONDS): SpeechPiece[] {
  const pieces: SpeechPiece[] = [];
  let piece: SpeechPiece | undefined;
  for (let index = first; index < turns.length; index++) {
    const { start, end } = turns[index]!;
    const length = end - start;
    const at = piece === undefined ? 0 : piece.duration + PIECE_GAP_SECONDS;
    if (piece === undefined || at + length > max) {
      piece = { turns: [{ index, start, end, at: 0 }], duration: length };
      pieces.push(piece);
    } else {
      piece.turns.push({ index, start, end, at });
      piece.duration = at + length;
    }
  }
  return pieces;
}

/** The piece's audio: each turn's samples, with silence between. */
export function pieceSamples(samples: Int16Array, piece: SpeechPiece): Int16Array {
  const audio = new Int16Array(Math.ceil(piece.duration * SAMPLE_RATE));
  for (const turn of piece.turns) {
    const from = Math.max(0, Math.floor(turn.start * SAMPLE_RATE));
    const to = Math.min(samples.length, from + Math.round((turn.end - turn.start) * SAMPLE_RATE));
    const offset = Math.round(turn.at * SAMPLE_RATE);
    audio.set(samples.subarray(from, Math.min(to, from + audio.length - offset)), offset);
  }
  return audio;
}

/**
 * What was heard in a piece, back on its turns (one line each, in order, maybe empty): each
 * word goes to the turn its middle falls in, its times moved to the track's; words in the
 * silences between turns are dropped. Without word times all the text goes to the first turn,
 * spanning the piece's turns.
 */
export function linesOfPiece(heard: Recognition, piece: SpeechPiece): HeardLine[] {
  const first = piece.turns[0]!;
  const last = piece.turns.at(-1)!;
  if (heard.words.length === 0) {
    const whole = { start: first.start, end: last.end, text: heard.text, confidence: heard.confidence, words: [] };
    return piece.turns.map((turn, index) => (index === 0 ? whole : { start: turn.start, end: turn.end, text: '', confidence: null, words: [] }));
  }
  return piece.turns.map((turn) => {
    const length = turn.end - turn.start;
    const words = heard.words
      .filter((word) => {
        const middle = (word.start + word.end) / 2;
        return middle >= turn.at && middle < turn.at + length;
      })
      .map((word) => ({
        word: word.word,
        start: turn.start + Math.max(0, word.start - turn.at),
        end: turn.start + Math.min(length, word.end - turn.at),
        confidence: word.confidence,
      }));
    const rated = words.filter((word) => word.confidence !== null);
    const confidence = rated.length === 0 ? (words.length === 0 ? null : heard.confidence) : rated.reduce((sum, word) => sum + word.confidence!, 0) / rated.length;
    return { start: turn.start, end: turn.end, text: words.map((word) => word.word).join(' '), confidence, words };
  });
}
