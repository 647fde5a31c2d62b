import type { RecordingNotice } from '../src/protocol/recording-notice.js';
import { TypedEmitter } from '../src/core/emitter.js';
import type {
  InboundTrackStats,
  JoinOptions,
  MeetingClientApi,
  MeetingClientEvents,
  MeetingState,
  ParticipantView,
  SessionEndReason,
  TrackSource,
} from '../src/core/meeting-types.js';
import type { Reaction } from '../src/protocol/index.js';
import { MediaAccessError } from '../src/core/media/media-errors.js';
import { FakeChat, type FakeChatOptions } from './fake-chat.js';
import { FakePolls, type FakePollsOptions } from './fake-polls.js';
import { FakeRecording, type FakeRecordingOptions } from './fake-recording.js';

/** How to describe a participant of a {@link FakeMeetingClient}. */
export interface FakeParticipantInit {
  id?: string;
  displayName: string;
  role?: 'host' | 'participant';
  avatarUrl?: string;
  /** Give this participant a (painted canvas) camera track. Default true. */
  camera?: boolean;
  /** Give this participant a (silent) microphone track. Default false. */
  mic?: boolean;
  /** Give this participant a (painted canvas) screen track. */
  screen?: boolean;
  /** Default: no mic track. */
  audioMuted?: boolean;
  /** Default: no camera track. */
  videoOff?: boolean;
  /** Default false. */
  handRaised?: boolean;
}

/** Everything a {@link FakeMeetingClient} starts with. */
export interface FakeClientOptions {
  state?: MeetingState;
  meeting?: string;
  /** The local participant (joined clients); defaults to "You" when joining. */
  self?: FakeParticipantInit;
  /** The others. */
  participants?: FakeParticipantInit[];
  activeSpeakerId?: string;
  screenSharerId?: string;
  mediaIssues?: MediaAccessError[];
  /** join() fails with this error (after moving to `failed`). */
  joinError?: Error;
  /** join() stays `connecting` until resolveJoin() is called. */
  holdJoin?: boolean;
  /** startScreenShare() rejects with this error. */
  screenShareError?: Error;
  /** switchDevice() rejects with this error. */
  switchDeviceError?: Error;
  /** A host locked the meeting. */
  locked?: boolean;
  /** Why the server ended the session (clients that start `left`). */
  endReason?: SessionEndReason;
  /** When the session ends unless its token is renewed (ms since the epoch). */
  expiresAt?: number;
  /** renewToken() rejects with this error. */
  renewTokenError?: Error;
  /** The host controls (mute, remove, make host, mute all, lock, end) reject with this error. */
  hostActionError?: Error;
  /** The meeting's chat: timeline, readiness, security code, a send error. */
  chat?: FakeChatOptions;
  /** The meeting's polls (the role defaults to the local participant's). */
  polls?: FakePollsOptions;
  /** The meeting's recording (only hosts start and stop it; everyone else must agree). */
  recording?: FakeRecordingOptions;
}

/** A call made on the fake, for assertions. */
export interface FakeCall {
  method: string;
  args: unknown[];
}

const COLOURS = ['#2563eb', '#7c3aed', '#db2777', '#059669', '#d97706', '#0891b2', '#4f46e5', '#be123c', '#65a30d'];
let colourIndex = 0;
let audioContext: AudioContext | undefined;

