import { html } from 'lit';
import { ConnectionError, RequestError } from '../src/core/errors.js';
import { defineElement } from '../src/elements/internal/define.js';
import { WePollElement } from '../src/elements/poll/poll-element.js';
import { FakeMeetingClient, type FakeClientOptions } from './fake-meeting-client.js';
import type { FakePollSeed, FakePollsOptions } from './fake-polls.js';
import { storyArgs, type StoryArgs } from './story-args.js';

// Registered by a call rather than by importing define-all.js: bundlers drop that import
// because package.json's "sideEffects" names only the built files.
defineElement('we-poll', WePollElement);

/**
 * `<we-poll>` in every state it can show, for a host and for a participant. Each story hands
 * the element a {@link FakeMeetingClient} whose `polls` keeps polls in memory and applies the
 * server's rules, so every button works.
 */
export default {
  title: 'Elements/we-poll',
  component: 'we-poll',
};

const avatar = (colour: string) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${colour}"/><circle cx="32" cy="25" r="12" fill="#e0f2fe"/><path d="M10 60c3-14 13-20 22-20s19 6 22 20" fill="#e0f2fe"/></svg>`,
  )}`;

const BOB = { displayName: 'Bob Martin', avatarUrl: avatar('#0e7490') };
const CAROL = { displayName: 'Carol Diaz', avatarUrl: avatar('#7c3aed') };
const DAN = { displayName: 'dan.okafor@example.com' };
const EVE = { displayName: 'Eve Laurent', avatarUrl: avatar('#be123c') };

/** A named poll, open, with four ballots. */
const NAMED_OPEN: FakePollSeed = {
  id: 'lunch',
  question: 'Where should the team lunch be on Friday?',
  options: ['Pizza place', 'Noodle bar', 'Salad café'],
  state: 'open',
  ballots: [
    { voter: BOB, choices: [0] },
    { voter: CAROL, choices: [1] },
    { voter: DAN, choices: [0] },
    { voter: EVE, choices: [2] },
  ],
};

/** An anonymous several-answer poll, closed, results shared. */
const ANONYMOUS_CLOSED: FakePollSeed = {
  id: 'topics',
  question: 'Which topics should the next workshop cover?',
  options: ['Accessibility', 'Performance', 'Security', 'Testing'],
  multiple: true,
  anonymous: true,
  shareResults: true,
  state: 'closed',
  ballots: [
    { voter: BOB, choices: [0, 2] },
    { voter: CAROL, choices: [0] },
    { voter: DAN, choices: [1, 2, 3] },
    { voter: EVE, choices: [0, 3] },
    { voter: { displayName: 'Farah Khan' }, choices: [2] },
  ],
};

const DRAFT: FakePollSeed = {
  id: 'retro',
  question: 'How did this sprint go?',
  options: ['Great', 'Fine', 'Not well'],
};

function poll(args: StoryArgs | undefined, role: 'host' | 'participant', polls: FakePollsOptions = {}, options: FakeClientOptions = {}) {
  const client = new FakeMeetingClient({ state: 'joined', self: { displayName: 'Alice Smith', role }, polls, ...options });
  return html`<we-poll style="max-width: 32rem" .client=${client} ${storyArgs(args)}></we-poll>`;
}

async function clickButton(canvasElement: HTMLElement, name: string): Promise<void> {
  const element = canvasElement.querySelector('we-poll')!;
  await element.updateComplete;
  const button = [...element.shadowRoot!.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
  button?.click();
  await element.updateComplete;
}

/** A host before any poll: the New poll button. */
export const HostEmpty = {
  render: (args?: StoryArgs) => poll(args, 'host'),
};

/** A host filling in the New poll form. */
export const HostCreateForm = {
  render: (args?: StoryArgs) => poll(args, 'host'),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    await clickButton(canvasElement, 'New poll');
  },
};

/** A drafted poll waiting to be opened. */
export const HostDraft = {
  render: (args?: StoryArgs) => poll(args, 'host', { polls: [DRAFT] }),
};

/** An open named poll: live results and who chose what (names masked). */
export const HostNamedResults = {
  render: (args?: StoryArgs) => poll(args, 'host', { polls: [NAMED_OPEN] }),
};

/** A closed anonymous poll: totals only, nobody's choice. */
export const HostAnonymousResults = {
  render: (args?: StoryArgs) => poll(args, 'host', { polls: [ANONYMOUS_CLOSED] }),
};

/** A host with several polls in every state. */
export const HostSeveralPolls = {
  render: (args?: StoryArgs) => poll(args, 'host', { polls: [ANONYMOUS_CLOSED, NAMED_OPEN, DRAFT] }),
};

/** A participant while no poll is open. */
export const ParticipantNoPoll = {
  render: (args?: StoryArgs) => poll(args, 'participant', { polls: [DRAFT] }),
};

/** A participant in front of an open named poll: "the host will see your choice". */
export const ParticipantNamed = {
  render: (args?: StoryArgs) => poll(args, 'participant', { polls: [NAMED_OPEN] }),
};

/** A participant in front of an open anonymous poll with several answers. */
export const ParticipantAnonymous = {
  render: (args?: StoryArgs) => poll(args, 'participant', { polls: [{ ...ANONYMOUS_CLOSED, state: 'open', shareResults: false }] }),
};

/** Right after voting: the confirmation; results not shared. */
export const ParticipantVoted = {
  render: (args?: StoryArgs) => poll(args, 'participant', { polls: [NAMED_OPEN] }),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const element = canvasElement.querySelector('we-poll')!;
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLInputElement>('input[type="radio"]')?.click();
    await clickButton(canvasElement, 'Vote');
  },
};

/** A participant who voted, with the results the host shared. */
export const ParticipantSharedResults = {
  render: (args?: StoryArgs) => poll(args, 'participant', { polls: [{ ...NAMED_OPEN, shareResults: true, selfChoices: [1] }] }),
};

/** A closed poll the participant did not vote in; results not shared. */
export const ParticipantClosed = {
  render: (args?: StoryArgs) => poll(args, 'participant', { polls: [{ ...NAMED_OPEN, state: 'closed' }] }),
};

/** A vote the server refused: the poll was closed in the meantime. */
export const ParticipantVoteError = {
  render: (args?: StoryArgs) => poll(args, 'participant', { polls: [NAMED_OPEN], error: new RequestError('vote', 'conflict', 'the poll is not open') }),
  play: ParticipantVoted.play,
};

/** A host action that failed: the connection was lost. */
export const HostError = {
  render: (args?: StoryArgs) => poll(args, 'host', { polls: [DRAFT], error: new ConnectionError('closed', 'connection closed') }),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    await clickButton(canvasElement, 'Open poll');
  },
};

/** Outside a meeting: nothing to show yet. */
export const NotInMeeting = {
  render: (args?: StoryArgs) => html`<we-poll style="max-width: 32rem" .client=${new FakeMeetingClient()} ${storyArgs(args)}></we-poll>`,
};
