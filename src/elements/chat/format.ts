import type { UndecryptableReason } from '../../core/chat/chat-types.js';
import { MAX_CHAT_TEXT_LENGTH, chatTextLength } from '../../core/constants.js';
import { ConnectionError, InvalidStateError, RequestError } from '../../core/errors.js';
import { formatNumber, msg, str } from '../internal/localize.js';

/** A count in the element's locale (`3,000`). */
export const formatCount = formatNumber;

/** Where a draft stands against the chat's limit, counted as the chat counts it (`chatTextLength`). */
export interface DraftLength {
  /** Characters still free (negative when over). */
  readonly remaining: number;
  /** Characters to delete to fit; 0 when it fits. */
  readonly over: number;
}

export function draftLength(text: string): DraftLength {
  const remaining = MAX_CHAT_TEXT_LENGTH - chatTextLength(text);
  return { remaining, over: Math.max(0, -remaining) };
}

/** The composer's length hint: shown only close to the limit, so it does not distract. */
export function lengthHint(length: DraftLength): string | undefined {
  const max = formatCount(MAX_CHAT_TEXT_LENGTH);
  if (length.over > 0) {
    const over = formatCount(length.over);
    return length.over === 1
      ? msg(str`Too long: remove ${over} character (limit ${max}).`, { id: 'chat.length.over.one' })
      : msg(str`Too long: remove ${over} characters (limit ${max}).`, { id: 'chat.length.over.other' });
  }
  if (length.remaining < MAX_CHAT_TEXT_LENGTH / 10) {
    const left = formatCount(length.remaining);
    return length.remaining === 1
      ? msg(str`${left} character left.`, { id: 'chat.length.left.one' })
      : msg(str`${left} characters left.`, { id: 'chat.length.left.other' });
  }
  return undefined;
}

/** The error shown when a draft is over the limit. */
export function tooLongMessage(length: DraftLength): string {
  const over = formatCount(length.over);
  const max = formatCount(MAX_CHAT_TEXT_LENGTH);
  return length.over === 1
    ? msg(str`This message is too long to send: remove ${over} character. The limit is ${max} characters.`, { id: 'chat.too-long.one' })
    : msg(str`This message is too long to send: remove ${over} characters. The limit is ${max} characters.`, { id: 'chat.too-long.other' });
}

/** Why nothing can be sent right now. */
export type BlockedReason = 'offline' | 'joining' | 'reconnecting' | 'absent' | 'encrypting';

/** A {@link BlockedReason} in words. */
export function describeBlocked(reason: BlockedReason): string {
  switch (reason) {
    case 'offline':
      return msg('Not connected to a meeting.', { id: 'chat.blocked.offline' });
    case 'joining':
      return msg('Joining the meeting…', { id: 'chat.blocked.joining' });
    case 'reconnecting':
      return msg('Reconnecting…', { id: 'chat.blocked.reconnecting' });
    case 'absent':
      return msg('You are not in the meeting.', { id: 'chat.blocked.absent' });
    case 'encrypting':
      return msg('Setting up end-to-end encryption…', { id: 'chat.blocked.encrypting' });
  }
}

/** Says that the private recipient left; `recipient` is their name, if known. */
export function recipientLeft(recipient: string | undefined): string {
  return recipient === undefined
    ? msg('The recipient has left the meeting. Choose someone else.', { id: 'chat.error.recipient-left' })
    : msg(str`${recipient} has left the meeting. Choose someone else.`, { id: 'chat.error.named-recipient-left' });
}

function notSent(detail: string | undefined): string {
  return detail === undefined
    ? msg('The message could not be sent.', { id: 'chat.error.not-sent' })
    : msg(str`The message could not be sent: ${detail}`, { id: 'chat.error.not-sent-because' });
}

/** What to tell the user when `send()` rejected; `recipient` is the private recipient's name. */
export function describeSendError(error: unknown, recipient: string | undefined): string {
  if (error instanceof RequestError) {
    switch (error.code) {
      case 'rate_limited':
        return msg('You are sending messages too quickly. Wait a moment, then send again.', { id: 'chat.error.rate-limited' });
      case 'not_found':
        return recipientLeft(recipient);
      default:
        return notSent(error.message);
    }
  }
  if (error instanceof InvalidStateError) {
    return msg('The chat is not ready yet: encryption keys are still being exchanged. Try again in a moment.', {
      id: 'chat.error.not-ready',
    });
  }
  if (error instanceof ConnectionError) {
    return msg('The connection to the meeting was lost. Send again once it is back.', { id: 'chat.error.connection' });
  }
  if (error instanceof RangeError) return msg('This message is too long to send.', { id: 'chat.error.too-long' });
  return notSent(error instanceof Error && error.message !== '' ? error.message : undefined);
}

/** Why a message could not be decrypted, in words. */
export function describeUndecryptable(reason: UndecryptableReason): string {
  switch (reason) {
    case 'missing_key':
      return msg('The key to read it has not arrived.', { id: 'chat.undecryptable.missing-key' });
    case 'tampered':
      return msg('It was altered on the way.', { id: 'chat.undecryptable.tampered' });
    case 'bad_signature':
      return msg('Its signature does not match the sender.', { id: 'chat.undecryptable.bad-signature' });
    case 'replayed':
      return msg('It repeats a message already received.', { id: 'chat.undecryptable.replayed' });
    case 'malformed':
      return msg('It is in a form this version cannot read.', { id: 'chat.undecryptable.malformed' });
    default:
      return msg('It could not be read.', { id: 'chat.undecryptable.unknown' });
  }
}
