import type { ChatKind } from '../../protocol/index.js';
import { concat, randomBytes, u32, wipe } from './bytes.js';
import { DecryptError } from './decrypt-error.js';
import { openFrame, parseFrame, sealFrame, type FrameHeader } from './frame.js';
import type { GroupCipher, OutboundFrame } from './group-cipher.js';
import { ReceivingChain, SendingChain } from './kdf-chain.js';
import type { PairwiseChannel } from './pairwise-channel.js';
import { verifySignature, type MemberKeys, type SessionKeys } from './session-keys.js';

/** A sender key's plaintext: epoch, counter, chain key. */
const SENDER_KEY_BYTES = 4 + 4 + 32;
/** Epochs kept per sender: the current one and the one before, for frames in flight during a rotation. */
const EPOCHS_KEPT = 2;

/** What a {@link SenderKeyGroup} needs from its owner, who keeps the members. */
export interface SenderKeyContext {
  readonly keys: SessionKeys;
  readonly selfId: string;
  /** A member's keys and the pairwise channel with it. */
  peer(memberId: string): { readonly keys: MemberKeys; readonly channel: PairwiseChannel } | undefined;
  /** Every member now. */
  peerIds(): Iterable<string>;
}

/**
 * Sender Keys with signatures. Each member encrypts group messages with its own sending
 * chain and gives the chain to every other member over their pairwise channel. A leave starts
 * a new epoch (fresh chain) sent to the remaining members only; a joiner gets each chain as it
 * is now, from which earlier message keys cannot be derived. Every message is signed with the
 * sender's identity key, so members holding a sender's chain still cannot speak for it.
 */
export class SenderKeyGroup implements GroupCipher {
  readonly #context: SenderKeyContext;
  /** Per sender, its receiving chains by epoch. */
  readonly #received = new Map<string, Map<number, ReceivingChain>>();
  #epoch = 0;
  #chain = SenderKeyGroup.#freshChain();

  constructor(context: SenderKeyContext) {
    this.#context = context;
  }

  static #freshChain(): SendingChain {
    const chainKey = randomBytes(32);
    const chain = new SendingChain(chainKey);
    wipe(chainKey);
    return chain;
  }

  async start(members: readonly MemberKeys[]): Promise<OutboundFrame[]> {
    return this.#distribute(members.map((member) => member.id));
  }

  async add(member: MemberKeys): Promise<OutboundFrame[]> {
    this.#received.delete(member.id);
    return this.#distribute([member.id]);
  }

  async remove(memberId: string): Promise<OutboundFrame[]> {
    this.#received.delete(memberId);
    this.#epoch += 1;
    this.#chain = SenderKeyGroup.#freshChain();
    return this.#distribute([...this.#context.peerIds()]);
  }

  async encrypt(plaintext: Uint8Array): Promise<OutboundFrame> {
    const { keys, selfId } = this.#context;
    const epoch = this.#epoch;
    const { counter, messageKey } = await this.#chain.next();
    const { frame, signed } = sealFrame(messageKey, this.#header(selfId, epoch, counter), plaintext);
    wipe(messageKey);
    const signature = await keys.sign(signed);
    return { kind: 'message', to: null, payload: concat(frame, signature) };
  }

  async receive(from: string, kind: ChatKind, payload: Uint8Array): Promise<Uint8Array | undefined> {
    if (kind === 'sender-key') {
      await this.#receiveSenderKey(from, payload);
      return undefined;
    }
    if (kind !== 'message') throw new DecryptError('malformed', `a ${kind} frame is not a group frame`);
    const member = this.#context.peer(from)?.keys;
    if (member === undefined) throw new DecryptError('missing_key', `no keys for sender ${from}`);
    const parsed = parseFrame('message', payload);
    const chain = this.#received.get(from)?.get(parsed.epoch);
    if (chain === undefined) throw new DecryptError('missing_key', `no sender key from ${from} for epoch ${parsed.epoch}`);
    const header = this.#header(from, parsed.epoch, parsed.counter);
    return chain.use(parsed.counter, async (messageKey) => {
      const { plaintext, signed } = openFrame(messageKey, header, parsed);
      if (!(await verifySignature(member, parsed.signature!, signed))) {
        throw new DecryptError('bad_signature', `the message is not signed by ${from}`);
      }
      return plaintext;
    });
  }

  async #receiveSenderKey(from: string, payload: Uint8Array): Promise<void> {
    const channel = this.#context.peer(from)?.channel;
    if (channel === undefined) throw new DecryptError('missing_key', `no pairwise channel with ${from}`);
    const plaintext = await channel.open('sender-key', payload);
    if (plaintext.length !== SENDER_KEY_BYTES) throw new DecryptError('malformed', 'a sender key is 40 bytes');
    const view = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.byteLength);
    const epoch = view.getUint32(0);
    const counter = view.getUint32(4);
    let epochs = this.#received.get(from);
    if (epochs === undefined) {
      epochs = new Map();
      this.#received.set(from, epochs);
    }
    // One chain per epoch: a second copy cannot rewind a chain, and an old epoch stays old.
    if (epochs.has(epoch) || (epochs.size >= EPOCHS_KEPT && epoch < Math.min(...epochs.keys()))) return;
    epochs.set(epoch, new ReceivingChain(plaintext.slice(8), counter));
    wipe(plaintext);
    while (epochs.size > EPOCHS_KEPT) epochs.delete(Math.min(...epochs.keys()));
  }

  /** This member's chain as it is now, sealed for each of `memberIds`. */
  async #distribute(memberIds: readonly string[]): Promise<OutboundFrame[]> {
    const epoch = this.#epoch;
    const { counter, chainKey } = await this.#chain.snapshot();
    const plaintext = concat(u32(epoch), u32(counter), chainKey);
    wipe(chainKey);
    const frames: OutboundFrame[] = [];
    for (const id of memberIds) {
      const channel = this.#context.peer(id)?.channel;
      if (channel === undefined) continue;
      frames.push({ kind: 'sender-key', to: id, payload: await channel.seal('sender-key', plaintext) });
    }
    wipe(plaintext);
    return frames;
  }

  #header(sender: string, epoch: number, counter: number): FrameHeader {
    return { kind: 'message', meeting: this.#context.keys.meeting, sender, recipient: '', epoch, counter };
  }
}
