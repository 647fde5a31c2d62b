import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RecordingSummary, RecordsClient } from '../../core/records/index.js';
import { SmartController } from './smart-controller.js';

/** How often a list with a recording (or its smart recording) still under way is asked for again. */
const REFRESH_MS = 2000;

/** What the recordings section shows. */
export interface RecordingsState {
  state: 'idle' | 'loading' | 'ready' | 'error';
  recordings: readonly RecordingSummary[];
  error: unknown;
  /** The recording whose deletion waits for confirmation. */
  confirming: string | undefined;
  /** The recording being deleted. */
  deleting: string | undefined;
  /** The recording whose failed smart recording is being queued again. */
  retrying: string | undefined;
}

/** Whether the server is still at work on `recording`: its progress moves. */
function underWay(recording: RecordingSummary): boolean {
  const smart = recording.smart?.state;
  return recording.state === 'recording' || recording.state === 'rendering' || smart === 'queued' || smart === 'processing';
}

/**
 * A meeting's recordings in `<we-history>`: loads them with the meeting's details, asks again
 * while one is still recorded, rendered or processed into a smart recording (its progress
 * moves), deletes one once its deletion is confirmed, and queues a failed smart recording
 * again. The server decides everything shown; this only keeps its last answer. `smart` holds
 * the smart recordings that are ready.
 */
export class RecordingsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #client: RecordsClient | undefined;
  #meeting: string | undefined;
  #request = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  current: RecordingsState = { state: 'idle', recordings: [], error: undefined, confirming: undefined, deleting: undefined, retrying: undefined };
  readonly smart: SmartController;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    this.smart = new SmartController(host);
    host.addController(this);
  }

  hostDisconnected(): void {
    this.clear();
  }

  /** Shows `meeting`'s recordings (from `client`). */
  load(client: RecordsClient, meeting: string): void {
    this.clear();
    this.#client = client;
    this.#meeting = meeting;
    this.#set({ state: 'loading' });
    void this.#fetch();
  }

  /** Forgets the meeting's recordings (details closed). */
  clear(): void {
    this.#request++;
    clearTimeout(this.#timer);
    this.#client = undefined;
    this.#meeting = undefined;
    this.smart.clear();
    this.#set({ state: 'idle', recordings: [], error: undefined, confirming: undefined, deleting: undefined, retrying: undefined });
  }

  /** Asks to confirm deleting `recordingId` (`undefined`: cancel). */
  confirmDelete(recordingId: string | undefined): void {
    this.#set({ confirming: recordingId, error: undefined });
  }

  /** Deletes the recording whose deletion was confirmed, then lists again. */
  async delete(recordingId: string): Promise<void> {
    const client = this.#client;
    const meeting = this.#meeting;
    if (client === undefined || meeting === undefined || this.current.deleting !== undefined) return;
    this.#set({ deleting: recordingId, confirming: undefined });
    try {
      await client.deleteRecording(meeting, recordingId);
      this.#set({ deleting: undefined, recordings: this.current.recordings.filter((recording) => recording.id !== recordingId) });
    } catch (error) {
      this.#set({ deleting: undefined, error });
    }
  }

  /** Queues `recordingId`'s failed smart recording again and shows its new status. */
  async retrySmart(recordingId: string): Promise<void> {
    const client = this.#client;
    const meeting = this.#meeting;
    if (client === undefined || meeting === undefined || this.current.retrying !== undefined) return;
    // A refresh may come and go meanwhile; only closing the meeting drops the answer.
    const current = () => this.#client === client && this.#meeting === meeting;
    this.#set({ retrying: recordingId, error: undefined });
    try {
      const smart = await client.retrySmartRecording(meeting, recordingId);
      if (!current()) return;
      const recordings = this.current.recordings.map((recording) => (recording.id === recordingId ? { ...recording, smart } : recording));
      this.#set({ retrying: undefined, recordings });
      this.#schedule();
    } catch (error) {
      if (current()) this.#set({ retrying: undefined, error });
    }
  }

  async #fetch(): Promise<void> {
    const client = this.#client;
    const meeting = this.#meeting;
    if (client === undefined || meeting === undefined) return;
    const request = ++this.#request;
    try {
      const recordings = await client.listRecordings(meeting);
      if (request !== this.#request) return;
      this.#set({ state: 'ready', recordings, error: undefined });
      this.smart.show(client, meeting, recordings);
      this.#schedule();
    } catch (error) {
      if (request !== this.#request) return;
      this.#set({ state: 'error', error });
    }
  }

  /** Asks again in a while if the server is still at work on a recording. */
  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.current.recordings.some(underWay)) this.#timer = setTimeout(() => void this.#fetch(), REFRESH_MS);
  }

  #set(patch: Partial<RecordingsState>): void {
    this.current = { ...this.current, ...patch };
    this.#host.requestUpdate();
  }
}
