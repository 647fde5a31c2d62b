import { html, nothing, type TemplateResult } from 'lit';
import type { SmartStage, SmartStatus } from '../../core/records/index.js';
import { msg, str } from '../internal/localize.js';

/** What a recording's smart recording shows while it is made, and its Try again. */
export interface SmartStatusProps {
  status: SmartStatus;
  /** Its Try again is under way. */
  retrying: boolean;
  onRetry: () => void;
}

function stageLabel(stage: SmartStage | null): string {
  switch (stage) {
    case 'decoding':
      return msg('Decoding the audio', { id: 'history.smart.stage-decoding' });
    case 'voice-activity':
      return msg('Finding who spoke when', { id: 'history.smart.stage-voice-activity' });
    case 'transcribing':
      return msg('Transcribing', { id: 'history.smart.stage-transcribing' });
    case 'analysing':
      return msg('Writing the chapters and minutes', { id: 'history.smart.stage-analysing' });
    default:
      return msg('Processing', { id: 'history.smart.stage-none' });
  }
}

/**
 * A recording's smart recording (transcript, chapters, minutes) while it is made: queued,
 * processing (the step in words and a progress bar), failed (why, and Try again), or ready.
 */
export function smartStatus(props: SmartStatusProps): TemplateResult {
  const { status } = props;
  switch (status.state) {
    case 'queued':
      return html`<p part="smart-state" role="status">${msg('Transcript and minutes: waiting to start', { id: 'history.smart.queued' })}</p>`;
    case 'processing': {
      const percent = Math.round(status.progress * 100);
      return html`<p part="smart-state" role="status">
        ${msg(str`Transcript and minutes: ${stageLabel(status.stage)}, ${percent}%`, { id: 'history.smart.processing' })}
        <progress part="smart-progress" role="progressbar" max="100" value=${percent}
          aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent}
          aria-label=${msg('Transcript and minutes progress', { id: 'history.smart.progress' })}></progress>
      </p>`;
    }
    case 'failed':
      return html`<div part="smart-state smart-failed">
        <p class="error" role="alert">
          ${msg('The transcript and minutes could not be made.', { id: 'history.smart.failed' })} ${status.error ?? nothing}
        </p>
        <button type="button" part="smart-retry" ?disabled=${props.retrying} @click=${props.onRetry}>
          ${msg('Try again', { id: 'history.retry' })}
        </button>
      </div>`;
    default:
      return html`<p part="smart-state" class="visually-hidden" role="status">
        ${msg('Transcript and minutes: ready', { id: 'history.smart.ready' })}
      </p>`;
  }
}
