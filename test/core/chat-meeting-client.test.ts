import { expect } from '@open-wc/testing';
import { ChatSession } from '../../src/core/chat/chat-session.js';
import type { ChatMessage } from '../../src/core/chat/chat-types.js';
import { InvalidStateError } from '../../src/core/errors.js';
import { MeetingClient } from '../../src/core/meeting-client.js';
import { Roster } from '../../src/core/roster.js';
import type { E2eeKeys, Poll, RequestData, RosterEntry } from '../../src/protocol/index.js';

const MEETING = '123456789';

const POLL: Poll = {
  id: 'poll1',
  question: 'Lunch?',
  options: ['Yes', 'No'],
  multiple: false,
  anonymous: true,
  resultsShared: false,
  state: 'open',
  voted: false,
  results: null,
};

interface Sent {
  id: number;
  method: string;
  data: Record<string, unknown>;
}

/** A member of the meeting played by the test: a ChatSession reading its own roster. */
interface Peer {
  readonly id: string;
  readonly displayName: string;
  readonly roster: Roster;
  readonly session: ChatSession;
  keys: E2eeKeys | undefined;
  readonly received: ChatMessage[];
  readonly undecryptable: string[];
  /** Still gets the group's frames after leaving: a relay that keeps feeding it. */
  listening: boolean;
}

function peer(id: string, displayName: string): Peer {
  const roster = new Roster();
  const member: Peer = { id, displayName, roster, session: new ChatSession(roster), keys: undefined, received: [], undecryptable: [], listening: true };
  member.session.on('message', (message) => member.received.push(message));
  member.session.on('undecryptable', (notice) => member.undecryptable.push(notice.reason));
  return member;
}

/**
 * A WebSocket that plays a server: answers `hello` with a roster holding Bob and Carol (chat
 * sessions driven by the test), relays chat between the client and them as the server does,
 * answers `listPolls`, and never answers `getRouterRtpCapabilities`, so the client stays
 * connected without media.
 */
class FakeServer {
  readonly sent: Sent[] = [];
  socket: FakeSocket | undefined;
  readonly peers = [peer('bob', 'Bob'), peer('carol', 'Carol')];

  readonly WebSocket = ((server: FakeServer) =>
    class extends FakeSocket {
      constructor(url: string) {
        super(url, server);
      }
    })(this);

  get bob(): ChatSession {
    return this.peers[0]!.session;
  }

  get bobReceived(): ChatMessage[] {
    return this.peers[0]!.received;
  }

  entry(member: Peer): RosterEntry {
    return { id: member.id, displayName: member.displayName, role: member.id === 'bob' ? 'host' : 'participant', tracks: [], handRaised: false, keys: member.keys! };
  }

  async preparePeers(): Promise<void> {
    for (const member of this.peers) member.keys = await member.session.createKeys(MEETING);
  }

  /** `member` leaves: the others are told, and (as a relay that keeps feeding it) it still gets group frames. */
  leave(member: Peer): void {
    this.notify('participantLeft', { participantId: member.id });
    for (const other of this.peers) if (other !== member) other.roster.handleParticipantLeft(member.id);
  }

  receive(text: string): void {
    const frame = JSON.parse(text) as Sent;
    this.sent.push(frame);
    switch (frame.method) {
      case 'hello': {
        this.respond(frame.id, {
          protocolVersion: 1,
          serverVersion: 'test',
          meeting: MEETING,
          topic: null,
          self: { id: 'me', displayName: 'Me', role: 'participant' },
          participants: this.peers.map((member) => this.entry(member)),
          expiresAt: null,
        });
        const me: RosterEntry = { id: 'me', displayName: 'Me', role: 'participant', tracks: [], handRaised: false, keys: frame.data.keys as E2eeKeys };
        for (const member of this.peers) {
          const others = this.peers.filter((other) => other !== member).map((other) => this.entry(other));
          member.roster.handleWelcome({ id: member.id, displayName: member.displayName, role: 'participant' }, [...others, me]);
          void member.session.attach({ meeting: MEETING, request: async (_method, data) => this.from(member, data) });
        }
        break;
      }
      case 'sendChat': {
        const data = frame.data as RequestData<'sendChat'>;
        const sentAt = Date.now();
        this.respond(frame.id, { sentAt });
        for (const member of this.peers) {
          if (data.to === null ? member.listening : data.to === member.id) {
            member.session.handleChat({ from: 'me', to: data.to, kind: data.kind, payload: data.payload, sentAt });
          }
        }
        break;
      }
      case 'listPolls':
        this.respond(frame.id, { polls: [] });
        break;
    }
  }

  /** What a peer sends goes to the client (and, for a group frame, to the other peers). */
  from(member: Peer, data: RequestData<'sendChat'>): { sentAt: number } {
    const sentAt = Date.now();
    if (data.to === null || data.to === 'me') this.notify('chat', { from: member.id, to: data.to, kind: data.kind, payload: data.payload, sentAt });
    for (const other of this.peers) {
      if (other !== member && (data.to === null || data.to === other.id)) {
        other.session.handleChat({ from: member.id, to: data.to, kind: data.kind, payload: data.payload, sentAt });
      }
    }
    return { sentAt };
  }

