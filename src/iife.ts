/**
 * Entry of the meeting `<script>` build: registers `<we-meeting>`, `<we-chat>` and `<we-poll>`
 * and exposes the core and their classes as `WeMeeting`. The creator's records view lives in
 * its own script (`history-iife.ts`), as it belongs on another page than the meeting.
 */
import './elements/meeting/we-meeting.js';

// The records client is in the records script, with the view that uses it.
export * from './core/meeting-api.js';
export { WeMeetingElement } from './elements/meeting/meeting-element.js';
export { WeChatElement } from './elements/chat/chat-element.js';
export { WePollElement } from './elements/poll/poll-element.js';
export { defineElement } from './elements/internal/define.js';
export * from './elements/internal/events/index.js';
export { formatMeetingId } from './elements/meeting/format.js';
export { PROTOCOL_VERSION, type Participant, type Role, type ErrorCode } from './protocol/index.js';
