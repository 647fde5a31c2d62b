import { WeErrorEvent } from './error.js';
import { WeJoinEvent } from './join.js';
import { WeLeaveEvent } from './leave.js';
import { WeMessageEvent } from './message.js';
import { WeMessageSentEvent } from './message-sent.js';
import { WeParticipantJoinEvent } from './participant-join.js';
import { WeParticipantLeaveEvent } from './participant-leave.js';
import { WePollCloseEvent } from './poll-close.js';
import { WePollOpenEvent } from './poll-open.js';
import { WeRecordingConsentEvent } from './recording-consent.js';
import { WeRecordingStateEvent } from './recording-state.js';
import { WeStateChangeEvent } from './state-change.js';
import { WeTokenExpiringEvent } from './token-expiring.js';
import { WeVoteEvent } from './vote.js';

export { WeErrorEvent, WeJoinEvent, WeLeaveEvent, WeParticipantJoinEvent, WeParticipantLeaveEvent, WeStateChangeEvent };
export { WeTokenExpiringEvent, WeRecordingStateEvent, WeRecordingConsentEvent };
export { WePollCloseEvent, WePollOpenEvent, WeVoteEvent };
export { WeMessageEvent, WeMessageSentEvent };

declare global {
  interface GlobalEventHandlersEventMap {
    'we-state-change': WeStateChangeEvent;
    'we-join': WeJoinEvent;
    'we-leave': WeLeaveEvent;
    'we-error': WeErrorEvent;
    'we-participant-join': WeParticipantJoinEvent;
    'we-participant-leave': WeParticipantLeaveEvent;
    'we-token-expiring': WeTokenExpiringEvent;
    'we-recording-state': WeRecordingStateEvent;
    'we-recording-consent': WeRecordingConsentEvent;
    'we-message': WeMessageEvent;
    'we-message-sent': WeMessageSentEvent;
    'we-poll-open': WePollOpenEvent;
    'we-poll-close': WePollCloseEvent;
    'we-vote': WeVoteEvent;
  }
}
