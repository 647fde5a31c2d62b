import type { MeetingState } from '../../../core/meeting-types.js';

/** Fired by `<we-meeting>` when its meeting state changes. */
export class WeStateChangeEvent extends Event {
  static readonly eventName = 'we-state-change';
  readonly state: MeetingState;
  readonly previous: MeetingState;

  constructor(state: MeetingState, previous: MeetingState) {
    super(WeStateChangeEvent.eventName, { bubbles: true, composed: true });
    this.state = state;
    this.previous = previous;
  }
}
