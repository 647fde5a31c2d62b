// Fakes for the managers' unit tests. Each honours the contract of what it stands in for:
// the server parses every request with the protocol's own parser and checks every answer and
// notification against the protocol's schemas before sending it; the link validates requests
// as SignalingClient does; the media transport sends what SfuConnection sends.
import { expect } from '@open-wc/testing';
import type { Clock } from '../../src/core/connection/clock.js';
import type { SignalingLink } from '../../src/core/connection/transport.js';
import { RequestError } from '../../src/core/errors.js';
import type { LocalDevices } from '../../src/core/media/local-media.js';
import type { LocalProducer, MediaTransport, RemoteConsumer, RemoteTrack } from '../../src/core/media/media-transport.js';
import {
  ProtocolError,
  checkRequestData,
  parseNotification,
  parseRequest,
  parseResponse,
  type MethodName,
  type NotificationData,
  type NotificationName,
  type ParsedRequest,
  type RequestData,
  type ResponseData,
  type RosterEntry,
  type TrackSource,
} from '../../src/protocol/index.js';

export const MEETING = '123456789';

/** Waits for sockets and promises: a few turns of the real event loop. */
export async function flush(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Polls `condition` on the real clock for up to 3 s. */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition(), what).to.equal(true);
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A clock whose time moves only when the test says; timers run in order of their due time. */
export class FakeClock implements Clock {
  #now = 1_000_000;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  /** Timers waiting, with how long until each is due. */
  get pending(): number[] {
    return [...this.#timers.values()].map((timer) => timer.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time on by `ms`, running every timer due on the way and letting what it started settle. */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, timer]) => timer.at <= until).sort(([, a], [, b]) => a.at - b.at)[0];
      if (due === undefined) break;
      const [id, timer] = due;
      this.#timers.delete(id);
      this.#now = timer.at;
      timer.callback();
      await flush();
    }
    this.#now = until;
    await flush();
  }
}

/** A MediaStreamTrack as far as the managers use it: kind, readyState, stop(), settings. */
export class FakeTrack extends EventTarget {
  readonly kind: 'audio' | 'video';
  readonly label: string;
  readyState: MediaStreamTrackState = 'live';

  constructor(kind: 'audio' | 'video', label: string = kind) {
    super();
    this.kind = kind;
    this.label = label;
  }

  stop(): void {
    this.readyState = 'ended';
  }

  /** The browser ends a track on its own (the "Stop sharing" button). */
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }

  getSettings(): MediaTrackSettings {
    return { height: 480 };
  }

  get track(): MediaStreamTrack {
    return this as unknown as MediaStreamTrack;
  }
}

export function track(kind: 'audio' | 'video', label?: string): MediaStreamTrack {
  return new FakeTrack(kind, label).track;
}

type Answer<M extends MethodName> = ResponseData<M> | Error | ((data: RequestData<M>) => ResponseData<M> | Promise<ResponseData<M>>);

let nextProducer = 1;

/** What the server answers a method with when the test says nothing: the schema's empty answer. */
function defaultAnswer(method: MethodName): unknown {
  switch (method) {
    case 'produce':
      return { producerId: `producer-${nextProducer++}` };
    case 'ping':
      return { serverTime: Date.now() };
    case 'listPolls':
      return { polls: [] };
    case 'sendChat':
      return { sentAt: Date.now() };
    case 'renewToken':
      return { expiresAt: null };
    default:
      return {};
  }
}

/**
 * A signaling link that checks each request as SignalingClient does (TypeError, nothing
 * sent), records it, and answers as the server would: with the test's answer or the schema's
 * empty one, checked against the method's response schema.
 */
export class FakeLink implements SignalingLink {
  readonly sent: { method: MethodName; data: unknown }[] = [];
  readonly #answers = new Map<MethodName, Answer<MethodName>>();

  answer<M extends MethodName>(method: M, answer: Answer<M>): this {
    this.#answers.set(method, answer as Answer<MethodName>);
    return this;
  }

  sentOf(method: MethodName): unknown[] {
    return this.sent.filter((request) => request.method === method).map((request) => request.data);
  }

  async request<M extends MethodName>(method: M, data: RequestData<M>): Promise<ResponseData<M>> {
    checkRequestData(method, data);
    this.sent.push({ method, data });
    const answer = this.#answers.get(method) ?? defaultAnswer(method);
    if (answer instanceof Error) throw answer;
    const value = typeof answer === 'function' ? await (answer as (data: RequestData<M>) => unknown)(data) : answer;
    return parseResponse(method, value) as ResponseData<M>;
  }
}

export class FakeProducer implements LocalProducer {
  readonly id: string;
  paused: boolean;
  track: MediaStreamTrack | null;
  closed = false;

