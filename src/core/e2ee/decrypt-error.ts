/** Why a received frame was dropped. */
export type DecryptErrorReason =
  /** No key for that sender and epoch (e.g. sent before this participant joined). */
  | 'missing_key'
  /** Authentication failed: the ciphertext or its header was changed. */
  | 'tampered'
  /** The signature does not match the sender's identity key. */
  | 'bad_signature'
  /** A counter already seen, or too far ahead of the chain. */
  | 'replayed'
  /** Not a frame this version understands. */
  | 'malformed';

/** A received frame was dropped; `reason` says why. Nothing in the receiving state changed. */
export class DecryptError extends Error {
  override readonly name = 'DecryptError';
  readonly reason: DecryptErrorReason;

  constructor(reason: DecryptErrorReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}
