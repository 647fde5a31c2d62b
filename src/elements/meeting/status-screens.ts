import { html, nothing, type TemplateResult } from 'lit';
import type { SessionEndReason } from '../../core/meeting-types.js';
import { formatMeetingId } from './format.js';

/** Shown while the token is fetched and the client connects. */
export function connectingView(meeting: string): TemplateResult {
  return html`<div part="status" class="message-screen" role="status">
    <span part="indicator" class="indicator" aria-hidden="true"></span>
    <span>Connecting…</span>
    ${meeting ? html`<span>Meeting ${formatMeetingId(meeting)}</span>` : nothing}
  </div>`;
}

const END_REASONS: Record<SessionEndReason, string> = {
  removed: 'The host removed you from the meeting',
  meeting_ended: 'The host ended the meeting',
};

/**
 * Shown after leaving, being disconnected, or having the session ended by a host (`reason`).
 * Rejoin stays: a server that refuses the ended meeting says so on the failed path.
 */
export function leftView(reason: SessionEndReason | undefined, onRejoin: () => void): TemplateResult {
  return html`<div class="message-screen">
    <h2 part="heading" class="heading">${(reason && END_REASONS[reason]) ?? 'You left the meeting'}</h2>
    <button part="rejoin" class="primary" type="button" @click=${onRejoin}>Rejoin</button>
  </div>`;
}

/** Shown when an automatic join failed. */
export function failedView(error: string | undefined, onRetry: () => void): TemplateResult {
  return html`<div class="message-screen">
    <h2 part="heading" class="heading">Could not join the meeting</h2>
    <p part="error" class="error" role="alert">${error ?? 'The meeting could not be joined.'}</p>
    <button part="retry" class="primary" type="button" @click=${onRetry}>Try again</button>
  </div>`;
}
