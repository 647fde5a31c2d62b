import { html, type TemplateResult } from 'lit';
import { LazyModule } from '../internal/lazy.js';
import { msg } from '../internal/localize.js';

/** Id of the Polls heading, in every view. */
export const POLLS_HEADING_ID = 'polls-heading';
/** Id of a host's New poll button. */
export const NEW_POLL_ID = 'new-poll';

/**
 * What `<we-poll>` does and shows once it has a client (a meeting's polls, the host's form, the
 * ballots), loaded then: see `poll-view.ts`.
 */
export const POLL_VIEWS = new LazyModule('poll views', () => import('./poll-lazy-views.js'));

/** What the element shows outside a meeting (and before it has a client at all). */
export function outsideMeeting(): TemplateResult {
  return html`<section part="polls" aria-labelledby=${POLLS_HEADING_ID}>
    <div class="header"><h2 id=${POLLS_HEADING_ID} part="heading">${msg('Polls', { id: 'poll.heading' })}</h2></div>
    <p part="empty" class="muted">${msg('Polls appear here during a meeting.', { id: 'poll.no-meeting' })}</p>
  </section>`;
}
