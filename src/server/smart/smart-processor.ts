import { RecordingJobs } from '../recording/recording-jobs.js';
import { SMART_OUTPUTS, smartWorkFile } from '../recording/recording-storage.js';
import type { SmartStage, SmartStatus } from '../../protocol/smart-recording.js';
import { runSmartJob, type SmartJobOptions } from './smart-job.js';

/** How often, at most, the manifest records a job's progress. */
const PROGRESS_PERIOD_MS = 1000;

/** What the processor is built with: what every job needs (its engines), and who hears of its progress. */
export interface SmartProcessorOptions extends Omit<SmartJobOptions, 'onProgress' | 'signal'> {
  /** Hears every change of a job's status; a throwing listener is logged and changes nothing. */
  onStatus?: (recordingId: string, status: SmartStatus) => void;
}

/**
 * Makes the smart recordings of stopped recordings in the background, one job at a time per
 * server, its processes at a lower CPU priority (live meetings come first). A job's status
 * lives in the recording's manifest (`smart`): queued, processing with its step and progress,
 * ready, or failed with why. A job the server stopped is resumed at the next start from the
 * last step it finished; a failed one runs again on `retry()`.
 */
export class SmartProcessor {
  readonly #options: SmartProcessorOptions;
  readonly #jobs: RecordingJobs;

  constructor(options: SmartProcessorOptions) {
    this.#options = options;
    this.#jobs = new RecordingJobs(
      (recordingId, signal) => this.#run(recordingId, signal),
      (recordingId, error) => options.logger.error({ err: error, recording: recordingId }, 'a smart recording job failed unexpectedly'),
    );
  }

  /**
   * What writes the transcripts, as `/healthz` says it: the engine's name (`pocketsphinx`,
   * `openai:<model>`), `unavailable` when the configured one cannot run, or `off`.
   */
  get transcription(): string {
    const { speechToText, noTranscriptReason } = this.#options;
    return speechToText?.name ?? (noTranscriptReason === undefined ? 'off' : 'unavailable');
  }

  /**
   * Queues the recording's smart recording (again, if its job is running: its tracks changed).
   * Resolves once that job has ended, however it ended; never rejects.
   */
  async enqueue(recordingId: string): Promise<void> {
    await this.#setStatus(recordingId, { state: 'queued', stage: null, progress: 0 });
    return this.#jobs.enqueue(recordingId);
  }

  /**
   * Makes the recording's smart recording again from the start (its tracks changed): stops
   * its job under way, removes what was made and kept, and queues it. Resolves once queued.
   */
  async restart(recordingId: string): Promise<void> {
    await this.#jobs.abort(recordingId, new Error('restarted'));
    await this.#forget(recordingId);
    await this.#setStatus(recordingId, { state: 'queued', stage: null, progress: 0 });
    void this.#jobs.enqueue(recordingId);
  }

  /** Runs a failed job again, resuming where it stopped; false when the job had not failed. */
  async retry(recordingId: string): Promise<boolean> {
    const manifest = await this.#options.storage.readManifest(recordingId);
    if (manifest?.smart?.state !== 'failed') return false;
    // Queued before this resolves, so that whoever asked sees it so at once.
    await this.#setStatus(recordingId, { state: 'queued', stage: null, progress: 0 });
    void this.#jobs.enqueue(recordingId);
    return true;
  }

  /** Queues every job the server stopped (queued or processing when it went down). */
  async resumeUnfinished(): Promise<void> {
    for (const manifest of await this.#options.storage.list()) {
      const state = manifest.smart?.state;
      if (manifest.status !== 'recording' && (state === 'queued' || state === 'processing')) void this.enqueue(manifest.id);
    }
  }

  /** Stops the job under way (left to resume at the next start) and forgets the queue; idempotent. */
  close(): Promise<void> {
    return this.#jobs.close();
  }

  async #run(recordingId: string, signal: AbortSignal): Promise<void> {
    const { storage, logger } = this.#options;
    const manifest = await storage.readManifest(recordingId);
    if (manifest === undefined) return;
    const started = Date.now();
    let reported = 0;
    let saving = Promise.resolve();
    const progress = (stage: SmartStage, value: number) => {
      if (Date.now() - reported < PROGRESS_PERIOD_MS) return;
      reported = Date.now();
      saving = saving.then(() => this.#setStatus(recordingId, { state: 'processing', stage, progress: Math.min(1, Math.max(0, value)) }));
    };
    try {
      await this.#setStatus(recordingId, { state: 'processing', stage: 'decoding', progress: 0 });
      await runSmartJob(manifest, { ...this.#options, onProgress: progress, signal });
      await saving;
      await this.#setStatus(recordingId, { state: 'ready', stage: null, progress: 1 });
      logger.info({ recording: recordingId, seconds: (Date.now() - started) / 1000 }, 'smart recording ready');
    } catch (error) {
      await saving;
      if (signal.aborted) {
        // Left as it is: resumed at the next start, or already queued again.
        logger.info({ recording: recordingId }, 'smart recording job stopped');
        return;
      }
      // The message names the step and the engine's answer, never what was said.
      const reason = (error as Error).message.slice(0, 500);
      const current = (await storage.readManifest(recordingId))?.smart;
      await this.#setStatus(recordingId, { state: 'failed', stage: null, progress: current?.progress ?? 0, error: reason });
      logger.warn({ recording: recordingId, reason }, 'the smart recording could not be made');
    }
  }

  /** Removes a smart recording's outputs and kept work (its tracks changed). */
  async #forget(recordingId: string): Promise<void> {
    const { storage } = this.#options;
    const manifest = await storage.readManifest(recordingId);
    if (manifest === undefined) return;
    const files = [...Object.values(SMART_OUTPUTS), ...manifest.segments.map((segment) => smartWorkFile(segment.file))];
    for (const file of files) await storage.removeFile(recordingId, file);
  }

  async #setStatus(recordingId: string, status: Omit<SmartStatus, 'updatedAt'>): Promise<void> {
    const smart: SmartStatus = { ...status, updatedAt: Date.now() };
    const manifest = await this.#options.storage.updateManifest(recordingId, (current) => ({ ...current, smart }));
    if (manifest === undefined) return;
    try {
      this.#options.onStatus?.(recordingId, smart);
    } catch (error) {
      this.#options.logger.error({ err: error, recording: recordingId }, 'a smart recording status listener threw');
    }
  }
}
