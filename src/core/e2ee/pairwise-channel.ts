import { fields, wipe } from './bytes.js';
import { openFrame, parseFrame, sealFrame, type FrameHeader } from './frame.js';
import { ReceivingChain, SendingChain } from './kdf-chain.js';
import type { MemberKeys, SessionKeys } from './session-keys.js';

const PAIRWISE_LABEL = 'we-meeting/e2ee/v1/pairwise';

/** What travels on a pairwise channel. */
export type PairwiseKind = 'sender-key' | 'private';

/**
 * The first chain key of the direction `from` → `to`:
 * HKDF-SHA256(secret, salt = empty, info = fields(label, meeting, from key, to key)).
 * Both directions start from one X25519 secret but never share a key.
 */
export async function pairwiseChainKey(
  secret: Uint8Array<ArrayBuffer>,
  meeting: string,
  fromAgreementKey: Uint8Array,
  toAgreementKey: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const key = await crypto.subtle.importKey('raw', secret, 'HKDF', false, ['deriveBits']);
  const info = fields(PAIRWISE_LABEL, meeting, fromAgreementKey, toAgreementKey);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, key, 256));
}

/**
 * The encrypted channel between this participant and one other member: a sending chain and
 * a receiving chain, both from the X25519 secret of the two agreement keys. Only the two of
 * them can derive it, so it needs no signature. Carries sender keys and private messages.
 */
export class PairwiseChannel {
  readonly #meeting: string;
  readonly #selfId: string;
  readonly #peerId: string;
  readonly #sending: SendingChain;
  readonly #receiving: ReceivingChain;

  private constructor(meeting: string, selfId: string, peerId: string, sending: SendingChain, receiving: ReceivingChain) {
    this.#meeting = meeting;
    this.#selfId = selfId;
    this.#peerId = peerId;
    this.#sending = sending;
    this.#receiving = receiving;
  }

  /** Derives the channel between `self` (id `selfId`) and `peer`. Rejects if the peer's key is unusable. */
  static async open(self: SessionKeys, selfId: string, peer: MemberKeys): Promise<PairwiseChannel> {
    const secret = await self.agree(peer.agreement);
    const [sending, receiving] = await Promise.all([
      pairwiseChainKey(secret, self.meeting, self.agreementKey, peer.agreementKey),
      pairwiseChainKey(secret, self.meeting, peer.agreementKey, self.agreementKey),
    ]);
    wipe(secret);
    const channel = new PairwiseChannel(self.meeting, selfId, peer.id, new SendingChain(sending), new ReceivingChain(receiving));
    wipe(sending);
    wipe(receiving);
    return channel;
  }

  /** Encrypts `plaintext` for the peer; returns the frame. */
  async seal(kind: PairwiseKind, plaintext: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
    const { counter, messageKey } = await this.#sending.next();
    const { frame } = sealFrame(messageKey, this.#header(kind, this.#selfId, this.#peerId, counter), plaintext);
    wipe(messageKey);
    return frame;
  }

  /** Decrypts a frame from the peer. Rejects with `DecryptError` (`malformed`, `replayed`, `tampered`). */
  async open(kind: PairwiseKind, frame: Uint8Array): Promise<Uint8Array> {
    const parsed = parseFrame(kind, frame);
    // The epoch as received: anything but the 0 it was sealed with fails to authenticate.
    const header = { ...this.#header(kind, this.#peerId, this.#selfId, parsed.counter), epoch: parsed.epoch };
    return this.#receiving.use(parsed.counter, async (messageKey) => openFrame(messageKey, header, parsed).plaintext);
  }

  #header(kind: PairwiseKind, sender: string, recipient: string, counter: number): FrameHeader {
    return { kind, meeting: this.#meeting, sender, recipient, epoch: 0, counter };
  }
}
