// The word error rate the speech-to-text tests and benchmark measure with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizedWords, wordErrorRate } from '../fixtures/word-error-rate.js';

test('normalizedWords() lower-cases and strips punctuation, keeping apostrophes within words', () => {
  assert.deepEqual(normalizedWords('Hello, World!  "Don\'t" — stop.'), ['hello', 'world', "don't", 'stop']);
});

test('wordErrorRate() is 0 for the same words, whatever the case and punctuation', () => {
  assert.equal(wordErrorRate('The quick brown fox.', 'the QUICK, brown fox'), 0);
});

test('wordErrorRate() counts a substitution, a deletion and an insertion as one error each', () => {
  assert.equal(wordErrorRate('a b c d', 'a x c d'), 1 / 4);
  assert.equal(wordErrorRate('a b c d', 'a c d'), 1 / 4);
  assert.equal(wordErrorRate('a b c d', 'a b y c d'), 1 / 4);
  assert.equal(wordErrorRate('a b c d', 'b a c'), 3 / 4);
});

test('wordErrorRate() can exceed 1 when words are added', () => {
  assert.equal(wordErrorRate('yes', 'oh yes indeed sir'), 3);
});

test('wordErrorRate() of an empty reference is 0 against nothing and 1 against anything', () => {
  assert.equal(wordErrorRate('', ''), 0);
  assert.equal(wordErrorRate(' ...', 'hello'), 1);
});
