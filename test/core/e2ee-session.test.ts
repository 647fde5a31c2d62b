import { expect } from '@open-wc/testing';
import { fromBase64Url, toBase64Url } from '../../src/core/e2ee/bytes.js';
import { DecryptError } from '../../src/core/e2ee/decrypt-error.js';
import { E2eeSession, type WireFrame } from '../../src/core/e2ee/e2ee-session.js';
import { encodeHeader } from '../../src/core/e2ee/frame.js';
import { REPLAY_WINDOW } from '../../src/core/e2ee/kdf-chain.js';
import { SessionKeys } from '../../src/core/e2ee/session-keys.js';
import type { E2eeKeys } from '../../src/protocol/index.js';

const MEETING = '123456789';

interface Member {
  id: string;
  keys: SessionKeys;
  session: E2eeSession;
}

/** A meeting of E2eeSessions: who is in it, and delivery of frames as the relay would do. */
class Group {
  readonly members = new Map<string, Member>();

  async join(id: string, options: { keysSeenByOthers?: E2eeKeys } = {}): Promise<Member> {
    const keys = await SessionKeys.generate(MEETING);
    const session = new E2eeSession(keys, id);
    const member = { id, keys, session };
    const present = [...this.members.values()];
    const frames = await session.start(present.map((other) => ({ id: other.id, keys: other.keys.publicKeys })));
    this.members.set(id, member);
    // With substituted keys the two sides derive different pairwise keys: nothing opens.
    const lenient = options.keysSeenByOthers !== undefined;
    for (const other of present) {
      await this.deliver(other.id, await other.session.add({ id, keys: options.keysSeenByOthers ?? keys.publicKeys }), lenient);
    }
    await this.deliver(id, frames, lenient);
    return member;
  }

  async leave(id: string): Promise<void> {
    this.members.delete(id);
    for (const other of this.members.values()) await this.deliver(other.id, await other.session.remove(id));
  }

  /** Delivers frames from `from` to their recipients; resolves what each recipient read. */
  async deliver(from: string, frames: readonly WireFrame[], lenient = false): Promise<Map<string, (string | undefined)[]>> {
    const read = new Map<string, (string | undefined)[]>();
    for (const frame of frames) {
      const recipients = frame.to === null ? [...this.members.keys()].filter((id) => id !== from) : [frame.to];
      for (const id of recipients) {
        const member = this.members.get(id);
        if (member === undefined) continue;
        const text = await member.session.receive(from, frame.kind, frame.payload).catch((error: unknown) => {
          if (lenient) return undefined;
          throw error;
        });
        read.set(id, [...(read.get(id) ?? []), text]);
      }
    }
    return read;
  }

  get(id: string): Member {
    return this.members.get(id)!;
  }
}

async function group(...ids: string[]): Promise<Group> {
  const meeting = new Group();
  for (const id of ids) await meeting.join(id);
  return meeting;
}

/** The reason a receive() was refused with. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(DecryptError);
    return (error as DecryptError).reason;
  }
  throw new Error('expected the frame to be refused');
}

/** `payload` with one bit flipped in byte `index` (negative: from the end). */
function flip(payload: string, index: number): string {
  const bytes = fromBase64Url(payload);
  bytes[index < 0 ? bytes.length + index : index]! ^= 0x01;
  return toBase64Url(bytes);
}

