import { expect } from '@open-wc/testing';
import { InvalidStateError, MeetingClient, RequestError, signalingUrl } from '../../src/core/index.js';
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
 * test decides hello's and renewToken's `expiresAt`, sends notifications and closes the
 * socket with the code a real server would.
 */
class FakeServer {
  readonly sent: Sent[] = [];
  readonly sockets: FakeSocket[] = [];
  expiresAt: number | null = null;
  renewedExpiresAt: number | null = null;
  renewError: { code: string; message: string } | undefined;

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
      case 'renewToken':
        if (this.renewError !== undefined) return socket.push({ id: frame.id, ok: false, error: this.renewError });
        return respond({ expiresAt: this.renewedExpiresAt });
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

/** A client joined through a {@link FakeServer}, recording its state changes, errors and expiry warnings. */
async function joined(setup: (server: FakeServer) => void = () => undefined) {
  const server = new FakeServer();
  setup(server);
  const client = new MeetingClient({ signaling: { WebSocket: server.WebSocket as never, timeoutMs: 5_000 } });
  const states: string[] = [];
  const errors: Error[] = [];
  const expiring: number[] = [];
  client.on('statechange', (state) => states.push(state));
  client.on('error', (error) => errors.push(error));
  client.on('tokenexpiring', (expiresAt) => expiring.push(expiresAt));
  await client.join({ server: 'ws://fake/ws', meeting: MEETING, token: 'token-1', audio: false, video: false });
  expect(client.state).to.equal('joined');
  return { client, server, states, errors, expiring };
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

describe('MeetingClient token renewal', () => {
  it('exposes the session end from hello, undefined when the server names none', async () => {
    const end = Date.now() + 3_600_000;
    const { client } = await joined((server) => (server.expiresAt = end));
    expect(client.expiresAt).to.equal(end);
    client.close();
    const { client: forever } = await joined();
    expect(forever.expiresAt).to.equal(undefined);
    forever.close();
  });

  it('renewToken() sends the new token and keeps the new end', async () => {
    const later = Date.now() + 7_200_000;
    const { client, server } = await joined((server) => {
      server.expiresAt = Date.now() + 3_600_000;
      server.renewedExpiresAt = later;
    });
    await client.renewToken('token-2');
    expect(server.sentOf('renewToken').map((frame) => frame.data)).to.deep.equal([{ token: 'token-2' }]);
    expect(client.expiresAt).to.equal(later);
    client.close();
  });

  it('renewToken() rejects with the server\'s refusal and keeps the old end', async () => {
    const end = Date.now() + 3_600_000;
    const { client } = await joined((server) => {
      server.expiresAt = end;
      server.renewError = { code: 'token_invalid', message: 'bad signature' };
    });
    let caught: unknown;
    await client.renewToken('forged').catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(RequestError);
    expect((caught as RequestError).code).to.equal('token_invalid');
    expect(client.expiresAt).to.equal(end);
    client.close();
  });

  it('renewToken() before joining rejects with InvalidStateError', async () => {
    const client = new MeetingClient();
    let caught: unknown;
    await client.renewToken('token').catch((error: unknown) => (caught = error));
    expect(caught).to.be.instanceOf(InvalidStateError);
  });

  it('a reconnect after renewal joins with the renewed token', async () => {
    const { client, server } = await joined((server) => (server.renewedExpiresAt = Date.now() + 3_600_000));
    await client.renewToken('token-2');
    server.closeWith(1006);
    await until(() => server.sentOf('hello').length === 2 && client.state === 'joined', 'joined again');
    expect(server.sentOf('hello').map((frame) => frame.data.token)).to.deep.equal(['token-1', 'token-2']);
    client.close();
  });

  it('renewToken() while reconnecting keeps the token for the next attempt', async () => {
    const { client, server } = await joined();
    server.closeWith(1006);
    await until(() => client.state === 'reconnecting', 'reconnecting');
    await client.renewToken('token-2');
    await until(() => server.sentOf('hello').length === 2 && client.state === 'joined', 'joined again');
    expect(server.sentOf('hello')[1]!.data.token).to.equal('token-2');
    expect(server.sentOf('renewToken')).to.have.length(0);
    client.close();
  });

  it('emits tokenexpiring at once when the session ends within 60 s', async () => {
    const end = Date.now() + 30_000;
    const { client, expiring } = await joined((server) => (server.expiresAt = end));
    await until(() => expiring.length > 0, 'tokenexpiring');
    expect(expiring).to.deep.equal([end]);
    client.close();
  });

  it('emits tokenexpiring once the session comes within 60 s of its end', async () => {
    const end = Date.now() + 61_500;
    const { client, expiring } = await joined((server) => (server.expiresAt = end));
    expect(expiring).to.deep.equal([]);
    await until(() => expiring.length > 0, 'tokenexpiring');
    expect(expiring).to.deep.equal([end]);
    expect(Date.now()).to.be.at.least(end - 60_000);
    await sleep(100);
    expect(expiring).to.have.length(1);
    client.close();
  });

  it('a renewal before the warning moves it to the new end', async () => {
    const { client, expiring } = await joined((server) => {
      server.expiresAt = Date.now() + 61_500;
      server.renewedExpiresAt = Date.now() + 3_600_000;
    });
    await client.renewToken('token-2');
    await sleep(2_000);
    expect(expiring).to.deep.equal([]);
    client.close();
  });

  it('emits nothing after close()', async () => {
    const { client, expiring } = await joined((server) => (server.expiresAt = Date.now() + 61_000));
    client.close();
    await sleep(1_500);
    expect(expiring).to.deep.equal([]);
  });
});
