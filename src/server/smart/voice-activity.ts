// Voice activity on one participant's own track. Each person is recorded on a track of their
// own, close to their microphone and already noise-suppressed by the browser, so a level
// detector that adapts to the track's own noise floor finds talk turns well; it needs no model.

/** How turns are found; the defaults suit speech. */
export interface VoiceActivityOptions {
  /** Analysis frame, ms. */
  frameMs?: number;
  /** Shorter bursts are not speech (a click, a cough), ms. */
  minSpeechMs?: number;
  /** Quiet this long ends a turn; shorter pauses stay inside it, ms. */
  hangoverMs?: number;
  /** Kept around each turn so its first and last sounds are whole, ms. */
  paddingMs?: number;
  /** Longer turns are split at their quietest moment (engines take bounded pieces), seconds. */
  maxTurnSeconds?: number;
  /** Below this level (dBFS) nothing is speech, however quiet the rest of the track. */
  minLevelDb?: number;
}

/** A stretch of speech, in seconds from the start of the samples. */
export interface VoiceTurn {
  start: number;
  end: number;
}

const SILENT_DB = -100;

/** Each frame's level in dBFS. */
function frameLevels(samples: Int16Array, frame: number): Float64Array {
  const levels = new Float64Array(Math.floor(samples.length / frame));
  for (let index = 0; index < levels.length; index++) {
    let sum = 0;
    for (let sample = index * frame; sample < (index + 1) * frame; sample++) sum += samples[sample]! * samples[sample]!;
    const rms = Math.sqrt(sum / frame) / 32768;
    levels[index] = rms > 0 ? Math.max(SILENT_DB, 20 * Math.log10(rms)) : SILENT_DB;
  }
  return levels;
}

function percentile(values: Float64Array, fraction: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? SILENT_DB;
}

/**
 * The talk turns in `samples` (mono 16-bit PCM): a frame is speech when its level stands well
 * above the track's noise floor (its 10th percentile) relative to its speech level (95th);
 * pauses shorter than the hangover stay inside a turn, bursts shorter than the minimum are
 * dropped, each turn is padded, and long turns are split at their quietest frame.
 */
export function voiceActivity(samples: Int16Array, sampleRate: number, options: VoiceActivityOptions = {}): VoiceTurn[] {
  const frameMs = options.frameMs ?? 30;
  const frame = Math.max(1, Math.round((sampleRate * frameMs) / 1000));
  const levels = frameLevels(samples, frame);
  if (levels.length === 0) return [];
  const floor = percentile(levels, 0.1);
  const loud = percentile(levels, 0.95);
  const minLevel = options.minLevelDb ?? -55;
  if (loud < minLevel || loud - floor < 6) return [];
  const threshold = Math.max(minLevel, floor + Math.max(6, 0.3 * (loud - floor)));

  const hangover = Math.ceil((options.hangoverMs ?? 500) / frameMs);
  const minSpeech = Math.ceil((options.minSpeechMs ?? 250) / frameMs);
  const runs: [number, number][] = [];
  let start = -1;
  let quiet = 0;
  let voiced = 0;
  for (let index = 0; index < levels.length; index++) {
    const speech = levels[index]! >= threshold;
    if (start < 0) {
      if (speech) [start, quiet, voiced] = [index, 0, 1];
      continue;
    }
    if (speech) {
      quiet = 0;
      voiced++;
    } else if (++quiet >= hangover) {
      if (voiced >= minSpeech) runs.push([start, index - quiet + 1]);
      start = -1;
    }
  }
  if (start >= 0 && voiced >= minSpeech) runs.push([start, levels.length - quiet]);

  const padding = Math.round((options.paddingMs ?? 150) / frameMs);
  const maxFrames = Math.max(minSpeech * 2, Math.floor(((options.maxTurnSeconds ?? 30) * 1000) / frameMs));
  const turns: VoiceTurn[] = [];
  for (const [first, end] of runs) {
    const from = Math.max(0, first - padding, turns.length === 0 ? 0 : Math.round((turns.at(-1)!.end * 1000) / frameMs));
    for (const [a, b] of split(levels, from, Math.min(levels.length, end + padding), maxFrames)) {
      turns.push({ start: (a * frameMs) / 1000, end: (b * frameMs) / 1000 });
    }
  }
  return turns;
}

/** `[from, to)` cut into pieces no longer than `max` frames, each cut at the quietest frame of its second half. */
function split(levels: Float64Array, from: number, to: number, max: number): [number, number][] {
  const pieces: [number, number][] = [];
  let start = from;
  while (to - start > max) {
    let cut = start + max;
    for (let index = start + Math.floor(max / 2); index < start + max; index++) if (levels[index]! < levels[cut]!) cut = index;
    pieces.push([start, cut]);
    start = cut;
  }
  pieces.push([start, to]);
  return pieces;
}
