import type { Logger } from 'pino';

/** Distinct internal errors remembered; past this, new kinds are still logged but not remembered. */
const MAX_KINDS = 500;

/**
 * Logs each kind of internal error (our own bug, never a client's mistake) once with its
 * stack, and later occurrences of the same kind briefly, so that a client repeating the
 * request that trips it cannot flood the log.
 */
export class InternalErrors {
  readonly #seen = new Map<string, number>();

  /** Logs `error`; returns how often its kind has occurred. */
  report(logger: Logger, error: unknown): number {
    const kind = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`).split('\n').slice(0, 4).join('\n') : String(error);
    const count = (this.#seen.get(kind) ?? 0) + 1;
    if (count === 1) {
      logger.error({ err: error }, 'request failed: internal error');
      if (this.#seen.size >= MAX_KINDS) return count;
    } else {
      logger.debug({ kind: kind.split('\n')[0], count }, 'request failed: internal error seen before');
    }
    this.#seen.set(kind, count);
    return count;
  }
}
