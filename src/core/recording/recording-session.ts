import type { RecordingState } from '../../protocol/index.js';
import type { SignalingLink } from '../connection/transport.js';
import { TypedEmitter } from '../emitter.js';
import { InvalidStateError } from '../errors.js';
import type { RecordingApi, RecordingEvents, RecordingView } from './recording-types.js';

/** The recording as a participant sees it while the meeting is not recorded. */
export const RECORDING_OFF: RecordingView = {
  state: 'off',
  recordingId: undefined,
  startedBy: undefined,
  startedAt: undefined,
  consentedAt: undefined,
  needsConsent: false,
  stoppedBecause: undefined,
};

function view(state: RecordingState): RecordingView {
  const under = state.state === 'starting' || state.state === 'on';
  return {
    state: state.state,
    recordingId: state.recordingId ?? undefined,
    startedBy: state.startedBy ?? undefined,
    startedAt: state.startedAt ?? undefined,
    consentedAt: state.consentedAt ?? undefined,
    needsConsent: under && state.recordingId !== null && state.consentedAt === null,
    stoppedBecause: state.stoppedBecause,
  };
}

/**
 * The meeting's recording as this participant sees it (phase, who started it and when, this
 * participant's consent), the host's start and stop, and the consent the notice asks for. The
 * server enforces who may do what and records nobody who has not agreed; this keeps what it
 * says and emits `recordingchange` when that changes.
 */
export class RecordingSession extends TypedEmitter<RecordingEvents> implements RecordingApi {
  #link: SignalingLink | undefined;
  #current: RecordingView = RECORDING_OFF;
  /** The recording this participant agreed to (before joining, or in the meeting). */
  #agreedTo: string | undefined;

  get current(): RecordingView {
    return this.#current;
  }

  /** A join is set up: `initial` is the recording as the welcome described it. */
  attach(link: SignalingLink, initial: RecordingState | undefined): void {
    this.#link = link;
    this.#set(initial === undefined ? RECORDING_OFF : view(initial));
  }

  /** The join ended: no recording is known until the next one. */
  detach(): void {
    this.#link = undefined;
    this.#set(RECORDING_OFF);
  }

  handleRecordingState(state: RecordingState): void {
    this.#set(view(state));
  }

  /**
   * This participant agreed, before joining, to the recording `recordingId` (the pre-join
   * notice): the join's hello says so, and the server records them from the moment they enter.
   */
  agreeBeforeJoin(recordingId: string | undefined): void {
    this.#agreedTo = recordingId;
  }

  /** What the hello says of consent: the recording agreed to, kept for a rejoin of the same meeting. */
  helloConsent(): { recordingConsent: string } | Record<string, never> {
    return this.#agreedTo === undefined ? {} : { recordingConsent: this.#agreedTo };
  }

  async start(): Promise<void> {
    await this.#require().request('startRecording', {});
  }

  async stop(): Promise<void> {
    await this.#require().request('stopRecording', {});
  }

  async consent(): Promise<number> {
    const link = this.#require();
    const recordingId = this.#current.recordingId;
    if (recordingId === undefined || !this.#current.needsConsent) {
      throw new InvalidStateError('no recording awaits consent');
    }
    const { consentedAt } = await link.request('recordingConsent', { recordingId });
    this.#agreedTo = recordingId;
    // The server's notification says the same; whichever comes first updates the view.
    if (this.#current.recordingId === recordingId) this.#set({ ...this.#current, consentedAt, needsConsent: false });
    return consentedAt;
  }

  #set(next: RecordingView): void {
    // Views are plain data in one key order: equal text, nothing changed.
    if (JSON.stringify(next) === JSON.stringify(this.#current)) return;
    this.#current = next;
    this.safeEmit('recordingchange', next);
  }

  #require(): SignalingLink {
    if (this.#link === undefined) throw new InvalidStateError('not in a meeting');
    return this.#link;
  }
}
