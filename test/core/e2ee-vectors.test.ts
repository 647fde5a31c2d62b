import { expect } from '@open-wc/testing';
import { fromBase64Url, toBase64Url, toHex } from '../../src/core/e2ee/bytes.js';
import { E2eeSession } from '../../src/core/e2ee/e2ee-session.js';
import { encodeHeader, sealFrameWithNonce } from '../../src/core/e2ee/frame.js';
import { ratchet } from '../../src/core/e2ee/kdf-chain.js';
import { PairwiseChannel, pairwiseChainKey } from '../../src/core/e2ee/pairwise-channel.js';
import { SessionKeys, importMemberKeys } from '../../src/core/e2ee/session-keys.js';
import { safetyNumber, securityCode } from '../../src/core/e2ee/verification.js';

// Expected values were computed apart from this code, with node:crypto (HMAC, HKDF, Ed25519,
// X25519, SHA-256) and @noble/ciphers, from the format described in docs/security.md.

const MEETING = '123456789';
const fill = (byte: number, length = 32) => new Uint8Array(length).fill(byte);
const fromHex = (hex: string) => new Uint8Array(hex.match(/../g)!.map((pair) => parseInt(pair, 16)));

/** Fixed keys: private keys are 32 bytes of one value; public keys and signatures as node computed them. */
const PEOPLE = {
  alice: {
    identitySeed: 0xa1,
    agreementPrivate: 0xa2,
    keys: {
      identityKey: 'vHy8tWNjdfodgkNNRmck2SN39TuYBpXdSdJtDOEiBaU',
      agreementKey: 'PFxs4t2Z4Q0sPeBddzqhXj5tlx7U5BOJyTtLvdoXchI',
      signature: '53SWK2lwFWW-zzizduQObhc9dt13cUzG76JMWV4kn9G21_aubWcdntEVUnPKTXTTTcRuGoWGv_BKJ-NJT87-Aw',
    },
  },
  bob: {
    identitySeed: 0xb1,
    agreementPrivate: 0xb2,
    keys: {
      identityKey: 'RyG1tjInLmWmjdp6wltBhfiwGRbbGFwUKH25Lit3D64',
      agreementKey: '20glfhI3l2p0rYz-3KACE0CP6JrGJR8bkwJF8kK1wxo',
      signature: 'RyuEsXNkcg0Z3agRypttQYDS6TdUms64da9i4eO8wi8ycnV8fekfVbIcCXq6sZcSPqQEKjok4oyiAaqQOxsbAg',
    },
  },
  carol: {
    identitySeed: 0xc1,
    agreementPrivate: 0xc2,
    keys: {
      identityKey: 'rNzISU1Fj0SnqqwdaoTsYk2u6IQ22yribme6ZFoQYig',
      agreementKey: 'tj0FVY8h6Fzy5XIVCTAQd6UIczsF3_Pm9RjqBK7ELGU',
      signature: 'nnYjYs1ZGyl_-UgQALem_imJk70p_YgtyawVmk7sUHr8Wugbqucal3Eg70DjptmynbP7JkXhPQQSlMSPTLdOCA',
    },
  },
} as const;
type Name = keyof typeof PEOPLE;

function pkcs8(prefix: string, key: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(16 + 32);
  out.set(fromHex(prefix));
  out.set(key, 16);
  return out;
}

async function fixedKeys(name: Name): Promise<SessionKeys> {
  const person = PEOPLE[name];
  const identity: CryptoKeyPair = {
    privateKey: await crypto.subtle.importKey('pkcs8', pkcs8('302e020100300506032b657004220420', fill(person.identitySeed)), 'Ed25519', false, ['sign']),
    publicKey: await crypto.subtle.importKey('raw', fromBase64Url(person.keys.identityKey), 'Ed25519', true, ['verify']),
  };
  const agreement: CryptoKeyPair = {
    privateKey: await crypto.subtle.importKey('pkcs8', pkcs8('302e020100300506032b656e04220420', fill(person.agreementPrivate)), 'X25519', false, ['deriveBits']),
    publicKey: await crypto.subtle.importKey('raw', fromBase64Url(person.keys.agreementKey), 'X25519', true, []),
  };
  return SessionKeys.fromKeyPairs(MEETING, identity, agreement);
}