  constructor(id: string, track: MediaStreamTrack, paused: boolean) {
    this.id = id;
    this.track = track;
    this.paused = paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  close(): void {
    this.closed = true;
  }

  async replaceTrack({ track }: { track: MediaStreamTrack | null }): Promise<void> {
    this.track = track;
  }
}

export class FakeConsumer implements RemoteConsumer {
  readonly id: string;
  readonly kind: 'audio' | 'video';
  readonly track: MediaStreamTrack;
  readonly rtpParameters: { encodings?: unknown[] };
  closed = false;

  constructor(id: string, kind: 'audio' | 'video', simulcast: boolean) {
    this.id = id;
    this.kind = kind;
    this.track = track(kind, id);
    this.rtpParameters = simulcast ? { encodings: [{ rid: 'r0' }, { rid: 'r1' }, { rid: 'r2' }] } : {};
  }

  close(): void {
    this.closed = true;
  }

  async getStats(): Promise<RTCStatsReport> {
    const stats = [{ type: 'inbound-rtp', bytesReceived: 100, packetsReceived: 10, framesDecoded: 5 }];
    return new Map(stats.map((stat, index) => [String(index), stat])) as unknown as RTCStatsReport;
  }
}

const RTP_PARAMETERS = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 1 }] };

/**
 * A join's media transport without WebRTC. Sends what SfuConnection sends on `link`: `produce`
 * (with RTP parameters the protocol's bounded schema accepts) for each published track, and
 * `resumeConsumer` after each consume. `holdConsumes` keeps consumes pending until released,
 * to play the race between a consume and its sender leaving.
 */
export class FakeMediaTransport implements MediaTransport {
  readonly link: SignalingLink;
  readonly produced: FakeProducer[] = [];
  readonly consumers: FakeConsumer[] = [];
  canSendKinds = new Set<'audio' | 'video'>(['audio', 'video']);
  holdConsumes = false;
  closed = false;
  receiving = false;
  readonly #held: (() => void)[] = [];

  constructor(link: SignalingLink) {
    this.link = link;
  }

  canSend(kind: 'audio' | 'video'): boolean {
    return this.canSendKinds.has(kind);
  }

  async produce(track: MediaStreamTrack, source: TrackSource, paused = false): Promise<FakeProducer> {
    const kind = track.kind as 'audio' | 'video';
    const { producerId } = await this.link.request('produce', { transportId: 'send', kind, source, rtpParameters: RTP_PARAMETERS, paused });
    const producer = new FakeProducer(producerId, track, paused);
    this.produced.push(producer);
    return producer;
  }

