import { expect } from '@open-wc/testing';
import { Connection, type ConnectionHooks, type ConnectionOptions } from '../../src/core/connection/connection.js';
import { DEFAULT_RECONNECT_DELAYS_MS, backoff, type ReconnectPolicy } from '../../src/core/connection/reconnect-policy.js';
import type { SignalingLink } from '../../src/core/connection/transport.js';
import { ConnectionError, InvalidStateError, RequestError } from '../../src/core/errors.js';
import { SignalingClient } from '../../src/core/signaling.js';
import { CLOSE_CODES } from '../../src/protocol/index.js';
import { FakeClock, FakeServer, MEETING, flush, rejection, until } from './fakes.js';

const TARGET = { server: 'ws://fake/ws', meeting: MEETING, token: 'token-1' };

/** Hooks that record what the connection asks of its owner. */
class RecordingHooks implements ConnectionHooks {
  readonly calls: string[] = [];
  links: SignalingLink[] = [];
  enterError: Error | undefined;

  async hello(): Promise<{ keys?: undefined }> {
    this.calls.push('hello');
    return {};
  }

  async enter(link: SignalingLink): Promise<void> {
    this.calls.push('enter');
    this.links.push(link);
    if (this.enterError !== undefined) throw this.enterError;
  }

  joined(rejoined: boolean): void {
    this.calls.push(rejoined ? 'rejoined' : 'joined');
  }

  exit(reason: 'lost' | 'ended'): void {
    this.calls.push(`exit:${reason}`);
  }
}

/** A policy with fixed waits and no jitter, recording the attempts it was asked about. */
function schedule(...delays: number[]): ReconnectPolicy & { asked: number[] } {
  const asked: number[] = [];
  return { asked, delay: (attempt) => (asked.push(attempt), delays[attempt - 1]) };
}

/** A connection on a fake server and clock; `requestTimeoutMs` is the transport's, on the real clock. */
function setup(options: Partial<ConnectionOptions> = {}, requestTimeoutMs = 60_000) {
  const server = new FakeServer();
  const clock = new FakeClock();
  const hooks = new RecordingHooks();
  const connection = new Connection(hooks, {
    transport: (url) => SignalingClient.connect(url, { WebSocket: server.WebSocket as never, timeoutMs: requestTimeoutMs }),
    clock,
    keepalive: false,
    ...options,
  });
  const states: string[] = [];
  const errors: Error[] = [];
  connection.on('statechange', (state) => states.push(state));
  connection.on('error', (error) => errors.push(error));
  return { server, clock, hooks, connection, states, errors };
}

async function joined(options: Partial<ConnectionOptions> = {}, requestTimeoutMs?: number) {
  const context = setup(options, requestTimeoutMs);
  await context.connection.join(TARGET);
  return context;
}

