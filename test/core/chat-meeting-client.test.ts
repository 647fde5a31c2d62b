import { expect } from '@open-wc/testing';
import { ChatSession } from '../../src/core/chat/chat-session.js';
import type { ChatMessage } from '../../src/core/chat/chat-types.js';
import { MeetingClient } from '../../src/core/meeting-client.js';
import { Roster } from '../../src/core/roster.js';
import type { E2eeKeys, Poll, RequestData, RosterEntry } from '../../src/protocol/index.js';

const MEETING = '123456789';

interface Sent {
  id: number;
  method: string;
  data: Record<string, unknown>;
}

/**
 * A WebSocket that plays a server: answers `hello` with a roster holding Bob (a ChatSession
 * driven by the test), relays chat between the client and Bob, answers `listPolls`, and
 * never answers `getRouterRtpCapabilities`, so the client stays connected without media.
 */
class FakeServer {
  readonly sent: Sent[] = [];
  socket: FakeSocket | undefined;
  readonly bobRoster = new Roster();
  readonly bob = new ChatSession(this.bobRoster);
  bobKeys: E2eeKeys | undefined;
  readonly bobReceived: ChatMessage[] = [];

  readonly WebSocket = ((server: FakeServer) =>
    class extends FakeSocket {
      constructor(url: string) {
        super(url, server);
      }
    })(this);

  async prepareBob(): Promise<void> {
    this.bobKeys = await this.bob.createKeys(MEETING);
    this.bob.on('message', (message) => this.bobReceived.push(message));
  }

  receive(text: string): void {
    const frame = JSON.parse(text) as Sent;
    this.sent.push(frame);
    switch (frame.method) {
      case 'hello': {
        const bob: RosterEntry = { id: 'bob', displayName: 'Bob', role: 'host', tracks: [], handRaised: false, keys: this.bobKeys! };
        this.respond(frame.id, {
          protocolVersion: 1,
          serverVersion: 'test',
          meeting: MEETING,
          topic: null,
          self: { id: 'me', displayName: 'Me', role: 'participant' },
          participants: [bob],
          expiresAt: null,
        });
        this.bobRoster.handleWelcome({ id: 'bob', displayName: 'Bob', role: 'host' }, [
          { id: 'me', displayName: 'Me', role: 'participant', tracks: [], handRaised: false, keys: frame.data.keys as E2eeKeys },
        ]);
        void this.bob.attach({ meeting: MEETING, request: async (_method, data) => this.fromBob(data) });
        break;
      }
      case 'sendChat': {
        const data = frame.data as RequestData<'sendChat'>;
        const sentAt = Date.now();
        this.respond(frame.id, { sentAt });
        this.bob.handleChat({ from: 'me', to: data.to, kind: data.kind, payload: data.payload, sentAt });
        break;
      }
      case 'listPolls':
        this.respond(frame.id, { polls: [] });
        break;
    }
  }

  fromBob(data: RequestData<'sendChat'>): { sentAt: number } {
    const sentAt = Date.now();
    this.notify('chat', { from: 'bob', to: data.to, kind: data.kind, payload: data.payload, sentAt });
    return { sentAt };
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

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).to.equal(true);
}

async function connected(): Promise<{ client: MeetingClient; server: FakeServer }> {
  const server = new FakeServer();
  await server.prepareBob();
  const client = new MeetingClient({ signaling: { WebSocket: server.WebSocket as never, timeoutMs: 60_000 } });
  void client.join({ server: 'ws://fake/ws', meeting: MEETING, token: 't', audio: false, video: false });
  // Ready on both sides, and the client's sender key has reached the server.
  await until(() => client.chat.ready && server.bob.ready && server.sent.some((frame) => frame.method === 'sendChat'));
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

  it('participantLeft makes the chat rotate its sender key', async () => {
    const { client, server } = await connected();
    const before = server.sent.filter((frame) => frame.method === 'sendChat').length;
    server.notify('participantLeft', { participantId: 'bob' });
    await until(() => client.chat.securityCode !== server.bob.securityCode);
    // Nobody is left to send a new sender key to.
    expect(server.sent.filter((frame) => frame.method === 'sendChat').length).to.equal(before);
    client.close();
  });

  it('pollUpdated reaches client.polls', async () => {
    const { client, server } = await connected();
    const poll: Poll = {
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
    server.notify('pollUpdated', { poll });
    await until(() => client.polls.polls.length === 1);
    expect(client.polls.canManage).to.equal(false);
    client.close();
  });

  it('close() detaches chat and polls', async () => {
    const { client } = await connected();
    client.close();
    expect(client.chat.ready).to.equal(false);
    expect(client.chat.securityCode).to.equal(undefined);
  });
});