describe('E2eeSession', () => {
  it('encryptGroup() is read by every member', async () => {
    const g = await group('alice', 'bob', 'carol');
    const read = await g.deliver('alice', [await g.get('alice').session.encryptGroup('hello all')]);
    expect(Object.fromEntries(read)).to.deep.equal({ bob: ['hello all'], carol: ['hello all'] });
  });

  it('receive() refuses a group frame delivered twice as replayed', async () => {
    const g = await group('alice', 'bob');
    const frame = await g.get('alice').session.encryptGroup('once');
    await g.deliver('alice', [frame]);
    expect(await refusal(g.get('bob').session.receive('alice', 'message', frame.payload))).to.equal('replayed');
  });

  it('receive() opens skipped counters out of order, each once', async () => {
    const g = await group('alice', 'bob');
    const alice = g.get('alice').session;
    const frames = [await alice.encryptGroup('0'), await alice.encryptGroup('1'), await alice.encryptGroup('2')];
    const bob = g.get('bob').session;
    expect(await bob.receive('alice', 'message', frames[2]!.payload)).to.equal('2');
    expect(await bob.receive('alice', 'message', frames[0]!.payload)).to.equal('0');
    expect(await bob.receive('alice', 'message', frames[1]!.payload)).to.equal('1');
    expect(await refusal(bob.receive('alice', 'message', frames[1]!.payload))).to.equal('replayed');
  });

  it('receive() refuses a counter beyond the replay window and still opens the next in-window one', async () => {
    const g = await group('alice', 'bob');
    const alice = g.get('alice').session;
    const frames: WireFrame[] = [];
    for (let i = 0; i <= REPLAY_WINDOW; i++) frames.push(await alice.encryptGroup(`m${i}`));
    const bob = g.get('bob').session;
    expect(await refusal(bob.receive('alice', 'message', frames[REPLAY_WINDOW]!.payload))).to.equal('replayed');
    expect(await bob.receive('alice', 'message', frames[REPLAY_WINDOW - 1]!.payload)).to.equal(`m${REPLAY_WINDOW - 1}`);
    expect(await bob.receive('alice', 'message', frames[REPLAY_WINDOW]!.payload)).to.equal(`m${REPLAY_WINDOW}`);
  });

  it('receive() refuses a counter that fell behind the replay window', async () => {
    const g = await group('alice', 'bob');
    const alice = g.get('alice').session;
    const frames: WireFrame[] = [];
    for (let i = 0; i < REPLAY_WINDOW + 2; i++) frames.push(await alice.encryptGroup(`m${i}`));
    const bob = g.get('bob').session;
    await bob.receive('alice', 'message', frames[REPLAY_WINDOW - 1]!.payload);
    await bob.receive('alice', 'message', frames[REPLAY_WINDOW + 1]!.payload);
    expect(await refusal(bob.receive('alice', 'message', frames[0]!.payload))).to.equal('replayed');
  });

  it('receive() refuses a changed ciphertext as tampered', async () => {
    const g = await group('alice', 'bob');
    const frame = await g.get('alice').session.encryptGroup('hello');
    const changed = flip(frame.payload, 40);
    expect(await refusal(g.get('bob').session.receive('alice', 'message', changed))).to.equal('tampered');
  });

  it('receive() refuses a changed counter as tampered', async () => {
    const g = await group('alice', 'bob');
    const alice = g.get('alice').session;
    await alice.encryptGroup('first');
    const frame = await alice.encryptGroup('second');
    const changed = flip(frame.payload, 9); // counter 1 → 0
    expect(await refusal(g.get('bob').session.receive('alice', 'message', changed))).to.equal('tampered');
  });

  it('receive() refuses a frame relabelled with another sender as tampered', async () => {
    const g = await group('alice', 'bob', 'carol');
    const frame = await g.get('alice').session.encryptGroup('from alice');
    expect(await refusal(g.get('bob').session.receive('carol', 'message', frame.payload))).to.equal('tampered');
  });

  it('receive() refuses a message signed by another member as bad_signature', async () => {
    const g = await group('alice', 'bob', 'mallory');
    const frame = await g.get('alice').session.encryptGroup('from alice');
    // Mallory holds alice's sender key, so the AEAD opens; only the signature is hers.
    const bytes = fromBase64Url(frame.payload);
    const signed = signatureInput(bytes);
    bytes.set(await g.get('mallory').keys.sign(signed), bytes.length - 64);
    expect(await refusal(g.get('bob').session.receive('alice', 'message', toBase64Url(bytes)))).to.equal('bad_signature');
  });

  it('receive() refuses a message with a broken signature as bad_signature, and the counter stays usable', async () => {
    const g = await group('alice', 'bob');
    const frame = await g.get('alice').session.encryptGroup('signed');
    const bob = g.get('bob').session;
    expect(await refusal(bob.receive('alice', 'message', flip(frame.payload, -1)))).to.equal('bad_signature');
    expect(await bob.receive('alice', 'message', frame.payload)).to.equal('signed');
  });

  it('receive() refuses a frame whose kind byte differs from the relayed kind as malformed', async () => {
    const g = await group('alice', 'bob');
    const frame = await g.get('alice').session.encryptPrivate('bob', 'private');
    expect(await refusal(g.get('bob').session.receive('alice', 'message', frame.payload))).to.equal('malformed');
  });

  it('receive() refuses a payload that is not base64url as malformed', async () => {
    const g = await group('alice', 'bob');
    expect(await refusal(g.get('bob').session.receive('alice', 'message', 'not base64!'))).to.equal('malformed');
  });

  it('remove() rotates: a departed member cannot read what is sent after it left', async () => {
    const g = await group('alice', 'bob', 'carol');
    const carol = g.get('carol').session;
    await g.leave('carol');
    const frame = await g.get('alice').session.encryptGroup('after carol left');
    expect(Object.fromEntries(await g.deliver('alice', [frame]))).to.deep.equal({ bob: ['after carol left'] });
    expect(await refusal(carol.receive('alice', 'message', frame.payload))).to.equal('missing_key');
  });

  it('remove() sends the new sender key to the remaining members only', async () => {
    const g = await group('alice', 'bob', 'carol');
    const frames = await g.get('alice').session.remove('carol');
    expect(frames.map((frame) => [frame.kind, frame.to])).to.deep.equal([['sender-key', 'bob']]);
  });

  it('add() gives a joiner the current chain only: it cannot read earlier messages', async () => {
    const g = await group('alice', 'bob');
    const before = await g.get('alice').session.encryptGroup('before dave');
    await g.deliver('alice', [before]);
    const dave = await g.join('dave');
    expect(await refusal(dave.session.receive('alice', 'message', before.payload))).to.equal('missing_key');
    const after = await g.get('alice').session.encryptGroup('after dave');
    expect((await g.deliver('alice', [after])).get('dave')).to.deep.equal(['after dave']);
  });

  it('add() lets the joiner send to everyone at once', async () => {
    const g = await group('alice', 'bob');
    const dave = await g.join('dave');
    const read = await g.deliver('dave', [await dave.session.encryptGroup('hi, I am new')]);
    expect(Object.fromEntries(read)).to.deep.equal({ alice: ['hi, I am new'], bob: ['hi, I am new'] });
  });

  it('encryptPrivate() is readable by its recipient only', async () => {
    const g = await group('alice', 'bob', 'carol');
    const frame = await g.get('alice').session.encryptPrivate('bob', 'just for bob');
    expect(frame.to).to.equal('bob');
    expect(await g.get('bob').session.receive('alice', 'private', frame.payload)).to.equal('just for bob');
    expect(await refusal(g.get('carol').session.receive('alice', 'private', frame.payload))).to.equal('tampered');
  });

  it('encryptPrivate() frames are refused when replayed', async () => {
    const g = await group('alice', 'bob');
    const frame = await g.get('alice').session.encryptPrivate('bob', 'once');
    const bob = g.get('bob').session;
    await bob.receive('alice', 'private', frame.payload);
    expect(await refusal(bob.receive('alice', 'private', frame.payload))).to.equal('replayed');
  });

  it('encryptPrivate() frames cannot be reflected back to their sender', async () => {
    const g = await group('alice', 'bob');
    const frame = await g.get('alice').session.encryptPrivate('bob', 'to bob');
    expect(await refusal(g.get('alice').session.receive('bob', 'private', frame.payload))).to.equal('tampered');
  });

  it('encryptPrivate() throws RangeError for someone who is not a member', async () => {
    const g = await group('alice');
    let caught: unknown;
    try {
      await g.get('alice').session.encryptPrivate('nobody', 'hello?');
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(RangeError);
  });

  it('add() ignores a member whose agreement key is not signed by its identity key', async () => {
    const g = await group('alice');
    const bobKeys = (await SessionKeys.generate(MEETING)).publicKeys;
    const other = (await SessionKeys.generate(MEETING)).publicKeys;
    const frames = await g.get('alice').session.add({ id: 'bob', keys: { ...bobKeys, agreementKey: other.agreementKey } });
    expect(frames).to.deep.equal([]);
    expect(g.get('alice').session.isMember('bob')).to.equal(false);
  });

  it('securityCode() is the same for every honest member', async () => {
    const g = await group('alice', 'bob', 'carol');
    const codes = await Promise.all([...g.members.values()].map((member) => member.session.securityCode()));
    expect(codes[0]).to.match(/^\d{5}( \d{5}){5}$/);
    expect(new Set(codes).size).to.equal(1);
  });

  it('securityCode() differs for a member given substituted keys by a man in the middle', async () => {
    const g = await group('alice', 'bob');
    const mallory = await SessionKeys.generate(MEETING);
    // The server shows bob and alice mallory's keys for carol; carol keeps her own.
    const carol = await g.join('carol', { keysSeenByOthers: mallory.publicKeys });
    const [alice, bob, carolCode] = await Promise.all([
      g.get('alice').session.securityCode(),
      g.get('bob').session.securityCode(),
      carol.session.securityCode(),
    ]);
    expect(alice).to.equal(bob);
    expect(carolCode).not.to.equal(alice);
  });

  it('securityCode() changes when a member leaves', async () => {
    const g = await group('alice', 'bob', 'carol');
    const before = await g.get('alice').session.securityCode();
    await g.leave('carol');
    expect(await g.get('alice').session.securityCode()).not.to.equal(before);
  });

  it('safetyNumber() is the same on both sides of a pair', async () => {
    const g = await group('alice', 'bob', 'carol');
    const aliceBob = await g.get('alice').session.safetyNumber('bob');
    expect(aliceBob).to.match(/^\d{5}( \d{5}){11}$/);
    expect(await g.get('bob').session.safetyNumber('alice')).to.equal(aliceBob);
    expect(await g.get('alice').session.safetyNumber('carol')).not.to.equal(aliceBob);
  });
});

/** The bytes a group message's signature covers, rebuilt from the frame as a member could. */
function signatureInput(frame: Uint8Array): Uint8Array<ArrayBuffer> {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const header = encodeHeader({ kind: 'message', meeting: MEETING, sender: 'alice', recipient: '', epoch: view.getUint32(2), counter: view.getUint32(6) });
  const rest = frame.subarray(10, frame.length - 64);
  const out = new Uint8Array(header.length + rest.length);
  out.set(header);
  out.set(rest, header.length);
  return out;
}
