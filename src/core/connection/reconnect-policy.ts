/**
 * When to try again after the connection to the meeting was lost. Replaceable: pass your own
 * to `MeetingClient` (a fixed schedule in tests, a longer one for flaky networks).
 */
export interface ReconnectPolicy {
  /**
   * How long to wait, in milliseconds, before reconnect attempt `attempt` (1 for the first
   * after the loss), or `undefined` to give up. A refusal by the server ends the attempts
   * whatever the policy says.
   */
  delay(attempt: number): number | undefined;
}

/** The waits before each attempt: about 30 s in all before giving up. */
export const DEFAULT_RECONNECT_DELAYS_MS: readonly number[] = [250, 1000, 2000, 4000, 8000, 15000];

/** Options of {@link backoff}. */
export interface BackoffOptions {
  /** Waits before each attempt, in milliseconds; as many attempts as waits (default {@link DEFAULT_RECONNECT_DELAYS_MS}). */
  delaysMs?: readonly number[];
  /**
   * How far each wait may stray, as a fraction of it (default 0.2: ±20 %), so that the
   * participants of a meeting whose server restarted do not all come back at the same instant.
   */
  jitter?: number;
  /** A number in [0, 1), by default `Math.random`. */
  random?: () => number;
}

/** Backoff on a schedule of waits, each spread by jitter. */
export function backoff(options: BackoffOptions = {}): ReconnectPolicy {
  const delays = options.delaysMs ?? DEFAULT_RECONNECT_DELAYS_MS;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  if (!delays.every((delay) => Number.isFinite(delay) && delay >= 0)) {
    throw new RangeError('"delaysMs" expected finite non-negative numbers');
  }
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`"jitter" expected a number from 0 to 1, got ${jitter}`);
  return {
    delay(attempt) {
      const nominal = delays[attempt - 1];
      if (nominal === undefined) return undefined;
      return Math.round(nominal * (1 - jitter + 2 * jitter * random()));
    },
  };
}
