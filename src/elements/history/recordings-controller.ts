import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RecordingSummary, RecordsClient } from '../../core/records/index.js';

/** How often a list with a recording still under way or rendering is asked for again. */
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
}

/**
 * A meeting's recordings in `<we-history>`: loads them with the meeting's details, asks again
 * while one is still recorded or rendered (its progress moves), and deletes one once its
 * deletion is confirmed. The server decides everything shown; this only keeps its last answer.
 */
export class RecordingsController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #client: RecordsClient | undefined;
  #meeting: string | undefined;
  #request = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  current: RecordingsState = { state: 'idle', recordings: [], error: undefined, confirming: undefined, deleting: undefined };

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
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
    this.#set({ state: 'idle', recordings: [], error: undefined, confirming: undefined, deleting: undefined });
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

  async #fetch(): Promise<void> {
    const client = this.#client;
    const meeting = this.#meeting;
    if (client === undefined || meeting === undefined) return;
    const request = ++this.#request;
    try {
      const recordings = await client.listRecordings(meeting);
      if (request !== this.#request) return;
      this.#set({ state: 'ready', recordings, error: undefined });
      if (recordings.some((recording) => recording.state === 'recording' || recording.state === 'rendering')) {
        this.#timer = setTimeout(() => void this.#fetch(), REFRESH_MS);
      }
    } catch (error) {
      if (request !== this.#request) return;
      this.#set({ state: 'error', error });
    }
  }

  #set(patch: Partial<RecordingsState>): void {
    this.current = { ...this.current, ...patch };
    this.#host.requestUpdate();
  }
}
