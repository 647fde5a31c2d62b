import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { CLOSE_CODES, ProtocolError, type RosterEntry, type TrackSource } from '../../protocol/index.js';
import { PollBook, type PollBookOptions } from '../polls/poll-book.js';
import { Coalescer } from './coalescer.js';
import type { Peer } from './peer.js';

/** Audio level observer interval: how quickly the speaker view follows who talks. */
const SPEAKER_INTERVAL_MS = 300;

/** What a room's polls start from: where they are stored and what the store already holds. */
export type RoomPolls = Pick<PollBookOptions, 'store' | 'polls' | 'voters'>;

/** Hears what happens to a room's media (the recorder does). */
export interface RoomObserver {
  /** `peer` published a track (paused or not). */
  trackPublished(peer: Peer, producer: types.Producer, source: TrackSource): void;
}

/** Who asks to join: what admission depends on. */
export interface JoinRequest {
  role: 'host' | 'participant';
  userId: string;
  /** Hash of the presented token, checked against removals. */
  tokenHash: string;
}

/** A place held in the room between admission and the join completing. */
export interface Admission {
  /** Adds `peer` (replacing the same user's earlier session) and returns the others' roster. */
  add(peer: Peer): RosterEntry[];
  /** Gives the place back: the join did not complete. */
  cancel(): void;
}

/**
 * One meeting's media: its router, its participants, who publishes what, and who is the
 * active speaker. Creates a consumer for every (receiver, published track) pair. Also holds
 * the meeting's polls.
 */
export class Room {
  readonly meeting: string;
  readonly router: types.Router;
  readonly #peers = new Map<string, Peer>();
  readonly #logger: Logger;
  readonly #speakerObserver: types.ActiveSpeakerObserver;
  #allowMultipleShares = false;
  /** The meeting's topic, from the store and from hosts' tokens. */
  topic: string | null = null;
  /** New joins are refused while locked. */
  locked = false;
  /** The meeting's polls. */
  readonly polls: PollBook;
  #ended = false;
  /** Most participants at once. */
  readonly #maxParticipants: number;
  /** Joins admitted but not yet added: they hold a place. */
  #joining = 0;
  /** Token hashes of removed participants → when the token expires (ms). */
  readonly #bans = new Map<string, number>();
  /** Coalesces role, hand and speaker updates; any other broadcast flushes it first. */
  readonly #updates = new Coalescer();
  /** Who hears of published tracks. */
  readonly observers = new Set<RoomObserver>();