  async consume(offer: NotificationData<'newConsumer'>): Promise<RemoteTrack> {
    if (this.holdConsumes) await new Promise<void>((resolve) => this.#held.push(resolve));
    const consumer = new FakeConsumer(offer.consumerId, offer.kind, offer.kind === 'video');
    this.consumers.push(consumer);
    await this.link.request('resumeConsumer', { consumerId: consumer.id });
    return { consumer, participantId: offer.participantId, source: offer.source };
  }

  /** Lets the held consumes finish. */
  releaseConsumes(): void {
    for (const resolve of this.#held.splice(0)) resolve();
  }

  async startReceiving(): Promise<void> {
    this.receiving = true;
  }

  close(): void {
    this.closed = true;
  }
}

/** Devices that hand out fake tracks, or fail as getUserMedia does (a DOMException by name). */
export class FakeDevices implements LocalDevices {
  readonly opened: MediaStreamTrack[] = [];
  failures: Partial<Record<'microphone' | 'camera' | 'screen', string>> = {};
  /** The screen picker also gives the tab's audio. */
  screenAudio = false;

  async openMicrophone(deviceId?: string): Promise<MediaStreamTrack> {
    return this.#open('microphone', 'audio', deviceId);
  }

  async openCamera(deviceId?: string): Promise<MediaStreamTrack> {
    return this.#open('camera', 'video', deviceId);
  }

  async openScreen(): Promise<MediaStream> {
    const video = this.#open('screen', 'video');
    const tracks = [video, ...(this.screenAudio ? [this.#open('screen', 'audio')] : [])];
    return { getVideoTracks: () => tracks.filter((t) => t.kind === 'video'), getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'), getTracks: () => tracks } as unknown as MediaStream;
  }

  #open(device: 'microphone' | 'camera' | 'screen', kind: 'audio' | 'video', deviceId?: string): MediaStreamTrack {
    const failure = this.failures[device];
    if (failure !== undefined) throw new DOMException(`${device} failed`, failure);
    const opened = track(kind, deviceId ?? device);
    this.opened.push(opened);
    return opened;
  }
}

/** A roster entry as the server sends it. */
export function entry(id: string, displayName = id, extra: Partial<RosterEntry> = {}): RosterEntry {
  return { id, displayName, role: 'participant', tracks: [], handRaised: false, ...extra };
}

/** A `newConsumer` notification's data, checked against its schema. */
export function offer(consumerId: string, participantId: string, source: TrackSource = 'camera', producerPaused = false): NotificationData<'newConsumer'> {
  return notificationData('newConsumer', {
    consumerId,
    producerId: `producer-${consumerId}`,
    participantId,
    kind: source === 'mic' || source === 'screen-audio' ? 'audio' : 'video',
    source,
    rtpParameters: {},
    producerPaused,
  });
}

/** Notification data, checked against the notification's schema as the client will check it. */
export function notificationData<N extends NotificationName>(name: N, data: NotificationData<N>): NotificationData<N> {
  return parseNotification(name, data)!.data as NotificationData<N>;
}

type Handler = (request: ParsedRequest, connection: FakeConnection) => unknown;

/**
 * A meeting server at the protocol level, reached through a WebSocket stand-in: parses every
 * frame with the protocol's request parser (answering errors as the server does), answers
 * from `handlers` or with the schema's empty answer, and checks every answer and notification
 * against the protocol's schemas before sending it. A connection can go silent (a half-open
 * socket: nothing answered, no close) or be closed with any code.
 */
export class FakeServer {
  readonly connections: FakeConnection[] = [];
  readonly handlers: Partial<Record<MethodName, Handler>> = {};
  expiresAt: number | null = null;
  /** The roster `hello` answers with. */
  participants: RosterEntry[] = [];

  readonly WebSocket = ((server: FakeServer) =>
    class extends FakeSocket {
      constructor(url: string) {
        super(url, server);
      }
    })(this);

  get last(): FakeConnection {
    return this.connections[this.connections.length - 1]!;
  }

  /** Every request of `method` on every connection, in order. */
  requests(method: MethodName): ParsedRequest[] {
    return this.connections.flatMap((connection) => connection.requests.filter((request) => request.method === method));
  }

  /** Refuses `method` with a protocol error, as the server's handlers do. */
  refuse(method: MethodName, code: ProtocolError['code'], message = 'refused'): void {
    this.handlers[method] = () => {
      throw new ProtocolError(code, message);
    };
  }

  answer(request: ParsedRequest, connection: FakeConnection): unknown {
    const handler = this.handlers[request.method];
    if (handler !== undefined) return handler(request, connection);
    if (request.method === 'hello') {
      return {
        protocolVersion: 1,
        serverVersion: 'fake',
        meeting: request.data.meeting,
        topic: null,
        self: { id: `me-${this.connections.length}`, displayName: 'Me', role: 'participant' },
        participants: this.participants,
        expiresAt: this.expiresAt,
      };
    }
    return defaultAnswer(request.method);
  }
}

export class FakeConnection {
  readonly requests: ParsedRequest[] = [];
  /** Nothing is answered and no close arrives: the socket went half-open. */
  silent = false;
  readonly #socket: FakeSocket;

  constructor(socket: FakeSocket) {
    this.#socket = socket;
  }

  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    this.#socket.push({ notification: name, data: notificationData(name, data) });
  }

  /** Sends `frame` as it is, unchecked: the way to play a broken server. */
  pushUnchecked(frame: unknown): void {
    this.#socket.push(frame);
  }

  close(code: number): void {
    this.#socket.closeFromServer(code);
  }

  get open(): boolean {
    return this.#socket.open;
  }
}

/** Delivers in order, like a socket: timers alone may reorder (nested timers are clamped). */
class FakeSocket extends EventTarget {
  readonly #server: FakeServer;
  readonly #connection: FakeConnection;
  readonly #queue: (() => void)[] = [];
  open = true;

  constructor(_url: string, server: FakeServer) {
    super();
    this.#server = server;
    this.#connection = new FakeConnection(this);
    server.connections.push(this.#connection);
    this.#later(() => this.dispatchEvent(new Event('open')));
  }

  send(text: string): void {
    if (!this.open) return;
    this.#later(async () => {
      let request: ParsedRequest;
      try {
        request = parseRequest(text);
      } catch (error) {
        const { code, message, requestId } = error as ProtocolError;
        return this.push({ id: requestId, ok: false, error: { code, message } });
      }
      this.#connection.requests.push(request);
      if (this.#connection.silent) return;
      try {
        const data = await this.#server.answer(request, this.#connection);
        parseResponse(request.method, data); // The fake must answer as the schema says.
        this.push({ id: request.id, ok: true, data });
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        this.push({ id: request.id, ok: false, error: { code: error.code, message: error.message } });
      }
    });
  }

  close(code = 1000): void {
    this.closeFromServer(code);
  }

  closeFromServer(code: number): void {
    if (!this.open) return;
    this.open = false;
    this.#later(() => this.dispatchEvent(new CloseEvent('close', { code })));
  }

  push(frame: unknown): void {
    if (this.open && !this.#connection.silent) this.#later(() => this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(frame) })));
  }

  #later(action: () => unknown): void {
    this.#queue.push(() => void action());
    if (this.#queue.length > 1) return;
    setTimeout(() => {
      while (this.#queue.length > 0) this.#queue.shift()!();
    });
  }
}

/** A refusal as the client sees it. */
export function refusal(method: MethodName, code: RequestError['code'] = 'forbidden'): RequestError {
  return new RequestError(method, code, 'refused');
}
