import { ProtocolError } from '../../protocol/index.js';

/**
 * A sliding-window limit: at most `limit` events in any `windowMs`. Refusals are typed
 * `rate_limited` errors, so a client can tell a busy server from a broken request.
 */
export class RateLimit {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #what: string;
  #times: number[] = [];

  constructor(limit: number, windowMs: number, what: string) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#what = what;
  }

  /** Counts one event at `now`, or throws `rate_limited` when the window is full. */
  take(now = Date.now()): void {
    this.#times = this.#times.filter((time) => now - time < this.#windowMs);
    if (this.#times.length >= this.#limit) {
      // The oldest event in the window leaves it first: from then on one more fits.
      const retryAfterMs = Math.max(1, this.#times[0]! + this.#windowMs - now);
      throw new ProtocolError('rate_limited', `at most ${this.#limit} ${this.#what} every ${this.#windowMs / 1000} s`, null, {
        retryAfterMs,
      });
    }
    this.#times.push(now);
  }
}
