import { PROTOCOL_VERSION, type Participant } from '../protocol/index.js';
import { TypedEmitter } from './emitter.js';
import { InvalidStateError } from './errors.js';
import { SignalingClient, type SignalingOptions } from './signaling.js';

/** Lifecycle of a {@link MeetingClient}. */
export type MeetingState = 'idle' | 'connecting' | 'joined' | 'reconnecting' | 'left' | 'failed';

/** Events of a {@link MeetingClient}. */
export type MeetingClientEvents = {
  /** The state changed; `previous` is the state before. */
  statechange: [state: MeetingState, previous: MeetingState];
  /** A failure the UI should show; the client is `failed` afterwards unless stated otherwise. */
  error: [error: Error];
};

/** Where and as whom to join. */
export interface JoinOptions {
  /** Server base URL (`https://…`, `http://…`) or signaling URL (`wss://…/ws`). */
  server: string;
  /** Nine-digit meeting id. */
  meeting: string;
  /** Host-signed JWT for this meeting. */
  token: string;
}

/** Turns a server base URL into its signaling WebSocket URL. */
export function signalingUrl(server: string): string {
  const url = new URL(server, globalThis.location?.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TypeError(`"server" expected an http(s) or ws(s) URL, got "${server}"`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/ws';
  return url.href;
}

/**
 * The headless meeting client: connects to the server, joins a meeting and tracks the
 * session's state. Framework-free; the `<we-meeting>` element is a view over it.
 */
export class MeetingClient extends TypedEmitter<MeetingClientEvents> {
  #state: MeetingState = 'idle';
  #signaling: SignalingClient | undefined;
  #self: Participant | undefined;
  #meeting: string | undefined;
  #closed = false;
  readonly #signalingOptions: SignalingOptions;

  constructor(options: { signaling?: SignalingOptions } = {}) {
    super();
    this.#signalingOptions = options.signaling ?? {};
  }

  /** Current state. */
  get state(): MeetingState {
    return this.#state;
  }

  /** This participant as the server knows it, once joined. */
  get self(): Participant | undefined {
    return this.#self;
  }

  /** The meeting id, once joined. */
  get meeting(): string | undefined {
    return this.#meeting;
  }

  /** Whether close() was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Connects and joins. Resolves when joined; rejects (and moves to `failed`) with the
   * server's {@link RequestError} or a {@link ConnectionError}.
   */
  async join(options: JoinOptions): Promise<void> {
    if (this.#closed) throw new InvalidStateError('client is closed');
    if (this.#state !== 'idle') throw new InvalidStateError(`join() called in state "${this.#state}"`);
    this.#setState('connecting');
    try {
      const signaling = await SignalingClient.connect(signalingUrl(options.server), this.#signalingOptions);
      this.#signaling = signaling;
      if (this.#closed) {
        signaling.close();
        return;
      }
      signaling.on('close', () => {
        if (this.#state === 'joined' || this.#state === 'connecting') this.#setState('left');
      });
      const welcome = await signaling.request('hello', {
        protocolVersion: PROTOCOL_VERSION,
        meeting: options.meeting,
        token: options.token,
      });
      this.#self = welcome.self;
      this.#meeting = welcome.meeting;
      this.#setState('joined');
    } catch (error) {
      this.#signaling?.close();
      if (this.#closed) return;
      this.#setState('failed');
      this.safeEmit('error', error as Error);
      throw error;
    }
  }

  /** Leaves the meeting and releases everything; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#signaling?.close();
    if (this.#state !== 'failed') this.#setState('left');
  }

  #setState(state: MeetingState): void {
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    this.safeEmit('statechange', state, previous);
  }
}
