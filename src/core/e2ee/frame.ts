import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import type { ChatKind } from '../../protocol/index.js';
import { concat, fields, randomBytes, u32 } from './bytes.js';
import { DecryptError } from './decrypt-error.js';

/** Version byte of every frame. */
export const FRAME_VERSION = 1;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;
export const SIGNATURE_BYTES = 64;
/** version, kind, epoch, counter, nonce. */
const PREFIX_BYTES = 1 + 1 + 4 + 4 + NONCE_BYTES;

const KIND_BYTES: Record<ChatKind, number> = { 'sender-key': 1, message: 2, private: 3 };
const HEADER_LABEL = 'we-meeting/e2ee/v1/header';

/** What a frame is bound to. Meeting, sender and recipient travel outside the frame; both ends know them. */
export interface FrameHeader {
  readonly kind: ChatKind;
  readonly meeting: string;
  readonly sender: string;
  /** The recipient's id; empty for a group message. */
  readonly recipient: string;
  readonly epoch: number;
  readonly counter: number;
}

/** A frame taken apart, not yet opened. */
export interface ParsedFrame {
  readonly epoch: number;
  readonly counter: number;
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
  /** Group messages only. */
  readonly signature: Uint8Array<ArrayBuffer> | undefined;
}

/** The authenticated data of a frame: its header in the `fields()` framing. */
export function encodeHeader(header: FrameHeader): Uint8Array<ArrayBuffer> {
  return fields(
    HEADER_LABEL,
    new Uint8Array([FRAME_VERSION, KIND_BYTES[header.kind]]),
    header.meeting,
    header.sender,
    header.recipient,
    u32(header.epoch),
    u32(header.counter),
  );
}

/**
 * Encrypts `plaintext` under a one-time `messageKey` with the header as authenticated data.
 * Returns the frame without a signature and the bytes a group message's signature covers
 * (`header ‖ nonce ‖ ciphertext`). Internal: the nonce is a parameter only so that fixed
 * test vectors can pin the format; everything else goes through {@link sealFrame}.
 */
export function sealFrameWithNonce(
  messageKey: Uint8Array,
  header: FrameHeader,
  plaintext: Uint8Array,
  nonce: Uint8Array,
): { frame: Uint8Array<ArrayBuffer>; signed: Uint8Array<ArrayBuffer> } {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`a nonce is ${NONCE_BYTES} bytes, got ${nonce.length}`);
  const aad = encodeHeader(header);
  const ciphertext = xchacha20poly1305(messageKey, nonce, aad).encrypt(plaintext);
  const prefix = concat(new Uint8Array([FRAME_VERSION, KIND_BYTES[header.kind]]), u32(header.epoch), u32(header.counter), nonce);
  return { frame: concat(prefix, ciphertext), signed: concat(aad, nonce, ciphertext) };
}

/** {@link sealFrameWithNonce} with a fresh random nonce. */
export function sealFrame(
  messageKey: Uint8Array,
  header: FrameHeader,
  plaintext: Uint8Array,
): { frame: Uint8Array<ArrayBuffer>; signed: Uint8Array<ArrayBuffer> } {
  return sealFrameWithNonce(messageKey, header, plaintext, randomBytes(NONCE_BYTES));
}

/** Takes a frame of `kind` apart; throws `DecryptError` (`malformed`) when it is not one. */
export function parseFrame(kind: ChatKind, frame: Uint8Array): ParsedFrame {
  const signed = kind === 'message';
  const minimum = PREFIX_BYTES + TAG_BYTES + (signed ? SIGNATURE_BYTES : 0);
  if (frame.length < minimum) throw new DecryptError('malformed', `a ${kind} frame is at least ${minimum} bytes, got ${frame.length}`);
  if (frame[0] !== FRAME_VERSION) throw new DecryptError('malformed', `unknown frame version ${frame[0]}`);
  if (frame[1] !== KIND_BYTES[kind]) throw new DecryptError('malformed', `frame kind ${frame[1]} relayed as ${kind}`);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const end = frame.length - (signed ? SIGNATURE_BYTES : 0);
  return {
    epoch: view.getUint32(2),
    counter: view.getUint32(6),
    nonce: frame.subarray(10, PREFIX_BYTES),
    ciphertext: frame.subarray(PREFIX_BYTES, end),
    signature: signed ? frame.slice(end) : undefined,
  };
}

/**
 * Decrypts a parsed frame. Throws `DecryptError` (`tampered`) when the ciphertext, the
 * header or the key do not match. Returns the plaintext and the bytes its signature covers.
 */
export function openFrame(
  messageKey: Uint8Array,
  header: FrameHeader,
  parsed: ParsedFrame,
): { plaintext: Uint8Array; signed: Uint8Array<ArrayBuffer> } {
  const aad = encodeHeader(header);
  let plaintext: Uint8Array;
  try {
    plaintext = xchacha20poly1305(messageKey, parsed.nonce, aad).decrypt(parsed.ciphertext);
  } catch (cause) {
    throw new DecryptError('tampered', 'the frame does not authenticate', { cause });
  }
  return { plaintext, signed: concat(aad, parsed.nonce, parsed.ciphertext) };
}