  /** The chat frames the client sent, as `kind→to`. */
  chatSent(): string[] {
    return this.sent.filter((frame) => frame.method === 'sendChat').map((frame) => `${String(frame.data.kind)}→${String(frame.data.to)}`);
  }

  respond(id: number, data: unknown): void {
    this.socket!.push({ id, ok: true, data });
  }

  notify(notification: string, data: unknown): void {
    this.socket!.push({ notification, data });
  }
}

/** Delivers in order, like a socket: timers alone may reorder (nested timers are clamped). */
class FakeSocket extends EventTarget {
  readonly #server: FakeServer;
  readonly #queue: (() => void)[] = [];

  constructor(_url: string, server: FakeServer) {
    super();
    this.#server = server;
    server.socket = this;
    this.#later(() => this.dispatchEvent(new Event('open')));
  }

  send(text: string): void {
    this.#later(() => this.#server.receive(text));
  }

  close(): void {
    this.#later(() => this.dispatchEvent(new CloseEvent('close', { code: 1000 })));
  }

  push(frame: unknown): void {
    this.#later(() => this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) })));
  }

  #later(action: () => void): void {
    this.#queue.push(action);
    if (this.#queue.length > 1) return;
    setTimeout(() => {
      while (this.#queue.length > 0) this.#queue.shift()!();
    });
  }
}

async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition(), what).to.equal(true);
}

async function connected(): Promise<{ client: MeetingClient; server: FakeServer }> {
  const server = new FakeServer();
  await server.preparePeers();
  const client = new MeetingClient({ signaling: { WebSocket: server.WebSocket as never, timeoutMs: 60_000 } });
  void client.join({ server: 'ws://fake/ws', meeting: MEETING, token: 't', audio: false, video: false });
  // Ready on every side, and the client's sender key has reached both peers.
  await until(
    () =>
      client.chat.ready &&
      server.peers.every((member) => member.session.ready) &&
      server.chatSent().filter((frame) => frame.startsWith('sender-key')).length === server.peers.length,
  );
  return { client, server };
}

describe('MeetingClient chat and polls', () => {
  it('join() sends fresh e2ee keys in hello', async () => {
    const { client, server } = await connected();
    const hello = server.sent.find((frame) => frame.method === 'hello')!;
    expect(hello.data.keys).to.have.keys(['identityKey', 'agreementKey', 'signature']);
    client.close();
  });

  it('chat.send() reaches a member of the roster and their reply comes back', async () => {
    const { client, server } = await connected();
    await client.chat.send('hello Bob');
    await until(() => server.bobReceived.length === 1);
    expect(server.bobReceived[0]!.text).to.equal('hello Bob');
    await server.bob.send('hello back');
    await until(() => client.chat.entries.length === 2);
    expect(client.chat.entries[1]).to.include({ type: 'message', text: 'hello back', senderName: 'Bob' });
    client.close();
  });

  it('chat security codes match between the client and a member', async () => {
    const { client, server } = await connected();
    await until(() => client.chat.securityCode !== undefined && client.chat.securityCode === server.bob.securityCode);
    client.close();
  });

  it('participantLeft makes the chat rotate its sender key: the one who left reads nothing after', async () => {
    const { client, server } = await connected();
    const [, carol] = server.peers as [Peer, Peer];
    await client.chat.send('before');
    await until(() => server.peers.every((member) => member.received.length === 1), 'both read the first message');
    const before = server.chatSent().length;
    server.leave(carol);
    // A new sender key, to the one member left only.
    await until(() => server.chatSent().length === before + 1, 'a new sender key');
    expect(server.chatSent().slice(before)).to.deep.equal(['sender-key→bob']);
    await client.chat.send('after');
    await until(() => server.bobReceived.length === 2 && carol.undecryptable.length === 1, 'delivered');
    expect(server.bobReceived.map((message) => message.text)).to.deep.equal(['before', 'after']);
    expect(carol.received.map((message) => message.text)).to.deep.equal(['before']);
    expect(carol.undecryptable).to.deep.equal(['missing_key']);
    client.close();
  });

  it('pollUpdated reaches client.polls', async () => {
    const { client, server } = await connected();
    server.notify('pollUpdated', { poll: POLL });
    await until(() => client.polls.polls.length === 1);
    expect(client.polls.canManage).to.equal(false);
    client.close();
  });

  it('close() detaches chat and polls', async () => {
    const { client, server } = await connected();
    server.notify('pollUpdated', { poll: POLL });
    await until(() => client.polls.polls.length === 1);
    client.close();
    expect(client.chat.ready).to.equal(false);
    expect(client.chat.securityCode).to.equal(undefined);
    expect(client.polls.polls).to.deep.equal([]);
    let caught: unknown;
    await client.polls.vote(POLL.id, [0]).catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(InvalidStateError);
  });
});
