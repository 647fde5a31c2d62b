// How one turn's recognition becomes transcript lines, and who the speakers are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordingManifest } from '../../src/server/recording/manifest.js';
import { atPauses, covers, speakersOf } from '../../src/server/smart/smart-job.js';

const word = (text: string, start: number, end: number) => ({ word: text, start, end, confidence: 0.5 });

test('an unpunctuated turn with word times is cut into sentences at its pauses; its words stay within it', () => {
  const heard = {
    start: 10,
    end: 16,
    text: 'we plant the seeds now the budget is high',
    confidence: 0.7,
    words: [
      word('we', 10.1, 10.3), word('plant', 10.3, 10.6), word('the', 10.6, 10.7), word('seeds', 10.7, 11.2), word('now', 11.2, 11.5),
      word('the', 12.0, 12.1), word('budget', 12.1, 12.5), word('is', 12.5, 12.6), word('high', 12.6, 16.2),
    ],
  };
  const lines = atPauses(heard);
  assert.deepEqual(lines.map((line) => line.text), ['we plant the seeds now', 'the budget is high']);
  assert.deepEqual(lines.map((line) => [line.start, line.end]), [[10, 11.5], [12.0, 16]]);
  assert.equal(lines[1]!.words.at(-1)!.end, 16, 'a word reaching past the turn is cut at its end');
  assert.equal(lines[0]!.confidence, 0.5);
});

test('a short pause after fewer than three words, a punctuated text, or no word times keep the turn one line', () => {
  const short = { start: 0, end: 3, text: 'yes so we go on', confidence: null, words: [word('yes', 0, 0.3), word('so', 0.8, 1), word('we', 1, 1.2), word('go', 1.2, 1.5), word('on', 1.5, 2)] };
  assert.equal(atPauses(short).length, 1);
  const punctuated = { ...short, text: 'Yes. So we go on.' };
  assert.deepEqual(atPauses(punctuated).map((line) => line.text), ['Yes. So we go on.']);
  const bare = { start: 0, end: 3, text: 'hello there', confidence: 0.9, words: [] };
  assert.deepEqual(atPauses(bare), [bare]);
});

test('a person who rejoined is one speaker; engines cover languages by their primary tag', () => {
  const participant = (participantId: string, userId: string, displayName: string) => ({ participantId, userId, displayName, participationId: null, consentedAt: 0 });
  const manifest = { participants: [participant('p1', 'u-ana', 'Ana'), participant('p2', 'u-bo', 'Bo'), participant('p3', 'u-ana', 'Ana')] } as RecordingManifest;
  const { speakers, speakerOf } = speakersOf(manifest);
  assert.deepEqual(speakers, [{ id: 'p1', name: 'Ana' }, { id: 'p2', name: 'Bo' }]);
  assert.equal(speakerOf('p3'), 'p1');
  const engine = { name: 'x', weak: false, transcribe: () => Promise.reject(new Error('unused')) };
  assert.equal(covers({ ...engine, languages: ['en'] }, 'en-GB'), true);
  assert.equal(covers({ ...engine, languages: ['en'] }, 'zh'), false);
  assert.equal(covers({ ...engine, languages: 'any' }, 'zh-Hans'), true);
});
