import type { types } from 'mediasoup';
import type {
  E2eeKeys,
  NotificationData,
  NotificationName,
  Participant,
  RosterEntry,
  TrackSource,
} from '../../protocol/index.js';
import { ProtocolError } from '../../protocol/index.js';
import { RateLimit } from './rate-limit.js';

/** Most transports one participant may hold (one send, one receive, spares for ICE trouble). */
const MAX_TRANSPORTS = 4;

/** A published track and what it carries. */
export interface PublishedTrack {
  producer: types.Producer;
  source: TrackSource;
}

/** Sends one notification to this participant's socket. */
export type Notify = <N extends NotificationName>(name: N, data: NotificationData<N>) => void;

/** Closes this participant's socket with a WebSocket close code and reason. */
export type Disconnect = (code: number, reason: string) => void;

/**
 * One participant's media state in a room: transports, published tracks, received tracks.
 * Every lookup is scoped to the peer, so nobody can touch another participant's objects.
 */
export class Peer {
  participant: Participant;
  handRaised = false;
  readonly notify: Notify;
  readonly disconnect: Disconnect;
  /** This session's end-to-end encryption public keys, relayed to the others as given. */
  readonly keys: E2eeKeys | undefined;
  readonly reactionLimit = new RateLimit(5, 2000, 'reactions');
  /** Chat messages (group and private) this participant may send. */
  readonly chatLimit = new RateLimit(20, 10_000, 'chat messages');
  /** Sender keys: one per member at every join and rotation, so a much looser limit. */
  readonly senderKeyLimit = new RateLimit(1000, 10_000, 'sender keys');
  /** The user behind this participant (the token's subject); one session per user per meeting. */
  readonly userId: string;
  /** Tokens this session presented (the first and any renewals): hash → expiry (ms), for a removal ban. */
  readonly tokens = new Map<string, number>();
  /** Transports being created: they count against the limit before they exist. */
  pendingTransports = 0;
  /** Sources whose producer is being created: a second request for one is refused at once. */
  readonly pendingSources = new Set<TrackSource>();
  /** Producers this peer receives or is being set up to receive, so no track is consumed twice. */
  readonly consumedProducers = new Set<string>();
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly published = new Map<string, PublishedTrack>();
  readonly consumers = new Map<string, types.Consumer>();
  rtpCapabilities: types.RtpCapabilities | undefined;
  /** This join's participation in the meeting records, once written. */
  participationId: number | null = null;
  #closed = false;

  constructor(
    participant: Participant,
    notify: Notify,
    disconnect: Disconnect,
    options: { keys?: E2eeKeys | undefined; userId?: string } = {},
  ) {
    this.participant = participant;
    this.keys = options.keys;
    this.userId = options.userId ?? participant.id;
    this.notify = notify;
    this.disconnect = disconnect;
  }

  get isHost(): boolean {
    return this.participant.role === 'host';
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Roster entry others see. */
  roster(): RosterEntry {
    return {
      ...this.participant,
      tracks: [...this.published.values()].map(({ producer, source }) => ({ source, paused: producer.paused })),
      handRaised: this.handRaised,
      ...(this.keys === undefined ? {} : { keys: this.keys }),
    };
  }

  /**
   * Creates a transport with `create` unless the peer holds its limit, counting the ones
   * being created, so concurrent requests cannot pass the limit together.
   */
  async addTransport(create: () => Promise<types.WebRtcTransport>): Promise<types.WebRtcTransport> {
    if (this.transports.size + this.pendingTransports >= MAX_TRANSPORTS) {
      throw new ProtocolError('conflict', `at most ${MAX_TRANSPORTS} transports per participant`);
    }
    this.pendingTransports++;
    let transport: types.WebRtcTransport;
    try {
      transport = await create();
    } finally {
      this.pendingTransports--;
    }
    if (this.#closed) {
      transport.close();
      throw new ProtocolError('conflict', 'the session has ended');
    }
    this.transports.set(transport.id, transport);
    transport.observer.once('close', () => this.transports.delete(transport.id));
    return transport;
  }

  transport(id: string): types.WebRtcTransport {
    const transport = this.transports.get(id);
    if (transport === undefined) throw new ProtocolError('not_found', `no transport "${id}"`);
    return transport;
  }

  /** The transport this participant receives on (the newest with direction recv). */
  receiveTransport(): types.WebRtcTransport | undefined {
    return [...this.transports.values()].reverse().find((transport) => transport.appData.direction === 'recv');
  }

  producer(id: string): types.Producer {
    const track = this.published.get(id);
    if (track === undefined) throw new ProtocolError('not_found', `no producer "${id}"`);
    return track.producer;
  }

  consumer(id: string): types.Consumer {
    const consumer = this.consumers.get(id);
    if (consumer === undefined) throw new ProtocolError('not_found', `no consumer "${id}"`);
    return consumer;
  }

  /** Whether this participant publishes, or is starting to publish, a track of `source`. */
  publishes(source: TrackSource): boolean {
    return this.pendingSources.has(source) || [...this.published.values()].some((track) => track.source === source);
  }

  /** Closes every transport (and with them producers and consumers); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const transport of this.transports.values()) transport.close();
  }
}
