import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Poll } from '../../core/polls/poll-types.js';
import { msg, str } from '../internal/localize.js';
import { chosenOptions, describeError } from './poll-format.js';
import { privacyLabel, stateLabel } from './poll-labels.js';
import { POLLS_HEADING_ID } from './poll-host-view.js';
import { pollResults } from './poll-results.js';

export interface ParticipantViewProps {
  /** Oldest first, as the client lists them; open polls are shown first, then newest first. */
  polls: readonly Poll[];
  /** The options ticked so far, per poll. */
  selections: ReadonlyMap<string, readonly number[]>;
  /** The choices of ballots cast from this element (the server never sends them back). */
  ownChoices: ReadonlyMap<string, readonly number[]>;
  /** Polls with a vote on its way. */
  pending: ReadonlySet<string>;
  /** Why a poll's Vote did not go through: a message of the element's (asked at render time) or a failed call. */
  problems: ReadonlyMap<string, () => string>;
  errors: ReadonlyMap<string, unknown>;
  domId: (pollId: string) => string;
  onSelect: (pollId: string, index: number, selected: boolean) => void;
  onVote: (pollId: string) => void;
}

/** What a participant sees: every open poll to vote in, then the closed ones. */
export function participantView(props: ParticipantViewProps): TemplateResult {
  const shown = [...props.polls].filter((poll) => poll.state !== 'draft').reverse();
  shown.sort((a, b) => Number(b.state === 'open') - Number(a.state === 'open'));
  return html`<section part="polls" aria-labelledby=${POLLS_HEADING_ID}>
    <div class="header"><h2 id=${POLLS_HEADING_ID} part="heading">${msg('Polls', { id: 'poll.heading' })}</h2></div>
    ${shown.length === 0
      ? html`<p part="empty" class="muted">
          ${msg('No poll is open right now. When a host opens one, it appears here.', { id: 'poll.vote.empty' })}
        </p>`
      : html`<ol part="list" class="list">
          ${repeat(shown, (poll) => poll.id, (poll) => html`<li>${participantPoll(poll, props)}</li>`)}
        </ol>`}
  </section>`;
}

/** The privacy of a poll in the words a voter needs before voting. */
function privacyNote(poll: Poll, id: string): TemplateResult {
  return html`<p id=${id} part="privacy" class="privacy">
    ${poll.anonymous
      ? msg(html`<strong>Anonymous</strong> — nobody, not even the host, can see your choice.`, { id: 'poll.vote.anonymous' })
      : msg(html`<strong>Named</strong> — the host will see your choice.`, { id: 'poll.vote.named' })}
  </p>`;
}

function participantPoll(poll: Poll, props: ParticipantViewProps): TemplateResult {
  const id = props.domId(poll.id);
  const questionId = `${id}-q`;
  const canVote = poll.state === 'open' && !poll.voted && !props.ownChoices.has(poll.id);
  return html`<article part="poll" class="poll" data-poll-id=${poll.id} aria-labelledby=${questionId}>
    ${canVote ? ballot(poll, id, props) : outcome(poll, id, props)}
  </article>`;
}

function ballot(poll: Poll, id: string, props: ParticipantViewProps): TemplateResult {
  const busy = props.pending.has(poll.id);
  const selected = new Set(props.selections.get(poll.id) ?? []);
  const problem = props.problems.get(poll.id);
  const error = props.errors.get(poll.id);
  const message = problem?.() ?? (error === undefined ? undefined : describeError(error, 'vote'));
  const problemId = `${id}-problem`;
  const describedBy = [`${id}-privacy`, `${id}-hint`, message === undefined ? undefined : problemId].filter(Boolean).join(' ');
  return html`<form
    class="ballot"
    novalidate
    @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      props.onVote(poll.id);
    }}
  >
    <fieldset aria-describedby=${describedBy}>
      <legend><h3 id=${`${id}-q`} part="heading">${poll.question}</h3></legend>
      ${privacyNote(poll, `${id}-privacy`)}
      <p id=${`${id}-hint`} class="hint">
        ${poll.multiple
          ? msg('Choose one or more options.', { id: 'poll.vote.choose-several' })
          : msg('Choose one option.', { id: 'poll.vote.choose-one' })}
        ${msg('Your vote is final: it cannot be changed once cast.', { id: 'poll.vote.final' })}
      </p>
      <ul class="choices">
        ${poll.options.map(
          (option, index) => html`<li>
            <label class="check">
              <input
                type=${poll.multiple ? 'checkbox' : 'radio'}
                name=${`${id}-choice`}
                .checked=${selected.has(index)}
                ?disabled=${busy}
                @change=${(event: Event) => props.onSelect(poll.id, index, (event.target as HTMLInputElement).checked)}
              />
              <span>${option}</span>
            </label>
          </li>`,
        )}
      </ul>
    </fieldset>
    ${message === undefined ? nothing : html`<p id=${problemId} part="error" class="error" role="alert">${message}</p>`}
    <div class="actions">
      <button type="submit" part="vote" class="primary" ?disabled=${busy}>
        ${busy ? msg('Voting…', { id: 'poll.vote.voting' }) : msg('Vote', { id: 'poll.vote' })}
      </button>
    </div>
  </form>`;
}

function outcome(poll: Poll, id: string, props: ParticipantViewProps): TemplateResult {
  const own = props.ownChoices.get(poll.id);
  const voted = poll.voted || own !== undefined;
  return html`<h3 id=${`${id}-q`} part="heading">${poll.question}</h3>
    <ul class="meta">
      <li><span part="state" class="state ${poll.state}">${stateLabel(poll.state)}</span></li>
      <li><span part="privacy" class="privacy">${privacyLabel(poll)}</span></li>
    </ul>
    ${voted
      ? html`<p part="confirmation" class="confirmation" tabindex="-1">
          ${msg('Thank you — your vote was counted.', { id: 'poll.vote.counted' })}${own === undefined
            ? nothing
            : html` ${msg(str`You chose: ${chosenOptions(poll, own)}.`, { id: 'poll.vote.chose' })}`}
        </p>`
      : html`<p class="muted">${msg('This poll closed before you voted.', { id: 'poll.vote.missed' })}</p>`}
    ${poll.results === null
      ? html`<p class="muted">
          ${poll.state === 'open'
            ? msg('Results appear here if the host shares them.', { id: 'poll.vote.results-later' })
            : msg('The host has not shared the results.', { id: 'poll.vote.results-withheld' })}
        </p>`
      : html`<h4>${msg('Results', { id: 'poll.vote.results' })}</h4>${pollResults(poll, id)}`}`;
}
