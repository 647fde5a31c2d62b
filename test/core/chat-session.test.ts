import { expect } from '@open-wc/testing';
import { ChatSession, type ChatRequest } from '../../src/core/chat/chat-session.js';
import type { ChatMessage, ChatUndecryptable } from '../../src/core/chat/chat-types.js';
import { fromBase64Url, toBase64Url } from '../../src/core/e2ee/bytes.js';
import { InvalidStateError, RequestError } from '../../src/core/errors.js';
import { Roster } from '../../src/core/roster.js';
import { MAX_CHAT_TEXT_LENGTH, checkRequestData, type NotificationData, type RosterEntry } from '../../src/protocol/index.js';

const MEETING = '123456789';
type Frame = NotificationData<'chat'>;

/** A chat and the roster it reads, as a meeting client pairs them. */
interface Member {
  session: ChatSession;
  roster: Roster;
}

function member(): Member {
  const roster = new Roster();
  return { roster, session: new ChatSession(roster) };
}

interface Client extends Member {
  id: string;
  entry: RosterEntry;
  /** Every message and notice it reported, in order. */
  received: (ChatMessage | ChatUndecryptable)[];
}

/**
 * A stand-in for the server: keeps the roster, relays chat frames as the real relay does
 * (checked against the protocol schema, never read) and feeds every member's roster and
 * session through the same handle* methods the meeting client uses. `tap` sees each frame on
 * its way and says what to deliver instead: the way to play a dishonest server.
 */
class FakeRelay {
  readonly clients = new Map<string, Client>();
  /** Frames in the order they were sent. */
  readonly log: Frame[] = [];
  /** Sessions that left but still get every group frame (a relay that keeps feeding them). */
  readonly eavesdroppers: Client[] = [];
  tap: (frame: Frame) => Frame[] = (frame) => [frame];
  #nextId = 1;

