import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { NamedBallot, Poll } from '../../core/polls/poll-types.js';
import { maskPersonalData } from '../../core/masking.js';
import { msg, str } from '../internal/localize.js';
import { chosenOptions, percentage, voters, votes } from './poll-format.js';

/**
 * A poll's results: how many voted, and a bar per option with its count and its share of the
 * voters (several-answer polls can add up to more than 100 %). Nothing when the results are
 * not visible to this participant.
 */
export function pollResults(poll: Poll, domId: string): TemplateResult | typeof nothing {
  const results = poll.results;
  if (results === null) return nothing;
  return html`<div part="results">
    <p class="total">
      ${voters(results.voters)}${poll.multiple && results.voters > 0
        ? html`<span class="muted"> · ${msg('several answers allowed', { id: 'poll.results.several' })}</span>`
        : nothing}
    </p>
    <ul class="bars">
      ${poll.options.map((option, index) => {
        const count = results.counts[index] ?? 0;
        const share = percentage(count, results.voters);
        const labelId = `${domId}-option-${index}`;
        return html`<li>
          <div class="bar-label">
            <span id=${labelId}>${option}</span>
            <span class="count">${msg(str`${votes(count)} · ${share}%`, { id: 'poll.results.count' })}</span>
          </div>
          <div
            part="bar"
            class="bar"
            role="meter"
            aria-labelledby=${labelId}
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=${share}
            aria-valuetext=${msg(str`${votes(count)}, ${share}%`, { id: 'poll.results.value' })}
          >
            <div class="fill" style=${styleMap({ width: `${share}%` })}></div>
          </div>
        </li>`;
      })}
    </ul>
  </div>`;
}

/** Who chose what in a named poll: only hosts receive ballots. Names are masked. */
export function voterList(poll: Poll, domId: string): TemplateResult | typeof nothing {
  const ballots = poll.ballots;
  if (poll.anonymous || ballots === undefined) return nothing;
  const headingId = `${domId}-voters`;
  return html`<section class="voters" aria-labelledby=${headingId}>
    <h4 id=${headingId} part="heading">${msg('Who voted', { id: 'poll.results.who' })}</h4>
    ${ballots.length === 0
      ? html`<p class="muted">${msg('Nobody has voted yet.', { id: 'poll.results.nobody' })}</p>`
      : html`<ul part="voters">
          ${ballots.map((ballot) => voter(poll, ballot))}
        </ul>`}
  </section>`;
}

function voter(poll: Poll, ballot: NamedBallot): TemplateResult {
  const name = maskPersonalData(ballot.displayName);
  return html`<li>
    ${ballot.avatarUrl
      ? html`<img part="avatar" class="avatar" src=${ballot.avatarUrl} alt="" width="28" height="28" />`
      : html`<span part="avatar" class="avatar initial" aria-hidden="true">${initial(name)}</span>`}
    <span>${name}</span><span class="visually-hidden">${msg(': ', { id: 'poll.results.chose', desc: 'Between a voter and their choices.' })}</span>
    <span class="choice">${chosenOptions(poll, ballot.choices)}</span>
  </li>`;
}

function initial(name: string): string {
  return [...name.trim()][0]?.toLocaleUpperCase() ?? '?';
}