  private constructor(
    meeting: string,
    router: types.Router,
    observer: types.ActiveSpeakerObserver,
    logger: Logger,
    polls: RoomPolls,
    maxParticipants: number,
  ) {
    this.meeting = meeting;
    this.#maxParticipants = maxParticipants;
    this.router = router;
    this.#speakerObserver = observer;
    this.#logger = logger;
    this.polls = new PollBook({ ...polls, meeting, logger, audience: () => this.#peers.values() });
    observer.on('dominantspeaker', ({ producer }) => {
      const participantId = (producer.appData as { participantId?: string }).participantId ?? null;
      this.#updates.set('activeSpeaker', () => {
        for (const peer of this.#peers.values()) peer.notify('activeSpeaker', { participantId });
      });
    });
  }

  /** Creates the room's ActiveSpeakerObserver on `router`. */
  static async create(
    meeting: string,
    router: types.Router,
    logger: Logger,
    polls: RoomPolls,
    maxParticipants = Number.POSITIVE_INFINITY,
  ): Promise<Room> {
    const observer = await router.createActiveSpeakerObserver({ interval: SPEAKER_INTERVAL_MS });
    return new Room(meeting, router, observer, logger.child({ meeting }), polls, maxParticipants);
  }

  /** A host ended the meeting; only a host can reopen it by joining. Ending closes open polls. */
  get ended(): boolean {
    return this.#ended;
  }

  set ended(ended: boolean) {
    const ending = ended && !this.#ended;
    this.#ended = ended;
    if (ending) this.polls.meetingEnded();
  }

  get size(): number {
    return this.#peers.size;
  }

  /** Everyone in the room. */
  peers(): Peer[] {
    return [...this.#peers.values()];
  }

  /** The participant with this id; `not_found` otherwise. */
  peer(participantId: string): Peer {
    const peer = this.#peers.get(participantId);
    if (peer === undefined) throw new ProtocolError('not_found', `no participant "${participantId}"`);
    return peer;
  }

  /**
   * Tells everyone that `peer`'s role or raised hand changed. Rapid changes of one
   * participant reach the others as one update with the latest state.
   */
  announce(peer: Peer): void {
    this.#updates.set(`participant:${peer.participant.id}`, () => {
      if (!this.#peers.has(peer.participant.id)) return;
      const participant = peer.roster();
      for (const other of this.#peers.values()) other.notify('participantUpdated', { participant });
    });
    this.polls.roleChanged(peer);
  }

  /**
   * Admits a join the room's state allows, holding a place for it; refuses a removed
   * participant's token, a locked or ended meeting (a host reopens it) and a full one.
   */
  admit(request: JoinRequest, now = Date.now()): Admission {
    for (const [hash, expiresAt] of this.#bans) if (expiresAt <= now) this.#bans.delete(hash);
    if (this.#bans.has(request.tokenHash)) {
      throw new ProtocolError('forbidden', 'you were removed from this meeting');
    }
    if (this.ended && request.role !== 'host') throw new ProtocolError('meeting_ended', 'this meeting has ended');
    if (this.locked && !this.ended && request.role !== 'host') {
      throw new ProtocolError('meeting_locked', 'the meeting is locked');
    }
    const returning = [...this.#peers.values()].some((peer) => peer.userId === request.userId);
    if (!returning && this.#peers.size + this.#joining >= this.#maxParticipants) {
      throw new ProtocolError('meeting_full', `the meeting has its maximum of ${this.#maxParticipants} participants`);
    }
    if (this.ended) {
      this.ended = false;
      this.locked = false;
    }
    this.#joining++;
    let held = true;
    const release = () => {
      if (held) this.#joining--;
      held = false;
    };
    return {
      add: (peer) => {
        release();
        return this.#add(peer);
      },
      cancel: release,
    };
  }

  /** Refuses `peer`'s tokens from now until they expire. */
  ban(peer: Peer): void {
    for (const [hash, expiresAt] of peer.tokens) this.#bans.set(hash, expiresAt);
  }

  #add(peer: Peer): RosterEntry[] {
    for (const earlier of [...this.#peers.values()]) {
      if (earlier.userId !== peer.userId) continue;
      earlier.notify('sessionEnded', { reason: 'replaced' });
      earlier.disconnect(CLOSE_CODES.replaced, 'replaced');
      this.remove(earlier);
    }
    const others = [...this.#peers.values()].map((other) => other.roster());
    this.#peers.set(peer.participant.id, peer);
    this.#broadcast((other) => other.notify('participantJoined', { participant: peer.roster() }), peer);
    return others;
  }

  /** Removes `peer`, closing its media; others get `consumerClosed` and `participantLeft`. */
  remove(peer: Peer): void {
    if (this.#peers.get(peer.participant.id) !== peer) return;
    this.#peers.delete(peer.participant.id);
    peer.close();
    this.#broadcast((other) => other.notify('participantLeft', { participantId: peer.participant.id }));
  }

  /**
   * Records what `peer` can receive and offers it every track already published that it
   * does not receive yet. A failure here fails this peer's request only.
   */
  async setRtpCapabilities(peer: Peer, rtpCapabilities: types.RtpCapabilities): Promise<void> {
    if (peer.receiveTransport() === undefined) {
      throw new ProtocolError('conflict', 'create a receive transport before setRtpCapabilities');
    }
    peer.rtpCapabilities = rtpCapabilities;
    for (const other of [...this.#peers.values()]) {
      if (other === peer) continue;
      for (const track of [...other.published.values()]) await this.#consume(peer, other, track.producer, track.source);
    }
  }

  /** Publishes a track of `peer` and offers it to everyone who can receive. */
  async produce(
    peer: Peer,
    transportId: string,
    options: { kind: types.MediaKind; source: TrackSource; rtpParameters: types.RtpParameters; paused: boolean },
  ): Promise<types.Producer> {
    const transport = peer.transport(transportId);
    if (transport.appData.direction !== 'send') throw new ProtocolError('conflict', 'produce on a send transport');
    const expectedKind = options.source === 'mic' || options.source === 'screen-audio' ? 'audio' : 'video';
    if (options.kind !== expectedKind) {
      throw new ProtocolError('bad_request', `source "${options.source}" carries ${expectedKind}, not ${options.kind}`);
    }
    if (peer.publishes(options.source)) {
      throw new ProtocolError('conflict', `a "${options.source}" track is already published`);
    }
    if (options.source === 'screen' && !this.#allowMultipleShares) {
      const sharer = [...this.#peers.values()].find((other) => other !== peer && other.publishes('screen'));
      if (sharer !== undefined) {
        throw new ProtocolError('conflict', `${sharer.participant.displayName} is already sharing a screen`);
      }
    }
    // Held from here on, so a concurrent request for the same source (or a second share) is refused.
    peer.pendingSources.add(options.source);
    let producer: types.Producer;
    try {
      producer = await transport.produce({
        kind: options.kind,
        rtpParameters: options.rtpParameters,
        paused: options.paused,
        appData: { participantId: peer.participant.id, source: options.source },
      });
    } catch (cause) {
      throw new ProtocolError('unsupported_media', `cannot publish: ${(cause as Error).message}`, null, { cause });
    } finally {
      peer.pendingSources.delete(options.source);
    }
    if (peer.closed) {
      producer.close();
      throw new ProtocolError('conflict', 'the session has ended');
    }
    peer.published.set(producer.id, { producer, source: options.source });
    producer.observer.once('close', () => peer.published.delete(producer.id));
    if (options.source === 'mic') {
      await this.#speakerObserver.addProducer({ producerId: producer.id }).catch(() => undefined);
    }
    for (const observer of this.observers) observer.trackPublished(peer, producer, options.source);
    for (const other of [...this.#peers.values()]) {
      if (other === peer) continue;
      // Another receiver's trouble is theirs: it must never fail this publish.
      await this.#consume(other, peer, producer, options.source).catch((error: unknown) =>
        this.#logger.warn({ err: error, participant: other.participant.id, source: options.source }, 'could not offer a track'),
      );
    }
    return producer;
  }

  /** Host only: allow or forbid several simultaneous screen shares. */
  setScreenSharePolicy(peer: Peer, allowMultiple: boolean): void {
    if (peer.participant.role !== 'host') throw new ProtocolError('forbidden', 'only a host can change who may share');
    this.#allowMultipleShares = allowMultiple;
  }

  /** Closes the router and everything on it; idempotent. */
  close(): void {
    this.#updates.cancel();
    for (const peer of this.#peers.values()) peer.close();
    this.#peers.clear();
    this.router.close();
  }

  async #consume(receiver: Peer, sender: Peer, producer: types.Producer, source: TrackSource): Promise<void> {
    const transport = receiver.receiveTransport();
    const rtpCapabilities = receiver.rtpCapabilities;
    if (transport === undefined || rtpCapabilities === undefined || producer.closed) return;
    // Held before the first await: repeated or concurrent calls never consume one track twice.
    if (receiver.consumedProducers.has(producer.id)) return;
    receiver.consumedProducers.add(producer.id);
    let consumer: types.Consumer;
    try {
      if (!this.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
        receiver.consumedProducers.delete(producer.id);
        this.#logger.warn({ participant: receiver.participant.id, source }, 'receiver cannot decode this track');
        return;
      }
      // Created paused: the client resumes once its consumer exists, so no keyframe is lost.
      consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities,
        paused: true,
        appData: { participantId: sender.participant.id, source },
      });
    } catch (cause) {
      receiver.consumedProducers.delete(producer.id);
      throw new ProtocolError('unsupported_media', `cannot receive a track: ${(cause as Error).message}`, null, { cause });
    }
    if (receiver.closed) {
      consumer.close();
      return;
    }
    receiver.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => {
      receiver.consumers.delete(consumer.id);
      receiver.consumedProducers.delete(producer.id);
    });
    consumer.on('producerclose', () => {
      receiver.consumers.delete(consumer.id);
      receiver.notify('consumerClosed', { consumerId: consumer.id });
    });
    consumer.on('producerpause', () => receiver.notify('consumerPaused', { consumerId: consumer.id }));
    consumer.on('producerresume', () => receiver.notify('consumerResumed', { consumerId: consumer.id }));
    receiver.notify('newConsumer', {
      consumerId: consumer.id,
      producerId: producer.id,
      participantId: sender.participant.id,
      kind: consumer.kind,
      source,
      rtpParameters: consumer.rtpParameters as unknown as Record<string, unknown>,
      producerPaused: consumer.producerPaused,
    });
  }

  #broadcast(send: (peer: Peer) => void, except?: Peer): void {
    // Coalesced updates queued earlier go first, so nobody sees them after a later event.
    this.#updates.flush();
    for (const peer of this.#peers.values()) if (peer !== except) send(peer);
  }
}
