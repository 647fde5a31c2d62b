import { wipe } from './bytes.js';
import { DecryptError } from './decrypt-error.js';

/**
 * How far a receiving chain looks back and ahead: keys of up to this many skipped counters
 * are kept behind the newest one received, and a counter this far or further ahead of the
 * next expected one is refused.
 */
export const REPLAY_WINDOW = 256;

/** Largest counter a chain reaches; it is four bytes in the frame. */
const MAX_COUNTER = 0xffff_ffff;

const HMAC = { name: 'HMAC', hash: 'SHA-256' } as const;

/**
 * One step of a KDF chain: `messageKey = HMAC-SHA256(chainKey, 0x01)` and the next chain
 * key `HMAC-SHA256(chainKey, 0x02)`. One-way: a chain key says nothing of earlier ones.
 */
export async function ratchet(
  chainKey: Uint8Array<ArrayBuffer>,
): Promise<{ messageKey: Uint8Array<ArrayBuffer>; chainKey: Uint8Array<ArrayBuffer> }> {
  const key = await crypto.subtle.importKey('raw', chainKey, HMAC, false, ['sign']);
  const [messageKey, next] = await Promise.all([
    crypto.subtle.sign('HMAC', key, new Uint8Array([1])),
    crypto.subtle.sign('HMAC', key, new Uint8Array([2])),
  ]);
  return { messageKey: new Uint8Array(messageKey), chainKey: new Uint8Array(next) };
}

/** Runs tasks one after another, so a chain is never stepped twice from the same state. */
class Serial {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}

/** The chain a sender steps forward once per frame. The chain key never leaves this object except through {@link snapshot}. */
export class SendingChain {
  #chainKey: Uint8Array<ArrayBuffer>;
  #counter: number;
  readonly #serial = new Serial();

  constructor(chainKey: Uint8Array<ArrayBuffer>, counter = 0) {
    if (chainKey.length !== 32) throw new RangeError(`a chain key is 32 bytes, got ${chainKey.length}`);
    this.#chainKey = chainKey.slice();
    this.#counter = counter;
  }

  /** The message key for the next frame and its counter; every call returns a new one. */
  next(): Promise<{ counter: number; messageKey: Uint8Array<ArrayBuffer> }> {
    return this.#serial.run(async () => {
      const counter = this.#counter;
      if (counter > MAX_COUNTER) throw new RangeError('the chain is exhausted');
      const step = await ratchet(this.#chainKey);
      wipe(this.#chainKey);
      this.#chainKey = step.chainKey;
      this.#counter = counter + 1;
      return { counter, messageKey: step.messageKey };
    });
  }

  /** The chain's current position and key, for handing to a new recipient. */
  snapshot(): Promise<{ counter: number; chainKey: Uint8Array<ArrayBuffer> }> {
    return this.#serial.run(async () => ({ counter: this.#counter, chainKey: this.#chainKey.slice() }));
  }
}

/**
 * A sender's chain as one recipient follows it. Each counter opens at most once; a frame
 * that fails to open leaves the chain as it was.
 */
export class ReceivingChain {
  #chainKey: Uint8Array<ArrayBuffer>;
  /** The first counter this chain was given: keys before it were never known here. */
  readonly #start: number;
  /** The counter whose key the chain key yields next. */
  #next: number;
  /** Keys of counters below `#next` that have not arrived yet. */
  readonly #skipped = new Map<number, Uint8Array<ArrayBuffer>>();
  readonly #serial = new Serial();

  constructor(chainKey: Uint8Array<ArrayBuffer>, counter = 0) {
    if (chainKey.length !== 32) throw new RangeError(`a chain key is 32 bytes, got ${chainKey.length}`);
    this.#chainKey = chainKey.slice();
    this.#start = counter;
    this.#next = counter;
  }

  /**
   * Gives `open` the message key of `counter` and, if it resolves, marks the counter used and
   * moves the chain forward. Rejects with `DecryptError`: `missing_key` for a counter before
   * the chain was given to this recipient, `replayed` for one already used or outside the
   * window; or with whatever `open` rejects with. Nothing changes when it rejects.
   */
  use<T>(counter: number, open: (messageKey: Uint8Array<ArrayBuffer>) => Promise<T>): Promise<T> {
    return this.#serial.run(async () => {
      if (counter < this.#start) throw new DecryptError('missing_key', `counter ${counter} precedes this chain`);
      if (counter < this.#next) {
        const messageKey = this.#skipped.get(counter);
        if (messageKey === undefined) throw new DecryptError('replayed', `counter ${counter} was already used or is too old`);
        const result = await open(messageKey);
        this.#skipped.delete(counter);
        wipe(messageKey);
        return result;
      }
      if (counter - this.#next >= REPLAY_WINDOW) {
        throw new DecryptError('replayed', `counter ${counter} is too far ahead of ${this.#next}`);
      }
      const skipped: [number, Uint8Array<ArrayBuffer>][] = [];
      let step = await ratchet(this.#chainKey);
      for (let position = this.#next; position < counter; position++) {
        skipped.push([position, step.messageKey]);
        const chainKey = step.chainKey;
        step = await ratchet(chainKey);
        wipe(chainKey);
      }
      const result = await open(step.messageKey);
      wipe(step.messageKey);
      wipe(this.#chainKey);
      this.#chainKey = step.chainKey;
      this.#next = counter + 1;
      for (const [position, key] of skipped) this.#skipped.set(position, key);
      for (const [position, key] of this.#skipped) {
        if (position >= counter - REPLAY_WINDOW) continue;
        wipe(key);
        this.#skipped.delete(position);
      }
      return result;
    });
  }
}
