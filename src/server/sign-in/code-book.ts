import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { SIGN_IN_CODE_LENGTH } from '../../protocol/limits.js';

/** The rules codes follow (see docs/sign-in.md, "Security rules"). */
export interface CodeRules {
  /** How long a code is valid (5 minutes). */
  ttlMs: number;
  /** Wrong entries a code survives; the next entry after them fails whatever it is (5). */
  maxAttempts: number;
  /** Time before another code may be sent to the same identifier (60 s). */
  resendAfterMs: number;
}

/** The rules the server uses. */
export const CODE_RULES: CodeRules = { ttlMs: 5 * 60_000, maxAttempts: 5, resendAfterMs: 60_000 };

/** How a verification went. */
export type CodeCheck = 'ok' | 'invalid' | 'expired' | 'too_many_attempts';

interface PendingCode {
  hash: Buffer;
  issuedAt: number;
  attempts: number;
}

/**
 * One-time codes, kept in memory as keyed hashes (HMAC-SHA-256 of the subject and the code), one
 * per subject: a new code replaces the previous one. A code is used once, expires, and is burned
 * by too many wrong entries. The code in clear exists only between {@link issue} and the sender.
 */
export class CodeBook {
  readonly #key: Uint8Array;
  readonly #rules: CodeRules;
  readonly #now: () => number;
  readonly #codes = new Map<string, PendingCode>();
  // Compared against when a subject has no code, so that both cases take the same work.
  readonly #decoy: Buffer;

  constructor(key: Uint8Array, options: { rules?: CodeRules; now?: () => number } = {}) {
    this.#key = key;
    this.#rules = options.rules ?? CODE_RULES;
    this.#now = options.now ?? Date.now;
    this.#decoy = this.#hash('', '');
  }

  #hash(subject: string, code: string): Buffer {
    return createHmac('sha256', this.#key).update(`code\0${subject}\0${code}`).digest();
  }

  /** Milliseconds before `subject` may get a new code; 0 when it may now. */
  retryAfterMs(subject: string): number {
    const pending = this.#codes.get(subject);
    if (pending === undefined) return 0;
    return Math.max(0, pending.issuedAt + this.#rules.resendAfterMs - this.#now());
  }

  /** Makes a new random code for `subject`, replacing any previous one, and returns it in clear. */
  issue(subject: string): string {
    this.#prune();
    const code = String(randomInt(0, 10 ** SIGN_IN_CODE_LENGTH)).padStart(SIGN_IN_CODE_LENGTH, '0');
    this.#codes.set(subject, { hash: this.#hash(subject, code), issuedAt: this.#now(), attempts: 0 });
    return code;
  }

  /**
   * Checks `code` for `subject` in constant time. A right code is used up; a wrong one counts
   * against the code, which is burned after {@link CodeRules.maxAttempts} wrong entries.
   */
  check(subject: string, code: string): CodeCheck {
    const pending = this.#codes.get(subject);
    const matches = timingSafeEqual(this.#hash(subject, code), pending?.hash ?? this.#decoy) && pending !== undefined;
    if (pending === undefined) return 'invalid';
    if (this.#now() - pending.issuedAt >= this.#rules.ttlMs) {
      this.#codes.delete(subject);
      return 'expired';
    }
    if (pending.attempts >= this.#rules.maxAttempts) return 'too_many_attempts';
    if (!matches) {
      pending.attempts += 1;
      return 'invalid';
    }
    this.#codes.delete(subject);
    return 'ok';
  }

  /** Drops codes that can no longer be used or resent. */
  #prune(): void {
    const now = this.#now();
    const keep = Math.max(this.#rules.ttlMs, this.#rules.resendAfterMs);
    for (const [subject, pending] of this.#codes) if (now - pending.issuedAt >= keep) this.#codes.delete(subject);
  }
}

/**
 * A sliding-window counter per key (an identifier's subject, a client address): at most `limit`
 * events in any `windowMs`.
 */
export class KeyedLimit {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #events = new Map<string, number[]>();

  constructor(limit: number, windowMs: number, now: () => number = Date.now) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Counts one event for `key`; returns the milliseconds to wait instead when the window is full. */
  take(key: string): number {
    const now = this.#now();
    if (this.#events.size > 10_000) {
      for (const [other, times] of this.#events) if (now - times.at(-1)! >= this.#windowMs) this.#events.delete(other);
    }
    const times = (this.#events.get(key) ?? []).filter((time) => now - time < this.#windowMs);
    if (times.length >= this.#limit) {
      this.#events.set(key, times);
      return Math.max(1, times[0]! + this.#windowMs - now);
    }
    times.push(now);
    this.#events.set(key, times);
    return 0;
  }
}
