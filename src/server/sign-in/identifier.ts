import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { maskEmail, maskPhone } from '../../protocol/masking.js';
import type { SignInChannel } from '../../protocol/sign-in-types.js';

/** A phone number or e-mail address that cannot be used to sign in. */
export class IdentifierError extends Error {
  override readonly name = 'IdentifierError';
}

/** A phone number or e-mail address, normalized, with what may be shown and stored of it. */
export interface NormalizedIdentifier {
  channel: SignInChannel;
  /** Where the code goes: E.164 (`+8613812345678`) or the lower-cased address. Never stored. */
  address: string;
  /** What may be shown and stored: `138****5678`, `a***@example.com`. */
  masked: string;
}

// One @, something before it, a dotted domain after it; no spaces or angle brackets (the
// address goes into a mail header).
const EMAIL = /^[^\s@<>()",;:]{1,64}@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,63}$/;

/**
 * Normalizes what a person typed: a phone number to E.164 (read in `region` when it has no
 * `+`), an e-mail address to lower case. Throws {@link IdentifierError} when it is not a valid
 * number or address.
 */
export function normalizeIdentifier(channel: SignInChannel, raw: string, region?: string): NormalizedIdentifier {
  const input = raw.trim();
  if (channel === 'email') {
    const address = input.toLowerCase();
    if (!EMAIL.test(address)) throw new IdentifierError('not a valid e-mail address');
    return { channel, address, masked: maskEmail(address) };
  }
  const phone = parsePhoneNumberFromString(input, region as CountryCode | undefined);
  if (phone === undefined || !phone.isValid()) {
    throw new IdentifierError(region === undefined ? 'not a valid phone number (start it with + and the country code)' : 'not a valid phone number');
  }
  // Shown as people write the number in its own country, so one number is masked one way.
  return { channel, address: phone.number, masked: maskPhone(phone.nationalNumber) };
}

/**
 * The subject that stands for a person: a keyed hash (HMAC-SHA-256) of the channel and the
 * normalized identifier. The same person gets the same subject at every sign-in; without the
 * key nobody can tell whose number or address it was, or test a guess.
 */
export function subjectOf(key: Uint8Array, identifier: Pick<NormalizedIdentifier, 'channel' | 'address'>): string {
  const digest = createHmac('sha256', key).update(`subject\0${identifier.channel}\0${identifier.address}`).digest('base64url');
  return `signin:${digest}`;
}
