import { html, nothing, type TemplateResult } from 'lit';
import type { SessionEndReason } from '../../core/meeting-types.js';
import { msg, str } from '../internal/localize.js';
import { formatMeetingId } from './format.js';

/** Shown while the token is fetched and the client connects. */
export function connectingView(meeting: string): TemplateResult {
  return html`<div part="status" class="message-screen" role="status">
    <span part="indicator" class="indicator" aria-hidden="true"></span>
    <span>${msg('Connecting…', { id: 'meeting.connecting' })}</span>
    ${meeting ? html`<span>${msg(str`Meeting ${formatMeetingId(meeting)}`, { id: 'meeting.connecting.meeting' })}</span>` : nothing}
  </div>`;
}

function endReason(reason: SessionEndReason | undefined): string {
  switch (reason) {
    case 'removed':
      return msg('The host removed you from the meeting', { id: 'meeting.left.removed' });
    case 'meeting_ended':
      return msg('The host ended the meeting', { id: 'meeting.left.ended' });
    case 'replaced':
      return msg('You joined this meeting from another window or device.', { id: 'meeting.left.replaced' });
    case 'token_expired':
      return msg('Your session expired. Join again to continue.', { id: 'meeting.left.token-expired' });
    default:
      return msg('You left the meeting', { id: 'meeting.left' });
  }
}

/**
 * Shown after leaving, being disconnected, or having the session ended by the server
 * (`reason`: a host, a join from elsewhere, an expired token). Rejoin stays: a server that
 * refuses the ended meeting says so on the failed path.
 */
export function leftView(reason: SessionEndReason | undefined, onRejoin: () => void): TemplateResult {
  return html`<div class="message-screen">
    <h2 part="heading" class="heading">${endReason(reason)}</h2>
    <button part="rejoin" class="primary" type="button" @click=${onRejoin}>${msg('Rejoin', { id: 'meeting.left.rejoin' })}</button>
  </div>`;
}

/** Shown when an automatic join failed. */
export function failedView(error: string | undefined, onRetry: () => void): TemplateResult {
  return html`<div class="message-screen">
    <h2 part="heading" class="heading">${msg('Could not join the meeting', { id: 'meeting.failed' })}</h2>
    <p part="error" class="error" role="alert">${error ?? msg('The meeting could not be joined.', { id: 'meeting.failed.unknown' })}</p>
    <button part="retry" class="primary" type="button" @click=${onRetry}>${msg('Try again', { id: 'meeting.failed.retry' })}</button>
  </div>`;
}
