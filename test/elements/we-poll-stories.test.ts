import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { WePollElement } from '../../src/elements/poll/poll-element.js';
import * as stories from '../../stories/we-poll.stories.js';

interface Story {
  render: () => TemplateResult;
  play?: (context: { canvasElement: HTMLElement }) => Promise<void>;
}

/** Renders a story into its own canvas and runs its play function, as Storybook would. */
async function show(story: Story): Promise<WePollElement> {
  const canvasElement = await fixture<HTMLDivElement>(html`<div>${story.render()}</div>`);
  await story.play?.({ canvasElement });
  return canvasElement.querySelector('we-poll')!;
}

function settledText(element: WePollElement, expected: string): Promise<void> {
  return waitUntil(() => element.shadowRoot!.textContent!.replace(/\s+/g, ' ').includes(expected), `story never showed "${expected}"`);
}

const EXPECTED: Record<string, string> = {
  HostEmpty: 'No polls yet',
  HostCreateForm: 'Create poll',
  HostDraft: 'Open poll',
  HostNamedResults: 'Who voted',
  HostAnonymousResults: '5 voters',
  HostSeveralPolls: 'Close poll',
  ParticipantNoPoll: 'No poll is open right now',
  ParticipantNamed: 'the host will see your choice',
  ParticipantAnonymous: 'nobody, not even the host, can see your choice',
  ParticipantVoted: 'your vote was counted',
  ParticipantSharedResults: '5 voters',
  ParticipantClosed: 'This poll closed before you voted',
  ParticipantVoteError: 'the poll is closed or you have already voted',
  HostError: 'connection to the meeting was lost',
  NotInMeeting: 'Polls appear here during a meeting',
};

describe('we-poll stories', () => {
  const named = Object.entries(stories).filter(([name]) => name !== 'default') as [string, Story][];

  it('every story has an expectation here', () => {
    expect(named.map(([name]) => name).sort()).to.deep.equal(Object.keys(EXPECTED).sort());
  });

  for (const [name, story] of named) {
    it(`${name} shows its state and is accessible`, async () => {
      const element = await show(story);
      await settledText(element, EXPECTED[name]!);
      await expect(element).to.be.accessible();
    });
  }
});
