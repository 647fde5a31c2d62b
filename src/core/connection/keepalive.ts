import { ConnectionError } from '../errors.js';
import type { Clock } from './clock.js';

/** Options of the keepalive (see {@link Keepalive}). */
export interface KeepaliveOptions {
  /** How often to ping, in milliseconds (default 20 000; the server allows one a second). */
  intervalMs?: number;
}

/**
 * Notices a half-open socket: pings the server at an interval while the meeting is joined,
 * and reports the connection dead when a ping times out (after the transport's request
 * timeout, 10 s by default). A socket that died without a close frame (a laptop lid, a NAT
 * that forgot the mapping) is otherwise never noticed: nothing is sent on it, so nothing fails.
 */
export class Keepalive {
  readonly #intervalMs: number;
  readonly #clock: Clock;
  readonly #ping: () => Promise<unknown>;
  readonly #onDead: (error: ConnectionError) => void;
  #timer: unknown;
  #generation = 0;

  constructor(options: { clock: Clock; ping: () => Promise<unknown>; onDead: (error: ConnectionError) => void; intervalMs?: number | undefined }) {
    this.#intervalMs = options.intervalMs ?? 20_000;
    if (!(this.#intervalMs > 0)) throw new RangeError(`"intervalMs" expected a positive number, got ${this.#intervalMs}`);
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
  }

  #schedule(generation: number): void {
    this.#timer = this.#clock.setTimeout(() => void this.#beat(generation), this.#intervalMs);
  }

  async #beat(generation: number): Promise<void> {
    try {
      await this.#ping();
    } catch (error) {
      // Only silence counts: a refusal (rate_limited) shows the socket alive, and a socket
      // that closed is the close handler's to report.
      if (generation === this.#generation && error instanceof ConnectionError && error.reason === 'timeout') {
        this.stop();
        return this.#onDead(error);
      }
    }
    if (generation === this.#generation) this.#schedule(generation);
  }
}