describe('e2ee test vectors', () => {
  it('ratchet() yields the first three message keys of chain key 0x01…', async () => {
    let chainKey = fill(0x01);
    const messageKeys: string[] = [];
    for (let i = 0; i < 3; i++) {
      const step = await ratchet(chainKey);
      messageKeys.push(toHex(step.messageKey));
      chainKey = step.chainKey;
    }
    expect(messageKeys).to.deep.equal([
      'cc6efb872c237f565ee82df42e4cab00098b13710395e3c6d29f2907d69e4f04',
      '7f9b7eee1ac1776859f044f1ff38b8be2f1098100c357c2060305853f192ccd1',
      '4869ee1a65f17daba4f4a0bbc2e79307f865e3009eec1a57f8761f3330349a42',
    ]);
  });

  it('encodeHeader() frames label, version and kind, meeting, sender, recipient, epoch and counter', () => {
    const header = encodeHeader({ kind: 'message', meeting: MEETING, sender: 'alice', recipient: '', epoch: 1, counter: 2 });
    expect(toHex(header)).to.equal(
      '0019' + '77652d6d656574696e672f653265652f76312f686561646572' + // "we-meeting/e2ee/v1/header"
        '0002' + '0102' + // version 1, kind 2 (message)
        '0009' + '313233343536373839' +
        '0005' + '616c696365' +
        '0000' +
        '0004' + '00000001' +
        '0004' + '00000002',
    );
  });

  it('SessionKeys.fromKeyPairs() signs the agreement key for the meeting', async () => {
    const alice = await fixedKeys('alice');
    expect(alice.publicKeys).to.deep.equal(PEOPLE.alice.keys);
  });

  it('importMemberKeys() accepts keys whose identity key signed the agreement key', async () => {
    const member = await importMemberKeys(MEETING, 'bob', PEOPLE.bob.keys);
    expect(member?.id).to.equal('bob');
  });

  it('importMemberKeys() refuses an agreement key the identity key did not sign', async () => {
    const swapped = { ...PEOPLE.bob.keys, agreementKey: PEOPLE.carol.keys.agreementKey };
    expect(await importMemberKeys(MEETING, 'bob', swapped)).to.equal(undefined);
  });

  it('importMemberKeys() refuses keys signed for another meeting', async () => {
    expect(await importMemberKeys('987654321', 'bob', PEOPLE.bob.keys)).to.equal(undefined);
  });

  it('pairwiseChainKey() derives the alice → bob chain key from the X25519 secret', async () => {
    const alice = await fixedKeys('alice');
    const bob = (await importMemberKeys(MEETING, 'bob', PEOPLE.bob.keys))!;
    const secret = await alice.agree(bob.agreement);
    expect(toHex(secret)).to.equal('d46f035d591c7467c20f391c7f45b8c9bafe634cc71d2115f7732526a123a75b');
    const chainKey = await pairwiseChainKey(secret, MEETING, alice.agreementKey, bob.agreementKey);
    expect(toHex(chainKey)).to.equal('7cd86721e9eb8b3e198b6ea241250240ef759fdc3892ac9d103c6d387fcc5f7e');
  });

  it('sealFrameWithNonce() wraps a private message with the pairwise message key', async () => {
    const { messageKey } = await ratchet(fromHex('7cd86721e9eb8b3e198b6ea241250240ef759fdc3892ac9d103c6d387fcc5f7e'));
    const header = { kind: 'private', meeting: MEETING, sender: 'alice', recipient: 'bob', epoch: 0, counter: 0 } as const;
    const { frame } = sealFrameWithNonce(messageKey, header, new TextEncoder().encode('hi bob'), fill(0x24, 24));
    expect(toHex(frame)).to.equal(
      '01' + '03' + '00000000' + '00000000' + '24'.repeat(24) + '054484fd245ab8ca96d46b857469a33bb5787fd258f3',
    );
  });

  it('PairwiseChannel.open() reads the private-message vector as bob', async () => {
    const bob = await fixedKeys('bob');
    const alice = (await importMemberKeys(MEETING, 'alice', PEOPLE.alice.keys))!;
    const channel = await PairwiseChannel.open(bob, 'bob', alice);
    const frame = fromHex('01030000000000000000' + '24'.repeat(24) + '054484fd245ab8ca96d46b857469a33bb5787fd258f3');
    expect(new TextDecoder().decode(await channel.open('private', frame))).to.equal('hi bob');
  });

  it('sealFrameWithNonce() and the identity signature make the group-message vector', async () => {
    const alice = await fixedKeys('alice');
    const messageKey = fromHex('cc6efb872c237f565ee82df42e4cab00098b13710395e3c6d29f2907d69e4f04');
    const header = { kind: 'message', meeting: MEETING, sender: 'alice', recipient: '', epoch: 1, counter: 0 } as const;
    const { frame, signed } = sealFrameWithNonce(messageKey, header, new TextEncoder().encode('hello'), fill(0x07, 24));
    const signature = await alice.sign(signed);
    expect(toHex(frame) + toHex(signature)).to.equal(GROUP_FRAME);
  });

  it('E2eeSession.receive() opens the group-message vector once alice gave bob her chain', async () => {
    const [alice, bob] = await Promise.all([fixedKeys('alice'), fixedKeys('bob')]);
    const bobSession = new E2eeSession(bob, 'bob');
    await bobSession.start([{ id: 'alice', keys: PEOPLE.alice.keys }]);
    // Alice's sender key: epoch 1, counter 0, chain key 0x01…, over her channel to bob.
    const toBob = await PairwiseChannel.open(alice, 'alice', (await importMemberKeys(MEETING, 'bob', PEOPLE.bob.keys))!);
    const senderKey = new Uint8Array([0, 0, 0, 1, 0, 0, 0, 0, ...fill(0x01)]);
    expect(await bobSession.receive('alice', 'sender-key', toBase64Url(await toBob.seal('sender-key', senderKey)))).to.equal(undefined);
    expect(await bobSession.receive('alice', 'message', toBase64Url(fromHex(GROUP_FRAME)))).to.equal('hello');
  });

  it('securityCode() hashes every member id and identity key, sorted by id', async () => {
    const members = (['carol', 'alice', 'bob'] as const).map((id) => ({ id, identityKey: fromBase64Url(PEOPLE[id].keys.identityKey) }));
    expect(await securityCode(MEETING, members)).to.equal('18900 71847 32837 09070 18744 01308');
  });

  it('safetyNumber() puts the lower half first', async () => {
    const alice = fromBase64Url(PEOPLE.alice.keys.identityKey);
    const bob = fromBase64Url(PEOPLE.bob.keys.identityKey);
    const expected = '19805 16673 91623 60447 36931 10338 64684 78835 25004 44120 15830 76665';
    expect(await safetyNumber(MEETING, alice, bob)).to.equal(expected);
    expect(await safetyNumber(MEETING, bob, alice)).to.equal(expected);
  });
});

const GROUP_FRAME =
  '01' + '02' + '00000001' + '00000000' + '07'.repeat(24) +
  '8bd7816c73eaa8a7414188b3c643897a4c391c24291e47b6' +
  'ef8df3e8bbc39fbd95ffba1199a2191c641f064f225b1dd19ae6e1d0d729632cde890a9fa29734dd5d05a5bace4ff5e33b6dc990c60b22fa0a55ce5b04';