/** A video track showing a coloured canvas with `label` on it. */
export function canvasTrack(label: string, width = 640, height = 360): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const stream = canvas.captureStream(1);
  const context = canvas.getContext('2d')!;
  context.fillStyle = COLOURS[colourIndex++ % COLOURS.length]!;
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#fff';
  context.font = `${Math.round(height / 8)}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  context.fillText(label, width / 2, height / 2);
  return stream.getVideoTracks()[0]!;
}

/** A silent audio track. */
export function silentTrack(): MediaStreamTrack {
  audioContext ??= new AudioContext();
  return audioContext.createMediaStreamDestination().stream.getAudioTracks()[0]!;
}

/**
 * A {@link MeetingClientApi} without a server, for stories and element tests: state and
 * participants are set directly, every method call is recorded in `calls`, and helpers emit
 * the events a real client would.
 */
export class FakeMeetingClient extends TypedEmitter<MeetingClientEvents> implements MeetingClientApi {
  state: MeetingState;
  meeting: string | undefined;
  topic: string | undefined = undefined;
  participants: ParticipantView[] = [];
  activeSpeakerId: string | undefined;
  screenSharerId: string | undefined;
  mediaIssues: MediaAccessError[];
  closed = false;
  locked: boolean;
  endReason: SessionEndReason | undefined;
  expiresAt: number | undefined;
  /** What a successful renewToken() sets `expiresAt` to (default: an hour from then). */
  renewedExpiresAt: () => number | undefined = () => Date.now() + 3_600_000;
  renewTokenError: Error | undefined;
  hostActionError: Error | undefined;
  readonly calls: FakeCall[] = [];
  readonly chat: FakeChat;
  readonly polls: FakePolls;
  readonly recording: FakeRecording;
  joinError: Error | undefined;
  screenShareError: Error | undefined;
  switchDeviceError: Error | undefined;
  /** Every track the fake made, so close() can stop them and tests can check. */
  readonly tracks: MediaStreamTrack[] = [];
  readonly #selfInit: FakeParticipantInit | undefined;
  readonly #holdJoin: boolean;
  #resolveJoin: (() => void) | undefined;
  #nextId = 1;

  constructor(options: FakeClientOptions = {}) {
    super();
    installFakeServer();
    this.state = options.state ?? 'idle';
    this.meeting = options.meeting ?? (this.state === 'idle' ? undefined : '123456789');
    this.activeSpeakerId = options.activeSpeakerId;
    this.screenSharerId = options.screenSharerId;
    this.mediaIssues = [...(options.mediaIssues ?? [])];
    this.joinError = options.joinError;
    this.screenShareError = options.screenShareError;
    this.switchDeviceError = options.switchDeviceError;
    this.locked = options.locked ?? false;
    this.endReason = options.endReason;
    this.expiresAt = options.expiresAt;
    this.renewTokenError = options.renewTokenError;
    this.hostActionError = options.hostActionError;
    this.chat = new FakeChat(options.chat, this);
    this.polls = new FakePolls({ role: () => this.self?.role ?? 'participant', ...options.polls });
    this.recording = new FakeRecording(options.recording, () => this.self);
    this.#holdJoin = options.holdJoin ?? false;
    this.#selfInit = options.self;
    if (this.state !== 'idle' && this.state !== 'connecting') {
      this.participants.push(this.#make(options.self ?? { displayName: 'You' }, true));
    }
    for (const init of options.participants ?? []) this.participants.push(this.#make(init, false));
  }

  get self(): ParticipantView | undefined {
    return this.participants.find((participant) => participant.isSelf);
  }


  /** The calls of one method. */
  callsOf(method: string): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }


  emit<E extends keyof MeetingClientEvents>(event: E, ...args: MeetingClientEvents[E]): void {
    this.safeEmit(event, ...args);
  }

  async join(options: JoinOptions): Promise<void> {
    this.calls.push({ method: 'join', args: [options] });
    this.setState('connecting');
    if (this.#holdJoin) await new Promise<void>((resolve) => (this.#resolveJoin = resolve));
    if (this.closed) return;
    if (this.joinError !== undefined) {
      for (const track of [options.audio, options.video]) if (typeof track === 'object') track.stop();
      this.setState('failed');
      this.emit('error', this.joinError);
      throw this.joinError;
    }
    this.meeting = options.meeting;
    const init = this.#selfInit ?? { displayName: 'You' };
    const self = this.#make({ ...init, camera: false, mic: false }, true);
    const tracks: Partial<Record<TrackSource, MediaStreamTrack>> = {};
    if (typeof options.video === 'object') tracks.camera = this.#own(options.video);
    else if (options.video !== false && init.camera !== false) tracks.camera = this.#own(canvasTrack(init.displayName));
    if (typeof options.audio === 'object') tracks.mic = this.#own(options.audio);
    this.participants.unshift({ ...self, tracks, audioMuted: tracks.mic === undefined, videoOff: tracks.camera === undefined });
    this.setState('joined');
  }

  /** Lets a join started with `holdJoin` go on. */
  resolveJoin(): void {
    this.#resolveJoin?.();
  }

  async setMicMuted(muted: boolean): Promise<void> {
    this.calls.push({ method: 'setMicMuted', args: [muted] });
    this.#updateSelf({ audioMuted: muted });
  }

  async setCameraOff(off: boolean): Promise<void> {
    this.calls.push({ method: 'setCameraOff', args: [off] });
    this.#updateSelf({ videoOff: off });
  }

  async startScreenShare(): Promise<void> {
    this.calls.push({ method: 'startScreenShare', args: [] });
    if (this.screenShareError !== undefined) throw this.screenShareError;
    const self = this.self;
    if (self === undefined) return;
    this.screenSharerId = self.id;
    this.#updateSelf({ tracks: { ...self.tracks, screen: this.#own(canvasTrack('Shared screen', 1280, 720)) } });
  }

  async stopScreenShare(): Promise<void> {
    this.calls.push({ method: 'stopScreenShare', args: [] });
    const self = this.self;
    if (self?.tracks.screen === undefined) return;
    self.tracks.screen.stop();
    const { screen: _screen, ...tracks } = self.tracks;
    if (this.screenSharerId === self.id) this.screenSharerId = undefined;
    this.#updateSelf({ tracks });
  }

  async switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    this.calls.push({ method: 'switchDevice', args: [kind, deviceId] });
    if (this.switchDeviceError !== undefined) throw this.switchDeviceError;
  }

  setVideoVisibility(participantId: string, source: 'camera' | 'screen', visible: boolean, height?: number): void {
    this.calls.push({ method: 'setVideoVisibility', args: [participantId, source, visible, height] });
  }

  async setHandRaised(raised: boolean): Promise<void> {
    this.calls.push({ method: 'setHandRaised', args: [raised] });
    this.#updateSelf({ handRaised: raised });
  }

  async react(reaction: Reaction): Promise<void> {
    this.calls.push({ method: 'react', args: [reaction] });
    // The server sends a reaction back to its sender too.
    if (this.self !== undefined) this.emit('reaction', this.self.id, reaction);
  }

  async muteParticipant(participantId: string): Promise<void> {
    this.#hostAction('muteParticipant', participantId);
    this.updateParticipant(participantId, { audioMuted: true });
  }

  async muteAll(): Promise<void> {
    this.#hostAction('muteAll');
    for (const participant of this.participants) {
      if (!participant.isSelf && !participant.audioMuted) this.updateParticipant(participant.id, { audioMuted: true });
    }
  }

  async removeParticipant(participantId: string): Promise<void> {
    this.#hostAction('removeParticipant', participantId);
    this.participantLeaves(participantId);
  }

  async makeHost(participantId: string): Promise<void> {
    this.#hostAction('makeHost', participantId);
    this.updateParticipant(participantId, { role: 'host' });
  }

  async setLocked(locked: boolean): Promise<void> {
    this.#hostAction('setLocked', locked);
    this.setLockedByHost(locked);
  }

  async endForAll(): Promise<void> {
    this.#hostAction('endForAll');
    this.endSession('meeting_ended');
  }

  async renewToken(token: string): Promise<void> {
    this.calls.push({ method: 'renewToken', args: [token] });
    if (this.renewTokenError !== undefined) throw this.renewTokenError;
    this.expiresAt = this.renewedExpiresAt();
  }

  async getInboundStats(): Promise<InboundTrackStats[]> {
    this.calls.push({ method: 'getInboundStats', args: [] });
    return [];
  }

  close(): void {
    this.calls.push({ method: 'close', args: [] });
    if (this.closed) return;
    this.closed = true;
    for (const track of this.tracks) track.stop();
    // As the core's: the join ended, so no recording is known until the next one.
    this.recording.setPhase('off');
    if (this.state !== 'failed') this.setState('left');
  }

  // Helpers that play the server's part.

  /** Moves to `state`, emitting `statechange`. */
  setState(state: MeetingState): void {
    if (state === this.state) return;
    const previous = this.state;
    this.state = state;
    this.emit('statechange', state, previous);
  }

  /** Someone joins; returns their view. */
  addParticipant(init: FakeParticipantInit): ParticipantView {
    const participant = this.#make(init, false);
    this.participants.push(participant);
    this.emit('participantjoined', participant);
    return participant;
  }

  /** Someone leaves (or was removed). */
  participantLeaves(id: string): void {
    const participant = this.participants.find((p) => p.id === id);
    if (participant === undefined) return;
    this.participants = this.participants.filter((p) => p !== participant);
    if (this.screenSharerId === id) this.screenSharerId = undefined;
    if (this.activeSpeakerId === id) this.activeSpeakerId = undefined;
    this.emit('participantleft', participant);
  }

  /** Replaces a participant's view with `patch` applied. */
  updateParticipant(id: string, patch: Partial<Omit<ParticipantView, 'id' | 'isSelf'>>): ParticipantView {
    const index = this.participants.findIndex((p) => p.id === id);
    if (index < 0) throw new RangeError(`no participant "${id}"`);
    const participant = { ...this.participants[index]!, ...patch };
    this.participants[index] = participant;
    this.emit('participantupdated', participant);
    return participant;
  }

  /** Someone starts sharing a screen. */
  shareScreen(id: string): void {
    const participant = this.participants.find((p) => p.id === id);
    if (participant === undefined) throw new RangeError(`no participant "${id}"`);
    this.screenSharerId = id;
    const screen = this.#own(canvasTrack(`${participant.displayName}’s screen`, 1280, 720));
    this.updateParticipant(id, { tracks: { ...participant.tracks, screen } });
  }

  /** The loudest participant changes. */
  setActiveSpeaker(id: string | undefined): void {
    this.activeSpeakerId = id;
    this.emit('activespeaker', id);
  }

  /** Someone (self included) sends a reaction. */
  sendReaction(participantId: string, reaction: Reaction): void {
    this.emit('reaction', participantId, reaction);
  }

  /** A host locks or unlocks the meeting. */
  setLockedByHost(locked: boolean): void {
    if (locked === this.locked) return;
    this.locked = locked;
    this.emit('lockchange', locked);
  }

  /** The session comes within a minute of its end: `tokenexpiring` with `expiresAt` (default: a minute from now). */
  tokenExpiring(expiresAt = Date.now() + 60_000): void {
    this.expiresAt = expiresAt;
    this.emit('tokenexpiring', expiresAt);
  }

  /**
   * The server ends this session: a host removed this participant or ended the meeting, the
   * same user joined elsewhere, or the token expired.
   */
  endSession(reason: SessionEndReason): void {
    this.endReason = reason;
    for (const track of this.tracks) track.stop();
    this.recording.setPhase('off');
    this.setState('left');
  }

  /** A local device fails. */
  addMediaIssue(issue: MediaAccessError): void {
    this.mediaIssues.push(issue);
    this.emit('mediaissue', issue);
  }

  #make(init: FakeParticipantInit, isSelf: boolean): ParticipantView {
    const id = init.id ?? (isSelf ? 'self' : `p${this.#nextId++}`);
    const tracks: Partial<Record<TrackSource, MediaStreamTrack>> = {};
    if (init.camera !== false) tracks.camera = this.#own(canvasTrack(init.displayName));
    if (init.mic === true) tracks.mic = this.#own(silentTrack());
    if (init.screen === true) tracks.screen = this.#own(canvasTrack(`${init.displayName}’s screen`, 1280, 720));
    return {
      id,
      displayName: init.displayName,
      role: init.role ?? 'participant',
      ...(init.avatarUrl === undefined ? {} : { avatarUrl: init.avatarUrl }),
      isSelf,
      tracks,
      audioMuted: init.audioMuted ?? tracks.mic === undefined,
      videoOff: init.videoOff ?? tracks.camera === undefined,
      handRaised: init.handRaised ?? false,
    };
  }

  /** Records a host control's call; throws `hostActionError` if one was set. */
  #hostAction(method: string, ...args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.hostActionError !== undefined) throw this.hostActionError;
  }

  #own(track: MediaStreamTrack): MediaStreamTrack {
    this.tracks.push(track);
    return track;
  }

  #updateSelf(patch: Partial<Omit<ParticipantView, 'id' | 'isSelf'>>): void {
    const self = this.self;
    if (self !== undefined) this.updateParticipant(self.id, patch);
  }
}

