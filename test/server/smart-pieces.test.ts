// Consecutive turns go to the speech-to-text engine together, up to a minute, and what was
// heard goes back to each turn by the words' times.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLE_RATE } from '../../src/server/smart/audio.js';
import { linesOfPiece, MAX_PIECE_SECONDS, PIECE_GAP_SECONDS, pieceSamples, speechPieces } from '../../src/server/smart/speech-pieces.js';

const TURNS = [
  { start: 1, end: 4 },
  { start: 6, end: 10 },
  { start: 12, end: 71 },
  { start: 80, end: 81 },
];

test('turns are grouped in order into pieces of at most a minute, each starting where it is in the piece', () => {
  const pieces = speechPieces(TURNS);
  assert.deepEqual(
    pieces.map((piece) => piece.turns.map((turn) => turn.index)),
    [[0, 1], [2], [3]],
  );
  assert.deepEqual(pieces[0]!.turns.map((turn) => turn.at), [0, 3 + PIECE_GAP_SECONDS]);
  assert.equal(pieces[0]!.duration, 3 + PIECE_GAP_SECONDS + 4);
  for (const piece of pieces) assert.ok(piece.duration <= MAX_PIECE_SECONDS || piece.turns.length === 1);
  // Resuming after the first two turns.
  assert.deepEqual(speechPieces(TURNS, 2).map((piece) => piece.turns.map((turn) => turn.index)), [[2], [3]]);
  assert.deepEqual(speechPieces(TURNS, 4), []);
});

test('a piece holds each turn\'s samples with silence between', () => {
  const samples = new Int16Array(12 * SAMPLE_RATE).map((_, index) => (Math.floor(index / SAMPLE_RATE) % 2 === 0 ? 1000 : -1000));
  const [piece] = speechPieces(TURNS.slice(0, 2));
  const audio = pieceSamples(samples, piece!);
  assert.equal(audio.length, Math.ceil(piece!.duration * SAMPLE_RATE));
  assert.equal(audio[0], samples[1 * SAMPLE_RATE]);
  assert.equal(audio[Math.round(3.2 * SAMPLE_RATE)], 0, 'the gap is silent');
  const second = Math.round(3.4 * SAMPLE_RATE);
  assert.equal(audio[second], samples[6 * SAMPLE_RATE]);
});

test('what was heard goes back to the turns by the words\' middles, on the track\'s timeline; words in the gaps are dropped', () => {
  const [piece] = speechPieces(TURNS.slice(0, 2));
  const word = (text: string, start: number, end: number, confidence: number | null = 0.5) => ({ word: text, start, end, confidence });
  const lines = linesOfPiece(
    { text: 'ignored', confidence: 0.4, words: [word('hello', 0.2, 0.6, 0.8), word('there', 2.5, 3.1, 0.6), word('um', 3.15, 3.35), word('budget', 3.5, 4.0, null)] },
    piece!,
  );
  assert.deepEqual(lines.map((line) => line.text), ['hello there', 'budget']);
  assert.deepEqual(lines.map((line) => [line.start, line.end]), [[1, 4], [6, 10]]);
  assert.deepEqual(lines[0]!.words.map((entry) => [entry.start, entry.end]), [[1.2, 1.6], [3.5, 4]]);
  assert.ok(Math.abs(lines[1]!.words[0]!.start - 6.1) < 1e-9);
  assert.equal(lines[0]!.confidence, 0.7);
  assert.equal(lines[1]!.confidence, 0.4, 'no word confidence: the piece\'s');

  const bare = linesOfPiece({ text: 'all of it', confidence: 0.9, words: [] }, piece!);
  assert.deepEqual(bare.map((line) => [line.text, line.start, line.end]), [['all of it', 1, 10], ['', 6, 10]]);
});
