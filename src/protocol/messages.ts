import * as v from 'valibot';
import { ERROR_CODES } from './errors.js';
import { REACTIONS } from './constants.js';
import {
  MAX_CHAT_PAYLOAD_CHARS,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_POLL_OPTION_LENGTH,
  MAX_POLL_OPTIONS,
  MAX_POLL_QUESTION_LENGTH,
  MAX_TOKEN_LENGTH,
  MEETING_ID_PATTERN,
  MIN_POLL_OPTIONS,
} from './limits.js';
import { DtlsParametersSchema, RtpCapabilitiesSchema, RtpParametersSchema } from './rtp.js';

export { PROTOCOL_VERSION, REACTIONS } from './constants.js';
export * from './limits.js';

/** A meeting id: nine digits, stored and sent without grouping. */
export const MeetingIdSchema = v.pipe(
  v.string(),
  v.regex(MEETING_ID_PATTERN, 'meeting id must be exactly 9 digits'),
);

/** Participant role carried by the token. */
export const RoleSchema = v.picklist(['host', 'participant']);

/** A request id: a non-negative safe integer chosen by the client. */
export const RequestIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const EmptySchema = v.optional(v.strictObject({}), {});

/** The public identity of a participant, as other participants see it. */
export const ParticipantSchema = v.strictObject({
  id: v.string(),
  displayName: v.string(),
  avatarUrl: v.optional(v.string()),
  role: RoleSchema,
});

/** What a track carries. `screen-audio` is the audio of a shared tab or screen. */
export const TrackSourceSchema = v.picklist(['mic', 'camera', 'screen', 'screen-audio']);

/** An id the server handed out: a participant, poll, transport, producer or consumer. */
export const IdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_ID_LENGTH));
/** Opaque mediasoup parameter objects: shape-checked by mediasoup itself, size-bounded by the frame limit. */
const ParametersSchema = v.record(v.string(), v.unknown());

/** A participant's published track, as others learn of it. */
export const PublishedTrackSchema = v.strictObject({ source: TrackSourceSchema, paused: v.boolean() });

/** Unpadded base64url text of at most `max` characters. */
function base64url(max: number) {
  return v.pipe(v.string(), v.maxLength(max), v.regex(/^[A-Za-z0-9_-]*$/, 'expected unpadded base64url'));
}

/**
 * Public keys of a participant's end-to-end encryption session, made fresh for every join.
 * `signature` is the identity key's Ed25519 signature binding the agreement key to it; the
 * server relays these as they are and cannot read chat without swapping them, which the
 * security code exposes.
 */
export const E2eeKeysSchema = v.strictObject({
  /** Ed25519 public key, 32 bytes. */
  identityKey: v.pipe(base64url(43), v.length(43, 'identityKey must be 32 bytes')),
  /** X25519 public key, 32 bytes. */
  agreementKey: v.pipe(base64url(43), v.length(43, 'agreementKey must be 32 bytes')),
  /** Ed25519 signature, 64 bytes. */
  signature: v.pipe(base64url(86), v.length(86, 'signature must be 64 bytes')),
});

/** A participant in the roster: identity plus what they publish. */
export const RosterEntrySchema = v.strictObject({
  ...ParticipantSchema.entries,
  tracks: v.array(PublishedTrackSchema),
  handRaised: v.boolean(),
  /** End-to-end encryption keys; absent for a client that cannot chat. */
  keys: v.optional(E2eeKeysSchema),
});

/**
 * What an end-to-end encrypted chat frame carries. The server sees only this label, the
 * sender, the recipient and the size:
 * - `sender-key`: a member's group sender key, sealed for one recipient;
 * - `message`: a group message for everyone;
 * - `private`: a message sealed for one recipient.
 */
export const ChatKindSchema = v.picklist(['sender-key', 'message', 'private']);

/** Lifecycle of a poll: drafted, open for votes, or closed. */
export const PollStateSchema = v.picklist(['draft', 'open', 'closed']);

/** One voter's ballot in a named poll, as only hosts (and later the creator) see it. */
export const NamedBallotSchema = v.strictObject({
  displayName: v.string(),
  avatarUrl: v.optional(v.string()),
  /** Indexes into the poll's options. */
  choices: v.array(v.number()),
});

/**
 * A poll as one recipient is allowed to see it. Hosts always get `results`; participants get
 * them only while results are shared. `ballots` exists only for hosts of named polls; an
 * anonymous poll never carries anything that names a voter.
 */
