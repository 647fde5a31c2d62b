import type { ReactiveControllerHost } from 'lit';
import type { RecordingApi } from '../../core/recording/recording-types.js';
import { WeRecordingConsentEvent, WeRecordingStateEvent } from '../internal/events/index.js';
import type { MeetingSession } from './meeting-session.js';

type Host = ReactiveControllerHost & EventTarget;

/**
 * Follows the client's recording: the host re-renders on every change and fires
 * `we-recording-state` when the phase changes. Returns how to stop following (nothing to
 * follow for a client that knows nothing of recording).
 */
export function watchRecording(recording: RecordingApi | undefined, host: Host): (() => void) | undefined {
  if (recording === undefined) return undefined;
  let phase = recording.current.state;
  return recording.on('recordingchange', (view) => {
    host.requestUpdate();
    if (view.state === phase) return;
    const previous = phase;
    phase = view.state;
    host.dispatchEvent(new WeRecordingStateEvent(view, previous));
  });
}

/**
 * What `<we-meeting>`'s recording controls do: the host's start and stop, and the notice's two
 * answers. A refusal shows like any failed meeting control.
 */
export class RecordingControls {
  readonly #host: Host;
  readonly #session: MeetingSession;

  constructor(host: Host, session: MeetingSession) {
    this.#host = host;
    this.#session = session;
  }

  start(): Promise<void> {
    return this.#session.act((client) => client.recording!.start());
  }

  stop(): Promise<void> {
    return this.#session.act((client) => client.recording!.stop());
  }

  /** Agree and stay: the server takes the consent, then `we-recording-consent` says so. */
  agree(): Promise<void> {
    return this.#session.act(async (client) => {
      const recording = client.recording!;
      const recordingId = recording.current.recordingId;
      const consentedAt = await recording.consent();
      if (recordingId !== undefined) this.#host.dispatchEvent(new WeRecordingConsentEvent(recordingId, consentedAt));
    });
  }

  /** Leave meeting: `we-recording-consent` (not agreed), then the participant leaves; nothing of theirs is recorded. */
  decline(): void {
    const recordingId = this.#session.client?.recording?.current.recordingId;
    if (recordingId !== undefined) this.#host.dispatchEvent(new WeRecordingConsentEvent(recordingId, undefined));
    this.#session.leave();
  }
}
