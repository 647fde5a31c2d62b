// What a meeting page uses of the core: the client, media, chat and polls. The records
// client, for the creator's pages, is in `records/` (see `index.ts`).
export { MeetingClient, signalingUrl } from './meeting-client.js';
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
export { ChatSession, type ChatLink, type ChatRequest } from './chat/chat-session.js';
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
export type { PollsApi, PollsEvents, PollInit, Poll, PollState, NamedBallot } from './polls/poll-types.js';
