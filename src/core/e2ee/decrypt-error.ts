import type { UndecryptableReason } from '../chat/chat-types.js';

/** A received frame was dropped; `reason` says why. Nothing in the receiving state changed. */
export class DecryptError extends Error {
  override readonly name = 'DecryptError';
  readonly reason: UndecryptableReason;

  constructor(reason: UndecryptableReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}
