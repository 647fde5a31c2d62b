import { expect } from '@open-wc/testing';
import { InvalidStateError, MeetingClient, signalingUrl } from '../../src/core/index.js';
import { CLOSE_CODES } from '../../src/protocol/index.js';

describe('signalingUrl()', () => {
  it('maps http(s) base URLs to ws(s) /ws', () => {
    expect(signalingUrl('http://localhost:8080')).to.equal('ws://localhost:8080/ws');
    expect(signalingUrl('https://meet.example.com/')).to.equal('wss://meet.example.com/ws');
    expect(signalingUrl('wss://meet.example.com/custom')).to.equal('wss://meet.example.com/custom');
  });

  it('throws TypeError for other schemes', () => {
    expect(() => signalingUrl('ftp://example.com')).to.throw(TypeError);
  });
});

describe('MeetingClient', () => {
  it('join() after close() rejects with InvalidStateError', async () => {
    const client = new MeetingClient();
    client.close();
    let caught: unknown;
    try {
      await client.join({ server: 'ws://127.0.0.1:9/ws', meeting: '123456789', token: 't' });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(InvalidStateError);
  });

  it('close() is idempotent', () => {
    const client = new MeetingClient();
    const states: string[] = [];
    client.on('statechange', (state) => states.push(state));
    client.close();
    client.close();
    expect(client.closed).to.equal(true);
    expect(states).to.deep.equal(['left']);
  });
});

interface Sent {
  id: number;
  method: string;
  data: Record<string, unknown>;
}

const MEETING = '123456789';

/**
 * A WebSocket that plays a server just far enough for the client to reach `joined` without
 * media: hello, the router's capabilities, transports that never connect, and polls. The
 * test decides hello's `expiresAt`, sends notifications and closes the socket with the code
 * a real server would.
 */
class FakeServer {
  readonly sent: Sent[] = [];
  readonly sockets: FakeSocket[] = [];
  expiresAt: number | null = null;

  readonly WebSocket = ((server: FakeServer) =>
    class extends FakeSocket {
      constructor(url: string) {
        super(url, server);
      }
    })(this);

  get socket(): FakeSocket {
    return this.sockets[this.sockets.length - 1]!;
  }

  sentOf(method: string): Sent[] {
    return this.sent.filter((frame) => frame.method === method);
  }

  receive(socket: FakeSocket, text: string): void {
    const frame = JSON.parse(text) as Sent;
    this.sent.push(frame);
    const respond = (data: unknown) => socket.push({ id: frame.id, ok: true, data });
    switch (frame.method) {
      case 'hello':
        return respond({
          protocolVersion: 1,
          serverVersion: 'test',
          meeting: MEETING,
          topic: null,
          self: { id: 'me', displayName: 'Me', role: 'participant' },
          participants: [],
          expiresAt: this.expiresAt,
        });
      case 'getRouterRtpCapabilities':
        return respond({ rtpCapabilities: ROUTER_CAPABILITIES });
      case 'createWebRtcTransport':
        return respond({
          id: `${String(frame.data.direction)}-${frame.id}`,
          iceParameters: { usernameFragment: 'fragment', password: 'password', iceLite: true },
          iceCandidates: [{ foundation: 'udp', ip: '127.0.0.1', address: '127.0.0.1', port: 9, priority: 1, protocol: 'udp', type: 'host' }],
          dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: FINGERPRINT }] },
        });
      case 'listPolls':
        return respond({ polls: [] });
      default:
        return respond({});
    }
  }

  notify(notification: string, data: unknown): void {
    this.socket.push({ notification, data });
  }

  /** The server closes the current connection with `code`. */
  closeWith(code: number): void {
    this.socket.closeFromServer(code);
  }
}

const ROUTER_CAPABILITIES = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] },
    { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [] },
  ],
  headerExtensions: [],
};

const FINGERPRINT = Array.from({ length: 32 }, () => 'AB').join(':');