export const PollSchema = v.strictObject({
  id: v.string(),
  question: v.string(),
  options: v.array(v.string()),
  /** Several options may be chosen. */
  multiple: v.boolean(),
  /** Nobody can see who chose what. Fixed at creation. */
  anonymous: v.boolean(),
  /** Participants see the results. */
  resultsShared: v.boolean(),
  state: PollStateSchema,
  /** Whether the recipient has voted. */
  voted: v.boolean(),
  results: v.nullable(
    v.strictObject({
      /** How many ballots were cast. */
      voters: v.number(),
      /** Votes per option, in option order. */
      counts: v.array(v.number()),
    }),
  ),
  ballots: v.optional(v.array(NamedBallotSchema)),
});

/**
 * Why the server ends a session: a host removed the participant or ended the meeting, the
 * same user joined again elsewhere, or the token expired without being renewed.
 */
export const SessionEndReasonSchema = v.picklist(['removed', 'meeting_ended', 'replaced', 'token_expired']);

/**
 * Where a meeting's recording is: `off`, `starting` (recorders being set up), `on`,
 * `stopping` (files being finalized), then `off` again.
 */
export const RecordingPhaseSchema = v.picklist(['off', 'starting', 'on', 'stopping']);

/**
 * A meeting's recording as one participant sees it: its phase, who started it and since when,
 * and when this participant agreed to be recorded in it (`null`: not yet, and then nothing of
 * theirs is recorded).
 */
export const RecordingStateSchema = v.strictObject({
  state: RecordingPhaseSchema,
  /** The recording under way (`null` while off). */
  recordingId: v.nullable(IdSchema),
  /** The host who started it. */
  startedBy: v.nullable(v.strictObject({ id: v.string(), displayName: v.string() })),
  /** When it started (ms since the epoch, the server's clock). */
  startedAt: v.nullable(v.number()),
  /** When this recipient agreed to be recorded in it; `null`: not (yet). */
  consentedAt: v.nullable(v.number()),
  /** Why it stopped when the host did not stop it: the server's disk was full. */
  stoppedBecause: v.optional(v.picklist(['disk_full'])),
});

/** A token as a request carries it. */
const TokenSchema = v.pipe(v.string(), v.maxLength(MAX_TOKEN_LENGTH));

/**
 * Every request method: the schema of its `data` and of the `data` of its success response.
 * The server validates requests against `request`; the TypeScript types of both sides are
 * derived from these schemas, so there is no second source of truth.
 */
