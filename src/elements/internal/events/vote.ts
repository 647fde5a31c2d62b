import type { Poll } from '../../../core/polls/poll-types.js';

/** Fired by `<we-poll>` once the server accepted this participant's ballot. */
export class WeVoteEvent extends Event {
  static readonly eventName = 'we-vote';
  /** The poll voted in, as it was when the ballot was cast. */
  readonly poll: Poll;
  /** Indexes of the chosen options, in option order. */
  readonly choices: readonly number[];

  constructor(poll: Poll, choices: readonly number[]) {
    super(WeVoteEvent.eventName, { bubbles: true, composed: true });
    this.poll = poll;
    this.choices = Object.freeze([...choices]);
  }
}
