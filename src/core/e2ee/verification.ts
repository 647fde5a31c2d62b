import { fields } from './bytes.js';

const SECURITY_CODE_LABEL = 'we-meeting/e2ee/v1/security-code';
const SAFETY_NUMBER_LABEL = 'we-meeting/e2ee/v1/safety-number';

/** A member as verification sees it: an id and a raw Ed25519 identity key. */
export interface VerifiedIdentity {
  readonly id: string;
  readonly identityKey: Uint8Array;
}

async function sha256(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}

/** `groups` groups of five digits, each from five bytes of `hash` read as a number modulo 100000. */
function digits(hash: Uint8Array, groups: number): string {
  const out: string[] = [];
  for (let group = 0; group < groups; group++) {
    let value = 0;
    // Five bytes are 40 bits: exact in a double.
    for (let i = 0; i < 5; i++) value = value * 256 + hash[group * 5 + i]!;
    out.push(String(value % 100_000).padStart(5, '0'));
  }
  return out.join(' ');
}

function byId(a: VerifiedIdentity, b: VerifiedIdentity): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The meeting security code: SHA-256 over every member's id and identity key (sorted by id),
 * as six groups of five digits. Identical on every screen that sees the same members with
 * the same keys.
 */
export async function securityCode(meeting: string, members: readonly VerifiedIdentity[]): Promise<string> {
  const parts = [...members].sort(byId).flatMap((member) => [member.id, member.identityKey]);
  return digits(await sha256(fields(SECURITY_CODE_LABEL, meeting, ...parts)), 6);
}

/**
 * The safety number of two identity keys: six groups of five digits for each, lower half
 * first, so both participants see the same twelve groups.
 */
export async function safetyNumber(meeting: string, a: Uint8Array, b: Uint8Array): Promise<string> {
  const halves = await Promise.all(
    [a, b].map(async (key) => digits(await sha256(fields(SAFETY_NUMBER_LABEL, meeting, key)), 6)),
  );
  return halves.sort().join(' ');
}
