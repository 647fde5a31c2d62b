import { expect } from '@open-wc/testing';
import { InvalidResponseError, RequestError, SignalingClient } from '../../src/core/index.js';
import type { ResponseData, RosterEntry } from '../../src/protocol/index.js';

interface Sent {
  id: number;
  method: string;
  data: unknown;
}

/** A WebSocket that opens at once, records what the client sends, and lets the test answer. */
class FakeSocket extends EventTarget {
  static last: FakeSocket | undefined;
  readonly sent: Sent[] = [];

  constructor(_url: string) {
    super();
    FakeSocket.last = this;
    setTimeout(() => this.dispatchEvent(new Event('open')));
  }

  send(text: string): void {
    this.sent.push(JSON.parse(text) as Sent);
  }

  close(code = 1000, reason = ''): void {
    setTimeout(() => this.dispatchEvent(new CloseEvent('close', { code, reason })));
  }

  push(frame: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) }));
  }
}

async function open(): Promise<{ client: SignalingClient; socket: FakeSocket }> {
  const client = await SignalingClient.connect('ws://fake/ws', { WebSocket: FakeSocket as never, timeoutMs: 5_000 });
  return { client, socket: FakeSocket.last! };
}

const KEYS = { identityKey: 'A'.repeat(43), agreementKey: 'B'.repeat(43), signature: 'C'.repeat(86) };
const BOB: RosterEntry = { id: 'bob', displayName: 'Bob', role: 'host', tracks: [], handRaised: false, keys: KEYS };

function welcome(participants: unknown[]): ResponseData<'hello'> {
  return {
    protocolVersion: 1,
    serverVersion: 'test',
    meeting: '123456789',
    topic: null,
    self: { id: 'me', displayName: 'Me', role: 'participant' },
    participants: participants as RosterEntry[],
    expiresAt: null,
  };
}

function hello(client: SignalingClient): Promise<ResponseData<'hello'>> {
  return client.request('hello', { protocolVersion: 1, meeting: '123456789', token: 't' });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('SignalingClient responses', () => {
  it('resolves a hello answer that matches the schema', async () => {
    const { client, socket } = await open();
    const answer = hello(client);
    socket.push({ id: socket.sent[0]!.id, ok: true, data: welcome([BOB]) });
    const data = await answer;
    expect(data.participants[0]!.keys).to.deep.equal(KEYS);
    client.close();
  });

  it('rejects a hello answer whose roster holds a malformed identity key', async () => {
    const { client, socket } = await open();
    const answer = hello(client);
    socket.push({ id: socket.sent[0]!.id, ok: true, data: welcome([{ ...BOB, keys: { ...KEYS, identityKey: 'not-a-key' } }]) });
    const error = await rejection(answer);
    expect(error).to.be.instanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).method).to.equal('hello');
    expect((error as Error).message).to.contain('hello').and.to.contain('identityKey');
    client.close();
  });

  it('rejects a hello answer with members the schema does not know', async () => {
    const { client, socket } = await open();
    const answer = hello(client);
    socket.push({ id: socket.sent[0]!.id, ok: true, data: { ...welcome([]), admin: true } });
    expect(await rejection(answer)).to.be.instanceOf(InvalidResponseError);
    client.close();
  });

  it('rejects an answer of the wrong type for any method', async () => {
    const { client, socket } = await open();
    const answer = client.request('sendChat', { kind: 'message', to: null, payload: 'AAAA' });
    socket.push({ id: socket.sent[0]!.id, ok: true, data: { sentAt: 'yesterday' } });
    const error = await rejection(answer);
    expect(error).to.be.instanceOf(InvalidResponseError);
    expect((error as Error).message).to.contain('sendChat').and.to.contain('sentAt');
    client.close();
  });

  it('resolves an empty answer to a method without response data, and rejects one with members', async () => {
    const { client, socket } = await open();
    const empty = client.request('raiseHand', { raised: true });
    const stuffed = client.request('raiseHand', { raised: false });
    socket.push({ id: socket.sent[0]!.id, ok: true, data: {} });
    socket.push({ id: socket.sent[1]!.id, ok: true, data: { raised: 'maybe' } });
    expect(await empty).to.deep.equal({});
    expect(await rejection(stuffed)).to.be.instanceOf(InvalidResponseError);
    client.close();
  });

  it('a bad answer fails only its own request', async () => {
    const { client, socket } = await open();
    const bad = hello(client);
    const good = client.request('ping', {});
    socket.push({ id: socket.sent[0]!.id, ok: true, data: { meeting: 'nope' } });
    socket.push({ id: socket.sent[1]!.id, ok: true, data: { serverTime: 42 } });
    expect(await rejection(bad)).to.be.instanceOf(InvalidResponseError);
    expect(await good).to.deep.equal({ serverTime: 42 });
    expect(client.closed).to.equal(false);
    client.close();
  });
});

describe('SignalingClient errors', () => {
  it('RequestError carries retryAfterMs from the error body', async () => {
    const { client, socket } = await open();
    const answer = client.request('raiseHand', { raised: true });
    socket.push({ id: socket.sent[0]!.id, ok: false, error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 1500 } });
    const error = await rejection(answer);
    expect(error).to.be.instanceOf(RequestError);
    expect(error).to.include({ code: 'rate_limited', method: 'raiseHand', retryAfterMs: 1500 });
    client.close();
  });

  it('RequestError has no retryAfterMs when the error body has none', async () => {
    const { client, socket } = await open();
    const answer = client.request('raiseHand', { raised: true });
    socket.push({ id: socket.sent[0]!.id, ok: false, error: { code: 'forbidden', message: 'no' } });
    const error = (await rejection(answer)) as RequestError;
    expect(error).to.be.instanceOf(RequestError);
    expect(error.retryAfterMs).to.equal(undefined);
    client.close();
  });
});
