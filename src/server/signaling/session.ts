import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { types } from 'mediasoup';
import type { RawData, WebSocket } from 'ws';
import {
  PROTOCOL_VERSION,
  ProtocolError,
  parseRequest,
  type ErrorCode,
  type MethodName,
  type ParsedRequest,
  type Participant,
  type ResponseData,
} from '../../protocol/index.js';
import { AuthError, type TokenVerifier } from '../auth/token-verifier.js';
import type { Identity } from '../auth/token-claims.js';
import type { WorkerPool } from '../media/worker-pool.js';
import { relayChat } from '../chat/chat-relay.js';
import { hostControls } from '../rooms/host-controls.js';
import { Peer, type Notify } from '../rooms/peer.js';
import type { Room } from '../rooms/room.js';
import type { RoomRegistry } from '../rooms/room-registry.js';
import type { Store } from '../store/store.js';

/** What every session needs from the server. */
export interface SessionContext {
  verifier: TokenVerifier;
  pool: WorkerPool;
  rooms: RoomRegistry;
  store: Store;
  logger: Logger;
  serverVersion: string;
}

/** Runs a mediasoup call whose rejection means the client sent unusable parameters. */
async function mediasoupCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    if (cause instanceof TypeError) {
      throw new ProtocolError('bad_request', cause.message, null, { cause });
    }
    throw cause;
  }
}

/** Longest a disconnect waits for the requests in flight to be answered. */
const CLOSE_GRACE_MS = 1000;

/** WebSocket close code for a refused token (4000–4999 are application codes). */
export const CLOSE_UNAUTHORIZED = 4401;

interface Joined {
  identity: Identity;
  participant: Participant;
  participationId: number;
  room: Room;
  peer: Peer;
}

type Handlers = {
  [M in MethodName]: (data: Extract<ParsedRequest, { method: M }>['data']) => Promise<ResponseData<M>>;
};

/**
 * One participant's signaling connection. Validates every frame, requires `hello` first,
 * answers each request exactly once, and records the participation in the store.
 */
export class SignalingSession {
  readonly #socket: WebSocket;
  readonly #context: SessionContext;
  readonly #logger: Logger;
  #joined: Joined | undefined;
  #helloPending = false;
  #closed = false;
  /** Requests being handled; a disconnect waits until they are answered. */
  #inFlight = 0;
  #closeWhenIdle: { code: number; reason: string } | undefined;

