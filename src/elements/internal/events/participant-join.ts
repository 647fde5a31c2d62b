import type { ParticipantView } from '../../../core/meeting-types.js';

/** Fired by `<we-meeting>` when someone else joins the meeting. */
export class WeParticipantJoinEvent extends Event {
  static readonly eventName = 'we-participant-join';
  readonly participant: ParticipantView;

  constructor(participant: ParticipantView) {
    super(WeParticipantJoinEvent.eventName, { bubbles: true, composed: true });
    this.participant = participant;
  }
}