describe('Connection', () => {
  it('join() says hello with the target, lets the hooks set up the join, then is joined', async () => {
    const { server, hooks, connection, states } = await joined();
    const [hello] = server.requests('hello');
    expect(hello!.data).to.include({ meeting: MEETING, token: 'token-1', protocolVersion: 1 });
    expect(hooks.calls).to.deep.equal(['hello', 'enter', 'joined']);
    expect(states).to.deep.equal(['connecting', 'joined']);
    expect(connection.welcome?.meeting).to.equal(MEETING);
    connection.close();
  });

  it('join() rejects with the server\'s refusal and ends in failed, without another attempt', async () => {
    const { server, hooks, connection, states, errors } = setup();
    server.refuse('hello', 'token_invalid');
    const error = await rejection(connection.join(TARGET));
    expect(error).to.be.instanceOf(RequestError);
    expect(states).to.deep.equal(['connecting', 'failed']);
    expect(errors).to.deep.equal([error]);
    expect(hooks.calls).to.deep.equal(['hello', 'exit:ended']);
    expect(server.connections).to.have.length(1);
  });

  it('join() fails when the hooks cannot set up the join', async () => {
    const { hooks, connection } = setup();
    hooks.enterError = new Error('no media');
    expect(await rejection(connection.join(TARGET))).to.equal(hooks.enterError);
    expect(connection.state).to.equal('failed');
  });

  it('join() rejects with InvalidStateError after close() or a first join()', async () => {
    const { connection } = await joined();
    expect(await rejection(connection.join(TARGET))).to.be.instanceOf(InvalidStateError);
    connection.close();
    expect(await rejection(connection.join(TARGET))).to.be.instanceOf(InvalidStateError);
  });

  it('close() during the join stops it: left, and the transport is closed', async () => {
    const { server, connection, states } = setup();
    server.handlers.hello = () => new Promise(() => {}); // Never answered.
    const joining = connection.join(TARGET);
    await until(() => server.requests('hello').length === 1, 'hello sent');
    connection.close();
    await joining;
    expect(states).to.deep.equal(['connecting', 'left']);
    await flush();
    expect(server.last.open).to.equal(false);
  });

  it('reconnects after a lost socket as the policy says, and not before', async () => {
    const policy = schedule(500, 1000);
    const { server, clock, hooks, connection, states } = await joined({ reconnect: policy });
    server.last.close(1006);
    await until(() => connection.state === 'reconnecting', 'reconnecting');
    expect(hooks.calls.slice(-1)).to.deep.equal(['exit:lost']);
    await clock.advance(499);
    expect(server.connections).to.have.length(1);
    await clock.advance(1);
    await until(() => connection.state === 'joined', 'joined again');
    expect(server.connections).to.have.length(2);
    expect(policy.asked).to.deep.equal([1]);
    expect(hooks.calls.slice(-3)).to.deep.equal(['hello', 'enter', 'rejoined']);
    expect(states).to.deep.equal(['connecting', 'joined', 'reconnecting', 'joined']);
    connection.close();
  });

  it('asks the policy again after each failed attempt and fails when it gives up', async () => {
    const policy = schedule(100, 200);
    const { server, clock, connection, errors } = await joined({ reconnect: policy });
    server.handlers.hello = (_request, connection) => connection.close(1011);
    server.connections[0]!.close(1006);
    await until(() => connection.state === 'reconnecting');
    await clock.advance(100);
    await until(() => policy.asked.length === 2, 'second wait asked for');
    await clock.advance(200);
    await until(() => connection.state === 'failed', 'failed');
    expect(policy.asked).to.deep.equal([1, 2, 3]);
    expect(server.connections).to.have.length(3);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(ConnectionError);
  });

  it('stops reconnecting at once when the server refuses the rejoin', async () => {
    const policy = schedule(100, 100, 100);
    const { server, clock, hooks, connection, errors } = await joined({ reconnect: policy });
    server.refuse('hello', 'token_expired');
    server.last.close(1006);
    await until(() => connection.state === 'reconnecting');
    await clock.advance(100);
    await until(() => connection.state === 'failed', 'failed');
    expect(policy.asked).to.deep.equal([1]);
    expect((errors[0] as RequestError).code).to.equal('token_expired');
    expect(hooks.calls.slice(-2)).to.deep.equal(['exit:lost', 'exit:ended']);
  });

  it('ends for good on a final close code: left with the reason sessionEnded gave', async () => {
    const { server, clock, hooks, connection, errors } = await joined({ reconnect: schedule(100) });
    server.last.notify('sessionEnded', { reason: 'removed' });
    server.last.close(CLOSE_CODES.removed);
    await until(() => connection.state === 'left');
    expect(connection.endReason).to.equal('removed');
    await clock.advance(1000);
    expect(server.connections).to.have.length(1);
    expect(hooks.calls.slice(-1)).to.deep.equal(['exit:ended']);
    expect(errors).to.deep.equal([]);
  });

  it('fails on a final close code that names no reason', async () => {
    const { server, connection, errors } = await joined();
    server.last.close(4499);
    await until(() => connection.state === 'failed');
    expect(errors[0]).to.be.instanceOf(ConnectionError);
  });

  it('emits every valid notification and reports, then drops, one its schema refuses', async () => {
    const { server, connection } = await joined();
    const names: string[] = [];
    const reported: unknown[] = [];
    connection.on('notification', (notification) => names.push(notification.name));
    connection.onListenerError = (_event, error) => reported.push(error);
    server.last.pushUnchecked({ notification: 'meetingLocked', data: { locked: 'yes' } });
    server.last.notify('meetingLocked', { locked: true });
    await until(() => names.length === 1);
    expect(names).to.deep.equal(['meetingLocked']);
    expect(reported).to.have.length(1);
    connection.close();
  });

  it('renewToken() while joined sends it; a later rejoin uses it', async () => {
    const { server, clock, connection } = await joined({ reconnect: schedule(10) });
    server.handlers.renewToken = () => ({ expiresAt: 42_000_000 });
    await connection.renewToken('token-2');
    expect(connection.expiresAt).to.equal(42_000_000);
    server.last.close(1006);
    await until(() => connection.state === 'reconnecting');
    await clock.advance(10);
    await until(() => connection.state === 'joined');
    expect(server.requests('hello').map((request) => (request.data as { token: string }).token)).to.deep.equal(['token-1', 'token-2']);
    connection.close();
  });

  it('tokenexpiring fires a minute before the end, on the connection\'s clock', async () => {
    const { server, clock, connection } = setup();
    server.expiresAt = clock.now() + 61_000;
    const warnings: number[] = [];
    connection.on('tokenexpiring', (expiresAt) => warnings.push(expiresAt));
    await connection.join(TARGET);
    await clock.advance(999);
    expect(warnings).to.deep.equal([]);
    await clock.advance(1);
    expect(warnings).to.deep.equal([server.expiresAt]);
    connection.close();
  });
});

