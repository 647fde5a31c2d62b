import type { Poll } from '../../../core/polls/poll-types.js';

/** Fired by `<we-poll>` when an open poll is closed, whichever host closed it. */
export class WePollCloseEvent extends Event {
  static readonly eventName = 'we-poll-close';
  /** The poll, as this participant may see it. */
  readonly poll: Poll;

  constructor(poll: Poll) {
    super(WePollCloseEvent.eventName, { bubbles: true, composed: true });
    this.poll = poll;
  }
}
