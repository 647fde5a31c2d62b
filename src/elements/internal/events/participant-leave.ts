import type { ParticipantView } from '../../../core/meeting-types.js';

/** Fired by `<we-meeting>` when someone else leaves the meeting. */
export class WeParticipantLeaveEvent extends Event {
  static readonly eventName = 'we-participant-leave';
  readonly participant: ParticipantView;

  constructor(participant: ParticipantView) {
    super(WeParticipantLeaveEvent.eventName, { bubbles: true, composed: true });
    this.participant = participant;
  }
}
