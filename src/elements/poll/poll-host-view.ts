import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Poll } from '../../core/polls/poll-types.js';
import { msg } from '../internal/localize.js';
import { describeError } from './poll-format.js';
import { pollForm, type PollFormProps } from './poll-form.js';
import { privacyLabel, stateLabel } from './poll-labels.js';
import { pollResults, voterList } from './poll-results.js';

import { NEW_POLL_ID, POLLS_HEADING_ID } from './poll-modules.js';

export { NEW_POLL_ID, POLLS_HEADING_ID };

export interface HostViewProps {
  /** Oldest first, as the client lists them; shown newest first. */
  polls: readonly Poll[];
  /** The New poll form, when open. */
  form: PollFormProps | undefined;
  /** Polls with a call on its way. */
  pending: ReadonlySet<string>;
  /** The last failed call of each poll. */
  errors: ReadonlyMap<string, unknown>;
  /** The poll whose deletion waits for confirmation. */
  confirmDelete: string | undefined;
  domId: (pollId: string) => string;
  onNew: () => void;
  onOpen: (pollId: string) => void;
  onClose: (pollId: string) => void;
  onShare: (pollId: string, shared: boolean) => void;
  onAskDelete: (pollId: string) => void;
  onDelete: (pollId: string) => void;
  onKeep: (pollId: string) => void;
}

/** A host's view: the New poll button or form, then every poll with its results and controls. */
export function hostView(props: HostViewProps): TemplateResult {
  const newestFirst = [...props.polls].reverse();
  return html`<section part="polls" aria-labelledby=${POLLS_HEADING_ID}>
    <div class="header">
      <h2 id=${POLLS_HEADING_ID} part="heading">${msg('Polls', { id: 'poll.heading' })}</h2>
      ${props.form === undefined
        ? html`<button type="button" id=${NEW_POLL_ID} part="new" class="primary" @click=${props.onNew}>
            ${msg('New poll', { id: 'poll.new' })}
          </button>`
        : nothing}
    </div>
    ${props.form === undefined ? nothing : pollForm(props.form)}
    ${newestFirst.length === 0
      ? html`<p part="empty" class="muted">${msg('No polls yet. Create one to ask everyone a question.', { id: 'poll.host.empty' })}</p>`
      : html`<ol part="list" class="list">
          ${repeat(newestFirst, (poll) => poll.id, (poll) => html`<li>${hostPoll(poll, props)}</li>`)}
        </ol>`}
  </section>`;
}

function hostPoll(poll: Poll, props: HostViewProps): TemplateResult {
  const id = props.domId(poll.id);
  const questionId = `${id}-q`;
  const busy = props.pending.has(poll.id);
  const error = props.errors.get(poll.id);
  return html`<article part="poll" class="poll" data-poll-id=${poll.id} aria-labelledby=${questionId} aria-busy=${busy ? 'true' : 'false'}>
    <h3 id=${questionId} part="heading" tabindex="-1">${poll.question}</h3>
    <ul class="meta">
      <li><span part="state" class="state ${poll.state}">${stateLabel(poll.state)}</span></li>
      <li><span part="privacy" class="privacy">${privacyLabel(poll)}</span></li>
      <li>${poll.multiple ? msg('Several answers', { id: 'poll.several-answers' }) : msg('One answer', { id: 'poll.one-answer' })}</li>
      <li>
        ${poll.resultsShared
          ? msg('Results shared with participants', { id: 'poll.host.shared' })
          : msg('Results for hosts only', { id: 'poll.host.not-shared' })}
      </li>
    </ul>
    ${poll.state === 'draft'
      ? html`<ol class="draft-options" aria-label=${msg('Options', { id: 'poll.form.options' })}>
          ${poll.options.map((option) => html`<li>${option}</li>`)}
        </ol>`
      : html`${pollResults(poll, id)} ${voterList(poll, id)}`}
    ${props.confirmDelete === poll.id ? deleteConfirmation(poll, id, busy, props) : controls(poll, questionId, busy, props)}
    ${error === undefined ? nothing : html`<p part="error" class="error" role="alert">${describeError(error, 'manage')}</p>`}
  </article>`;
}

function controls(poll: Poll, questionId: string, busy: boolean, props: HostViewProps): TemplateResult {
  return html`<div class="actions">
    ${poll.state === 'draft'
      ? html`<button type="button" part="control" class="primary" data-action="open" aria-describedby=${questionId} ?disabled=${busy} @click=${() => props.onOpen(poll.id)}>
          ${msg('Open poll', { id: 'poll.host.open' })}
        </button>`
      : nothing}
    ${poll.state === 'open'
      ? html`<button type="button" part="control" data-action="close" aria-describedby=${questionId} ?disabled=${busy} @click=${() => props.onClose(poll.id)}>
          ${msg('Close poll', { id: 'poll.host.close' })}
        </button>`
      : nothing}
    <button
      type="button"
      part="control"
      data-action="share"
      aria-pressed=${poll.resultsShared ? 'true' : 'false'}
      aria-describedby=${questionId}
      ?disabled=${busy}
      @click=${() => props.onShare(poll.id, !poll.resultsShared)}
    >
      ${msg('Share results', { id: 'poll.host.share' })}
    </button>
    <button type="button" part="control" data-action="delete" aria-describedby=${questionId} ?disabled=${busy} @click=${() => props.onAskDelete(poll.id)}>
      ${msg('Delete', { id: 'poll.host.delete' })}
    </button>
  </div>`;
}

function deleteConfirmation(poll: Poll, id: string, busy: boolean, props: HostViewProps): TemplateResult {
  const textId = `${id}-confirm`;
  return html`<div class="confirm" role="group" aria-labelledby=${textId}>
    <p id=${textId}>${msg('Delete this poll and its results? This cannot be undone.', { id: 'poll.host.delete-question' })}</p>
    <div class="actions">
      <button type="button" part="control" class="danger" data-action="confirm-delete" ?disabled=${busy} @click=${() => props.onDelete(poll.id)}>
        ${msg('Delete poll', { id: 'poll.host.confirm-delete' })}
      </button>
      <button type="button" part="control" data-action="keep" ?disabled=${busy} @click=${() => props.onKeep(poll.id)}>
        ${msg('Keep poll', { id: 'poll.host.keep' })}
      </button>
    </div>
  </div>`;
}