export const methods = {
  /** First message on every connection: proves identity and enters the meeting. */
  hello: {
    request: v.strictObject({
      protocolVersion: v.pipe(v.number(), v.integer()),
      meeting: MeetingIdSchema,
      token: TokenSchema,
      /** This session's end-to-end encryption public keys, shown to the others in the roster. */
      keys: v.optional(E2eeKeysSchema),
      /**
       * The recording under way this participant agreed to before joining (on the pre-join
       * screen): their consent is taken as they enter. Ignored when that recording is not the
       * one under way, in which case they are asked in the meeting.
       */
      recordingConsent: v.optional(IdSchema),
    }),
    response: v.strictObject({
      protocolVersion: v.number(),
      serverVersion: v.string(),
      meeting: MeetingIdSchema,
      /** The meeting's topic, when a host's token named one. */
      topic: v.nullable(v.string()),
      self: ParticipantSchema,
      /** Everyone else already in the meeting. */
      participants: v.array(RosterEntrySchema),
      /** When the session ends unless `renewToken` gives a later token (ms since the epoch); `null`: never. */
      expiresAt: v.nullable(v.number()),
      /** The meeting's recording as this participant sees it; absent from servers that cannot record. */
      recording: v.optional(RecordingStateSchema),
    }),
  },
  /**
   * Replaces the session's token with a fresh one for the same user and meeting, without
   * rejoining; answers with the session's new end.
   */
  renewToken: {
    request: v.strictObject({ token: TokenSchema }),
    response: v.strictObject({ expiresAt: v.nullable(v.number()) }),
  },
  /** Round-trip check; answers with the server's clock. */
  ping: {
    request: EmptySchema,
    response: v.strictObject({ serverTime: v.number() }),
  },
  /** The meeting router's RTP capabilities, needed to load a mediasoup-client Device. */
  getRouterRtpCapabilities: {
    request: EmptySchema,
    response: v.strictObject({ rtpCapabilities: ParametersSchema }),
  },
  /** What this client can receive; the server then offers every existing track as `newConsumer`. */
  setRtpCapabilities: {
    request: v.strictObject({ rtpCapabilities: RtpCapabilitiesSchema }),
    response: EmptySchema,
  },
  /** Creates a WebRTC transport for sending or receiving. */
  createWebRtcTransport: {
    request: v.strictObject({ direction: v.picklist(['send', 'recv']) }),
    response: v.strictObject({
      id: v.string(),
      iceParameters: ParametersSchema,
      iceCandidates: v.array(ParametersSchema),
      dtlsParameters: ParametersSchema,
    }),
  },
  /** Completes the DTLS handshake parameters of one of the caller's transports. */
  connectWebRtcTransport: {
    request: v.strictObject({ transportId: IdSchema, dtlsParameters: DtlsParametersSchema }),
    response: EmptySchema,
  },
  /** New ICE credentials after a network change. */
  restartIce: {
    request: v.strictObject({ transportId: IdSchema }),
    response: v.strictObject({ iceParameters: ParametersSchema }),
  },
  /** Publishes a track on the caller's send transport. */
  produce: {
    request: v.strictObject({
      transportId: IdSchema,
      kind: v.picklist(['audio', 'video']),
      source: TrackSourceSchema,
      rtpParameters: RtpParametersSchema,
      paused: v.optional(v.boolean(), false),
    }),
    response: v.strictObject({ producerId: v.string() }),
  },
  /** Stops publishing a track. */
  closeProducer: { request: v.strictObject({ producerId: IdSchema }), response: EmptySchema },
  /** Mutes a published track; others see it as paused. */
  pauseProducer: { request: v.strictObject({ producerId: IdSchema }), response: EmptySchema },
  /** Unmutes a published track. */
  resumeProducer: { request: v.strictObject({ producerId: IdSchema }), response: EmptySchema },
  /** Stops receiving a track (its tile is hidden). */
  pauseConsumer: { request: v.strictObject({ consumerId: IdSchema }), response: EmptySchema },
  /** Starts or resumes receiving a track. */
  resumeConsumer: { request: v.strictObject({ consumerId: IdSchema }), response: EmptySchema },
  /** Chooses the simulcast layers to receive (lower for small tiles). */
  setConsumerPreferredLayers: {
    request: v.strictObject({
      consumerId: IdSchema,
      spatialLayer: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3)),
      temporalLayer: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3))),
    }),
    response: EmptySchema,
  },
  /** Host only: mutes a participant's microphone (only they can unmute it). */
  muteParticipant: { request: v.strictObject({ participantId: IdSchema }), response: EmptySchema },
  /** Host only: mutes every other participant's microphone. */
  muteAll: { request: EmptySchema, response: EmptySchema },
  /** Host only: removes a participant from the meeting. */
  removeParticipant: { request: v.strictObject({ participantId: IdSchema }), response: EmptySchema },
  /** Host only: makes another participant a host too. */
  makeHost: { request: v.strictObject({ participantId: IdSchema }), response: EmptySchema },
  /** Host only: refuses (or again admits) new joins. */
  lockMeeting: { request: v.strictObject({ locked: v.boolean() }), response: EmptySchema },
  /** Host only: ends the meeting for everyone. */
  endMeeting: { request: EmptySchema, response: EmptySchema },
  /** Raises or lowers this participant's hand. */
  raiseHand: { request: v.strictObject({ raised: v.boolean() }), response: EmptySchema },
  /** Sends a reaction everyone sees briefly. */
  react: { request: v.strictObject({ reaction: v.picklist(REACTIONS) }), response: EmptySchema },
  /** Host only: whether several participants may share screens at once (default: one). */
  setScreenSharePolicy: {
    request: v.strictObject({ allowMultiple: v.boolean() }),
    response: EmptySchema,
  },
  /**
   * Relays an end-to-end encrypted chat frame. `to` is `null` for a group `message` and names
   * the recipient for `sender-key` and `private`. Rate-limited per participant.
   */
  sendChat: {
    request: v.strictObject({
      kind: ChatKindSchema,
      to: v.nullable(IdSchema),
      payload: v.pipe(base64url(MAX_CHAT_PAYLOAD_CHARS), v.minLength(1)),
    }),
    response: v.strictObject({ sentAt: v.number() }),
  },
  /** Host only: drafts a poll. */
  createPoll: {
    request: v.strictObject({
      question: v.pipe(v.string(), v.trim(), v.minLength(1, 'question is empty'), v.maxLength(MAX_POLL_QUESTION_LENGTH)),
      options: v.pipe(
        v.array(v.pipe(v.string(), v.trim(), v.minLength(1, 'an option is empty'), v.maxLength(MAX_POLL_OPTION_LENGTH))),
        v.minLength(MIN_POLL_OPTIONS, `a poll needs at least ${MIN_POLL_OPTIONS} options`),
        v.maxLength(MAX_POLL_OPTIONS, `a poll has at most ${MAX_POLL_OPTIONS} options`),
      ),
      multiple: v.optional(v.boolean(), false),
      anonymous: v.optional(v.boolean(), false),
      shareResults: v.optional(v.boolean(), false),
    }),
    response: v.strictObject({ poll: PollSchema }),
  },
  /** Host only: opens a poll for votes. */
  openPoll: { request: v.strictObject({ pollId: IdSchema }), response: EmptySchema },
  /** Host only: closes a poll; no more votes. */
  closePoll: { request: v.strictObject({ pollId: IdSchema }), response: EmptySchema },
  /** Host only: deletes a poll and its results. */
  deletePoll: { request: v.strictObject({ pollId: IdSchema }), response: EmptySchema },
  /** Host only: shows participants the results, or hides them again. */
  sharePollResults: { request: v.strictObject({ pollId: IdSchema, shared: v.boolean() }), response: EmptySchema },
  /** Casts this participant's one ballot in an open poll: indexes of the chosen options. */
  vote: {
    request: v.strictObject({
      pollId: IdSchema,
      choices: v.pipe(
        v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_POLL_OPTIONS - 1))),
        v.minLength(1, 'choose at least one option'),
        v.maxLength(MAX_POLL_OPTIONS),
      ),
    }),
    response: EmptySchema,
  },
  /** Every poll of the meeting, as the caller may see it. */
  listPolls: { request: EmptySchema, response: v.strictObject({ polls: v.array(PollSchema) }) },
  /**
   * Host only: starts recording the meeting (one recording at a time). Everyone is asked to
   * agree first; nothing of a participant is recorded before they do. `recording_unavailable`
   * where the server has no recorder.
   */
  startRecording: { request: EmptySchema, response: v.strictObject({ recordingId: IdSchema }) },
  /** Host only: stops the recording under way and finalizes its files. */
  stopRecording: { request: EmptySchema, response: EmptySchema },
  /**
   * This participant agrees to be recorded in the recording under way; their tracks are
   * recorded from then on. Answers with the time of consent the server keeps.
   */
  recordingConsent: {
    request: v.strictObject({ recordingId: IdSchema }),
    response: v.strictObject({ consentedAt: v.number() }),
  },
} as const;

