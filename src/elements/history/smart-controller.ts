import type { ReactiveControllerHost } from 'lit';
import type { RecordingSummary, RecordsClient, SmartAnswer, TranscriptLine } from '../../core/records/index.js';

/** One ready smart recording as `<we-history>` shows it. */
export interface SmartEntry {
  state: 'loading' | 'ready' | 'error';
  answer: SmartAnswer | undefined;
  error: unknown;
  /** What the transcript search holds. */
  query: string;
  /** The transcript line the player is at (an index into the lines), -1 before the first. */
  line: number;
  /** The status time the answer belongs to: a newer status (a new run) loads it again. */
  updatedAt: number;
}

/** The last line started at `seconds` (-1 before the first); lines are in time order. */
export function lineAt(lines: readonly TranscriptLine[], seconds: number): number {
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lines[middle]!.start <= seconds) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * The smart recordings of a meeting's recordings in `<we-history>`: loads each one the listing
 * says is ready (once per run of the job), and keeps each one's transcript search and the
 * line its recording's player is at. Used by {@link RecordingsController}.
 */
export class SmartController {
  readonly #host: ReactiveControllerHost;
  #entries = new Map<string, SmartEntry>();
  /** Bumped by clear(): answers for a closed meeting are dropped. */
  #generation = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
  }

  /** The smart recording of `recordingId`, once the listing said it is ready. */
  get(recordingId: string): SmartEntry | undefined {
    return this.#entries.get(recordingId);
  }

  /** Follows a new listing of `meeting`: loads what became ready, forgets what went. */
  show(client: RecordsClient, meeting: string, recordings: readonly RecordingSummary[]): void {
    const next = new Map<string, SmartEntry>();
    for (const recording of recordings) {
      const smart = recording.smart;
      if (smart?.state !== 'ready') continue;
      const known = this.#entries.get(recording.id);
      if (known !== undefined && known.updatedAt === smart.updatedAt) next.set(recording.id, known);
      else {
        next.set(recording.id, { state: 'loading', answer: undefined, error: undefined, query: '', line: -1, updatedAt: smart.updatedAt });
        void this.#load(client, meeting, recording.id, smart.updatedAt);
      }
    }
    this.#entries = next;
    this.#host.requestUpdate();
  }

  /** Forgets every smart recording (the details closed, or another meeting chosen). */
  clear(): void {
    this.#generation++;
    this.#entries = new Map();
  }

  /** The transcript search of `recordingId` now holds `query`. */
  search(recordingId: string, query: string): void {
    this.#patch(recordingId, { query });
  }

  /** `recordingId`'s player is at `seconds`: re-renders only when it enters another line. */
  playhead(recordingId: string, seconds: number): void {
    const lines = this.#entries.get(recordingId)?.answer?.result?.transcript.lines;
    if (lines !== undefined) this.#patch(recordingId, { line: lineAt(lines, seconds) });
  }

  async #load(client: RecordsClient, meeting: string, recordingId: string, updatedAt: number): Promise<void> {
    const generation = this.#generation;
    let patch: Partial<SmartEntry>;
    try {
      patch = { state: 'ready', answer: await client.getSmartRecording(meeting, recordingId) };
    } catch (error) {
      patch = { state: 'error', error };
    }
    if (generation === this.#generation && this.#entries.get(recordingId)?.updatedAt === updatedAt) this.#patch(recordingId, patch);
  }

  #patch(recordingId: string, patch: Partial<SmartEntry>): void {
    const entry = this.#entries.get(recordingId);
    if (entry === undefined || Object.entries(patch).every(([key, value]) => entry[key as keyof SmartEntry] === value)) return;
    this.#entries.set(recordingId, { ...entry, ...patch });
    this.#host.requestUpdate();
  }
}
