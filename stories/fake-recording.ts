import { TypedEmitter } from '../src/core/emitter.js';
import { InvalidStateError, RequestError } from '../src/core/errors.js';
import { RECORDING_OFF } from '../src/core/recording/recording-session.js';
import type { RecordingApi, RecordingEvents, RecordingPhase, RecordingView } from '../src/core/recording/recording-types.js';

/** Everything a {@link FakeRecording} starts with. */
export interface FakeRecordingOptions {
  /** Where the recording is (default `off`). */
  state?: RecordingPhase;
  /** Who started it (default a host named "Hana"). */
  startedBy?: { id: string; displayName: string };
  /** When it started (default: a minute and five seconds ago). */
  startedAt?: number;
  /** This participant agreed already, at this time. */
  consentedAt?: number;
  /** start() and stop() stay `starting` / `stopping` until finishStart() / finishStop(). */
  hold?: boolean;
  /** start() rejects with this error (e.g. `recording_unavailable`). */
  startError?: Error;
  /** consent() rejects with this error. */
  consentError?: Error;
  /** With `state: 'off'`: the server stopped the last recording by itself (a full disk). */
  stoppedBecause?: 'disk_full';
}

/** The local participant as the fake recording needs it (its role decides what the server allows). */
export type FakeRecordingSelf = () => { id: string; displayName: string; role: 'host' | 'participant' } | undefined;

/** A call made on the fake, for assertions. */
export interface FakeRecordingCall {
  method: string;
  args: unknown[];
}

const OFF = RECORDING_OFF;

/**
 * A {@link RecordingApi} without a server, for stories and element tests. It keeps the rules
 * the server and the core's recording manager keep: only hosts start and stop, one recording at
 * a time, `off → starting → on → stopping → off`, the host who starts it has agreed by starting
 * it, everyone else needs to agree, and consent is taken only while a recording is under way.
 */
export class FakeRecording extends TypedEmitter<RecordingEvents> implements RecordingApi {
  current: RecordingView = OFF;
  readonly calls: FakeRecordingCall[] = [];
  startError: Error | undefined;
  consentError: Error | undefined;
  readonly #self: FakeRecordingSelf;
  readonly #hold: boolean;
  #finish: (() => void) | undefined;
  #nextId = 1;

  /** `self` gives the local participant (its role decides what the server allows). */
  constructor(options: FakeRecordingOptions = {}, self: FakeRecordingSelf = () => undefined) {
    super();
    this.#self = self;
    this.#hold = options.hold ?? false;
    this.startError = options.startError;
    this.consentError = options.consentError;
    const state = options.state ?? 'off';
    if (state === 'off') this.current = { ...OFF, stoppedBecause: options.stoppedBecause };
    else {
      const startedAt = options.startedAt ?? Date.now() - 65_000;
      this.current = {
        state,
        recordingId: `rec-${this.#nextId++}`,
        startedBy: options.startedBy ?? { id: 'hana', displayName: 'Hana' },
        startedAt,
        consentedAt: options.consentedAt,
        needsConsent: (state === 'starting' || state === 'on') && options.consentedAt === undefined,
        stoppedBecause: undefined,
      };
    }
  }

  /** The calls of one method. */
  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  async start(): Promise<void> {
    this.calls.push({ method: 'start', args: [] });
    const self = this.#self();
    if (self === undefined) throw new InvalidStateError('not in a meeting');
    if (self.role !== 'host') throw new RequestError('startRecording', 'forbidden', 'only a host may start a recording');
    if (this.startError !== undefined) throw this.startError;
    if (this.current.state !== 'off') throw new RequestError('startRecording', 'conflict', 'this meeting is already being recorded');
    const startedAt = Date.now();
    const recordingId = `rec-${this.#nextId++}`;
    const startedBy = { id: self.id, displayName: self.displayName };
    this.set({ state: 'starting', recordingId, startedBy, startedAt, consentedAt: startedAt, needsConsent: false, stoppedBecause: undefined });
    if (this.#hold) await new Promise<void>((resolve) => (this.#finish = resolve));
    this.set({ ...this.current, state: 'on' });
  }

  async stop(): Promise<void> {
    this.calls.push({ method: 'stop', args: [] });
    const self = this.#self();
    if (self === undefined) throw new InvalidStateError('not in a meeting');
    if (self.role !== 'host') throw new RequestError('stopRecording', 'forbidden', 'only a host may stop a recording');
    if (this.current.state !== 'on' && this.current.state !== 'starting') {
      throw new RequestError('stopRecording', 'conflict', 'this meeting is not being recorded');
    }
    this.set({ ...this.current, state: 'stopping', needsConsent: false });
    if (this.#hold) await new Promise<void>((resolve) => (this.#finish = resolve));
    this.set(OFF);
  }

  async consent(): Promise<number> {
    this.calls.push({ method: 'consent', args: [] });
    if (this.current.recordingId === undefined || !this.current.needsConsent) throw new InvalidStateError('no recording awaits consent');
    if (this.consentError !== undefined) throw this.consentError;
    const consentedAt = Date.now();
    this.set({ ...this.current, consentedAt, needsConsent: false });
    return consentedAt;
  }

  // Helpers that play the server's part.

  /** A start or stop held by `hold` completes. */
  finish(): void {
    const finish = this.#finish;
    this.#finish = undefined;
    finish?.();
  }

  /** Another host starts recording (this participant has not agreed yet). */
  startedByOther(startedBy = { id: 'hana', displayName: 'Hana' }, state: 'starting' | 'on' = 'on'): void {
    this.set({ state, recordingId: `rec-${this.#nextId++}`, startedBy, startedAt: Date.now(), consentedAt: undefined, needsConsent: true, stoppedBecause: undefined });
  }

  /** The server stopped the recording by itself: its disk is full. */
  stoppedByDiskFull(): void {
    this.set({ ...OFF, stoppedBecause: 'disk_full' });
  }

  /** The recording moves to `state` as the server says (`off` ends it). */
  setPhase(state: RecordingPhase): void {
    if (state === 'off') return this.set(OFF);
    const under = state === 'starting' || state === 'on';
    this.set({ ...this.current, state, needsConsent: under && this.current.consentedAt === undefined });
  }

  /** Replaces the view and emits `recordingchange`, as the core's manager does on a real change. */
  set(next: RecordingView): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.safeEmit('recordingchange', next);
  }
}
