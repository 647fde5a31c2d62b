import type { Clock } from './clock.js';

/** How long before the session's end the warning fires. */
export const TOKEN_EXPIRY_WARNING_MS = 60_000;
/** Longest delay a timer keeps (about 24.8 days); a later warning is scheduled again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `onExpiring` once the session is within a minute of `expiresAt` (at once if it already is). */
export class TokenExpiry {
  readonly #clock: Clock;
  readonly #onExpiring: (expiresAt: number) => void;
  #timer: unknown;

  constructor(clock: Clock, onExpiring: (expiresAt: number) => void) {
    this.#clock = clock;
    this.#onExpiring = onExpiring;
  }

  /** Warns before `expiresAt`, in place of any earlier warning; `undefined`: never. */
  watch(expiresAt: number | undefined): void {
    this.stop();
    if (expiresAt === undefined) return;
    const wait = expiresAt - TOKEN_EXPIRY_WARNING_MS - this.#clock.now();
    if (wait > MAX_TIMER_MS) {
      this.#timer = this.#clock.setTimeout(() => this.watch(expiresAt), MAX_TIMER_MS);
      return;
    }
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#onExpiring(expiresAt);
    }, Math.max(0, wait));
  }

  stop(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
