import type { RecordingPhase } from '../../protocol/index.js';

/** Where a meeting's recording is: `off`, `starting`, `on` or `stopping`. */
export type { RecordingPhase };

/** The meeting's recording as this participant sees it. Replaced, never mutated. */
export interface RecordingView {
  readonly state: RecordingPhase;
  /** The recording under way (`undefined` while off). */
  readonly recordingId: string | undefined;
  /** The host who started it. */
  readonly startedBy: { readonly id: string; readonly displayName: string } | undefined;
  /** When it started (ms since the epoch, the server's clock). */
  readonly startedAt: number | undefined;
  /** When this participant agreed to be recorded in it; `undefined`: not (yet). */
  readonly consentedAt: number | undefined;
  /**
   * A recording is under way and this participant has not agreed: the notice must be shown,
   * and nothing of theirs is recorded until they agree (or they leave).
   */
  readonly needsConsent: boolean;
  /** Why the recording stopped when the host did not stop it: the server's disk was full. */
  readonly stoppedBecause: 'disk_full' | undefined;
}

/** Events of the recording manager. */
export type RecordingEvents = {
  /** The recording started, stopped, changed phase, or this participant's consent was taken. */
  recordingchange: [recording: RecordingView];
};

/** What the elements use of a meeting's recording. */
export interface RecordingApi {
  /** The recording as this participant sees it. */
  readonly current: RecordingView;
  on<E extends keyof RecordingEvents>(event: E, listener: (...args: RecordingEvents[E]) => void): () => void;
  /** Host only: starts recording the meeting. Rejects with RequestError (`recording_unavailable`, `forbidden`, `conflict`). */
  start(): Promise<void>;
  /** Host only: stops the recording. */
  stop(): Promise<void>;
  /** Agrees to be recorded in the recording under way; resolves with the consent time the server keeps. */
  consent(): Promise<number>;
}
