/**
 * Fired by `<we-meeting>` when the participant answers the recording notice: `agreed` once the
 * server took their consent (Agree and stay), or not agreed just before they leave (Leave
 * meeting). Nothing of a participant is recorded before they agree.
 */
export class WeRecordingConsentEvent extends Event {
  static readonly eventName = 'we-recording-consent';
  /** Whether the participant agreed to be recorded (`false`: they left instead). */
  readonly agreed: boolean;
  /** The recording the notice was about. */
  readonly recordingId: string;
  /** When the server took the consent (ms since the epoch, the server's clock); `undefined` when not agreed. */
  readonly consentedAt: number | undefined;

  constructor(recordingId: string, consentedAt: number | undefined) {
    super(WeRecordingConsentEvent.eventName, { bubbles: true, composed: true });
    this.agreed = consentedAt !== undefined;
    this.recordingId = recordingId;
    this.consentedAt = consentedAt;
  }
}
