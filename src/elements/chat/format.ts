import { MAX_CHAT_TEXT_BYTES, type UndecryptableReason } from '../../core/chat/chat-types.js';
import { ConnectionError, InvalidStateError, RequestError } from '../../core/errors.js';

const encoder = new TextEncoder();
const numbers = new Intl.NumberFormat();
const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A message's time as the viewer's clock shows it (`14:05`), and in full for a tooltip. */
export function formatClock(ms: number): { short: string; long: string } {
  return { short: clock.format(ms), long: full.format(ms) };
}

/** A count in the viewer's locale (`8,192`). */
export function formatCount(value: number): string {
  return numbers.format(value);
}

/** Size of `text` as the chat limit counts it: UTF-8 bytes. */
export function textBytes(text: string): number {
  return encoder.encode(text).length;
}

/** Where a draft stands against {@link MAX_CHAT_TEXT_BYTES}. */
export interface DraftLength {
  /** Bytes still free (negative when over). */
  readonly remaining: number;
  /** Characters to delete from the end to fit; 0 when it fits. */
  readonly over: number;
}

export function draftLength(text: string, limit = MAX_CHAT_TEXT_BYTES): DraftLength {
  const bytes = textBytes(text);
  if (bytes <= limit) return { remaining: limit - bytes, over: 0 };
  // Count whole characters from the end: one character may take up to four bytes.
  const characters = [...text];
  let excess = bytes - limit;
  let over = 0;
  while (excess > 0 && characters.length > 0) {
    excess -= textBytes(characters.pop()!);
    over++;
  }
  return { remaining: limit - bytes, over };
}

/** The composer's length hint: shown only close to the limit, so it does not distract. */
export function lengthHint(length: DraftLength, limit = MAX_CHAT_TEXT_BYTES): string | undefined {
  if (length.over > 0) return `Too long: remove ${formatCount(length.over)} ${plural(length.over, 'character')} (limit ${formatCount(limit)}).`;
  if (length.remaining < limit / 10) return `${formatCount(length.remaining)} ${plural(length.remaining, 'character')} left.`;
  return undefined;
}

/** The error shown when a draft is over the limit. */
export function tooLongMessage(length: DraftLength, limit = MAX_CHAT_TEXT_BYTES): string {
  return `This message is too long to send: remove ${formatCount(length.over)} ${plural(length.over, 'character')}. The limit is ${formatCount(limit)} (letters outside the Latin alphabet and emoji count as two to four).`;
}

/** What to tell the user when `send()` rejected; `recipient` is the private recipient's name. */
export function describeSendError(error: unknown, recipient: string | undefined): string {
  if (error instanceof RequestError) {
    switch (error.code) {
      case 'rate_limited':
        return 'You are sending messages too quickly. Wait a moment, then send again.';
      case 'not_found':
        return recipient === undefined
          ? 'The recipient has left the meeting. Choose someone else.'
          : `${recipient} has left the meeting. Choose someone else.`;
      default:
        return `The message could not be sent: ${error.message}`;
    }
  }
  if (error instanceof InvalidStateError) return 'The chat is not ready yet: encryption keys are still being exchanged. Try again in a moment.';
  if (error instanceof ConnectionError) return 'The connection to the meeting was lost. Send again once it is back.';
  if (error instanceof RangeError) return 'This message is too long to send.';
  return `The message could not be sent${error instanceof Error && error.message !== '' ? `: ${error.message}` : '.'}`;
}

const UNDECRYPTABLE: Record<UndecryptableReason, string> = {
  missing_key: 'The key to read it has not arrived.',
  tampered: 'It was altered on the way.',
  bad_signature: 'Its signature does not match the sender.',
  replayed: 'It repeats a message already received.',
  malformed: 'It is in a form this version cannot read.',
};

/** Why a message could not be decrypted, in words. */
export function describeUndecryptable(reason: UndecryptableReason): string {
  return UNDECRYPTABLE[reason] ?? 'It could not be read.';
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
