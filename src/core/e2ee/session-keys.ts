import type { E2eeKeys } from '../../protocol/index.js';
import { fields, fromBase64Url, toBase64Url } from './bytes.js';

const BINDING_LABEL = 'we-meeting/e2ee/v1/agreement-key';

/** What the identity key signs to vouch for an agreement key in one meeting. */
function binding(meeting: string, agreementKey: Uint8Array): Uint8Array<ArrayBuffer> {
  return fields(BINDING_LABEL, meeting, agreementKey);
}

async function rawPublic(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.exportKey('raw', key));
}

/**
 * This participant's keys for one join: an Ed25519 identity key that signs and an X25519
 * agreement key for pairwise secrets. The private halves are non-extractable CryptoKeys.
 */
export class SessionKeys {
  readonly meeting: string;
  /** The public keys and binding signature, as the roster carries them. */
  readonly publicKeys: E2eeKeys;
  readonly #identity: CryptoKeyPair;
  readonly #agreement: CryptoKeyPair;
  readonly #identityKey: Uint8Array<ArrayBuffer>;
  readonly #agreementKey: Uint8Array<ArrayBuffer>;

  private constructor(
    meeting: string,
    identity: CryptoKeyPair,
    agreement: CryptoKeyPair,
    raw: { identityKey: Uint8Array<ArrayBuffer>; agreementKey: Uint8Array<ArrayBuffer>; signature: Uint8Array },
  ) {
    this.meeting = meeting;
    this.#identity = identity;
    this.#agreement = agreement;
    this.#identityKey = raw.identityKey;
    this.#agreementKey = raw.agreementKey;
    this.publicKeys = {
      identityKey: toBase64Url(raw.identityKey),
      agreementKey: toBase64Url(raw.agreementKey),
      signature: toBase64Url(raw.signature),
    };
  }

  /** Fresh keys for joining `meeting`. */
  static async generate(meeting: string): Promise<SessionKeys> {
    const [identity, agreement] = await Promise.all([
      crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']) as Promise<CryptoKeyPair>,
      crypto.subtle.generateKey({ name: 'X25519' }, false, ['deriveBits']) as Promise<CryptoKeyPair>,
    ]);
    return SessionKeys.fromKeyPairs(meeting, identity, agreement);
  }

  /** Keys from existing key pairs (fixed keys for test vectors). */
  static async fromKeyPairs(meeting: string, identity: CryptoKeyPair, agreement: CryptoKeyPair): Promise<SessionKeys> {
    const [identityKey, agreementKey] = await Promise.all([rawPublic(identity.publicKey), rawPublic(agreement.publicKey)]);
    const signature = new Uint8Array(
      await crypto.subtle.sign('Ed25519', identity.privateKey, binding(meeting, agreementKey)),
    );
    return new SessionKeys(meeting, identity, agreement, { identityKey, agreementKey, signature });
  }

  /** The Ed25519 public key (a copy). */
  get identityKey(): Uint8Array<ArrayBuffer> {
    return this.#identityKey.slice();
  }

  /** The X25519 public key (a copy). */
  get agreementKey(): Uint8Array<ArrayBuffer> {
    return this.#agreementKey.slice();
  }

  /** An Ed25519 signature of `data` by the identity key. */
  async sign(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await crypto.subtle.sign('Ed25519', this.#identity.privateKey, data));
  }

  /** The X25519 shared secret with a peer's agreement key. */
  async agree(peer: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await crypto.subtle.deriveBits({ name: 'X25519', public: peer }, this.#agreement.privateKey, 256));
  }
}

/** Another member's public keys, checked and imported. */
export interface MemberKeys {
  readonly id: string;
  /** Raw Ed25519 public key. */
  readonly identityKey: Uint8Array<ArrayBuffer>;
  /** Raw X25519 public key. */
  readonly agreementKey: Uint8Array<ArrayBuffer>;
  /** The identity key, to verify signatures. */
  readonly verifier: CryptoKey;
  /** The agreement key, to derive pairwise secrets. */
  readonly agreement: CryptoKey;
}

/**
 * Imports a member's keys from the roster. Resolves `undefined` when they are not valid
 * keys or the identity key did not sign the agreement key for this meeting.
 */
export async function importMemberKeys(meeting: string, id: string, keys: E2eeKeys): Promise<MemberKeys | undefined> {
  try {
    const identityKey = fromBase64Url(keys.identityKey);
    const agreementKey = fromBase64Url(keys.agreementKey);
    const signature = fromBase64Url(keys.signature);
    if (identityKey.length !== 32 || agreementKey.length !== 32 || signature.length !== 64) return undefined;
    const [verifier, agreement] = await Promise.all([
      crypto.subtle.importKey('raw', identityKey, { name: 'Ed25519' }, true, ['verify']),
      crypto.subtle.importKey('raw', agreementKey, { name: 'X25519' }, true, []),
    ]);
    const valid = await crypto.subtle.verify('Ed25519', verifier, signature, binding(meeting, agreementKey));
    return valid ? { id, identityKey, agreementKey, verifier, agreement } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `signature` is the member's identity-key signature of `data`. */
export async function verifySignature(member: MemberKeys, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return crypto.subtle.verify('Ed25519', member.verifier, signature, data).catch(() => false);
}