/**
 * Every notification the server sends, with the schema of its `data`.
 */
export const notifications = {
  /** Someone joined the meeting. */
  participantJoined: v.strictObject({ participant: RosterEntrySchema }),
  /** Someone left the meeting. */
  participantLeft: v.strictObject({ participantId: v.string() }),
  /** A track to receive: call `consume` on the receive transport, then `resumeConsumer`. */
  newConsumer: v.strictObject({
    consumerId: v.string(),
    producerId: v.string(),
    participantId: v.string(),
    kind: v.picklist(['audio', 'video']),
    source: TrackSourceSchema,
    rtpParameters: ParametersSchema,
    producerPaused: v.boolean(),
  }),
  /** A received track ended (its producer closed or its sender left). */
  consumerClosed: v.strictObject({ consumerId: v.string() }),
  /** The sender muted a received track. */
  consumerPaused: v.strictObject({ consumerId: v.string() }),
  /** The sender unmuted a received track. */
  consumerResumed: v.strictObject({ consumerId: v.string() }),
  /** The loudest participant changed; `null` when nobody speaks. */
  activeSpeaker: v.strictObject({ participantId: v.nullable(v.string()) }),
  /** A participant's role or raised hand changed. */
  participantUpdated: v.strictObject({ participant: RosterEntrySchema }),
  /** A host muted this participant's microphone. */
  mutedByHost: EmptySchema,
  /** Someone reacted. */
  reaction: v.strictObject({ participantId: v.string(), reaction: v.picklist(REACTIONS) }),
  /** The meeting was locked or unlocked. */
  meetingLocked: v.strictObject({ locked: v.boolean() }),
  /** The session is about to end: a host removed this participant or ended the meeting. */
  sessionEnded: v.strictObject({ reason: SessionEndReasonSchema }),
  /** An end-to-end encrypted chat frame relayed from `from`; `to` is `null` for everyone. */
  chat: v.strictObject({
    from: v.string(),
    to: v.nullable(v.string()),
    kind: ChatKindSchema,
    payload: v.string(),
    sentAt: v.number(),
  }),
  /** A poll was created or changed, as this recipient may see it. */
  pollUpdated: v.strictObject({ poll: PollSchema }),
  /** A host deleted a poll. */
  pollDeleted: v.strictObject({ pollId: v.string() }),
  /** The meeting's recording changed (or this participant's consent to it), as this recipient sees it. */
  recordingState: RecordingStateSchema,
} as const;