  async join(displayName: string, { session, roster } = member()): Promise<Client> {
    const id = `p${this.#nextId++}`;
    const keys = await session.createKeys(MEETING);
    const entry: RosterEntry = { id, displayName, role: 'participant', tracks: [], handRaised: false, keys };
    const members = [...this.clients.values()].map((client) => client.entry);
    const client: Client = { id, session, roster, entry, received: [] };
    session.on('message', (message) => client.received.push(message));
    session.on('undecryptable', (notice) => client.received.push(notice));
    this.clients.set(id, client);
    roster.handleWelcome({ id, displayName, role: 'participant' }, members);
    const attached = session.attach({ meeting: MEETING, request: this.#requestFrom(id) });
    for (const other of this.clients.values()) if (other !== client) other.roster.handleParticipantJoined(entry);
    await attached;
    await this.settle();
    return client;
  }

  /** `client` leaves; with `keepListening` its session keeps its state and still gets group frames. */
  async leave(client: Client, options: { keepListening?: boolean } = {}): Promise<void> {
    this.clients.delete(client.id);
    if (options.keepListening) this.eavesdroppers.push(client);
    else client.session.detach();
    for (const other of this.clients.values()) other.roster.handleParticipantLeft(client.id);
    await this.settle();
  }

  /** Hands `frame` to its recipients as the relay would. */
  deliver(frame: Frame): void {
    const recipients =
      frame.to === null
        ? [...[...this.clients.values()].filter((client) => client.id !== frame.from), ...this.eavesdroppers]
        : [this.clients.get(frame.to)].filter((client) => client !== undefined);
    for (const recipient of recipients) recipient.session.handleChat(frame);
  }

  /** Waits until no session has anything left to process and no frame is on its way. */
  async settle(): Promise<void> {
    let seen = -1;
    while (seen !== this.log.length) {
      seen = this.log.length;
      const sessions = [...this.clients.values(), ...this.eavesdroppers].map((client) => client.session);
      await Promise.all(sessions.map((session) => session.settled()));
      await new Promise((resolve) => setTimeout(resolve));
    }
  }

  #requestFrom(from: string): ChatRequest {
    return async (method, data) => {
      checkRequestData(method, data);
      if (data.kind === 'message' ? data.to !== null : data.to === null || data.to === from) {
        throw new RequestError(method, 'bad_request', 'wrong recipient');
      }
      if (!this.clients.has(from)) throw new RequestError(method, 'forbidden', 'not in the meeting');
      if (data.to !== null && !this.clients.has(data.to)) throw new RequestError(method, 'not_found', 'no such participant');
      const frame: Frame = { from, to: data.to, kind: data.kind, payload: data.payload, sentAt: Date.now() };
      this.log.push(frame);
      for (const delivered of this.tap(frame)) this.deliver(delivered);
      return { sentAt: frame.sentAt };
    };
  }
}

async function meeting(...names: string[]): Promise<{ relay: FakeRelay; clients: Client[] }> {
  const relay = new FakeRelay();
  const clients: Client[] = [];
  for (const name of names) clients.push(await relay.join(name));
  return { relay, clients };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function texts(client: Client): string[] {
  return client.received.map((entry) => (entry.type === 'message' ? entry.text : `(${entry.reason})`));
}

/** `payload` with one bit flipped in its byte at `index`. */
function flip(payload: string, index: number): string {
  const bytes = fromBase64Url(payload);
  bytes[index]! ^= 0x01;
  return toBase64Url(bytes);
}

describe('ChatSession', () => {
  it('send() delivers the text to every other member as a message event', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob', 'Carol');
    const [alice, bob, carol] = clients as [Client, Client, Client];
    await alice.session.send('Hello, everyone');
    await relay.settle();
    expect(texts(bob)).to.deep.equal(['Hello, everyone']);
    expect(texts(carol)).to.deep.equal(['Hello, everyone']);
    const message = bob.received[0] as ChatMessage;
    expect([message.senderId, message.senderName, message.isSelf, message.privateWith]).to.deep.equal([alice.id, 'Alice', false, undefined]);
  });

  it('send() resolves the sent message and emits messagesent', async () => {
    const { clients } = await meeting('Alice', 'Bob');
    const alice = clients[0]!;
    const sent: ChatMessage[] = [];
    alice.session.on('messagesent', (message) => sent.push(message));
    const message = await alice.session.send('Hi');
    expect(message).to.include({ type: 'message', text: 'Hi', isSelf: true, senderId: alice.id, senderName: 'Alice' });
    expect(message.sentAt).to.be.a('number');
    expect(sent).to.deep.equal([message]);
    expect(alice.session.entries).to.deep.equal([message]);
  });

  it('send() puts own and received messages in entries in order', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    const [alice, bob] = clients as [Client, Client];
    await alice.session.send('one');
    await relay.settle();
    await bob.session.send('two');
    await relay.settle();
    expect(alice.session.entries.map((entry) => (entry.type === 'message' ? entry.text : ''))).to.deep.equal(['one', 'two']);
    expect(bob.session.entries.map((entry) => (entry.type === 'message' ? entry.isSelf : ''))).to.deep.equal([false, true]);
  });

  it('send() rejects empty text with TypeError', async () => {
    const { clients } = await meeting('Alice');
    expect(await rejection(clients[0]!.session.send(''))).to.be.instanceOf(TypeError);
  });

  it('send() rejects text above MAX_CHAT_TEXT_LENGTH characters with RangeError', async () => {
    const { clients } = await meeting('Alice');
    const euros = '€'.repeat(MAX_CHAT_TEXT_LENGTH + 1);
    expect(await rejection(clients[0]!.session.send(euros))).to.be.instanceOf(RangeError);
  });

  it('send() counts characters, not bytes: MAX_CHAT_TEXT_LENGTH Chinese characters go', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    const text = '中'.repeat(MAX_CHAT_TEXT_LENGTH); // 3 bytes each in UTF-8
    await clients[0]!.session.send(text);
    await relay.settle();
    expect(texts(clients[1]!)).to.deep.equal([text]);
  });

