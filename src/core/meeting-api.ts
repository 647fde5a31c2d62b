// What a meeting page uses of the core: the client, media, chat and polls. The records
// client, for the creator's pages, is in `records/` (see `index.ts`).
export { MeetingClient, signalingUrl, type MeetingClientOptions } from './meeting-client.js';
export { backoff, DEFAULT_RECONNECT_DELAYS_MS, type BackoffOptions, type ReconnectPolicy } from './connection/reconnect-policy.js';
export type { KeepaliveOptions } from './connection/keepalive.js';
export type { SignalingLink, SignalingTransport, TransportFactory } from './connection/transport.js';
export type { Clock } from './connection/clock.js';
export type { LocalDevices } from './media/local-media.js';
export type { LocalProducer, MediaTransport, MediaTransportFactory, RemoteConsumer, RemoteTrack } from './media/media-transport.js';
export type {
  MeetingClientApi,
  MeetingClientEvents,
  MeetingState,
  JoinOptions,
  ParticipantView,
  TrackSource,
  InboundTrackStats,
  SessionEndReason,
} from './meeting-types.js';
export { REACTIONS, type Reaction } from '../protocol/index.js';
export {
  MAX_CHAT_TEXT_LENGTH,
  MAX_POLL_OPTION_LENGTH,
  MAX_POLL_OPTIONS,
  MAX_POLL_QUESTION_LENGTH,
  MIN_POLL_OPTIONS,
  chatTextLength,
} from '../protocol/limits.js';
export { SignalingClient, type SignalingEvents, type SignalingOptions } from './signaling.js';
export { TypedEmitter, type EventMap } from './emitter.js';
export { RequestError, ConnectionError, InvalidStateError, InvalidResponseError } from './errors.js';
export { MediaAccessError, type MediaIssueKind, type MediaIssueReason } from './media/media-errors.js';
export { listDevices, openCamera, openMicrophone, openScreen, supportsSpeakerSelection, type DeviceList } from './media/devices.js';
export { AudioLevelMeter } from './media/audio-level.js';
export { loadRecentMeetings, rememberMeeting, clearRecentMeetings, type RecentMeeting } from './recent-meetings.js';
export { ChatSession, type ChatLink, type ChatRequest, type ChatRoster, type ChatSessionOptions } from './chat/chat-session.js';
export { Roster, type RosterEvents } from './roster.js';
export type {
  ChatApi,
  ChatEntry,
  ChatEvents,
  ChatMessage,
  ChatPeer,
  ChatUndecryptable,
  SendOptions,
  UndecryptableReason,
} from './chat/chat-types.js';
export { PollsSession, type PollsLink } from './polls/polls-session.js';
export { RecordingSession } from './recording/recording-session.js';
export type { RecordingApi, RecordingEvents, RecordingPhase, RecordingView } from './recording/recording-types.js';
export { fetchRecordingNotice, type RecordingUnderWay } from './recording/recording-notice.js';
export type { PollsApi, PollsEvents, PollInit, Poll, PollState, NamedBallot } from './polls/poll-types.js';
