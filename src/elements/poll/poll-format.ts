import { ConnectionError, InvalidStateError, RequestError } from '../../core/errors.js';
import type { Poll } from '../../core/polls/poll-types.js';
import { formatNumber, msg, str } from '../internal/localize.js';

/** What the user was doing when a call failed. */
export type PollAction = 'create' | 'manage' | 'vote';

/** `1 vote`, `3 votes`. */
export function votes(count: number): string {
  const shown = formatNumber(count);
  return count === 1 ? msg(str`${shown} vote`, { id: 'poll.votes.one' }) : msg(str`${shown} votes`, { id: 'poll.votes.other' });
}

/** `No votes yet`, `1 voter`, `3 voters`. */
export function voters(count: number): string {
  if (count === 0) return msg('No votes yet', { id: 'poll.voters.none' });
  const shown = formatNumber(count);
  return count === 1 ? msg(str`${shown} voter`, { id: 'poll.voters.one' }) : msg(str`${shown} voters`, { id: 'poll.voters.other' });
}

/** Option `index` (from 0) when its text is missing: `Option 2`. */
export function optionName(index: number): string {
  return msg(str`Option ${index + 1}`, { id: 'poll.option' });
}

/** Texts joined into a list the element's language reads naturally (`Pizza, Salad`). */
export function listOf(items: readonly string[]): string {
  return items.join(msg(', ', { id: 'poll.list-separator', desc: 'Between the options a ballot chose.' }));
}

/** Share of the voters who chose an option, as a whole percentage (0 with no voters). */
export function percentage(count: number, total: number): number {
  return total > 0 ? Math.round((count / total) * 100) : 0;
}

/** The option texts a ballot chose, in option order. */
export function chosenOptions(poll: Pick<Poll, 'options'>, choices: readonly number[]): string {
  return listOf(
    [...choices].sort((a, b) => a - b).map((choice) => poll.options[choice] ?? optionName(choice)),
  );
}

/** What to tell the user about a failed polls call. */
export function describeError(error: unknown, action: PollAction): string {
  if (error instanceof RequestError) {
    switch (error.code) {
      case 'forbidden':
        return msg('Only hosts can create and run polls.', { id: 'poll.error.forbidden' });
      case 'not_found':
        return msg('This poll no longer exists.', { id: 'poll.error.not-found' });
      case 'conflict':
        return action === 'vote'
          ? msg('Your vote was not counted: the poll is closed or you have already voted.', { id: 'poll.error.vote-conflict' })
          : msg('The poll changed in the meantime. Check its state and try again.', { id: 'poll.error.conflict' });
      case 'rate_limited':
        return msg('Too many requests. Wait a moment and try again.', { id: 'poll.error.rate-limited' });
      case 'bad_request':
        return msg(str`The server did not accept this: ${error.message}`, { id: 'poll.error.bad-request' });
      default:
        return msg(str`The server could not do this: ${error.message}`, { id: 'poll.error.server' });
    }
  }
  if (error instanceof ConnectionError) {
    return msg('The connection to the meeting was lost. Try again once it is back.', { id: 'poll.error.connection' });
  }
  if (error instanceof InvalidStateError) return msg('Polls are available only during a meeting.', { id: 'poll.error.no-meeting' });
  return error instanceof Error ? error.message : String(error);
}
