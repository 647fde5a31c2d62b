import { html, nothing, type TemplateResult } from 'lit';
import type { PollBallotRecord, PollRecord } from '../../core/records/index.js';
import { maskPersonalData } from '../../core/masking.js';
import { formatNumber, msg, str } from '../internal/localize.js';
import { chosenOptions, percentage } from '../poll/poll-format.js';

function stateLabel(state: PollRecord['state']): string {
  switch (state) {
    case 'draft':
      return msg('Draft, never opened', { id: 'history.poll.draft' });
    case 'open':
      return msg('Open', { id: 'history.poll.open' });
    case 'closed':
      return msg('Closed', { id: 'history.poll.closed' });
    default:
      return state;
  }
}

/** `1 voter`, `3 voters`. */
function voters(count: number): string {
  const shown = formatNumber(count);
  return count === 1 ? msg(str`${shown} voter`, { id: 'history.poll.voters.one' }) : msg(str`${shown} voters`, { id: 'history.poll.voters.other' });
}

/** The options a ballot chose, in option order. */
function chosen(poll: PollRecord, ballot: PollBallotRecord): string {
  return ballot.choices.length === 0 ? '—' : chosenOptions(poll, ballot.choices);
}

/**
 * "Polls" of a meeting's details: each poll's question, kind, state and tally, and for a named
 * poll who chose what (names masked). An anonymous poll shows its tally and nothing else, even
 * if a record named its voters.
 */
export function meetingPolls(polls: readonly PollRecord[]): TemplateResult {
  return html`<section part="polls" class="polls" aria-labelledby="polls-heading">
    <h3 id="polls-heading" part="heading">${msg('Polls', { id: 'history.polls' })}</h3>
    ${polls.length === 0 ? html`<p class="muted">${msg('No polls in this meeting.', { id: 'history.polls.none' })}</p>` : polls.map(pollResults)}
  </section>`;
}

function pollResults(poll: PollRecord, index: number): TemplateResult {
  const id = `poll-${index}`;
  return html`<article class="poll" aria-labelledby=${`${id}-question`}>
    <h4 id=${`${id}-question`}>${poll.question}</h4>
    <ul class="facts">
      <li>${poll.anonymous ? msg('Anonymous', { id: 'history.poll.anonymous' }) : msg('Named', { id: 'history.poll.named' })}</li>
      <li>
        ${poll.multiple ? msg('Several answers', { id: 'history.poll.several' }) : msg('One answer', { id: 'history.poll.one' })}
      </li>
      <li>${stateLabel(poll.state)}</li>
      <li>${poll.voters === 0 ? msg('No votes', { id: 'history.poll.no-votes' }) : voters(poll.voters)}</li>
    </ul>
    <table part="table">
      <caption class="visually-hidden">
        ${poll.multiple
          ? msg(str`Votes per option for “${poll.question}” (several answers allowed, so shares can add up to more than 100%)`, {
              id: 'history.poll.caption.several',
            })
          : msg(str`Votes per option for “${poll.question}”`, { id: 'history.poll.caption' })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${msg('Option', { id: 'history.poll.option' })}</th>
          <th scope="col" class="number">${msg('Votes', { id: 'history.poll.votes' })}</th>
          <th scope="col" class="number">${msg('Share of voters', { id: 'history.poll.share' })}</th>
        </tr>
      </thead>
      <tbody>
        ${poll.options.map((option, choice) => {
          const count = poll.counts[choice] ?? 0;
          return html`<tr>
            <th scope="row">${option}</th>
            <td class="number">${formatNumber(count)}</td>
            <td class="number">${percentage(count, poll.voters)}%</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${poll.anonymous
      ? html`<p class="muted">
          ${msg('Anonymous poll: its record holds the tally only, never who voted for what.', { id: 'history.poll.anonymous-note' })}
        </p>`
      : ballots(poll)}
  </article>`;
}

function ballots(poll: PollRecord): TemplateResult {
  const cast = poll.ballots ?? [];
  // Voters who deleted their data stay in the tally without a ballot.
  const unnamed = poll.voters - cast.length;
  return html`${cast.length === 0
      ? nothing
      : html`<table part="table" class="ballots">
          <caption class="visually-hidden">
            ${msg(str`Who chose what for “${poll.question}”, in the order the votes were cast`, { id: 'history.poll.ballots-caption' })}
          </caption>
          <thead>
            <tr>
              <th scope="col">${msg('Voter', { id: 'history.poll.voter' })}</th>
              <th scope="col">${msg('Chose', { id: 'history.poll.chose' })}</th>
            </tr>
          </thead>
          <tbody>
            ${cast.map(
              (ballot) => html`<tr>
                <th scope="row">${maskPersonalData(ballot.displayName)}</th>
                <td>${chosen(poll, ballot)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}
    ${unnamed > 0
      ? html`<p class="muted">
          ${unnamed === 1
            ? msg(str`${formatNumber(unnamed)} voter deleted their data: counted above, not named.`, { id: 'history.poll.unnamed.one' })
            : msg(str`${formatNumber(unnamed)} voters deleted their data: counted above, not named.`, { id: 'history.poll.unnamed.other' })}
        </p>`
      : nothing}`;
}
