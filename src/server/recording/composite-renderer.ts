import { rename, rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import { compositeLayout, renderComposite } from './composite.js';
import type { ManifestComposite } from './manifest.js';
import { COMPOSITE_FILE, type RecordingStorage } from './recording-storage.js';

/** The name the composite has while being rendered. */
const RENDERING_FILE = 'composite-rendering.mp4';
/** How often, at most, the manifest records a render's progress. */
const PROGRESS_PERIOD_MS = 1000;

/** What the renderer is built with. */
export interface CompositeRendererOptions {
  storage: RecordingStorage;
  ffmpegPath: string;
  logger: Logger;
  /**
   * Called whenever a composite's entry changes: rendering begins, progresses (about once a
   * second), becomes ready or fails. A throwing listener is logged and changes nothing.
   */
  onProgress?: (recordingId: string, composite: ManifestComposite) => void;
}

/**
 * Renders the composites of stopped recordings in the background, one at a time per server
 * (a render takes a CPU core or more; live meetings come first). Each render keeps the
 * recording's manifest up to date — `rendering` with its progress, then `ready` or `failed`
 * with why — and writes under a temporary name first, so `composite.mp4` is always whole.
 */
export class CompositeRenderer {
  readonly #options: CompositeRendererOptions;
  readonly #queue: string[] = [];
  readonly #waiting = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  #current: { recordingId: string; abort: AbortController } | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(options: CompositeRendererOptions) {
    this.#options = options;
  }

  /** The recording whose composite is being rendered now, if any. */
  get rendering(): string | undefined {
    return this.#current?.recordingId;
  }

  /**
   * Queues the recording's composite to be rendered (again, if it was: its files changed).
   * Resolves once that render has ended, however it ended; never rejects.
   */
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

  /**
   * Queues every stopped recording whose composite was left unfinished (the server stopped
   * while rendering it).
   */
  async resumeUnfinished(): Promise<void> {
    for (const manifest of await this.#options.storage.list()) {
      if (manifest.status === 'stopped' && manifest.composite?.state === 'rendering') void this.enqueue(manifest.id);
    }
  }

  /** Stops the render under way and forgets the queue (the server is shutting down); idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    this.#current?.abort.abort();
    await this.#running;
    for (const { resolve } of this.#waiting.values()) resolve();
    this.#waiting.clear();
  }

  async #drain(): Promise<void> {
    for (let recordingId = this.#queue.shift(); recordingId !== undefined; recordingId = this.#queue.shift()) {
      const waiting = this.#waiting.get(recordingId);
      this.#waiting.delete(recordingId);
      try {
        await this.#render(recordingId);
      } catch (error) {
        this.#options.logger.error({ err: error, recording: recordingId }, 'rendering a composite failed');
      }
      waiting?.resolve();
    }
  }

  async #render(recordingId: string): Promise<void> {
    const { storage, logger } = this.#options;
    const manifest = await storage.readManifest(recordingId);
    if (manifest === undefined) {
      logger.warn({ recording: recordingId }, 'no composite for a recording that is gone');
      return;
    }
    const { duration } = compositeLayout(manifest);
    if (duration <= 0) {
      logger.info({ recording: recordingId }, 'no composite for a recording without media');
      return;
    }
    let composite: ManifestComposite = { file: COMPOSITE_FILE, state: 'rendering', progress: 0, duration };
    await this.#update(recordingId, composite);
    const abort = new AbortController();
    this.#current = { recordingId, abort };
    const temporary = storage.path(recordingId, RENDERING_FILE);
    const started = Date.now();
    let reported = started;
    let saving = Promise.resolve();
    try {
      await renderComposite({
        ffmpegPath: this.#options.ffmpegPath,
        manifest,
        pathOf: (file) => storage.path(recordingId, file),
        output: temporary,
        signal: abort.signal,
        onProgress: (progress) => {
          if (progress <= composite.progress || Date.now() - reported < PROGRESS_PERIOD_MS) return;
          reported = Date.now();
          composite = { ...composite, progress };
          const snapshot = composite;
          saving = saving.then(() => this.#update(recordingId, snapshot));
        },
      });
      await rename(temporary, storage.path(recordingId, COMPOSITE_FILE));
      await saving;
      composite = { file: COMPOSITE_FILE, state: 'ready', progress: 1, duration };
      logger.info({ recording: recordingId, duration, seconds: (Date.now() - started) / 1000 }, 'composite rendered');
    } catch (error) {
      await rm(temporary, { force: true });
      await saving;
      if (abort.signal.aborted) {
        // Left as `rendering`: the next start of the server renders it again.
        logger.info({ recording: recordingId }, 'composite rendering stopped with the server');
        return;
      }
      composite = { file: COMPOSITE_FILE, state: 'failed', progress: composite.progress, duration, error: (error as Error).message };
      logger.warn({ err: error, recording: recordingId }, 'the composite could not be rendered');
    } finally {
      this.#current = undefined;
    }
    await this.#update(recordingId, composite);
  }

  /**
   * Records the composite's entry in the manifest as it is on disk now (others may have
   * changed the rest of it meanwhile) and tells the listener.
   */
  async #update(recordingId: string, composite: ManifestComposite): Promise<void> {
    const manifest = await this.#options.storage.updateManifest(recordingId, (current) => ({ ...current, composite }));
    if (manifest === undefined) return;
    try {
      this.#options.onProgress?.(recordingId, composite);
    } catch (error) {
      this.#options.logger.error({ err: error, recording: recordingId }, 'a composite progress listener threw');
    }
  }
}
