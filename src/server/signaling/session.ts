import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  ProtocolError,
  parseRequest,
  type ErrorCode,
  type MethodName,
  type ParsedRequest,
  type Participant,
  type RequestData,
  type ResponseData,
} from '../../protocol/index.js';
import { AuthError, type TokenVerifier } from '../auth/token-verifier.js';
import type { WorkerPool } from '../media/worker-pool.js';
import { Peer, type Notify } from '../rooms/peer.js';
import type { RoomRegistry } from '../rooms/room-registry.js';
import type { RecordingService } from '../recording/recording-service.js';
import type { Store } from '../store/store.js';
import { meetingHandlers, type Joined, type MeetingHandlers } from './handlers.js';
import type { InternalErrors } from './internal-errors.js';
import { MethodBudgets } from './method-budgets.js';

/** Limits of one signaling session. */
export interface SessionLimits {
  /** How long a new connection has to complete `hello`. */
  helloTimeoutMs: number;
  /** Largest send buffer a client may leave unread before it is dropped. */
  maxSendBufferBytes: number;
  /** Requests a client may have waiting for an answer; more are refused at once. */
  maxQueuedRequests: number;
  /** How long a closing socket may take to answer the close frame before it is cut. */
  closeGraceMs: number;
}

/** What every session needs from the server. */
export interface SessionContext {
  verifier: TokenVerifier;
  pool: WorkerPool;
  rooms: RoomRegistry;
  store: Store;
  recordings: RecordingService;
  logger: Logger;
  serverVersion: string;
  limits: SessionLimits;
  internalErrors: InternalErrors;
}

/** WebSocket close code for a refused or expired token. */
export const CLOSE_UNAUTHORIZED = CLOSE_CODES.unauthorized;

/** Longest a timer may wait in Node; later deadlines are reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * One participant's signaling connection. Validates every frame, requires `hello` within a
 * deadline, answers requests one at a time and in order within each method's budget, and
 * records the participation in the store. Once the session ends (left, removed, replaced,
 * expired, too slow to read) it takes no further request, is gone from the meeting at once,
 * and its socket is cut if the client does not complete the close.
 */
