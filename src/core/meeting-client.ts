import type { types } from 'mediasoup-client';
import {
  CLOSE_CODES,
  PROTOCOL_VERSION,
  isFinalCloseCode,
  parseNotification,
  type Reaction,
  type ResponseData,
  type RosterEntry,
} from '../protocol/index.js';
import { ChatSession } from './chat/chat-session.js';
import { TypedEmitter } from './emitter.js';
import { ConnectionError, InvalidResponseError, InvalidStateError, RequestError } from './errors.js';
import { openCamera, openMicrophone, openScreen } from './media/devices.js';
import { MediaAccessError } from './media/media-errors.js';
import type { RemoteTrack, SfuConnection } from './media/sfu-connection.js';
import { spatialLayerFor } from './media/simulcast.js';
import { loadMedia } from './lazy-modules.js';
import { PollsSession } from './polls/polls-session.js';
import type {
  InboundTrackStats,
  JoinOptions,
  MeetingClientApi,
  MeetingClientEvents,
  MeetingState,
  ParticipantView,
  SessionEndReason,
  TrackSource,
} from './meeting-types.js';
import { Roster } from './roster.js';
import { SignalingClient, type SignalingOptions } from './signaling.js';

/** Turns a server base URL into its signaling WebSocket URL. */
export function signalingUrl(server: string): string {
  const url = new URL(server, globalThis.location?.href);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TypeError(`"server" expected an http(s) or ws(s) URL, got "${server}"`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/ws';
  return url.href;
}

/** Waits between reconnect attempts: about 30 s in all before giving up. */
const RECONNECT_DELAYS_MS = [250, 1000, 2000, 4000, 8000, 15000];

/** How long before the session's end `tokenexpiring` fires. */
const TOKEN_EXPIRY_WARNING_MS = 60_000;
/** Longest delay a timer keeps (about 24.8 days); a later warning is scheduled again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why the session ended, for a final close whose `sessionEnded` notification did not arrive. */
const END_REASON_OF_CLOSE: Partial<Record<number, SessionEndReason>> = {
  [CLOSE_CODES.removed]: 'removed',
  [CLOSE_CODES.replaced]: 'replaced',
  [CLOSE_CODES.meetingEnded]: 'meeting_ended',
};

/** A server that refused, or answered out of protocol: another attempt would fare no better. */
function isFinalJoinError(error: unknown): error is RequestError | InvalidResponseError {
  return error instanceof RequestError || error instanceof InvalidResponseError;
}

interface Visibility {
  visible: boolean;
  layer: number;
}

/**
 * The headless meeting client: joins a meeting through the server, publishes microphone and
 * camera, receives everyone else, and keeps a roster the UI renders. Framework-free; the
 * `<we-meeting>` element is a view over it.
 */
export class MeetingClient extends TypedEmitter<MeetingClientEvents> implements MeetingClientApi {
  #state: MeetingState = 'idle';
  #signaling: SignalingClient | undefined;
  #sfu: SfuConnection | undefined;
  #selfId: string | undefined;
  #meeting: string | undefined;
  #topic: string | undefined;
  #activeSpeakerId: string | undefined;
  #closed = false;
  #locked = false;
  #endReason: SessionEndReason | undefined;
  #expiresAt: number | undefined;
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;
  #target: { server: string; meeting: string; token: string } | undefined;
  #stopWatchingSocket: (() => void) | undefined;
  readonly #roster = new Roster();
  readonly #producers = new Map<TrackSource, types.Producer>();
  readonly #remote = new Map<string, RemoteTrack>();
  readonly #visibility = new Map<string, Visibility>();
  readonly #mediaIssues: MediaAccessError[] = [];
  readonly #signalingOptions: SignalingOptions;
  /** End-to-end encrypted chat; attached anew on every join, since each join is a new participant. */
  readonly chat = new ChatSession();
  readonly polls = new PollsSession();

  constructor(options: { signaling?: SignalingOptions } = {}) {
    super();
    this.#signalingOptions = options.signaling ?? {};
  }

  get state(): MeetingState {
    return this.#state;
  }

  get self(): ParticipantView | undefined {
    return this.#selfId === undefined ? undefined : this.#roster.view(this.#selfId);
  }

  get meeting(): string | undefined {
    return this.#meeting;
  }

  get topic(): string | undefined {
    return this.#topic;
  }

  get participants(): readonly ParticipantView[] {
    return this.#roster.views;
  }

  get activeSpeakerId(): string | undefined {
    return this.#activeSpeakerId;
  }

  get screenSharerId(): string | undefined {
    return [...this.#roster.views].reverse().find((view) => view.tracks.screen !== undefined)?.id;
  }

  get mediaIssues(): readonly MediaAccessError[] {
    return this.#mediaIssues;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get locked(): boolean {
    return this.#locked;
  }

  get endReason(): SessionEndReason | undefined {
    return this.#endReason;
  }

  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  /**
   * Gives the session a fresh token (same user and meeting) before the current one expires;
   * keeps the new `expiresAt`, and a later reconnect joins with this token. While
   * reconnecting, the next attempt joins with it. Rejects with RequestError when the server
   * refuses the token, InvalidStateError when not in a meeting.
   */
  async renewToken(token: string): Promise<void> {
    if (typeof token !== 'string' || token === '') throw new TypeError('"token" expected a non-empty string');
    const target = this.#target;
    if (this.#state === 'reconnecting' && target !== undefined) {
      target.token = token;
      return;
    }
    const { expiresAt } = await this.#requireJoined().request('renewToken', { token });
    // Joined implies a target; a close meanwhile rejected the request instead.
    target!.token = token;
    this.#expiresAt = expiresAt ?? undefined;
    this.#watchExpiry();
  }

  async setHandRaised(raised: boolean): Promise<void> {
    await this.#requireJoined().request('raiseHand', { raised });
  }

  async react(reaction: Reaction): Promise<void> {
    await this.#requireJoined().request('react', { reaction });
  }

  async muteParticipant(participantId: string): Promise<void> {
    await this.#requireJoined().request('muteParticipant', { participantId });
  }

  async muteAll(): Promise<void> {
    await this.#requireJoined().request('muteAll', {});
  }

  async removeParticipant(participantId: string): Promise<void> {
    await this.#requireJoined().request('removeParticipant', { participantId });
  }

  async makeHost(participantId: string): Promise<void> {
    await this.#requireJoined().request('makeHost', { participantId });
  }

  async setLocked(locked: boolean): Promise<void> {
    await this.#requireJoined().request('lockMeeting', { locked });
  }

  async endForAll(): Promise<void> {
    await this.#requireJoined().request('endMeeting', {});
  }

  /**
   * Connects, joins, then publishes microphone and camera. Resolves once joined; a device
   * that cannot be opened is reported through `mediaissue` and `mediaIssues` instead of
   * failing the join. Rejects (state `failed`) with RequestError or ConnectionError.
   */
  async join(options: JoinOptions): Promise<void> {
    if (this.#closed) throw new InvalidStateError('client is closed');
    if (this.#state !== 'idle') throw new InvalidStateError(`join() called in state "${this.#state}"`);
    this.#target = { server: options.server, meeting: options.meeting, token: options.token };
    this.#setState('connecting');
    try {
      await this.#enter();
      if (this.#closed) return;
      this.#setState('joined');
      this.#watchExpiry();
    } catch (error) {
      this.#release();
      if (this.#closed) return;
      this.#setState('failed');
      this.safeEmit('error', error as Error);
      throw error;
    }
    await Promise.all([
      this.#publishInitial('mic', options.audio ?? true),
      this.#publishInitial('camera', options.video ?? true),
    ]);
  }

  /** Opens the socket, says hello, fills the roster and opens the SFU connection. */
  async #enter(): Promise<void> {
    const { server, meeting, token } = this.#target!;
    const signaling = await SignalingClient.connect(signalingUrl(server), this.#signalingOptions);
    this.#signaling = signaling;
    if (this.#closed) return signaling.close();
    this.#stopWatchingSocket = signaling.on('close', (code) => this.#onSocketClosed(code));
    signaling.on('notification', (name, data) => this.#onNotification(name, data));
    // A browser without Ed25519/X25519 in WebCrypto joins without chat (`chat.ready` stays false).
    const keys = await this.chat.createKeys(meeting).catch(() => undefined);
    if (this.#closed) return signaling.close();
    const welcome = await signaling.request('hello', {
      protocolVersion: PROTOCOL_VERSION,
      meeting,
      token,
      ...(keys === undefined ? {} : { keys }),
    });
    this.#meeting = welcome.meeting;
    this.#topic = welcome.topic ?? undefined;
    this.#expiresAt = welcome.expiresAt ?? undefined;
    this.#roster.clear();
    this.#selfId = welcome.self.id;
    this.#roster.add(welcome.self, true);
    for (const entry of welcome.participants) this.#roster.add(entry);
    this.#attachSessions(signaling, welcome);
    const { SfuConnection } = await loadMedia();
    if (this.#closed) return signaling.close();
    this.#sfu = await SfuConnection.open(signaling);
    await this.#sfu.startReceiving();
  }

  /** Starts chat and polls on this connection; before any later notification is handled. */
  #attachSessions(signaling: SignalingClient, welcome: ResponseData<'hello'>): void {
    const request = signaling.request.bind(signaling);
    // Detached meanwhile (left, or the connection dropped and a rejoin follows): nothing to say.
    const report = (error: unknown) => {
      if (!(error instanceof InvalidStateError || error instanceof ConnectionError)) this.safeEmit('error', error as Error);
    };
    this.chat
      .attach({ self: welcome.self, meeting: welcome.meeting, request, members: welcome.participants })
      .catch(report);
    this.polls.attach({ request, isHost: () => this.self?.role === 'host' }).catch(report);
  }

  /**
   * The connection was lost: keep the local tracks, drop everything remote, and join again
   * with backoff. A refusal from the server (e.g. an expired token) ends in `failed`.
   */
  async #reconnect(): Promise<void> {
    const kept = [...this.#producers]
      .filter(([, producer]) => producer.track?.readyState === 'live')
      .map(([source, producer]) => ({ source, track: producer.track!, paused: producer.paused }));
    this.#producers.clear();
    this.#release(false);
    for (const view of this.#roster.views) {
      if (view.isSelf) continue;
      this.#roster.remove(view.id);
      this.safeEmit('participantleft', view);
    }
    this.#setActiveSpeaker(undefined);
    this.#setState('reconnecting');
    let lastError: unknown;
    for (const delay of RECONNECT_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (this.#closed) break;
      try {
        await this.#enter();
        if (this.#closed) break;
        this.#setState('joined');
        this.#watchExpiry();
        for (const view of this.#roster.views) if (!view.isSelf) this.safeEmit('participantjoined', view);
        for (const { source, track, paused } of kept) {
          await this.#publish(source, track, paused).catch((error: unknown) => this.safeEmit('error', error as Error));
        }
        return;
      } catch (error) {
        lastError = error;
        this.#release(false);
        if (isFinalJoinError(error)) break;
      }
    }
    for (const { track } of kept) track.stop();
    if (this.#closed) return;
    this.#release();
    this.#setState('failed');
    this.safeEmit(
      'error',
      isFinalJoinError(lastError)
        ? lastError
        : new ConnectionError('closed', 'the connection to the meeting was lost and could not be restored', { cause: lastError }),
    );
  }

  async setMicMuted(muted: boolean): Promise<void> {
    const producer = this.#producers.get('mic');
    if (producer === undefined) {
      if (!muted) await this.#publish('mic', await this.#open('mic'));
      return;
    }
    if (producer.paused === muted) return;
    const signaling = this.#requireJoined();
    if (muted) producer.pause();
    else producer.resume();
    await signaling.request(muted ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id });
    this.#updateSelf('mic', producer);
  }

  async setCameraOff(off: boolean): Promise<void> {
    this.#requireJoined();
    if (off) {
      // Closing, not pausing: the camera light goes off.
      await this.#unpublish('camera');
    } else if (!this.#producers.has('camera')) {
      await this.#publish('camera', await this.#open('camera'));
    }
  }

  async startScreenShare(): Promise<void> {
    this.#requireJoined();
    if (this.#producers.has('screen')) return;
    let stream: MediaStream;
    try {
      stream = await openScreen();
    } catch (error) {
      this.#reportIssue(error as MediaAccessError);
      throw error;
    }
    const [video] = stream.getVideoTracks();
    const [audio] = stream.getAudioTracks();
    try {
      if (video === undefined) throw new MediaAccessError('screen', 'failed', 'the shared screen has no video');
      await this.#publish('screen', video);
      if (audio !== undefined) await this.#publish('screen-audio', audio);
      // The browser's own "Stop sharing" button ends the track.
      video.addEventListener('ended', () => void this.stopScreenShare().catch(() => undefined), { once: true });
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      await this.#unpublish('screen').catch(() => undefined);
      throw error;
    }
  }

  async stopScreenShare(): Promise<void> {
    await this.#unpublish('screen-audio');
    await this.#unpublish('screen');
  }

  async switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    this.#requireJoined();
    const source = kind === 'audioinput' ? 'mic' : 'camera';
    const producer = this.#producers.get(source);
    if (producer === undefined) {
      if (source === 'camera') return; // Camera off: the choice applies when it is turned on.
      await this.#publish(source, await this.#open(source, deviceId));
      return;
    }
    const track = await this.#open(source, deviceId);
    const old = producer.track;
    await producer.replaceTrack({ track });
    old?.stop();
    this.#updateSelf(source, producer);
  }

  setVideoVisibility(participantId: string, source: 'camera' | 'screen', visible: boolean, height = 360): void {
    const remote = [...this.#remote.values()].find(
      (track) => track.participantId === participantId && track.source === source,
    );
    const signaling = this.#signaling;
    if (remote === undefined || signaling === undefined || signaling.closed) return;
    const consumerId = remote.consumer.id;
    const wanted: Visibility = { visible, layer: spatialLayerFor(height) };
    const current = this.#visibility.get(consumerId) ?? { visible: true, layer: 2 };
    this.#visibility.set(consumerId, wanted);
    const ignore = () => undefined;
    if (wanted.visible !== current.visible) {
      signaling.request(visible ? 'resumeConsumer' : 'pauseConsumer', { consumerId }).catch(ignore);
    }
    if (visible && wanted.layer !== current.layer && remote.consumer.rtpParameters.encodings?.length) {
      signaling.request('setConsumerPreferredLayers', { consumerId, spatialLayer: wanted.layer }).catch(ignore);
    }
  }

  async getInboundStats(): Promise<InboundTrackStats[]> {
    const results: InboundTrackStats[] = [];
    for (const { consumer, participantId, source } of this.#remote.values()) {
      const report = await consumer.getStats();
      report.forEach((stat: { type: string; bytesReceived?: number; packetsReceived?: number; framesDecoded?: number }) => {
        if (stat.type !== 'inbound-rtp') return;
        results.push({
          participantId,
          source,
          kind: consumer.kind,
          bytesReceived: stat.bytesReceived ?? 0,
          packetsReceived: stat.packetsReceived ?? 0,
          ...(consumer.kind === 'video' ? { framesDecoded: stat.framesDecoded ?? 0 } : {}),
        });
      });
    }
    return results;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#release();
    if (this.#state !== 'failed') this.#setState('left');
  }

  /** Closes socket and transports; `stopTracks: false` keeps local tracks for a reconnect. */
  #release(stopTracks = true): void {
    // Our own close() of the socket is not a lost connection.
    this.#stopWatchingSocket?.();
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    if (stopTracks) for (const producer of this.#producers.values()) producer.track?.stop();
    this.#producers.clear();
    this.#visibility.clear();
    this.#sfu?.close();
    this.#signaling?.close();
    this.#remote.clear();
    this.chat.detach();
    // A reconnect keeps the polls, so rejoining reports only what changed meanwhile.
    if (stopTracks) this.polls.detach();
    else this.polls.suspend();
  }

  #requireJoined(): SignalingClient {
    if (this.#state !== 'joined' || this.#signaling === undefined) {
      throw new InvalidStateError(`not in a meeting (state "${this.#state}")`);
    }
    return this.#signaling;
  }

  async #publishInitial(source: 'mic' | 'camera', wanted: boolean | MediaStreamTrack): Promise<void> {
    if (wanted === false) return;
    try {
      const track = wanted === true ? await this.#open(source) : wanted;
      if (this.#closed) return track.stop();
      await this.#publish(source, track);
    } catch (error) {
      if (!(error instanceof MediaAccessError)) this.safeEmit('error', error as Error);
    }
  }

  /** Opens a device; a failure is recorded as a media issue and rethrown. */
  async #open(source: 'mic' | 'camera', deviceId?: string): Promise<MediaStreamTrack> {
    try {
      return source === 'mic' ? await openMicrophone(deviceId) : await openCamera(deviceId);
    } catch (error) {
      this.#reportIssue(error as MediaAccessError);
      throw error;
    }
  }

  #reportIssue(issue: MediaAccessError): void {
    this.#mediaIssues.push(issue);
    this.safeEmit('mediaissue', issue);
  }

  async #publish(source: TrackSource, track: MediaStreamTrack, paused = false): Promise<void> {
    this.#requireJoined();
    const kind = track.kind as 'audio' | 'video';
    if (this.#sfu === undefined || !this.#sfu.canSend(kind)) {
      track.stop();
      this.#reportIssue(new MediaAccessError(kind, 'unsupported', `this browser cannot send ${kind} to the meeting`));
      return;
    }
    const producer = await this.#sfu.produce(track, source, paused).catch((error: unknown) => {
      track.stop();
      throw error;
    });
    this.#producers.set(source, producer);
    this.#updateSelf(source, producer);
  }

  async #unpublish(source: TrackSource): Promise<void> {
    const producer = this.#producers.get(source);
    if (producer === undefined) return;
    this.#producers.delete(source);
    producer.close();
    producer.track?.stop();
    this.#changed(this.#roster.removeTrack(this.#selfId!, source));
    await this.#signaling?.request('closeProducer', { producerId: producer.id }).catch(() => undefined);
  }

  #updateSelf(source: TrackSource, producer: types.Producer): void {
    if (this.#selfId === undefined) return;
    this.#changed(this.#roster.setTrack(this.#selfId, source, producer.paused, producer.track ?? undefined));
  }

  #changed(view: ParticipantView | undefined): void {
    if (view !== undefined) this.safeEmit('participantupdated', view);
  }

  #onNotification(name: string, data: unknown): void {
    let notification;
    try {
      notification = parseNotification(name, data);
    } catch (error) {
      this.onListenerError('notification', error);
      return;
    }
    if (notification === undefined) return;
    switch (notification.name) {
      case 'participantJoined':
        this.chat.handleParticipantJoined(notification.data.participant);
        this.safeEmit('participantjoined', this.#roster.add(notification.data.participant as RosterEntry));
        break;
      case 'participantLeft': {
        this.chat.handleParticipantLeft(notification.data.participantId);
        const view = this.#roster.remove(notification.data.participantId);
        for (const [id, remote] of this.#remote) {
          if (remote.participantId !== notification.data.participantId) continue;
          this.#remote.delete(id);
          remote.consumer.close();
          if (view !== undefined) this.safeEmit('trackremoved', view, remote.source);
        }
        if (this.#activeSpeakerId === notification.data.participantId) this.#setActiveSpeaker(undefined);
        if (view !== undefined) this.safeEmit('participantleft', view);
        break;
      }
      case 'newConsumer': {
        const offer = notification.data;
        this.#roster.setTrack(offer.participantId, offer.source, offer.producerPaused);
        this.#sfu
          ?.consume(offer)
          .then((remote) => {
            if (this.#closed || !this.#roster.has(remote.participantId)) return remote.consumer.close();
            this.#remote.set(remote.consumer.id, remote);
            const view = this.#roster.setTrack(remote.participantId, remote.source, offer.producerPaused, remote.consumer.track);
            if (view === undefined) return;
            this.safeEmit('trackadded', view, remote.source, remote.consumer.track);
            this.#changed(view);
          })
          .catch((error: unknown) => this.safeEmit('error', error as Error));
        break;
      }
      case 'consumerClosed': {
        const remote = this.#remote.get(notification.data.consumerId);
        if (remote === undefined) break;
        this.#remote.delete(notification.data.consumerId);
        this.#visibility.delete(notification.data.consumerId);
        remote.consumer.close();
        const view = this.#roster.removeTrack(remote.participantId, remote.source);
        if (view === undefined) break;
        this.safeEmit('trackremoved', view, remote.source);
        this.#changed(view);
        break;
      }
      case 'consumerPaused':
      case 'consumerResumed': {
        const remote = this.#remote.get(notification.data.consumerId);
        if (remote === undefined) break;
        const paused = notification.name === 'consumerPaused';
        this.#changed(this.#roster.setPaused(remote.participantId, remote.source, paused));
        break;
      }
      case 'activeSpeaker':
        this.#setActiveSpeaker(notification.data.participantId ?? undefined);
        break;
      case 'participantUpdated':
        this.chat.handleParticipantUpdated(notification.data.participant);
        this.#changed(this.#roster.update(notification.data.participant));
        break;
      case 'chat':
        this.chat.handleChat(notification.data);
        break;
      case 'pollUpdated':
        this.polls.handlePollUpdated(notification.data.poll);
        break;
      case 'pollDeleted':
        this.polls.handlePollDeleted(notification.data.pollId);
        break;
      case 'mutedByHost': {
        // The server already paused the producer; pause ours so both sides agree.
        const mic = this.#producers.get('mic');
        if (mic !== undefined && !mic.paused) {
          mic.pause();
          this.#updateSelf('mic', mic);
        }
        break;
      }
      case 'reaction':
        this.safeEmit('reaction', notification.data.participantId, notification.data.reaction);
        break;
      case 'meetingLocked':
        this.#locked = notification.data.locked;
        this.safeEmit('lockchange', this.#locked);
        break;
      case 'sessionEnded':
        this.#endReason = notification.data.reason;
        break;
    }
  }

  /** Fires `tokenexpiring` once the session is within a minute of `expiresAt` (at once if it already is). */
  #watchExpiry(): void {
    clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    const expiresAt = this.#expiresAt;
    if (expiresAt === undefined || this.#state !== 'joined') return;
    const wait = expiresAt - TOKEN_EXPIRY_WARNING_MS - Date.now();
    if (wait > MAX_TIMER_MS) {
      this.#expiryTimer = setTimeout(() => this.#watchExpiry(), MAX_TIMER_MS);
      return;
    }
    this.#expiryTimer = setTimeout(() => {
      this.#expiryTimer = undefined;
      if (this.#state === 'joined' && this.#expiresAt === expiresAt) this.safeEmit('tokenexpiring', expiresAt);
    }, Math.max(0, wait));
  }

  #setActiveSpeaker(id: string | undefined): void {
    if (id === this.#activeSpeakerId) return;
    this.#activeSpeakerId = id;
    this.safeEmit('activespeaker', id);
  }

  #onSocketClosed(code: number): void {
    // While connecting, the pending requests reject and join() or #reconnect() handle it.
    if (this.#closed || this.#state !== 'joined') return;
    if (isFinalCloseCode(code)) {
      // The server ended this participant's session on purpose: do not come back. The
      // `sessionEnded` notification before the close says why; some codes say it alone.
      this.#release();
      this.#endReason ??= END_REASON_OF_CLOSE[code];
      if (this.#endReason !== undefined) return this.#setState('left');
      this.#setState('failed');
      this.safeEmit('error', new ConnectionError('closed', `the server ended the session (code ${code})`));
      return;
    }
    void this.#reconnect();
  }

  #setState(state: MeetingState): void {
    if (state === this.#state) return;
    const previous = this.#state;
    this.#state = state;
    this.safeEmit('statechange', state, previous);
  }
}
