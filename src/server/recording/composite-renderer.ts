import { rename, rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import { compositeLayout, renderComposite } from './composite.js';
import type { ManifestComposite } from './manifest.js';
import { RecordingJobs } from './recording-jobs.js';
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
  readonly #jobs: RecordingJobs;

  constructor(options: CompositeRendererOptions) {
    this.#options = options;
    this.#jobs = new RecordingJobs(
      (recordingId, signal) => this.#render(recordingId, signal),
      (recordingId, error) => options.logger.error({ err: error, recording: recordingId }, 'rendering a composite failed'),
    );
  }

  /** The recording whose composite is being rendered now, if any. */
  get rendering(): string | undefined {
    return this.#jobs.current;
  }

  /**
   * Queues the recording's composite to be rendered (again, if it was: its files changed).
   * Resolves once that render has ended, however it ended; never rejects.
   */
  enqueue(recordingId: string): Promise<void> {
    return this.#jobs.enqueue(recordingId);
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
  close(): Promise<void> {
    return this.#jobs.close();
  }

  async #render(recordingId: string, signal: AbortSignal): Promise<void> {
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
        signal,
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
      if (signal.aborted) {
        // Left as `rendering`: the next start of the server renders it again.
        logger.info({ recording: recordingId }, 'composite rendering stopped with the server');
        return;
      }
      composite = { file: COMPOSITE_FILE, state: 'failed', progress: composite.progress, duration, error: (error as Error).message };
      logger.warn({ err: error, recording: recordingId }, 'the composite could not be rendered');
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
