import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  isFinalCloseCode,
  parseNotification,
  type Notification,
  type RequestData,
  type ResponseData,
} from '../../protocol/index.js';
import { TypedEmitter } from '../emitter.js';
import { ConnectionError, InvalidResponseError, InvalidStateError, RequestError } from '../errors.js';
import type { MeetingState, SessionEndReason } from '../meeting-types.js';
import { sleep, systemClock, type Clock } from './clock.js';
import { Keepalive, type KeepaliveOptions } from './keepalive.js';
import { backoff, type ReconnectPolicy } from './reconnect-policy.js';
import { signalingUrl, type SignalingLink, type SignalingTransport, type TransportFactory } from './transport.js';

/** The `hello` answer: who this participant is in this join, and who else is there. */
export type Welcome = ResponseData<'hello'>;

/** What `hello` carries besides the protocol version, the meeting and the token. */
export type HelloExtras = Omit<RequestData<'hello'>, 'protocolVersion' | 'meeting' | 'token'>;

/** Where and as whom to join. */
export interface JoinTarget {
  server: string;
  meeting: string;
  token: string;
}

/**
 * What the connection asks of its owner at each join and rejoin. It knows nothing of what
 * the owner sets up: the meeting client attaches its managers here.
 */
export interface ConnectionHooks {
  /** Fields for this join's `hello` (the chat's fresh public keys). */
  hello(meeting: string): Promise<HelloExtras>;
  /** `hello` was answered: set up this join on `link`. A rejection fails the attempt. */
  enter(link: SignalingLink, welcome: Welcome): Promise<void>;
  /** The join completed (state `joined`); `rejoined` after a loss. */
  joined(rejoined: boolean): void;
  /**
   * This join is over: `lost` when the connection dropped or an attempt failed (another
   * attempt may follow, so keep what survives a rejoin), `ended` when no rejoin follows.
   */
  exit(reason: 'lost' | 'ended'): void;
}

/** Events of a {@link Connection}. */
export type ConnectionEvents = {
  statechange: [state: MeetingState, previous: MeetingState];
  /** A validated notification from the server. */
  notification: [notification: Notification];
  /** The join failed, or the connection was lost for good. */
  error: [error: Error];
  /** The session ends within a minute unless its token is renewed. */
  tokenexpiring: [expiresAt: number];
};

/** Options of a {@link Connection}. */
export interface ConnectionOptions {
  transport: TransportFactory;
  /** When to try again after a loss (default: {@link backoff}). */
  reconnect?: ReconnectPolicy | undefined;
  /** Pings that notice a half-open socket; `false` for none. */
  keepalive?: KeepaliveOptions | false | undefined;
  clock?: Clock | undefined;
}

/** Why the session ended, for a final close whose `sessionEnded` notification did not arrive. */
const END_REASON_OF_CLOSE: Partial<Record<number, SessionEndReason>> = {
  [CLOSE_CODES.removed]: 'removed',
  [CLOSE_CODES.replaced]: 'replaced',
  [CLOSE_CODES.meetingEnded]: 'meeting_ended',
};

/** How long before the session's end `tokenexpiring` fires. */
const TOKEN_EXPIRY_WARNING_MS = 60_000;
/** Longest delay a timer keeps (about 24.8 days); a later warning is scheduled again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A server that refused, or answered out of protocol: another attempt would fare no better. */
function isFinalJoinError(error: unknown): error is RequestError | InvalidResponseError {
  return error instanceof RequestError || error instanceof InvalidResponseError;
}

/**
 * The lifecycle of one participant's connection to a meeting: opens the signaling transport,
 * says hello, hands the join to its owner's hooks, pings to notice a half-open socket, and
 * after a loss joins again as its reconnect policy says. The 44xx close codes end the session
 * for good. Keeps the token: a renewal goes to the server, and a rejoin uses the newest.
 */