export class SignalingSession {
  readonly #socket: WebSocket;
  readonly #context: SessionContext;
  readonly #logger: Logger;
  readonly #handlers: MeetingHandlers;
  readonly #budgets = new MethodBudgets();
  readonly #queue: { raw: RawData; isBinary: boolean }[] = [];
  #joined: Joined | undefined;
  #answering = false;
  /** Set once the session is over; the socket closes after the answer being written, if any. */
  #ending: { code: number; reason: string } | undefined;
  #socketClosed = false;
  #helloTimer: ReturnType<typeof setTimeout> | undefined;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(socket: WebSocket, context: SessionContext) {
    this.#socket = socket;
    this.#context = context;
    this.#logger = context.logger.child({ connection: randomUUID().slice(0, 8) });
    this.#handlers = meetingHandlers(context.pool, context.store, context.recordings);
    socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    socket.on('error', (error) => {
      // ws reports oversized frames here and closes with 1009 itself.
      this.#logger.info({ err: error.message }, 'socket error');
    });
    socket.on('close', () => {
      this.#socketClosed = true;
      this.#stopTimers();
      void this.#leave();
    });
    this.#helloTimer = setTimeout(() => {
      if (this.#joined === undefined) this.#end(CLOSE_CODES.helloTimeout, 'hello_timeout');
    }, context.limits.helloTimeoutMs);
    this.#helloTimer.unref();
  }

  /** Joins the meeting. Requests are answered one at a time, so no other hello runs meanwhile. */
  async #hello(data: RequestData<'hello'>): Promise<ResponseData<'hello'>> {
    if (this.#joined !== undefined) throw new ProtocolError('already_joined', 'hello was already sent on this connection');
    if (data.protocolVersion !== PROTOCOL_VERSION) {
      throw new ProtocolError(
        'unsupported_version',
        `protocol version ${data.protocolVersion} is not supported; this server speaks ${PROTOCOL_VERSION}`,
      );
    }
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
    const hash = tokenHash(data.token);
    let admission;
    try {
      admission = room.admit({ role: identity.role, userId: identity.userId, tokenHash: hash });
    } catch (error) {
      void this.#context.rooms.releaseIfEmpty(room);
      throw error;
    }
    const peer = new Peer(participant, this.#notify, (code, reason) => this.#end(code, reason), {
      keys: data.keys,
      userId: identity.userId,
    });
    peer.tokens.set(hash, identity.expiresAt * 1000);
    let participationId: number;
    try {
      participationId = await this.#context.store.recordJoin({
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
    } catch (error) {
      admission.cancel();
      void this.#context.rooms.releaseIfEmpty(room);
      throw error;
    }
    if (this.#ending !== undefined || this.#socketClosed) {
      // The connection ended while the join was written: record it as over at once.
      admission.cancel();
      void this.#context.rooms.releaseIfEmpty(room);
      await this.#context.store.recordLeave(participationId, Date.now()).catch(() => undefined);
      throw new ProtocolError('conflict', 'the connection ended during hello');
    }
    peer.participationId = participationId;
    const participants = admission.add(peer);
    this.#joined = { identity, participationId, room, peer };
    clearTimeout(this.#helloTimer);
    room.polls.enter({ peer, identity });
    if (data.recordingConsent !== undefined) this.#context.recordings.consentOnJoin(room, peer, data.recordingConsent);
    this.#scheduleExpiry(identity.expiresAt * 1000);
    this.#logger.info({ meeting: identity.meeting, participant: participant.id, role: identity.role }, 'joined');
    return {
      protocolVersion: PROTOCOL_VERSION,
      serverVersion: this.#context.serverVersion,
      meeting: identity.meeting,
      topic: room.topic,
      self: participant,
      participants,
      expiresAt: identity.expiresAt * 1000,
      recording: this.#context.recordings.stateFor(room, peer),
    };
  }

  async #renewToken(joined: Joined, { token }: RequestData<'renewToken'>): Promise<ResponseData<'renewToken'>> {
    let identity;
    try {
      identity = await this.#context.verifier.verify(token, joined.identity.meeting);
    } catch (error) {
      // A refused renewal leaves the session as it was: the current token still holds.
      if (error instanceof AuthError) throw new ProtocolError(error.code, error.message, null, { cause: error });
      throw error;
    }
    if (identity.userId !== joined.identity.userId || identity.role !== joined.identity.role) {
      throw new ProtocolError('token_invalid', 'a renewal token must name the same user and role');
    }
    joined.identity = { ...joined.identity, expiresAt: identity.expiresAt };
    joined.peer.tokens.set(tokenHash(token), identity.expiresAt * 1000);
    this.#scheduleExpiry(identity.expiresAt * 1000);
    return { expiresAt: identity.expiresAt * 1000 };
  }

  #scheduleExpiry(at: number): void {
    clearTimeout(this.#expiryTimer);
    const wait = at - Date.now();
    this.#expiryTimer = setTimeout(
      () => {
        if (Date.now() < at) return this.#scheduleExpiry(at);
        this.#notify('sessionEnded', { reason: 'token_expired' });
        this.#end(CLOSE_CODES.unauthorized, 'token_expired');
      },
      Math.min(Math.max(wait, 0), MAX_TIMER_MS),
    );
    this.#expiryTimer.unref();
  }

  readonly #notify: Notify = (name, data) => this.#send({ notification: name, data });

  #onMessage(raw: RawData, isBinary: boolean): void {
    if (this.#ending !== undefined) return;
    if (this.#queue.length >= this.#context.limits.maxQueuedRequests) {
      let id: number | null = null;
      try {
        id = parseRequest(raw.toString()).id;
      } catch (error) {
        if (error instanceof ProtocolError) id = error.requestId;
      }
      this.#sendError(id, new ProtocolError('rate_limited', 'too many requests waiting for an answer', null, { retryAfterMs: 100 }));
      return;
    }
    this.#queue.push({ raw, isBinary });
    if (!this.#answering) void this.#drain();
  }

  /** Answers queued requests one at a time, in the order they came. */
  async #drain(): Promise<void> {
    this.#answering = true;
    try {
      for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) {
        if (this.#ending !== undefined) break;
        await this.#answer(next.raw, next.isBinary);
      }
    } finally {
      this.#answering = false;
      this.#queue.length = 0;
      if (this.#ending !== undefined) this.#closeSocket();
    }
  }

  async #answer(raw: RawData, isBinary: boolean): Promise<void> {
    let request: ParsedRequest | undefined;
    try {
      if (isBinary) throw new ProtocolError('bad_request', 'binary frames are not accepted');
      request = parseRequest(raw.toString());
      const method: MethodName = request.method;
      if (method !== 'hello' && this.#joined === undefined) {
        throw new ProtocolError('hello_required', 'send hello first');
      }
      this.#budgets.take(method);
      const data = await this.#dispatch(request);
      this.#send({ id: request.id, ok: true, data });
    } catch (error) {
      this.#sendError(request?.id ?? (error instanceof ProtocolError ? error.requestId : null), error);
    }
  }

  #dispatch(request: ParsedRequest): Promise<unknown> {
    if (request.method === 'hello') return this.#hello(request.data);
    const joined = this.#joined;
    if (joined === undefined || joined.peer.closed) throw new ProtocolError('forbidden', 'this session has ended');
    if (request.method === 'renewToken') return this.#renewToken(joined, request.data);
    const handler = this.#handlers[request.method] as (joined: Joined, data: unknown) => Promise<unknown>;
    return handler(joined, request.data);
  }

  #sendError(id: number | null, error: unknown): void {
    let code: ErrorCode = 'internal';
    let message = 'internal server error';
    let retryAfterMs: number | undefined;
    if (error instanceof ProtocolError || error instanceof AuthError) {
      code = error.code;
      message = error.message;
      if (error instanceof ProtocolError) retryAfterMs = error.retryAfterMs;
    } else {
      this.#context.internalErrors.report(this.#logger, error);
    }
    this.#send({ id, ok: false, error: { code, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } });
    if (error instanceof AuthError) this.#end(CLOSE_UNAUTHORIZED, code);
  }

  #send(frame: object): void {
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    this.#socket.send(JSON.stringify(frame));
    if (this.#socket.bufferedAmount > this.#context.limits.maxSendBufferBytes) {
      this.#logger.warn({ buffered: this.#socket.bufferedAmount }, 'client does not read: dropping it');
      this.#end(CLOSE_CODES.slowConsumer, 'slow_consumer');
    }
  }

  /**
   * Ends the session: no further request is taken, the participant leaves the meeting now,
   * and the socket closes once the answer being written (if any) is out.
   */
  #end(code: number, reason: string): void {
    if (this.#ending !== undefined) return;
    this.#ending = { code, reason };
    this.#queue.length = 0;
    this.#stopTimers();
    void this.#leave();
    if (!this.#answering) this.#closeSocket();
  }

  #closeSocket(): void {
    if (this.#socketClosed || this.#ending === undefined) return;
    if (this.#ending.code === CLOSE_CODES.slowConsumer) {
      // A client that does not read would never see the close frame behind its backlog.
      this.#socket.terminate();
      return;
    }
    this.#socket.close(this.#ending.code, this.#ending.reason);
    setTimeout(() => this.#socket.terminate(), this.#context.limits.closeGraceMs).unref();
  }

  #stopTimers(): void {
    clearTimeout(this.#helloTimer);
    clearTimeout(this.#expiryTimer);
  }

  async #leave(): Promise<void> {
    const joined = this.#joined;
    if (joined === undefined) return;
    this.#joined = undefined;
    joined.room.remove(joined.peer);
    joined.peer.close();
    void this.#context.rooms.releaseIfEmpty(joined.room);
    try {
      await this.#context.store.recordLeave(joined.participationId, Date.now());
    } catch (error) {
      this.#logger.error({ err: error }, 'could not record leave');
    }
    this.#logger.info({ meeting: joined.identity.meeting, participant: joined.peer.participant.id }, 'left');
  }
}