  it('send() carries MAX_CHAT_TEXT_LENGTH characters of text within the relay payload limit', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    const text = 'x'.repeat(MAX_CHAT_TEXT_LENGTH);
    await clients[0]!.session.send(text);
    await relay.settle();
    expect(texts(clients[1]!)).to.deep.equal([text]);
  });

  it('send() carries MAX_CHAT_TEXT_LENGTH of the widest characters (4 bytes each) within the relay payload limit', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    const text = '😀'.repeat(MAX_CHAT_TEXT_LENGTH);
    await clients[0]!.session.send(text);
    await clients[0]!.session.send(text, { to: clients[1]!.id });
    await relay.settle();
    expect(texts(clients[1]!)).to.deep.equal([text, text]);
  });

  it('send() rejects with InvalidStateError before attach', async () => {
    expect(await rejection(member().session.send('hello'))).to.be.instanceOf(InvalidStateError);
  });

  it('send() with "to" is read by that participant only', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob', 'Carol');
    const [alice, bob, carol] = clients as [Client, Client, Client];
    const sent = await alice.session.send('psst, Bob', { to: bob.id });
    await relay.settle();
    expect(sent.privateWith).to.deep.equal({ id: bob.id, displayName: 'Bob' });
    expect(texts(bob)).to.deep.equal(['psst, Bob']);
    expect((bob.received[0] as ChatMessage).privateWith).to.deep.equal({ id: alice.id, displayName: 'Alice' });
    expect(carol.received).to.deep.equal([]);
  });

  it('send() with "to" yourself rejects with TypeError', async () => {
    const { clients } = await meeting('Alice');
    expect(await rejection(clients[0]!.session.send('me', { to: clients[0]!.id }))).to.be.instanceOf(TypeError);
  });

  it('send() with "to" someone not in the meeting rejects with RequestError not_found', async () => {
    const { clients } = await meeting('Alice', 'Bob');
    const error = await rejection(clients[0]!.session.send('hello?', { to: 'p404' }));
    expect(error).to.be.instanceOf(RequestError);
    expect((error as RequestError).code).to.equal('not_found');
  });

  it('send() right after joining is readable by everyone: key material goes first', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    const carol = await relay.join('Carol');
    await carol.session.send('hi, I just came in');
    await relay.settle();
    expect(texts(clients[0]!)).to.deep.equal(['hi, I just came in']);
    expect(texts(clients[1]!)).to.deep.equal(['hi, I just came in']);
  });

  it('a member the roster reports as left reads nothing sent after it left (rotation)', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob', 'Carol');
    const [alice, bob, carol] = clients as [Client, Client, Client];
    await alice.session.send('before');
    await relay.settle();
    await relay.leave(carol, { keepListening: true });
    await alice.session.send('after');
    await bob.session.send('after too');
    await relay.settle();
    expect(texts(carol)).to.deep.equal(['before', '(missing_key)', '(missing_key)']);
    expect(texts(bob)).to.deep.equal(['before', 'after']);
  });

  it('a member the roster reports as joined gets nothing said before it joined', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    await clients[0]!.session.send('before Dave');
    await relay.settle();
    const earlier = [...relay.log];
    const dave = await relay.join('Dave');
    for (const frame of earlier.filter((frame) => frame.kind === 'message')) dave.session.handleChat(frame);
    await relay.settle();
    expect(texts(dave)).to.deep.equal(['(missing_key)']);
  });

  it('handleChat() reports a frame the relay changed as undecryptable (tampered)', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    relay.tap = (frame) => [frame.kind === 'message' ? { ...frame, payload: flip(frame.payload, 40) } : frame];
    const notices: ChatUndecryptable[] = [];
    clients[1]!.session.on('undecryptable', (notice) => notices.push(notice));
    await clients[0]!.session.send('hello');
    await relay.settle();
    expect(notices.map((notice) => [notice.reason, notice.senderId, notice.senderName])).to.deep.equal([
      ['tampered', clients[0]!.id, 'Alice'],
    ]);
    expect(clients[1]!.session.entries).to.deep.equal(notices);
  });

  it('handleChat() reports a frame the relay delivered twice as undecryptable (replayed)', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    relay.tap = (frame) => [frame, frame];
    await clients[0]!.session.send('once');
    await relay.settle();
    expect(texts(clients[1]!)).to.deep.equal(['once', '(replayed)']);
  });

  it('handleChat() reports a private frame the relay delivered twice as undecryptable (replayed)', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    relay.tap = (frame) => (frame.kind === 'private' ? [frame, frame] : [frame]);
    await clients[0]!.session.send('once', { to: clients[1]!.id });
    await relay.settle();
    expect(texts(clients[1]!)).to.deep.equal(['once', '(replayed)']);
  });

  it('handleChat() drops a message the relay attributes to another member', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob', 'Carol');
    const [alice, bob, carol] = clients as [Client, Client, Client];
    relay.tap = (frame) => [frame.kind === 'message' ? { ...frame, from: carol.id } : frame];
    await alice.session.send('I am Alice');
    await relay.settle();
    expect(texts(bob)).to.deep.equal(['(tampered)']);
    expect((bob.received[0] as ChatUndecryptable).senderId).to.equal(carol.id);
  });

  it('handleChat() ignores a frame addressed to someone else', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob', 'Carol');
    relay.tap = (frame) => {
      if (frame.kind === 'private') relay.clients.get(clients[2]!.id)!.session.handleChat(frame);
      return [frame];
    };
    await clients[0]!.session.send('for Bob', { to: clients[1]!.id });
    await relay.settle();
    expect(clients[2]!.received).to.deep.equal([]);
  });

  it('securityCode is the same for every member and changes when someone joins', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    const codes: (string | undefined)[] = [];
    clients[0]!.session.on('securitycodechange', (code) => codes.push(code));
    const before = clients[0]!.session.securityCode;
    const carol = await relay.join('Carol');
    const all = [...clients, carol].map((client) => client.session.securityCode);
    expect(all[0]).to.match(/^\d{5}( \d{5}){5}$/);
    expect(new Set(all).size).to.equal(1);
    expect(all[0]).not.to.equal(before);
    expect(codes).to.deep.equal([all[0]]);
  });

  it('securityCode differs on the screen of a member whose keys the relay swapped', async () => {
    const relay = new FakeRelay();
    const alice = await relay.join('Alice');
    const bob = await relay.join('Bob');
    // The relay gives Alice a substituted key for Carol.
    const forged = await member().session.createKeys(MEETING);
    const realJoined = alice.roster.handleParticipantJoined.bind(alice.roster);
    alice.roster.handleParticipantJoined = (entry) => realJoined({ ...entry, keys: forged });
    await relay.join('Carol');
    const carol = [...relay.clients.values()].find((client) => client.entry.displayName === 'Carol')!;
    expect(bob.session.securityCode).to.equal(carol.session.securityCode);
    expect(alice.session.securityCode).not.to.equal(bob.session.securityCode);
  });

  it('safetyNumber() is the same on both sides of a pair', async () => {
    const { clients } = await meeting('Alice', 'Bob');
    const [alice, bob] = clients as [Client, Client];
    const number = await alice.session.safetyNumber(bob.id);
    expect(number).to.match(/^\d{5}( \d{5}){11}$/);
    expect(await bob.session.safetyNumber(alice.id)).to.equal(number);
  });

  it('safetyNumber() rejects with RangeError for someone who is not a member', async () => {
    const { clients } = await meeting('Alice');
    expect(await rejection(clients[0]!.session.safetyNumber('p404'))).to.be.instanceOf(RangeError);
  });

  it('attach() makes the session ready and emits readychange', async () => {
    const alice = member();
    const { session } = alice;
    const changes: boolean[] = [];
    session.on('readychange', (ready) => changes.push(ready));
    expect(session.ready).to.equal(false);
    await new FakeRelay().join('Alice', alice);
    expect(session.ready).to.equal(true);
    expect(changes).to.deep.equal([true]);
  });

  it('attach() rejects with InvalidStateError without createKeys() for that meeting', async () => {
    const { session, roster } = member();
    roster.handleWelcome({ id: 'p1', displayName: 'A', role: 'participant' }, []);
    const request: ChatRequest = async () => ({ sentAt: 0 });
    const error = await rejection(session.attach({ meeting: MEETING, request }));
    expect(error).to.be.instanceOf(InvalidStateError);
  });

  it('detach() makes the session not ready and clears the security code; entries stay', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    await clients[0]!.session.send('kept');
    await relay.settle();
    const bob = clients[1]!.session;
    bob.detach();
    expect([bob.ready, bob.securityCode]).to.deep.equal([false, undefined]);
    expect(bob.entries).to.have.length(1);
    expect(await rejection(bob.send('after'))).to.be.instanceOf(InvalidStateError);
  });

  it('attach() again with fresh keys (a rejoin as a new participant) chats again', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    const [alice, bob] = clients as [Client, Client];
    await alice.session.send('first');
    await relay.settle();
    await relay.leave(bob);
    const again = await relay.join('Bob', bob);
    await alice.session.send('second');
    await relay.settle();
    expect(bob.session.entries.map((entry) => (entry.type === 'message' ? entry.text : entry.reason))).to.deep.equal([
      'first',
      'second',
    ]);
    expect(again.id).not.to.equal(bob.id);
  });

  it('a throwing listener does not stop later messages', async () => {
    const { relay, clients } = await meeting('Alice', 'Bob');
    const bob = clients[1]!;
    bob.session.onListenerError = () => undefined;
    bob.session.on('message', () => {
      throw new Error('listener bug');
    });
    await clients[0]!.session.send('one');
    await clients[0]!.session.send('two');
    await relay.settle();
    expect(texts(bob)).to.deep.equal(['one', 'two']);
  });
});
