import type { Reaction } from '../protocol/index.js';
import type { ChatSession } from './chat/chat-session.js';
import { TypedEmitter, type EventMap } from './emitter.js';
import type { MediaAccessError } from './media/media-errors.js';
import { MeetingManagers, type MeetingClientOptions } from './meeting-managers.js';
import type {
  InboundTrackStats,
  JoinOptions,
  MeetingClientApi,
  MeetingClientEvents,
  MeetingState,
  ParticipantView,
  SessionEndReason,
} from './meeting-types.js';
import type { PollsSession } from './polls/polls-session.js';
import type { RecordingSession } from './recording/recording-session.js';

export { signalingUrl } from './connection/transport.js';
export { fetchRecordingNotice } from './recording/recording-notice.js';
export type { MeetingClientOptions } from './meeting-managers.js';

/**
 * The headless meeting client: joins a meeting through the server, publishes microphone and
 * camera, receives everyone else, and keeps a roster the UI renders. Framework-free; the
 * `<we-meeting>` element is a view over it.
 *
 * A small facade: each job is a manager's (see `meeting-managers.ts`) — the connection, the
 * roster, local and remote media, host controls, chat and polls. The client answers from
 * them, hands calls to them, and re-emits their events as its own.
 */
export class MeetingClient extends TypedEmitter<MeetingClientEvents> implements MeetingClientApi {
  readonly #m: MeetingManagers;
  /** End-to-end encrypted chat; attached anew on every join, since each join is a new participant. */
  readonly chat: ChatSession;
  readonly polls: PollsSession;
  /** The meeting's recording: its state, the host's start and stop, and this participant's consent. */
  readonly recording: RecordingSession;

  /** Every dependency can be replaced (see {@link MeetingClientOptions}); tests pass fakes. */
  constructor(options: MeetingClientOptions = {}) {
    super();
    const m = new MeetingManagers(options, (error) => this.safeEmit('error', error));
    this.#m = m;
    this.chat = m.chat;
    this.polls = m.polls;
    this.recording = m.recording;
    m.connection.onListenerError = (event, error) => this.onListenerError(event, error);
    this.#forward(m.connection, ['statechange', 'tokenexpiring', 'error']);
    this.#forward(m.roster, ['participantjoined', 'participantleft', 'participantupdated', 'trackadded', 'trackremoved']);
    this.#forward(m.remote, ['activespeaker', 'error']);
    this.#forward(m.local, ['mediaissue', 'error']);
    this.#forward(m.host, ['lockchange', 'reaction']);
  }

  get state(): MeetingState {
    return this.#m.connection.state;
  }

  get self(): ParticipantView | undefined {
    return this.#m.roster.self;
  }

  get meeting(): string | undefined {
    return this.#m.connection.welcome?.meeting;
  }

  get topic(): string | undefined {
    return this.#m.connection.welcome?.topic ?? undefined;
  }

  get participants(): readonly ParticipantView[] {
    return this.#m.roster.views;
  }

  get activeSpeakerId(): string | undefined {
    return this.#m.remote.activeSpeakerId;
  }

  get screenSharerId(): string | undefined {
    return this.#m.roster.screenSharerId;
  }

  get mediaIssues(): readonly MediaAccessError[] {
    return this.#m.local.mediaIssues;
  }

  get closed(): boolean {
    return this.#m.connection.closed;
  }

  get locked(): boolean {
    return this.#m.host.locked;
  }

  get endReason(): SessionEndReason | undefined {
    return this.#m.connection.endReason;
  }

  get expiresAt(): number | undefined {
    return this.#m.connection.expiresAt;
  }

  /**
   * Connects, joins, then publishes microphone and camera. Resolves once joined; a device
   * that cannot be opened is reported through `mediaissue` and `mediaIssues` instead of
   * failing the join. Rejects (state `failed`) with RequestError or ConnectionError.
   */
  async join(options: JoinOptions): Promise<void> {
    this.#m.recording.agreeBeforeJoin(options.recordingConsent);
    await this.#m.connection.join({ server: options.server, meeting: options.meeting, token: options.token });
    if (this.state === 'joined') await this.#m.local.publishInitial(options.audio ?? true, options.video ?? true);
  }

  renewToken(token: string): Promise<void> {
    return this.#m.connection.renewToken(token);
  }

  setMicMuted(muted: boolean): Promise<void> {
    return this.#m.local.setMicMuted(muted);
  }

  setCameraOff(off: boolean): Promise<void> {
    return this.#m.local.setCameraOff(off);
  }

  startScreenShare(): Promise<void> {
    return this.#m.local.startScreenShare();
  }

  stopScreenShare(): Promise<void> {
    return this.#m.local.stopScreenShare();
  }

  switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    return this.#m.local.switchDevice(kind, deviceId);
  }

  setVideoVisibility(participantId: string, source: 'camera' | 'screen', visible: boolean, height?: number): void {
    this.#m.remote.setVideoVisibility(participantId, source, visible, height);
  }

  getInboundStats(): Promise<InboundTrackStats[]> {
    return this.#m.remote.getInboundStats();
  }

  setHandRaised(raised: boolean): Promise<void> {
    return this.#m.host.setHandRaised(raised);
  }

  react(reaction: Reaction): Promise<void> {
    return this.#m.host.react(reaction);
  }

  muteParticipant(participantId: string): Promise<void> {
    return this.#m.host.muteParticipant(participantId);
  }

  muteAll(): Promise<void> {
    return this.#m.host.muteAll();
  }

  removeParticipant(participantId: string): Promise<void> {
    return this.#m.host.removeParticipant(participantId);
  }

  makeHost(participantId: string): Promise<void> {
    return this.#m.host.makeHost(participantId);
  }

  setLocked(locked: boolean): Promise<void> {
    return this.#m.host.setLocked(locked);
  }

  endForAll(): Promise<void> {
    return this.#m.host.endForAll();
  }

  /** Leaves and releases every track and transport; idempotent. */
  close(): void {
    this.#m.connection.close();
  }

  /** Re-emits a manager's `events` as this client's events of the same names. */
  #forward<E extends EventMap>(source: TypedEmitter<E>, events: readonly (keyof E & keyof MeetingClientEvents & string)[]): void {
    const emit = this.safeEmit.bind(this) as (event: string, ...args: unknown[]) => void;
    for (const event of events) source.on(event, ((...args: unknown[]) => emit(event, ...args)) as never);
  }
}
