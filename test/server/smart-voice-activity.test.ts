import { test } from 'node:test';
import assert from 'node:assert/strict';
import { voiceActivity } from '../../src/server/smart/voice-activity.js';

const RATE = 16_000;

/** Noise at `noiseDb` with bursts of a voiced sound (a 180 Hz buzz with harmonics) at `speechDb`. */
function track(seconds: number, bursts: [number, number][], speechDb = -20, noiseDb = -65, seed = 7): Int16Array {
  const samples = new Int16Array(seconds * RATE);
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 2 - 1;
  const noise = 32768 * 10 ** (noiseDb / 20);
  const speech = 32768 * 10 ** (speechDb / 20);
  for (let index = 0; index < samples.length; index++) {
    const time = index / RATE;
    let value = random() * noise * Math.SQRT2;
    if (bursts.some(([from, to]) => time >= from && time < to)) {
      // Syllables: the level rises and falls four times a second.
      const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * time);
      value += envelope * speech * (Math.sin(2 * Math.PI * 180 * time) + 0.5 * Math.sin(2 * Math.PI * 360 * time));
    }
    samples[index] = Math.max(-32768, Math.min(32767, Math.round(value)));
  }
  return samples;
}

const near = (actual: number, expected: number, tolerance = 0.25) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} s of ${expected}`);

test('voice activity finds each burst of speech within a quarter second, padded, and nothing in the noise', () => {
  const turns = voiceActivity(track(12, [[1, 3.5], [6, 8], [10, 11]]), RATE);
  assert.equal(turns.length, 3);
  const expected: [number, number][] = [[1, 3.5], [6, 8], [10, 11]];
  turns.forEach((turn, index) => {
    near(turn.start, expected[index]![0] - 0.15);
    near(turn.end, expected[index]![1] + 0.15);
  });
});

test('a pause shorter than the hangover stays inside the turn; a longer one ends it', () => {
  assert.equal(voiceActivity(track(8, [[1, 3], [3.3, 5]]), RATE).length, 1);
  assert.equal(voiceActivity(track(8, [[1, 3], [4, 5]]), RATE).length, 2);
});

test('a click shorter than the minimum speech is not a turn', () => {
  assert.deepEqual(voiceActivity(track(6, [[2, 2.1]]), RATE), []);
});

test('silence, steady noise and a track too quiet to hold speech give no turns', () => {
  assert.deepEqual(voiceActivity(new Int16Array(5 * RATE), RATE), []);
  assert.deepEqual(voiceActivity(track(5, []), RATE), []);
  assert.deepEqual(voiceActivity(track(5, [[1, 3]], -70, -90), RATE), []);
  assert.deepEqual(voiceActivity(new Int16Array(0), RATE), []);
});

test('the floor adapts: speech over louder noise is still found', () => {
  const turns = voiceActivity(track(8, [[2, 5]], -15, -45), RATE);
  assert.equal(turns.length, 1);
  near(turns[0]!.start, 1.85, 0.3);
  near(turns[0]!.end, 5.15, 0.3);
});

test('a long turn is cut into pieces no longer than the maximum, end to end', () => {
  const turns = voiceActivity(track(40, [[1, 37]]), RATE, { maxTurnSeconds: 10 });
  assert.ok(turns.length >= 4, `${turns.length} pieces`);
  for (const turn of turns) assert.ok(turn.end - turn.start <= 10 + 1e-9);
  for (let index = 1; index < turns.length; index++) assert.equal(turns[index]!.start, turns[index - 1]!.end);
  near(turns[0]!.start, 0.85);
  near(turns.at(-1)!.end, 37.15);
});
