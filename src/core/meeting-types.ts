import type { Participant, Reaction, SessionEndReason } from '../protocol/index.js';
import type { ChatApi } from './chat/chat-types.js';
import type { MediaAccessError } from './media/media-errors.js';
import type { PollsApi } from './polls/poll-types.js';
import type { RecordingApi } from './recording/recording-types.js';

/** A participant's identity, and a reaction: the protocol's, as the elements see them. */
export type { Participant, Reaction };

/** Lifecycle of a meeting client. */
export type MeetingState = 'idle' | 'connecting' | 'joined' | 'reconnecting' | 'left' | 'failed';

/** What a track carries. `screen-audio` is the audio of a shared tab or screen. */
export type TrackSource = 'mic' | 'camera' | 'screen' | 'screen-audio';

/** A participant as the UI shows it: identity, tracks and mute state. Replaced, never mutated. */
export interface ParticipantView extends Participant {
  /** Whether this is the local participant. */
  readonly isSelf: boolean;
  /** Live tracks by source (remote: consumed tracks; self: local tracks). */
  readonly tracks: Readonly<Partial<Record<TrackSource, MediaStreamTrack>>>;
  /** No microphone, or the microphone is muted. */
  readonly audioMuted: boolean;
  /** No camera, or the camera is off. */
  readonly videoOff: boolean;
  /** The participant raised their hand. */
  readonly handRaised: boolean;
}

/** Why the server ended this participant's session. */
export type { SessionEndReason };

/** Where and as whom to join, and with which local media. */
export interface JoinOptions {
  /** Server base URL (`https://…`, `http://…`) or signaling URL (`wss://…/ws`). */
  server: string;
  /** Nine-digit meeting id. */
  meeting: string;
  /** Host-signed JWT for this meeting. */
  token: string;
  /** Send audio (default true). A track given here is used instead of opening the microphone. */
  audio?: boolean | MediaStreamTrack;
  /** Send video (default true). A track given here is used instead of opening the camera. */
  video?: boolean | MediaStreamTrack;
  /**
   * The recording under way this participant agreed to before joining (its `recordingId`, as
   * `fetchRecordingNotice` gave it): they are recorded from the moment they enter instead of
   * being asked in the meeting.
   */
  recordingConsent?: string;
}

/** Receive statistics of one consumed track. */
export interface InboundTrackStats {
  participantId: string;
  source: TrackSource;
  kind: 'audio' | 'video';
  bytesReceived: number;
  packetsReceived: number;
  /** Video only. */
  framesDecoded?: number;
}

/** Events of a meeting client. */
export type MeetingClientEvents = {
  /** The state changed; `previous` is the state before. */
  statechange: [state: MeetingState, previous: MeetingState];
  /** A failure the UI should show. After a failed join the client is `failed`. */
  error: [error: Error];
  /** Someone else joined. */
  participantjoined: [participant: ParticipantView];
  /** Someone else left. */
  participantleft: [participant: ParticipantView];
  /** A participant's tracks or mute state changed (self included). */
  participantupdated: [participant: ParticipantView];
  /** A remote track started arriving. */
  trackadded: [participant: ParticipantView, source: TrackSource, track: MediaStreamTrack];
  /** A remote track ended (its sender stopped it or left). */
  trackremoved: [participant: ParticipantView, source: TrackSource];
  /** The loudest participant changed (`undefined`: silence). */
  activespeaker: [participantId: string | undefined];
  /** A local device could not be used; the meeting goes on without it. */
  mediaissue: [issue: MediaAccessError];
  /** Someone (self included) sent a reaction. */
  reaction: [participantId: string, reaction: Reaction];
  /** A host locked or unlocked the meeting. */
  lockchange: [locked: boolean];
  /**
   * The session ends within a minute (`expiresAt`, ms since the epoch) unless
   * `renewToken()` gives it a fresh token; fires once per end, also right after joining when
   * the token is that close to expiring.
   */
  tokenexpiring: [expiresAt: number];
};

