/** One job's work on a recording; it stops when `signal` aborts. */
export type RecordingJob = (recordingId: string, signal: AbortSignal) => Promise<void>;

/**
 * Background work on stopped recordings (rendering composites, making smart recordings), one
 * job at a time: each takes a CPU core or more, and live meetings come first. Asking for a
 * recording already waiting joins that job; asking for one that is running queues it again
 * (its files changed since it started).
 */
export class RecordingJobs {
  readonly #run: RecordingJob;
  readonly #onError: (recordingId: string, error: unknown) => void;
  readonly #queue: string[] = [];
  readonly #waiting = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  #current: { recordingId: string; abort: AbortController; done: Promise<void> } | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  /** `run` does one job; `onError` hears a job that threw (the queue goes on). */
  constructor(run: RecordingJob, onError: (recordingId: string, error: unknown) => void) {
    this.#run = run;
    this.#onError = onError;
  }

  /** The recording whose job is running, if any. */
  get current(): string | undefined {
    return this.#current?.recordingId;
  }

  /** Queues a job for the recording; resolves once it has ended, however it ended. Never rejects. */
  enqueue(recordingId: string): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const queued = this.#waiting.get(recordingId);
    if (queued !== undefined) return queued.promise;
    let resolve!: () => void;
    const promise = new Promise<void>((done) => (resolve = done));
    this.#waiting.set(recordingId, { promise, resolve });
    this.#queue.push(recordingId);
    this.#running ??= this.#drain().finally(() => (this.#running = undefined));
    return promise;
  }

  /** Stops the recording's running job, if any; resolves once it has ended. */
  async abort(recordingId: string, reason?: Error): Promise<void> {
    const current = this.#current;
    if (current?.recordingId !== recordingId) return;
    current.abort.abort(reason);
    await current.done;
  }

  /** Stops the running job and forgets the queue (the server is shutting down); idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    this.#current?.abort.abort(new Error('the server is stopping'));
    await this.#running;
    for (const { resolve } of this.#waiting.values()) resolve();
    this.#waiting.clear();
  }

  async #drain(): Promise<void> {
    for (let recordingId = this.#queue.shift(); recordingId !== undefined; recordingId = this.#queue.shift()) {
      const waiting = this.#waiting.get(recordingId);
      this.#waiting.delete(recordingId);
      const abort = new AbortController();
      const done = this.#run(recordingId, abort.signal).catch((error: unknown) => this.#onError(recordingId, error));
      this.#current = { recordingId, abort, done };
      await done;
      this.#current = undefined;
      waiting?.resolve();
    }
  }
}
