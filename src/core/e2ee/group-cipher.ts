import type { ChatKind } from '../../protocol/index.js';
import type { MemberKeys } from './session-keys.js';

/** A frame a group cipher wants sent: to one member, or to everyone (`to: null`). */
export interface OutboundFrame {
  readonly kind: ChatKind;
  readonly to: string | null;
  readonly payload: Uint8Array;
}

/**
 * The group half of chat encryption, kept behind one interface so that another group
 * protocol (an MLS group, RFC 9420) can replace Sender Keys. Membership changes return the
 * frames that carry key material to the others; the caller sends them, in order, before
 * anything it encrypts afterwards. The caller keeps the members and tells of each change
 * after making it: `add` after the member is known, `remove` after it is gone.
 */
export interface GroupCipher {
  /** Starts with the members already present; returns the frames that give them this member's keys. */
  start(members: readonly MemberKeys[]): Promise<OutboundFrame[]>;
  /** A member joined. */
  add(member: MemberKeys): Promise<OutboundFrame[]>;
  /** A member (one added before) left or was removed: whatever is sent afterwards must be unreadable to it. */
  remove(memberId: string): Promise<OutboundFrame[]>;
  /** Encrypts a group message for every current member. */
  encrypt(plaintext: Uint8Array): Promise<OutboundFrame>;
  /**
   * Takes a group frame from `from`: resolves the plaintext of a message, or `undefined` for
   * key material. Rejects with `DecryptError` when the frame is dropped.
   */
  receive(from: string, kind: ChatKind, payload: Uint8Array): Promise<Uint8Array | undefined>;
}
