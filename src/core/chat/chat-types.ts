import type { DecryptErrorReason } from '../e2ee/decrypt-error.js';

/** The other side of a private message. */
export interface ChatPeer {
  readonly id: string;
  readonly displayName: string;
}

/** A chat message, received and decrypted or sent by this participant. */
export interface ChatMessage {
  readonly type: 'message';
  /** Unique within this client. */
  readonly id: string;
  readonly senderId: string;
  readonly senderName: string;
  /** Sent by this participant. */
  readonly isSelf: boolean;
  /** Plain text; never interpreted as HTML. */
  readonly text: string;
  /** When the server relayed it, in epoch milliseconds. */
  readonly sentAt: number;
  /** Set for a private message: the recipient (own messages) or the sender (received ones). */
  readonly privateWith: ChatPeer | undefined;
}

/**
 * Why a received chat frame was dropped: no key for that sender and epoch (`missing_key`),
 * changed on the way (`tampered`), not signed by its sender (`bad_signature`), seen before
 * (`replayed`), or not a frame this version understands (`malformed`).
 */
export type UndecryptableReason = DecryptErrorReason;

/** A notice in the timeline: a frame from `senderId` could not be decrypted and was dropped. */
export interface ChatUndecryptable {
  readonly type: 'undecryptable';
  readonly id: string;
  readonly senderId: string;
  readonly senderName: string;
  readonly at: number;
  readonly reason: UndecryptableReason;
}

/** One timeline entry. */
export type ChatEntry = ChatMessage | ChatUndecryptable;

/** Events of a {@link ChatApi}. */
export type ChatEvents = {
  /** A message arrived and was decrypted. */
  message: [message: ChatMessage];
  /** This participant's message was sent. */
  messagesent: [message: ChatMessage];
  /** A frame was dropped (tampered, forged, replayed, or no key). */
  undecryptable: [notice: ChatUndecryptable];
  /** The meeting security code changed (someone joined or left, or keys arrived). */
  securitycodechange: [code: string | undefined];
  /** Whether messages can be sent changed. */
  readychange: [ready: boolean];
};

/** Options of {@link ChatApi.send}. */
export interface SendOptions {
  /** Participant id for a private message; omitted: everyone. */
  to?: string;
}

/**
 * End-to-end encrypted meeting chat. Keys, nonces and ciphertext never leave this object;
 * callers see only plain text, participants and verification codes.
 */
export interface ChatApi {
  /** Keys are exchanged: {@link send} works. */
  readonly ready: boolean;
  /** Every message and notice since this participant joined, oldest first. */
  readonly entries: readonly ChatEntry[];
  /**
   * The meeting security code: derived from every member's identity key, the same on every
   * screen unless someone is in the middle. `undefined` before joining.
   */
  readonly securityCode: string | undefined;
  /**
   * The safety number shared with one participant, to compare out of band: twelve groups of
   * five digits, the same on both screens. Rejects with `RangeError` for someone who is not
   * a chat member, `InvalidStateError` outside a meeting.
   */
  safetyNumber(participantId: string): Promise<string>;
  /**
   * Encrypts and sends `text`. Rejects with `TypeError` for empty text, `RangeError` above
   * `MAX_CHAT_TEXT_LENGTH` characters (as `chatTextLength` counts them), `InvalidStateError`
   * when not ready (or for a recipient whose client cannot chat), `RequestError` when the
   * server refuses (`rate_limited`, `not_found` for a recipient who left). `TypeError` too
   * for `to` naming this participant.
   */
  send(text: string, options?: SendOptions): Promise<ChatMessage>;
  on<E extends keyof ChatEvents>(event: E, listener: (...args: ChatEvents[E]) => void): () => void;
}
