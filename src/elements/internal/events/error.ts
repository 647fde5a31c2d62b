/** Fired by `<we-meeting>` when something fails that the user should be told about. */
export class WeErrorEvent extends Event {
  static readonly eventName = 'we-error';
  readonly error: Error;

  constructor(error: Error) {
    super(WeErrorEvent.eventName, { bubbles: true, composed: true });
    this.error = error;
  }
}
