/** Fired by `<we-meeting>` when this participant has left the meeting (or was disconnected). */
export class WeLeaveEvent extends Event {
  static readonly eventName = 'we-leave';

  constructor() {
    super(WeLeaveEvent.eventName, { bubbles: true, composed: true });
  }
}
