import { ConnectionError, InvalidStateError, RequestError } from '../../core/errors.js';
import type { Poll, PollState } from '../../core/polls/poll-types.js';

/** What the user was doing when a call failed. */
export type PollAction = 'create' | 'manage' | 'vote';

const STATE_LABELS: Record<PollState, string> = { draft: 'Draft', open: 'Open', closed: 'Closed' };

/** `Draft`, `Open` or `Closed`. */
export function stateLabel(state: PollState): string {
  return STATE_LABELS[state] ?? state;
}

/** `1 vote`, `3 votes`. */
export function votes(count: number): string {
  return count === 1 ? '1 vote' : `${count} votes`;
}

/** `No votes yet`, `1 voter`, `3 voters`. */
export function voters(count: number): string {
  if (count === 0) return 'No votes yet';
  return count === 1 ? '1 voter' : `${count} voters`;
}

/** Share of the voters who chose an option, as a whole percentage (0 with no voters). */
export function percentage(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 100) : 0;
}

/** The option texts a ballot chose, in option order. */
export function chosenOptions(poll: Poll, choices: readonly number[]): string {
  return [...choices]
    .sort((a, b) => a - b)
    .map((choice) => poll.options[choice] ?? `Option ${choice + 1}`)
    .join(', ');
}

/** What to tell the user about a failed polls call. */
export function describeError(error: unknown, action: PollAction): string {
  if (error instanceof RequestError) {
    switch (error.code) {
      case 'forbidden':
        return 'Only hosts can create and run polls.';
      case 'not_found':
        return 'This poll no longer exists.';
      case 'conflict':
        return action === 'vote'
          ? 'Your vote was not counted: the poll is closed or you have already voted.'
          : 'The poll changed in the meantime. Check its state and try again.';
      case 'rate_limited':
        return 'Too many requests. Wait a moment and try again.';
      case 'bad_request':
        return `The server did not accept this: ${error.message}`;
      default:
        return `The server could not do this: ${error.message}`;
    }
  }
  if (error instanceof ConnectionError) return 'The connection to the meeting was lost. Try again once it is back.';
  if (error instanceof InvalidStateError) return 'Polls are available only during a meeting.';
  return error instanceof Error ? error.message : String(error);
}