describe('Connection keepalive', () => {
  const keepalive = { intervalMs: 20_000 };

  it('pings at the interval while joined, and the answers keep it joined', async () => {
    const { server, clock, connection } = await joined({ keepalive });
    await clock.advance(19_999);
    expect(server.requests('ping')).to.have.length(0);
    await clock.advance(1);
    await until(() => server.requests('ping').length === 1, 'first ping');
    await clock.advance(20_000);
    await until(() => server.requests('ping').length === 2, 'second ping');
    expect(connection.state).to.equal('joined');
    connection.close();
  });

  it('notices a half-open socket: a ping that times out starts a reconnect', async () => {
    const { server, clock, connection } = await joined({ keepalive, reconnect: schedule(100) }, 300);
    server.last.silent = true;
    await clock.advance(20_000);
    await until(() => server.requests('ping').length === 1, 'ping sent');
    expect(connection.state).to.equal('joined');
    await until(() => connection.state === 'reconnecting', 'reconnecting once the ping timed out');
    await clock.advance(100);
    await until(() => connection.state === 'joined', 'joined again on a new socket');
    expect(server.connections).to.have.length(2);
    connection.close();
  });

  it('a refused ping (rate_limited) still shows the socket alive, and pinging goes on', async () => {
    const { server, clock, connection } = await joined({ keepalive }, 300);
    server.refuse('ping', 'rate_limited');
    await clock.advance(20_000);
    await until(() => server.requests('ping').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 400)); // Past the request timeout.
    expect(connection.state).to.equal('joined');
    await clock.advance(20_000);
    await until(() => server.requests('ping').length === 2, 'second ping');
    connection.close();
  });

  it('stops pinging once closed or reconnecting', async () => {
    const { server, clock, connection } = await joined({ keepalive });
    connection.close();
    await clock.advance(100_000);
    expect(server.requests('ping')).to.have.length(0);
    expect(clock.pending).to.deep.equal([]);
  });
});

describe('backoff()', () => {
  it('waits on the default schedule, each wait spread by at most ±20 %, then gives up', () => {
    for (const random of [0, 0.5, 0.999]) {
      const policy = backoff({ random: () => random });
      const delays = DEFAULT_RECONNECT_DELAYS_MS.map((_delay, index) => policy.delay(index + 1)!);
      DEFAULT_RECONNECT_DELAYS_MS.forEach((nominal, index) => {
        expect(delays[index]).to.be.within(Math.floor(nominal * 0.8), Math.ceil(nominal * 1.2));
      });
      expect(policy.delay(DEFAULT_RECONNECT_DELAYS_MS.length + 1)).to.equal(undefined);
    }
    expect(backoff({ random: () => 0 }).delay(1)).to.equal(200);
    expect(backoff({ random: () => 0.5 }).delay(1)).to.equal(250);
  });

  it('spreads the clients of one meeting: different random draws, different waits', () => {
    const waits = new Set([0.1, 0.4, 0.7].map((random) => backoff({ random: () => random }).delay(3)));
    expect(waits.size).to.equal(3);
  });

  it('takes its own schedule and no jitter', () => {
    const policy = backoff({ delaysMs: [5, 10], jitter: 0 });
    expect([policy.delay(1), policy.delay(2), policy.delay(3)]).to.deep.equal([5, 10, undefined]);
  });

  it('throws RangeError for a negative wait or a jitter outside 0–1', () => {
    expect(() => backoff({ delaysMs: [-1] })).to.throw(RangeError);
    expect(() => backoff({ jitter: 2 })).to.throw(RangeError);
  });
});
