export { WeMeetingElement } from './meeting/meeting-element.js';
export { defineElement } from './internal/define.js';
export { ChunkLoadError } from './internal/lazy.js';
export {
  WeErrorEvent,
  WeJoinEvent,
  WeLeaveEvent,
  WeParticipantJoinEvent,
  WeParticipantLeaveEvent,
  WeStateChangeEvent,
  WeTokenExpiringEvent,
  WeRecordingStateEvent,
  WeRecordingConsentEvent,
} from './internal/events/index.js';
export { formatMeetingId } from './meeting/format.js';
export { WeHistoryElement } from './history/history-element.js';
export { WeExportEvent } from './history/export-event.js';
export { WeSignInElement } from './sign-in/sign-in-element.js';
export { WeSignInEvent, WeSignOutEvent } from './sign-in/sign-in-events.js';
export { WeChatElement } from './chat/chat-element.js';
export { WeMessageEvent, WeMessageSentEvent } from './internal/events/index.js';
export { WePollElement } from './poll/poll-element.js';
export { WePollOpenEvent, WePollCloseEvent, WeVoteEvent } from './internal/events/index.js';
