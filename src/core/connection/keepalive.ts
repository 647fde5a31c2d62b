import { ConnectionError } from '../errors.js';
import type { Clock } from './clock.js';

/** Options of the keepalive (see {@link Keepalive}). */
export interface KeepaliveOptions {
  /** How often to ping, in milliseconds (default 20 000; the server allows one a second). */
  intervalMs?: number;
  /** How long a ping may go unanswered before the connection counts as lost (default 10 000). */
  timeoutMs?: number;
}

/**
 * Notices a half-open socket: pings the server at an interval while the meeting is joined,
 * and reports the connection dead when a ping goes unanswered for too long. A socket that
 * died without a close frame (a laptop lid, a NAT that forgot the mapping) is otherwise
 * never noticed: nothing is sent on it, so nothing fails.
 */
export class Keepalive {
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #clock: Clock;
  readonly #ping: () => Promise<unknown>;
  readonly #onDead: (error: ConnectionError) => void;
  #timer: unknown;
  #generation = 0;

  constructor(options: {
    clock: Clock;
    ping: () => Promise<unknown>;
    onDead: (error: ConnectionError) => void;
    intervalMs?: number | undefined;
    timeoutMs?: number | undefined;
  }) {
    this.#intervalMs = options.intervalMs ?? 20_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    if (!(this.#intervalMs > 0) || !(this.#timeoutMs > 0)) throw new RangeError('keepalive intervals expected positive numbers');
    this.#clock = options.clock;
    this.#ping = options.ping;
    this.#onDead = options.onDead;
  }

  /** Starts pinging (again, from now). */
  start(): void {
    this.stop();
    this.#schedule(++this.#generation);
  }

  /** Stops pinging; an answer still on its way is ignored. Idempotent. */
  stop(): void {
    this.#generation++;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(generation: number): void {
    this.#timer = this.#clock.setTimeout(() => void this.#beat(generation), this.#intervalMs);
  }

  async #beat(generation: number): Promise<void> {
    let timeout: unknown;
    const unanswered = new Promise<'timeout'>((resolve) => (timeout = this.#clock.setTimeout(() => resolve('timeout'), this.#timeoutMs)));
    // Any answer shows the socket is alive, a refusal (rate_limited) included; a closed
    // socket is the close handler's to report.
    const answered = this.#ping().then(
      () => 'answered' as const,
      (error: unknown) => (error instanceof ConnectionError && error.reason === 'timeout' ? ('timeout' as const) : ('answered' as const)),
    );
    const outcome = await Promise.race([answered, unanswered]);
    this.#clock.clearTimeout(timeout);
    if (generation !== this.#generation) return;
    if (outcome === 'timeout') {
      this.stop();
      this.#onDead(ConnectionError.timeout('keepalive ping', this.#timeoutMs));
      return;
    }
    this.#schedule(generation);
  }
}