/** Delivers in order, like a socket: timers alone may reorder (nested timers are clamped). */
class FakeSocket extends EventTarget {
  readonly #server: FakeServer;
  readonly #queue: (() => void)[] = [];
  #open = true;

  constructor(_url: string, server: FakeServer) {
    super();
    this.#server = server;
    server.sockets.push(this);
    this.#later(() => this.dispatchEvent(new Event('open')));
  }

  send(text: string): void {
    if (this.#open) this.#later(() => this.#server.receive(this, text));
  }

  close(code = 1000): void {
    this.closeFromServer(code);
  }

  closeFromServer(code: number): void {
    if (!this.#open) return;
    this.#open = false;
    this.#later(() => this.dispatchEvent(new CloseEvent('close', { code })));
  }

  push(frame: unknown): void {
    if (this.#open) this.#later(() => this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) })));
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
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition(), what).to.equal(true);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A client joined through a {@link FakeServer}, recording its state changes and errors. */
async function joined(setup: (server: FakeServer) => void = () => undefined) {
  const server = new FakeServer();
  setup(server);
  const client = new MeetingClient({ signaling: { WebSocket: server.WebSocket as never, timeoutMs: 5_000 } });
  const states: string[] = [];
  const errors: Error[] = [];
  client.on('statechange', (state) => states.push(state));
  client.on('error', (error) => errors.push(error));
  await client.join({ server: 'ws://fake/ws', meeting: MEETING, token: 'token-1', audio: false, video: false });
  expect(client.state).to.equal('joined');
  return { client, server, states, errors };
}

describe('MeetingClient when the server closes the connection', () => {
  it('ends in left with endReason replaced on 4409 after sessionEnded replaced, without reconnecting', async () => {
    const { client, server, errors } = await joined();
    server.notify('sessionEnded', { reason: 'replaced' });
    server.closeWith(CLOSE_CODES.replaced);
    await until(() => client.state !== 'joined');
    expect(client.state).to.equal('left');
    expect(client.endReason).to.equal('replaced');
    await sleep(400); // Longer than the first reconnect delay.
    expect(server.sentOf('hello')).to.have.length(1);
    expect(client.state).to.equal('left');
    expect(errors).to.deep.equal([]);
  });

  it('ends in left with endReason token_expired on 4401 after sessionEnded token_expired, without reconnecting', async () => {
    const { client, server, errors } = await joined();
    server.notify('sessionEnded', { reason: 'token_expired' });
    server.closeWith(CLOSE_CODES.unauthorized);
    await until(() => client.state !== 'joined');
    expect(client.state).to.equal('left');
    expect(client.endReason).to.equal('token_expired');
    await sleep(400);
    expect(server.sentOf('hello')).to.have.length(1);
    expect(errors).to.deep.equal([]);
  });

  it('takes 4409 alone as replaced when the notification did not arrive', async () => {
    const { client, server } = await joined();
    server.closeWith(CLOSE_CODES.replaced);
    await until(() => client.state !== 'joined');
    expect(client.state).to.equal('left');
    expect(client.endReason).to.equal('replaced');
  });

  it('reconnects after 4508 (slow consumer) like after any other non-final close', async () => {
    const { client, server, states } = await joined();
    server.closeWith(CLOSE_CODES.slowConsumer);
    await until(() => client.state === 'reconnecting', 'reconnecting');
    await until(() => client.state === 'joined' && server.sentOf('hello').length === 2, 'joined again');
    expect(states.slice(-2)).to.deep.equal(['reconnecting', 'joined']);
    expect(client.endReason).to.equal(undefined);
    client.close();
  });

  it('fails without reconnecting on another final code without an end reason', async () => {
    const { client, server, errors } = await joined();
    server.closeWith(4499);
    await until(() => client.state !== 'joined');
    expect(client.state).to.equal('failed');
    expect(errors).to.have.length(1);
    await sleep(400);
    expect(server.sentOf('hello')).to.have.length(1);
  });
});