export class Connection extends TypedEmitter<ConnectionEvents> {
  readonly #hooks: ConnectionHooks;
  readonly #openTransport: TransportFactory;
  readonly #policy: ReconnectPolicy;
  readonly #clock: Clock;
  readonly #keepalive: Keepalive | undefined;
  #expiryTimer: unknown;
  #state: MeetingState = 'idle';
  #closed = false;
  #target: JoinTarget | undefined;
  #transport: SignalingTransport | undefined;
  #unwatch: (() => void)[] = [];
  #welcome: Welcome | undefined;
  #expiresAt: number | undefined;
  #endReason: SessionEndReason | undefined;

  constructor(hooks: ConnectionHooks, options: ConnectionOptions) {
    super();
    this.#hooks = hooks;
    this.#openTransport = options.transport;
    this.#policy = options.reconnect ?? backoff();
    this.#clock = options.clock ?? systemClock;
    if (options.keepalive !== false) {
      this.#keepalive = new Keepalive({
        ...options.keepalive,
        clock: this.#clock,
        ping: () => this.#transport?.request('ping', {}) ?? Promise.resolve(),
        onDead: () => this.#onLost(),
      });
    }
  }

  get state(): MeetingState {
    return this.#state;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The latest `hello` answer. */
  get welcome(): Welcome | undefined {
    return this.#welcome;
  }

  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  get endReason(): SessionEndReason | undefined {
    return this.#endReason;
  }

  /**
   * Connects and joins. Resolves once joined (or once close() stopped the join); rejects
   * (state `failed`) with RequestError, InvalidResponseError or ConnectionError.
   */
  async join(target: JoinTarget): Promise<void> {
    if (this.#closed) throw new InvalidStateError('client is closed');
    if (this.#state !== 'idle') throw new InvalidStateError(`join() called in state "${this.#state}"`);
    this.#target = { ...target };
    this.#setState('connecting');
    try {
      await this.#attempt();
    } catch (error) {
      this.#release('ended');
      if (this.#closed) return;
      this.#setState('failed');
      this.safeEmit('error', error as Error);
      throw error;
    }
    if (!this.#closed) this.#joined(false);
  }

  /**
   * Gives the session a fresh token (same user and meeting) and keeps the new `expiresAt`;
   * later rejoins use it. While reconnecting, the next attempt joins with it. Rejects with
   * RequestError when the server refuses the token, InvalidStateError when not in a meeting.
   */
  async renewToken(token: string): Promise<void> {
    if (typeof token !== 'string' || token === '') throw new TypeError('"token" expected a non-empty string');
    const target = this.#target;
    if (this.#state === 'reconnecting' && target !== undefined) {
      target.token = token;
      return;
    }
    if (this.#state !== 'joined' || this.#transport === undefined) throw this.#notJoined();
    const { expiresAt } = await this.#transport.request('renewToken', { token });
    // Joined implies a target; a close meanwhile rejected the request instead.
    target!.token = token;
    this.#expiresAt = expiresAt ?? undefined;
    this.#watchExpiry();
  }

  /** Leaves: closes the transport and ends the join; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#release('ended');
    if (this.#state !== 'failed') this.#setState('left');
  }

  /** Opens the transport, says hello and lets the hooks set up the join. */
  async #attempt(): Promise<void> {
    const target = this.#target!;
    const transport = await this.#openTransport(signalingUrl(target.server));
    if (this.#closed) return transport.close();
    this.#transport = transport;
    this.#unwatch = [
      transport.on('close', (code) => this.#onClosed(transport, code)),
      transport.on('notification', (name, data) => this.#onNotification(name, data)),
    ];
    const extras = await this.#hooks.hello(target.meeting);
    if (this.#closed) return;
    const welcome = await transport.request('hello', {
      protocolVersion: PROTOCOL_VERSION,
      meeting: target.meeting,
      token: target.token,
      ...extras,
    });
    this.#welcome = welcome;
    this.#expiresAt = welcome.expiresAt ?? undefined;
    await this.#hooks.enter(transport, welcome);
  }

  #joined(rejoined: boolean): void {
    this.#setState('joined');
    this.#keepalive?.start();
    this.#watchExpiry();
    this.#hooks.joined(rejoined);
  }

  /** Fires `tokenexpiring` once the session is within a minute of `expiresAt` (at once if it already is). */
  #watchExpiry(): void {
    this.#clock.clearTimeout(this.#expiryTimer);
    const expiresAt = this.#expiresAt;
    if (expiresAt === undefined) return;
    const wait = expiresAt - TOKEN_EXPIRY_WARNING_MS - this.#clock.now();
    this.#expiryTimer = this.#clock.setTimeout(() => {
      if (wait > MAX_TIMER_MS) this.#watchExpiry();
      else if (this.#state === 'joined' && this.#expiresAt === expiresAt) this.safeEmit('tokenexpiring', expiresAt);
    }, Math.min(Math.max(0, wait), MAX_TIMER_MS));
  }

  /** The connection was lost: join again with backoff; a refusal from the server ends in `failed`. */
  async #reconnect(): Promise<void> {
    this.#release('lost');
    this.#setState('reconnecting');
    let lastError: unknown;
    for (let attempt = 1; !this.#closed; attempt++) {
      const delay = this.#policy.delay(attempt);
      if (delay === undefined) break;
      await sleep(this.#clock, delay);
      if (this.#closed) return;
      try {
        await this.#attempt();
        if (this.#closed) return;
        this.#joined(true);
        return;
      } catch (error) {
        lastError = error;
        this.#release('lost');
        if (isFinalJoinError(error)) break;
      }
    }
    if (this.#closed) return;
    this.#release('ended');
    this.#setState('failed');
    this.safeEmit(
      'error',
      isFinalJoinError(lastError)
        ? lastError
        : new ConnectionError('closed', 'the connection to the meeting was lost and could not be restored', { cause: lastError }),
    );
  }

  /** Closes the transport (our own close is not a loss) and ends the hooks' join. */
  #release(reason: 'lost' | 'ended'): void {
    for (const unwatch of this.#unwatch.splice(0)) unwatch();
    this.#keepalive?.stop();
    this.#clock.clearTimeout(this.#expiryTimer);
    this.#transport?.close();
    this.#transport = undefined;
    this.#hooks.exit(reason);
  }

  #onClosed(transport: SignalingTransport, code: number): void {
    // While connecting, the pending requests reject and join() or #reconnect() handle it.
    if (this.#closed || this.#state !== 'joined' || transport !== this.#transport) return;
    if (!isFinalCloseCode(code)) return this.#onLost();
    // The server ended this participant's session on purpose: do not come back. The
    // `sessionEnded` notification before the close says why; some codes say it alone.
    this.#release('ended');
    this.#endReason ??= END_REASON_OF_CLOSE[code];
    if (this.#endReason !== undefined) return this.#setState('left');
    this.#setState('failed');
    this.safeEmit('error', new ConnectionError('closed', `the server ended the session (code ${code})`));
  }

  /** The socket closed, or went quiet (keepalive): join again. */
  #onLost(): void {
    if (this.#closed || this.#state !== 'joined') return;
    void this.#reconnect();
  }

  #onNotification(name: string, data: unknown): void {
    let notification: Notification | undefined;
    try {
      notification = parseNotification(name, data);
    } catch (error) {
      this.onListenerError('notification', error);
      return;
    }
    if (notification === undefined) return;
    if (notification.name === 'sessionEnded') this.#endReason = notification.data.reason;
    this.safeEmit('notification', notification);
  }

  #notJoined(): InvalidStateError {
    return new InvalidStateError(`not in a meeting (state "${this.#state}")`);
  }

  #setState(state: MeetingState): void {
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    this.safeEmit('statechange', state, previous);
  }
}
