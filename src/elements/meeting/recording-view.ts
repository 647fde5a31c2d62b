import { css, html, noChange, nothing, type ElementPart, type TemplateResult } from 'lit';
import { AsyncDirective } from 'lit/async-directive.js';
import { Directive, directive } from 'lit/directive.js';
import type { RecordingView } from '../../core/recording/recording-types.js';
import { msg, str } from '../internal/localize.js';
import { shownName } from './format.js';
import { maskPersonalData } from '../../core/masking.js';
import type { RecordingUnderWay } from '../../core/recording/recording-notice.js';

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * The time since `startedAt`, updated every second in place: only this text changes, the
 * element does not re-render for it.
 */
class ElapsedDirective extends AsyncDirective {
  #startedAt = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  render(startedAt: number): string {
    this.#startedAt = startedAt;
    if (this.isConnected) this.#tick();
    return formatElapsed(Date.now() - startedAt);
  }

  protected override disconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  protected override reconnected(): void {
    this.#tick();
  }

  #tick(): void {
    this.#timer ??= setInterval(() => this.setValue(formatElapsed(Date.now() - this.#startedAt)), 1000);
  }
}

const elapsed = directive(ElapsedDirective);

/**
 * The Recording status everyone sees while the meeting is recorded: a red dot, "Recording" and
 * the time since it started (shown only while a recording is under way); after a recording
 * the server had to stop (a full disk), an alert that says so. Screen readers hear it once when it appears (with who started
 * it), not every second: the ticking time is hidden from them.
 */
export function recordingIndicator(recording: RecordingView): TemplateResult {
  if (recording.state === 'off') {
    return html`<p part="recording-stopped" class="recording-status" role="alert">
      ${msg('Recording stopped: the server ran out of disk space. What was recorded is kept.', { id: 'meeting.recording.stopped-disk-full' })}
    </p>`;
  }
  const by = recording.startedBy === undefined ? undefined : shownName(recording.startedBy);
  let text: string;
  if (recording.state === 'starting') text = msg('Recording starts…', { id: 'meeting.recording.indicator-starting' });
  else if (recording.state === 'stopping') text = msg('Recording stops…', { id: 'meeting.recording.indicator-stopping' });
  else text = msg('Recording', { id: 'meeting.recording.indicator' });
  return html`<p part="recording" class="recording-status" role="status">
    <span class="recording-dot" aria-hidden="true"></span>
    <span>${text}</span>
    ${recording.state === 'on' && recording.startedAt !== undefined
      ? html`<span class="recording-time" aria-hidden="true">${elapsed(recording.startedAt)}</span>`
      : nothing}
    ${by === undefined
      ? nothing
      : html`<span class="visually-hidden">${msg(str`, started by ${by}`, { id: 'meeting.recording.started-by' })}</span>`}
  </p>`;
}

/** What the recording notice does. */
export interface RecordingNoticeProps {
  recording: RecordingView;
  /** Agree and stay. */
  onAgree: () => void;
  /** Leave meeting. */
  onDecline: () => void;
}

/** Moves focus onto the element it is bound to when that element appears (once it is in the document). */
class FocusOnShowDirective extends Directive {
  #done = false;

  render(): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart): typeof noChange {
    if (!this.#done) {
      this.#done = true;
      queueMicrotask(() => (part.element as HTMLElement).focus());
    }
    return noChange;
  }
}

const focusOnShow = directive(FocusOnShowDirective);

/** Escape does not answer the notice: only its two buttons do. */
function keepOpen(event: KeyboardEvent): void {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  event.stopPropagation();
}

/**
 * The recording notice: says who records the meeting and what is recorded (voice, video, any
 * shared screen), that nothing of this participant is recorded before they agree, and offers
 * Agree and stay or Leave meeting. It takes focus when it appears; the rest of the meeting
 * screen is inert until the participant answers.
 */
