import type { RecordingPhase, RecordingView } from '../../../core/recording/recording-types.js';

/**
 * Fired by `<we-meeting>` when the meeting's recording changes phase (`off`, `starting`, `on`,
 * `stopping`), for everyone in the meeting — also when joining a meeting that is already being
 * recorded (from `off`).
 */
export class WeRecordingStateEvent extends Event {
  static readonly eventName = 'we-recording-state';
  /** The phase now. */
  readonly state: RecordingPhase;
  /** The phase before. */
  readonly previous: RecordingPhase;
  /** The recording as this participant sees it: who started it, when, and this participant's consent. */
  readonly recording: RecordingView;

  constructor(recording: RecordingView, previous: RecordingPhase) {
    super(WeRecordingStateEvent.eventName, { bubbles: true, composed: true });
    this.state = recording.state;
    this.previous = previous;
    this.recording = recording;
  }
}
