/**
 * Entry of the meeting `<script>` build (`we-meeting.js`): registers `<we-meeting>`,
 * `<we-chat>` and `<we-poll>` and exposes their classes, the event classes and `loadCore()` as
 * `WeMeeting`. The file paints the pre-join screen on its own; media, end-to-end encryption,
 * the heavier views and other languages are chunks it loads when they are needed. The
 * creator's records view lives in its own script (`history-iife.ts`), as it belongs on another
 * page than the meeting.
 */
import './elements/meeting/we-meeting.js';

export { WeMeetingElement } from './elements/meeting/meeting-element.js';
export { WeChatElement } from './elements/chat/chat-element.js';
export { WePollElement } from './elements/poll/poll-element.js';
export { defineElement } from './elements/internal/define.js';
export { ChunkLoadError } from './elements/internal/lazy.js';
export * from './elements/internal/events/index.js';
export { formatMeetingId } from './elements/meeting/format.js';
export { PROTOCOL_VERSION } from './protocol/constants.js';
export type { Participant, Role, ErrorCode } from './protocol/index.js';

/**
 * The headless core of `we-meeting/core` (`MeetingClient`, `SignalingClient`, the chat and
 * polls sessions, devices), loaded on demand: `const { MeetingClient } = await WeMeeting.loadCore()`.
 */
export const loadCore = (): Promise<typeof import('./core/meeting-api.js')> => import('./core/meeting-api.js');