/** A camera permission refusal as the core reports it. */
export function cameraDenied(): MediaAccessError {
  return new MediaAccessError('video', 'denied', 'permission to use the camera was denied');
}

/** A microphone permission refusal as the core reports it. */
export function microphoneDenied(): MediaAccessError {
  return new MediaAccessError('audio', 'denied', 'permission to use the microphone was denied');
}

/** What a fake server answers at `/api/client-config` (see {@link serveClientConfig}). */
export interface FakeClientConfig {
  policy: { version: string; url: string } | null;
  ageGate: boolean;
}

/** What the fake server answers, by URL. */
const served = new Map<string, unknown>();
let fakeFetch: typeof fetch | undefined;

/**
 * Puts a fake server in front of `fetch` (again, if something was put in front of it since): it
 * answers what {@link serveJson} was given, and the pre-join recording check with "not
 * recorded" (a page with a fake client has no server to ask); everything else goes on to the
 * `fetch` it found.
 */
function installFakeServer(): void {
  if (typeof globalThis.fetch !== 'function' || globalThis.fetch === fakeFetch) return;
  const original = globalThis.fetch.bind(globalThis);
  fakeFetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const requested = input instanceof Request ? input.url : String(input);
    if (served.has(requested)) return Promise.resolve(Response.json(served.get(requested)));
    if (/\/api\/meetings\/\d{9}\/recording-notice$/u.test(new URL(requested, location.href).pathname)) {
      return Promise.resolve(Response.json({ recording: null }));
    }
    return original(input, init);
  };
  globalThis.fetch = fakeFetch;
}

/** Makes `fetch` answer `url` with `body` (JSON). */
function serveJson(url: string, body: unknown): void {
  served.set(url, body);
  installFakeServer();
}

/**
 * Makes `fetch` answer `${server}/api/client-config` with `config`, as a server would, for
 * stories whose `<we-meeting server=…>` names a server that does not exist.
 */
export function serveClientConfig(server: string, config: FakeClientConfig): void {
  serveJson(`${server.replace(/\/+$/u, '')}/api/client-config`, config);
}

/**
 * Makes `fetch` answer the pre-join check of `meeting` on `server` with `recording` (the
 * recording under way, or null), as a server would.
 */
export function serveRecordingNotice(server: string, meeting: string, recording: RecordingNotice['recording']): void {
  serveJson(`${server.replace(/\/+$/u, '')}/api/meetings/${meeting}/recording-notice`, { recording });
}

