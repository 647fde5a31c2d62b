import type { ChatKind, E2eeKeys } from '../../protocol/index.js';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from './bytes.js';
import { DecryptError } from './decrypt-error.js';
import type { GroupCipher, OutboundFrame } from './group-cipher.js';
import { PairwiseChannel } from './pairwise-channel.js';
import { SenderKeyGroup, type SenderKeyContext } from './sender-key-group.js';
import { importMemberKeys, type MemberKeys, type SessionKeys } from './session-keys.js';
import { safetyNumber, securityCode } from './verification.js';

/** A frame ready for `sendChat`: the payload is unpadded base64url. */
export interface WireFrame {
  readonly kind: ChatKind;
  readonly to: string | null;
  readonly payload: string;
}

/** A member as the roster gives it: its keys are absent for a client that cannot chat. */
export interface RosterMember {
  readonly id: string;
  readonly keys?: E2eeKeys | undefined;
}

/** Makes the group cipher; Sender Keys unless told otherwise. */
export type GroupCipherFactory = (context: SenderKeyContext) => GroupCipher;

function wire(frame: OutboundFrame): WireFrame {
  return { kind: frame.kind, to: frame.to, payload: toBase64Url(frame.payload) };
}

/** What this participant holds for one other member: their verified keys and the channel with them. */
export interface Peer {
  readonly keys: MemberKeys;
  readonly channel: PairwiseChannel;
}

/**
 * This participant's end-to-end encryption state for one join: the keys and pairwise channel
 * of each member it was told of (who is a member is the roster's to say; this keeps only the
 * cryptographic state, once per member), and the group cipher. Takes and returns text and
 * wire frames; keys stay inside. Callers serialize calls (one at a time, in order).
 */
export class E2eeSession {
  readonly #keys: SessionKeys;
  readonly #selfId: string;
  readonly #peers = new Map<string, Peer>();
  readonly #group: GroupCipher;

  constructor(keys: SessionKeys, selfId: string, makeGroup: GroupCipherFactory = (context) => new SenderKeyGroup(context)) {
    this.#keys = keys;
    this.#selfId = selfId;
    this.#group = makeGroup({ keys, selfId, peer: (id) => this.#peers.get(id), peerIds: () => this.#peers.keys() });
  }

  /** Starts with the members already in the meeting; returns the frames to send them. */
  async start(members: readonly RosterMember[]): Promise<WireFrame[]> {
    const imported = await Promise.all(members.map((member) => this.#import(member)));
    const frames = await this.#group.start(imported.filter((member) => member !== undefined));
    return frames.map(wire);
  }

  /** A member joined; returns the frames that give it this participant's keys. */
  async add(member: RosterMember): Promise<WireFrame[]> {
    if (this.#peers.has(member.id)) return [];
    const imported = await this.#import(member);
    return imported === undefined ? [] : (await this.#group.add(imported)).map(wire);
  }

  /** A member left; returns the frames of the rotation. */
  async remove(memberId: string): Promise<WireFrame[]> {
    if (!this.#peers.delete(memberId)) return [];
    return (await this.#group.remove(memberId)).map(wire);
  }

  /** Whether `memberId` takes part in encrypted chat (valid keys, not self). */
  isMember(memberId: string): boolean {
    return this.#peers.has(memberId);
  }

  /** Encrypts a message for everyone. */
  async encryptGroup(text: string): Promise<WireFrame> {
    return wire(await this.#group.encrypt(utf8(text)));
  }

  /** Encrypts a message for one member; throws `RangeError` when it is not one. */
  async encryptPrivate(to: string, text: string): Promise<WireFrame> {
    const channel = this.#peers.get(to)?.channel;
    if (channel === undefined) throw new RangeError(`participant "${to}" is not a chat member`);
    return { kind: 'private', to, payload: toBase64Url(await channel.seal('private', utf8(text))) };
  }

  /**
   * Opens a relayed frame. Resolves the text of a message, or `undefined` for key material.
   * Rejects with `DecryptError` when the frame is dropped.
   */
  async receive(from: string, kind: ChatKind, payload: string): Promise<string | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = fromBase64Url(payload);
    } catch (cause) {
      throw new DecryptError('malformed', 'the payload is not base64url', { cause });
    }
    let plaintext: Uint8Array | undefined;
    if (kind === 'private') {
      const channel = this.#peers.get(from)?.channel;
      if (channel === undefined) throw new DecryptError('missing_key', `no pairwise channel with ${from}`);
      plaintext = await channel.open('private', bytes);
    } else {
      plaintext = await this.#group.receive(from, kind, bytes);
    }
    if (plaintext === undefined) return undefined;
    try {
      return fromUtf8(plaintext);
    } catch (cause) {
      throw new DecryptError('malformed', 'the text is not UTF-8', { cause });
    }
  }

  /** The meeting security code over self and every member. */
  securityCode(): Promise<string> {
    const members = [{ id: this.#selfId, identityKey: this.#keys.identityKey }, ...[...this.#peers.values()].map((peer) => peer.keys)];
    return securityCode(this.#keys.meeting, members);
  }

  /** The safety number with one member; rejects with `RangeError` when it is not one. */
  async safetyNumber(memberId: string): Promise<string> {
    const member = this.#peers.get(memberId)?.keys;
    if (member === undefined) throw new RangeError(`participant "${memberId}" is not a chat member`);
    return safetyNumber(this.#keys.meeting, this.#keys.identityKey, member.identityKey);
  }

  async #import(member: RosterMember): Promise<MemberKeys | undefined> {
    if (member.keys === undefined || member.id === this.#selfId) return undefined;
    const keys = await importMemberKeys(this.#keys.meeting, member.id, member.keys);
    if (keys === undefined) return undefined;
    let channel: PairwiseChannel;
    try {
      channel = await PairwiseChannel.open(this.#keys, this.#selfId, keys);
    } catch {
      return undefined; // An agreement key that yields no secret (e.g. a low-order point).
    }
    this.#peers.set(member.id, { keys, channel });
    return keys;
  }
}
