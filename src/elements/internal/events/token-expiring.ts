/**
 * Fired by `<we-meeting>` when the session ends within a minute unless it gets a fresh token:
 * fetch one from your backend and set the element's `token`, which renews the session without
 * rejoining.
 */
export class WeTokenExpiringEvent extends Event {
  static readonly eventName = 'we-token-expiring';
  /** When the session ends without a renewal (ms since the epoch, the server's clock). */
  readonly expiresAt: number;

  constructor(expiresAt: number) {
    super(WeTokenExpiringEvent.eventName, { bubbles: true, composed: true });
    this.expiresAt = expiresAt;
  }
}
