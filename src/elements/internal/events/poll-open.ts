import type { Poll } from '../../../core/polls/poll-types.js';

/**
 * Fired by `<we-poll>` when a poll becomes open for votes, whichever host opened it, so a
 * host page can bring the poll to the user's attention.
 */
export class WePollOpenEvent extends Event {
  static readonly eventName = 'we-poll-open';
  /** The poll, as this participant may see it. */
  readonly poll: Poll;

  constructor(poll: Poll) {
    super(WePollOpenEvent.eventName, { bubbles: true, composed: true });
    this.poll = poll;
  }
}