/**
 * What the elements need of a meeting client. {@link MeetingClient} implements it against a
 * server; stories and tests implement it with fakes.
 */
export interface MeetingClientApi {
  readonly state: MeetingState;
  /** The local participant, once joined. */
  readonly self: ParticipantView | undefined;
  /** Nine-digit meeting id, once joined. */
  readonly meeting: string | undefined;
  /** The meeting's topic, once joined, when a host's token named one. */
  readonly topic: string | undefined;
  /** Everyone in the meeting, self first. */
  readonly participants: readonly ParticipantView[];
  /** Id of the participant speaking loudest, if any. */
  readonly activeSpeakerId: string | undefined;
  /** Id of the participant whose screen is shown prominently, if any. */
  readonly screenSharerId: string | undefined;
  /** Local devices that could not be used, newest last. */
  readonly mediaIssues: readonly MediaAccessError[];
  /** Whether close() was called. */
  readonly closed: boolean;
  /** Whether a host locked the meeting (no new participants). */
  readonly locked: boolean;
  /**
   * Set when the server ended the session: a host removed this participant or ended the
   * meeting, the same user joined elsewhere (`replaced`), or the token expired.
   */
  readonly endReason: SessionEndReason | undefined;
  /**
   * When the session ends unless its token is renewed (ms since the epoch, the server's
   * clock), once joined; `undefined` when it does not expire.
   */
  readonly expiresAt: number | undefined;
  /** The end-to-end encrypted chat of the current meeting (empty until joined). */
  readonly chat: ChatApi;
  /** The current meeting's polls (empty until joined). */
  readonly polls: PollsApi;
  /**
   * The meeting's recording and this participant's consent to it; absent from a client that
   * knows nothing of recording (the elements then show no recording controls).
   */
  readonly recording?: RecordingApi;
  on<E extends keyof MeetingClientEvents>(event: E, listener: (...args: MeetingClientEvents[E]) => void): () => void;
  join(options: JoinOptions): Promise<void>;
  /** Mutes or unmutes the microphone; others see the muted state. */
  setMicMuted(muted: boolean): Promise<void>;
  /** Turns the camera off or on. */
  setCameraOff(off: boolean): Promise<void>;
  /** Shares a screen chosen by the user. Rejects with MediaAccessError or RequestError. */
  startScreenShare(): Promise<void>;
  /** Stops sharing the screen. */
  stopScreenShare(): Promise<void>;
  /** Switches the microphone or camera while in the meeting. */
  switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void>;
  /**
   * Tells the client whether a remote video is on screen and how large, so hidden tiles
   * stop receiving and small ones receive a lower simulcast layer.
   */
  setVideoVisibility(participantId: string, source: 'camera' | 'screen', visible: boolean, height?: number): void;
  /** Raises or lowers this participant's hand. */
  setHandRaised(raised: boolean): Promise<void>;
  /** Sends a reaction everyone sees. */
  react(reaction: Reaction): Promise<void>;
  /** Host only: mutes a participant's microphone (only they can unmute it). */
  muteParticipant(participantId: string): Promise<void>;
  /** Host only: mutes everyone else's microphone. */
  muteAll(): Promise<void>;
  /** Host only: removes a participant from the meeting. */
  removeParticipant(participantId: string): Promise<void>;
  /** Host only: makes a participant a host too. */
  makeHost(participantId: string): Promise<void>;
  /** Host only: locks the meeting against new participants, or unlocks it. */
  setLocked(locked: boolean): Promise<void>;
  /** Host only: ends the meeting for everyone. */
  endForAll(): Promise<void>;
  /** Receive statistics of every consumed track. */
  getInboundStats(): Promise<InboundTrackStats[]>;
  /**
   * Hands the server a fresh token for the same user and meeting, without rejoining, and
   * takes the session's new `expiresAt`. While reconnecting, the next attempt joins with it.
   * Rejects with RequestError when the server refuses the token.
   */
  renewToken(token: string): Promise<void>;
  /** Leaves and releases every track and transport; idempotent. */
  close(): void;
}