export function recordingNotice(props: RecordingNoticeProps): TemplateResult {
  const by = props.recording.startedBy === undefined ? undefined : shownName(props.recording.startedBy);
  return html`<div class="recording-backdrop"><div
    part="recording-notice"
    class="recording-notice"
    role="alertdialog"
    aria-modal="true"
    aria-labelledby="recording-notice-title"
    aria-describedby="recording-notice-text"
    tabindex="-1"
    @keydown=${keepOpen}
    ${focusOnShow()}
  >
    <h2 id="recording-notice-title">${msg('This meeting is being recorded', { id: 'meeting.recording.notice-title' })}</h2>
    <div id="recording-notice-text">
      <p>
        ${by === undefined
          ? msg('A host is recording this meeting.', { id: 'meeting.recording.notice-host' })
          : msg(str`${by} is recording this meeting.`, { id: 'meeting.recording.notice-by' })}
        ${msg('What is recorded: your voice, your video and any screen you share.', { id: 'meeting.recording.notice-what' })}
      </p>
      <p>
        ${msg('Nothing of yours is recorded until you agree. If you do not agree, leave the meeting.', {
          id: 'meeting.recording.notice-choice',
        })}
      </p>
    </div>
    <div class="recording-answers">
      <button type="button" class="primary" @click=${props.onAgree}>${msg('Agree and stay', { id: 'meeting.recording.agree' })}</button>
      <button type="button" class="decline" @click=${props.onDecline}>${msg('Leave meeting', { id: 'meeting.recording.leave' })}</button>
    </div>
  </div></div>`;
}

/** The indicator's and the notice's styles, added to the element when they are first shown. */
export const recordingStyles = [
  css`
    .recording-status {
      display: flex;
      gap: 0.4rem;
      align-items: center;
      align-self: flex-start;
      margin: 0;
      padding: 0.15rem 0.6rem;
      border-radius: 999px;
      background: var(--_surface);
      font-size: 0.875rem;
      font-variant-numeric: tabular-nums;
    }
    .recording-dot {
      width: 0.6rem;
      height: 0.6rem;
      border-radius: 50%;
      background: var(--_danger);
    }
    .meeting {
      position: relative;
    }
    .recording-backdrop {
      position: absolute;
      inset: 0;
      z-index: 2;
      display: grid;
      place-items: center;
      padding: 1rem;
      border-radius: var(--_tile-radius);
      background: rgb(0 0 0 / 0.6);
    }
    .recording-notice {
      display: grid;
      gap: 0.75rem;
      max-width: 32rem;
      padding: 1.25rem;
      border: 1px solid var(--_border);
      border-radius: var(--_tile-radius);
      background: var(--_bg);
      color: var(--_fg);
      text-align: center;
    }
    .recording-notice h2 {
      margin: 0;
    }
    .recording-notice h2 {
      font-size: 1.125rem;
    }
    .recording-notice p {
      margin: 0 0 0.5rem;
    }
    .recording-notice:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: -4px;
    }
    .recording-answers .decline {
      padding: 0.6rem 1.5rem;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_surface);
      font-weight: 600;
    }
    .recording-answers {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      justify-content: center;
    }
  `,
];

/** What the pre-join recording notice shows and what its buttons do. */
export interface PrejoinRecordingNoticeProps {
  recording: RecordingUnderWay;
  /** A join is under way (Agree and join is disabled). */
  joining: boolean;
  /** Agree and join. */
  onAgree: (recordingId: string) => void;
  /** Don't join. */
  onDecline: () => void;
}

/**
 * The recording notice before joining: who records, what (voice, video, any shared screen),
 * and that nothing of the participant is recorded unless they agree; Agree and join or Don't join.
 */
export function prejoinRecordingNotice(props: PrejoinRecordingNoticeProps): TemplateResult {
  const { recording } = props;
  const by = maskPersonalData(recording.startedBy.displayName);
  return html`<section part="prejoin-recording-notice" class="prejoin-recording" role="group" aria-labelledby="prejoin-recording-title">
    <h3 id="prejoin-recording-title">${msg('This meeting is being recorded', { id: 'meeting.prejoin.recording-title' })}</h3>
    <p>
      ${msg(str`${by} is recording this meeting: your voice, your video and any screen you share. Nothing of you is recorded unless you agree.`, {
        id: 'meeting.prejoin.recording-body',
      })}
    </p>
    <div class="actions">
      <button part="join" class="join" type="button" ?disabled=${props.joining} @click=${() => props.onAgree(recording.recordingId)}>
        ${msg('Agree and join', { id: 'meeting.prejoin.recording-agree' })}
      </button>
      <button type="button" @click=${props.onDecline}>${msg("Don't join", { id: 'meeting.prejoin.recording-decline' })}</button>
    </div>
  </section>`;
}