  constructor(socket: WebSocket, context: SessionContext) {
    this.#socket = socket;
    this.#context = context;
    this.#logger = context.logger.child({ connection: randomUUID().slice(0, 8) });
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on('error', (error) => {
      // ws reports oversized frames here and closes with 1009 itself.
      this.#logger.info({ err: error.message }, 'socket error');
    });
    socket.on('close', () => void this.#onClose());
  }

  readonly #handlers: Handlers = {
    hello: async (data) => {
      if (this.#joined !== undefined || this.#helloPending) {
        throw new ProtocolError('already_joined', 'hello was already sent on this connection');
      }
      if (data.protocolVersion !== PROTOCOL_VERSION) {
        throw new ProtocolError(
          'unsupported_version',
          `protocol version ${data.protocolVersion} is not supported; this server speaks ${PROTOCOL_VERSION}`,
        );
      }
      this.#helloPending = true;
      try {
        const identity = await this.#context.verifier.verify(data.token, data.meeting);
        const participant: Participant = {
          id: randomUUID(),
          displayName: identity.displayName,
          role: identity.role,
          ...(identity.avatarUrl === undefined ? {} : { avatarUrl: identity.avatarUrl }),
        };
        let room = await this.#context.rooms.room(identity.meeting);
        // The last participant may have closed this room while we were being verified.
        if (room.router.closed) room = await this.#context.rooms.room(identity.meeting);
        try {
          room.admit(identity.role);
        } catch (error) {
          void this.#context.rooms.releaseIfEmpty(room);
          throw error;
        }
        // Waits for requests in flight, so that the answer to the one that caused it (end for all) goes out first.
        const disconnect = (code: number, reason: string) => {
          if (this.#inFlight === 0) {
            this.#socket.close(code, reason);
            return;
          }
          this.#closeWhenIdle ??= { code, reason };
          // A request that never settles must not keep a removed participant in the meeting.
          setTimeout(() => this.#socket.close(code, reason), CLOSE_GRACE_MS).unref();
        };
        const peer = new Peer(participant, this.#notify, disconnect, data.keys);
        const participationId = await this.#context.store.recordJoin({
          meeting: identity.meeting,
          userId: identity.userId,
          displayName: identity.displayName,
          role: identity.role,
          at: Date.now(),
        });
        if (identity.role === 'host' && identity.topic !== undefined && identity.topic !== room.topic) {
          room.topic = identity.topic;
          await this.#context.store.setTopic(identity.meeting, identity.topic);
        }
        const participants = room.add(peer);
        this.#joined = { identity, participant, participationId, room, peer };
        room.polls.enter({ peer, identity });
        if (this.#closed) await this.#onClose();
        this.#logger.info({ meeting: identity.meeting, participant: participant.id, role: identity.role }, 'joined');
        return {
          protocolVersion: PROTOCOL_VERSION,
          serverVersion: this.#context.serverVersion,
          meeting: identity.meeting,
          topic: room.topic,
          self: participant,
          participants,
          expiresAt: identity.expiresAt * 1000,
        };
      } finally {
        this.#helloPending = false;
      }
    },
    renewToken: async () => {
      throw new ProtocolError('bad_request', 'not yet');
    },
    ping: async () => ({ serverTime: Date.now() }),
    getRouterRtpCapabilities: async () => {
      return { rtpCapabilities: this.#requireJoined().room.router.rtpCapabilities as Record<string, unknown> };
    },
    setRtpCapabilities: async ({ rtpCapabilities }) => {
      const { room, peer } = this.#requireJoined();
      await room.setRtpCapabilities(peer, rtpCapabilities as unknown as types.RtpCapabilities);
      return {};
    },
    createWebRtcTransport: async ({ direction }) => {
      const { room, peer } = this.#requireJoined();
      const transport = await this.#context.pool.createWebRtcTransport(room.meeting);
      transport.appData.direction = direction;
      peer.addTransport(transport);
      return {
        id: transport.id,
        iceParameters: transport.iceParameters as unknown as Record<string, unknown>,
        iceCandidates: transport.iceCandidates as unknown as Record<string, unknown>[],
        dtlsParameters: transport.dtlsParameters as unknown as Record<string, unknown>,
      };
    },
    connectWebRtcTransport: async ({ transportId, dtlsParameters }) => {
      const transport = this.#requireJoined().peer.transport(transportId);
      await mediasoupCall(() => transport.connect({ dtlsParameters: dtlsParameters as unknown as types.DtlsParameters }));
      return {};
    },
    restartIce: async ({ transportId }) => {
      const transport = this.#requireJoined().peer.transport(transportId);
      const iceParameters = await transport.restartIce();
      return { iceParameters: iceParameters as unknown as Record<string, unknown> };
    },
    produce: async ({ transportId, kind, source, rtpParameters, paused }) => {
      const { room, peer } = this.#requireJoined();
      const producer = await room.produce(peer, transportId, {
        kind,
        source,
        rtpParameters: rtpParameters as unknown as types.RtpParameters,
        paused,
      });
      return { producerId: producer.id };
    },
    closeProducer: async ({ producerId }) => {
      this.#requireJoined().peer.producer(producerId).close();
      return {};
    },
    pauseProducer: async ({ producerId }) => {
      await this.#requireJoined().peer.producer(producerId).pause();
      return {};
    },
    resumeProducer: async ({ producerId }) => {
      await this.#requireJoined().peer.producer(producerId).resume();
      return {};
    },
    pauseConsumer: async ({ consumerId }) => {
      await this.#requireJoined().peer.consumer(consumerId).pause();
      return {};
    },
    resumeConsumer: async ({ consumerId }) => {
      await this.#requireJoined().peer.consumer(consumerId).resume();
      return {};
    },
    setConsumerPreferredLayers: async ({ consumerId, spatialLayer, temporalLayer }) => {
      const consumer = this.#requireJoined().peer.consumer(consumerId);
      await consumer.setPreferredLayers({ spatialLayer, ...(temporalLayer === undefined ? {} : { temporalLayer }) });
      return {};
    },
    muteParticipant: async ({ participantId }) => {
      const { room, peer } = this.#requireJoined();
      await hostControls.muteParticipant(room, peer, participantId);
      return {};
    },
    muteAll: async () => {
      const { room, peer } = this.#requireJoined();
      await hostControls.muteAll(room, peer);
      return {};
    },
    removeParticipant: async ({ participantId }) => {
      const { room, peer } = this.#requireJoined();
      hostControls.remove(room, peer, participantId);
      return {};
    },
    makeHost: async ({ participantId }) => {
      const { room, peer } = this.#requireJoined();
      hostControls.makeHost(room, peer, participantId);
      return {};
    },
    lockMeeting: async ({ locked }) => {
      const { room, peer } = this.#requireJoined();
      hostControls.lock(room, peer, locked);
      return {};
    },
    endMeeting: async () => {
      const { room, peer } = this.#requireJoined();
      hostControls.end(room, peer);
      await this.#context.store.endMeeting(room.meeting, Date.now());
      return {};
    },
    raiseHand: async ({ raised }) => {
      const { room, peer } = this.#requireJoined();
      hostControls.raiseHand(room, peer, raised);
      return {};
    },
    react: async ({ reaction }) => {
      const { room, peer } = this.#requireJoined();
      hostControls.react(room, peer, reaction);
      return {};
    },
    setScreenSharePolicy: async ({ allowMultiple }) => {
      const { room, peer } = this.#requireJoined();
      room.setScreenSharePolicy(peer, allowMultiple);
      return {};
    },
    sendChat: async (frame) => {
      const { room, peer } = this.#requireJoined();
      return { sentAt: relayChat(room, peer, frame) };
    },
    createPoll: async (draft) => {
      const joined = this.#requireJoined();
      return { poll: await joined.room.polls.create(joined, draft) };
    },
    openPoll: async ({ pollId }) => {
      const joined = this.#requireJoined();
      await joined.room.polls.open(joined, pollId);
      return {};
    },
    closePoll: async ({ pollId }) => {
      const joined = this.#requireJoined();
      await joined.room.polls.close(joined, pollId);
      return {};
    },
    deletePoll: async ({ pollId }) => {
      const joined = this.#requireJoined();
      await joined.room.polls.remove(joined, pollId);
      return {};
    },
    sharePollResults: async ({ pollId, shared }) => {
      const joined = this.#requireJoined();
      await joined.room.polls.shareResults(joined, pollId, shared);
      return {};
    },
    vote: async ({ pollId, choices }) => {
      const joined = this.#requireJoined();
      await joined.room.polls.vote(joined, pollId, choices);
      return {};
    },
    listPolls: async () => {
      const joined = this.#requireJoined();
      return { polls: await joined.room.polls.list(joined) };
    },
  };

  readonly #notify: Notify = (name, data) => this.#send({ notification: name, data });

  #requireJoined(): Joined {
    if (this.#joined === undefined) throw new ProtocolError('hello_required', 'send hello first');
    return this.#joined;
  }

  async #onMessage(raw: RawData, isBinary: boolean): Promise<void> {
    // Removed or ended: nothing more is taken from this participant.
    if (this.#closeWhenIdle !== undefined) return;
    this.#inFlight++;
    try {
      await this.#answer(raw, isBinary);
    } finally {
      this.#inFlight--;
      // Set by a disconnect while the request was handled (the check above ran before it).
      const close = this.#closeWhenIdle as { code: number; reason: string } | undefined;
      if (this.#inFlight === 0 && close !== undefined) this.#socket.close(close.code, close.reason);
    }
  }

  async #answer(raw: RawData, isBinary: boolean): Promise<void> {
    let request: ParsedRequest | undefined;
    try {
      if (isBinary) throw new ProtocolError('bad_request', 'binary frames are not accepted');
      request = parseRequest(raw.toString());
      if (request.method !== 'hello') this.#requireJoined();
      const handler = this.#handlers[request.method] as (data: unknown) => Promise<unknown>;
      const data = await handler(request.data);
      this.#send({ id: request.id, ok: true, data });
    } catch (error) {
      this.#sendError(request?.id ?? (error instanceof ProtocolError ? error.requestId : null), error);
    }
  }

  #sendError(id: number | null, error: unknown): void {
    let code: ErrorCode = 'internal';
    let message = 'internal server error';
    if (error instanceof ProtocolError || error instanceof AuthError) {
      code = error.code;
      message = error.message;
    } else {
      this.#logger.error({ err: error }, 'request failed');
    }
    this.#send({ id, ok: false, error: { code, message } });
    if (error instanceof AuthError) {
      this.#socket.close(CLOSE_UNAUTHORIZED, code);
    }
  }

  #send(frame: object): void {
    if (this.#socket.readyState === this.#socket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  async #onClose(): Promise<void> {
    this.#closed = true;
    const joined = this.#joined;
    if (joined === undefined) return;
    this.#joined = undefined;
    joined.room.remove(joined.peer);
    void this.#context.rooms.releaseIfEmpty(joined.room);
    try {
      await this.#context.store.recordLeave(joined.participationId, Date.now());
    } catch (error) {
      this.#logger.error({ err: error }, 'could not record leave');
    }
    this.#logger.info({ meeting: joined.identity.meeting, participant: joined.participant.id }, 'left');
  }
}
