/** How long a coalesced update may wait for a newer one. */
export const COALESCE_MS = 50;

/**
 * Holds keyed updates briefly and sends only the latest of each key, so a burst of changes
 * (a hand raised and lowered, the active speaker flipping) costs one fan-out, not one per change.
 */
export class Coalescer {
  readonly #pending = new Map<string, () => void>();
  readonly #delayMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(delayMs = COALESCE_MS) {
    this.#delayMs = delayMs;
  }

  /** Queues `send` under `key`, replacing what was queued under it. */
  set(key: string, send: () => void): void {
    this.#pending.delete(key); // keep the order of last change
    this.#pending.set(key, send);
    this.#timer ??= setTimeout(() => this.flush(), this.#delayMs);
  }

  /** Sends everything queued now, oldest key first. */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const sends = [...this.#pending.values()];
    this.#pending.clear();
    for (const send of sends) send();
  }

  /** Drops everything queued. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
  }
}
