import type { Participant } from '../../../core/meeting-types.js';

/** Fired by `<we-meeting>` once this participant has joined the meeting. */
export class WeJoinEvent extends Event {
  static readonly eventName = 'we-join';
  readonly meeting: string;
  readonly self: Participant;

  constructor(meeting: string, self: Participant) {
    super(WeJoinEvent.eventName, { bubbles: true, composed: true });
    this.meeting = meeting;
    this.self = self;
  }
}
