import { html, nothing, type TemplateResult } from 'lit';
import type { PollBallotRecord, PollRecord } from '../../core/records/index.js';
import { maskPersonalData } from '../../protocol/index.js';

const STATES: Record<PollRecord['state'], string> = { draft: 'Draft, never opened', open: 'Open', closed: 'Closed' };

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Share of the voters who chose an option, as a whole percentage (0 with no voters). */
function share(count: number, voters: number): number {
  return voters > 0 ? Math.round((count / voters) * 100) : 0;
}

/** The options a ballot chose, in option order. */
function chosen(poll: PollRecord, ballot: PollBallotRecord): string {
  const choices = [...ballot.choices].sort((a, b) => a - b);
  return choices.length === 0 ? '—' : choices.map((choice) => poll.options[choice] ?? `Option ${choice + 1}`).join(', ');
}

/**
 * "Polls" of a meeting's details: each poll's question, kind, state and tally, and for a named
 * poll who chose what (names masked). An anonymous poll shows its tally and nothing else, even
 * if a record named its voters.
 */
export function meetingPolls(polls: readonly PollRecord[]): TemplateResult {
  return html`<section part="polls" class="polls" aria-labelledby="polls-heading">
    <h3 id="polls-heading" part="heading">Polls</h3>
    ${polls.length === 0 ? html`<p class="muted">No polls in this meeting.</p>` : polls.map(pollResults)}
  </section>`;
}

function pollResults(poll: PollRecord, index: number): TemplateResult {
  const id = `poll-${index}`;
  return html`<article class="poll" aria-labelledby=${`${id}-question`}>
    <h4 id=${`${id}-question`}>${poll.question}</h4>
    <ul class="facts">
      <li>${poll.anonymous ? 'Anonymous' : 'Named'}</li>
      <li>${poll.multiple ? 'Several answers' : 'One answer'}</li>
      <li>${STATES[poll.state] ?? poll.state}</li>
      <li>${poll.voters === 0 ? 'No votes' : plural(poll.voters, 'voter', 'voters')}</li>
    </ul>
    <table part="table">
      <caption class="visually-hidden">
        Votes per option for “${poll.question}”${poll.multiple ? ' (several answers allowed, so shares can add up to more than 100%)' : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Option</th>
          <th scope="col" class="number">Votes</th>
          <th scope="col" class="number">Share of voters</th>
        </tr>
      </thead>
      <tbody>
        ${poll.options.map((option, choice) => {
          const count = poll.counts[choice] ?? 0;
          return html`<tr>
            <th scope="row">${option}</th>
            <td class="number">${count}</td>
            <td class="number">${share(count, poll.voters)}%</td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${poll.anonymous ? html`<p class="muted">Anonymous poll: its record holds the tally only, never who voted for what.</p>` : ballots(poll)}
  </article>`;
}

function ballots(poll: PollRecord): TemplateResult {
  const cast = poll.ballots ?? [];
  // Voters who deleted their data stay in the tally without a ballot.
  const unnamed = poll.voters - cast.length;
  return html`${cast.length === 0
      ? nothing
      : html`<table part="table" class="ballots">
          <caption class="visually-hidden">Who chose what for “${poll.question}”, in the order the votes were cast</caption>
          <thead>
            <tr>
              <th scope="col">Voter</th>
              <th scope="col">Chose</th>
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
      ? html`<p class="muted">${plural(unnamed, 'voter', 'voters')} deleted their data: counted above, not named.</p>`
      : nothing}`;
}
