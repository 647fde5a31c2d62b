import type { Poll, PollState } from '../../core/polls/poll-types.js';
import { msg } from '../internal/localize.js';

// The labels of a poll's settings. Kept out of poll-format.ts, which the records view imports:
// that view has labels of its own, and its script would carry these translations too.

/** `Draft`, `Open` or `Closed`. */
export function stateLabel(state: PollState): string {
  switch (state) {
    case 'draft':
      return msg('Draft', { id: 'poll.state.draft' });
    case 'open':
      return msg('Open', { id: 'poll.state.open' });
    case 'closed':
      return msg('Closed', { id: 'poll.state.closed' });
    default:
      return state;
  }
}

/** `Anonymous` or `Named`. */
export function privacyLabel(poll: Pick<Poll, 'anonymous'>): string {
  return poll.anonymous ? msg('Anonymous', { id: 'poll.anonymous' }) : msg('Named', { id: 'poll.named' });
}