/** Name of a server notification. */
export type NotificationName = keyof typeof notifications;
/** The `data` of notification `N`. */
export type NotificationData<N extends NotificationName> = v.InferOutput<(typeof notifications)[N]>;
/** A roster entry: a participant and the tracks they publish. */
export type RosterEntry = v.InferOutput<typeof RosterEntrySchema>;
/** Why the server ended a session. */
export type SessionEndReason = v.InferOutput<typeof SessionEndReasonSchema>;
/** A participant's end-to-end encryption public keys. */
export type E2eeKeys = v.InferOutput<typeof E2eeKeysSchema>;
/** `sender-key`, `message` or `private`. */
export type ChatKind = v.InferOutput<typeof ChatKindSchema>;
/** A poll as one recipient may see it. */
export type Poll = v.InferOutput<typeof PollSchema>;
/** `draft`, `open` or `closed`. */
export type PollState = v.InferOutput<typeof PollStateSchema>;
/** One voter's ballot in a named poll. */
export type NamedBallot = v.InferOutput<typeof NamedBallotSchema>;
/** One of {@link REACTIONS}. */
export type Reaction = (typeof REACTIONS)[number];
/** `off`, `starting`, `on` or `stopping`. */
export type RecordingPhase = v.InferOutput<typeof RecordingPhaseSchema>;
/** A meeting's recording as one participant sees it. */
export type RecordingState = v.InferOutput<typeof RecordingStateSchema>;
/** `mic`, `camera`, `screen` or `screen-audio`. */
export type TrackSource = v.InferOutput<typeof TrackSourceSchema>;

/** Name of a request method. */
export type MethodName = keyof typeof methods;
/** The `data` a client sends with method `M`. */
export type RequestData<M extends MethodName> = v.InferInput<(typeof methods)[M]['request']>;
/** The `data` the server answers method `M` with. */
export type ResponseData<M extends MethodName> = v.InferOutput<(typeof methods)[M]['response']>;
/** A participant as described by the server. */
export type Participant = v.InferOutput<typeof ParticipantSchema>;
/** `host` or `participant`. */
export type Role = v.InferOutput<typeof RoleSchema>;

/** Returns whether `name` is a method of this protocol version. */
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** Envelope of every client → server frame. */
export const RequestEnvelopeSchema = v.strictObject({
  id: RequestIdSchema,
  method: v.pipe(v.string(), v.maxLength(MAX_NAME_LENGTH)),
  data: v.optional(v.unknown()),
});

/** Envelope of a server → client frame: a response (success or error) or a notification. */
export const ServerFrameSchema = v.union([
  v.strictObject({ id: RequestIdSchema, ok: v.literal(true), data: v.unknown() }),
  v.strictObject({
    id: v.nullable(RequestIdSchema),
    ok: v.literal(false),
    error: v.strictObject({
      code: v.picklist(ERROR_CODES),
      message: v.string(),
      retryAfterMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    }),
  }),
  v.strictObject({ notification: v.pipe(v.string(), v.maxLength(MAX_NAME_LENGTH)), data: v.optional(v.unknown()) }),
]);

/** A client → server request frame. */
export type RequestEnvelope = v.InferOutput<typeof RequestEnvelopeSchema>;
/** A server → client frame. */
export type ServerFrame = v.InferOutput<typeof ServerFrameSchema>;
