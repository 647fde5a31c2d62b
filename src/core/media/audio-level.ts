/**
 * Measures the loudness of an audio track (0 silent … 1 full scale) for a level meter.
 * Call close() to release the audio graph.
 */
export class AudioLevelMeter {
  readonly #context: AudioContext;
  readonly #analyser: AnalyserNode;
  readonly #samples: Float32Array<ArrayBuffer>;
  #closed = false;

  constructor(track: MediaStreamTrack) {
    this.#context = new AudioContext();
    const source = this.#context.createMediaStreamSource(new MediaStream([track]));
    this.#analyser = this.#context.createAnalyser();
    this.#analyser.fftSize = 512;
    this.#samples = new Float32Array(this.#analyser.fftSize);
    source.connect(this.#analyser);
  }

  /** Current level: the RMS of the last window, scaled so speech reaches about 0.5–1. */
  get level(): number {
    if (this.#closed) return 0;
    this.#analyser.getFloatTimeDomainData(this.#samples);
    let sum = 0;
    for (const sample of this.#samples) sum += sample * sample;
    return Math.min(1, Math.sqrt(sum / this.#samples.length) * 4);
  }

  /** Releases the audio graph; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#context.close();
  }
}
