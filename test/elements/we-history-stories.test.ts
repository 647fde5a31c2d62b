import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { WeHistoryElement } from '../../src/elements/history/history-element.js';
import * as stories from '../../stories/we-history.stories.js';

interface Story {
  render: () => TemplateResult;
  play?: (context: { canvasElement: HTMLElement }) => Promise<void>;
}

/** Renders a story into its own canvas and runs its play function, as Storybook would. */
async function show(story: Story): Promise<WeHistoryElement> {
  const canvasElement = await fixture<HTMLDivElement>(html`<div>${story.render()}</div>`);
  await story.play?.({ canvasElement });
  return canvasElement.querySelector('we-history')!;
}

function settledText(element: WeHistoryElement, expected: string): Promise<void> {
  return waitUntil(() => element.shadowRoot!.textContent!.includes(expected), `story never showed "${expected}"`);
}

describe('we-history stories', () => {
  it('List shows a page of meetings with Load more', async () => {
    const element = await show(stories.List);
    await settledText(element, 'Load more');
    expect(element.shadowRoot!.querySelectorAll('section[part="meetings"] tbody tr')).to.have.length(2);
  });

  it('the recording stories show a ready, a rendering, an interrupted and a failed recording', async () => {
    const ready = await show(stories.RecordingReady);
    await waitUntil(() => ready.shadowRoot!.querySelector('video[part="player"]') !== null, 'no player');
    await settledText(await show(stories.RecordingRendering), 'Preparing the video: 45%');
    await settledText(await show(stories.RecordingInterrupted), 'Interrupted');
    await settledText(await show(stories.RecordingFailed), 'The video could not be made');
  });

  it('the smart recording stories show processing, ready, failed and no transcript', async () => {
    await settledText(await show(stories.SmartProcessing), 'Transcribing, 45%');
    const ready = await show(stories.SmartReady);
    await waitUntil(() => ready.shadowRoot!.querySelectorAll('[part~="smart-line"]').length === 13, 'no transcript');
    for (const part of ['smart-chapters', 'smart-speakers', 'smart-minutes', 'smart-topics', 'smart-exports']) {
      expect(ready.shadowRoot!.querySelector(`[part="${part}"]`), part).not.to.equal(null);
    }
    await settledText(await show(stories.SmartFailed), 'out of memory');
    await settledText(await show(stories.SmartWithoutTranscript), 'The transcript is unavailable');
  });

  it('SmartFailed queues the smart recording again with Try again', async () => {
    const element = await show(stories.SmartFailed);
    await waitUntil(() => element.shadowRoot!.querySelector('button[part="smart-retry"]') !== null, 'no Try again');
    element.shadowRoot!.querySelector<HTMLButtonElement>('button[part="smart-retry"]')!.click();
    await settledText(element, 'waiting to start');
  });

  it('Details opens a meeting with masked names', async () => {
    const element = await show(stories.Details);
    await settledText(element, 'b***@example.com');
    expect(element.shadowRoot!.textContent).not.to.contain('bob.martin');
  });

  it('Details shows a named poll with its voters and an anonymous one with its tally only', async () => {
    const element = await show(stories.Details);
    await settledText(element, 'Which day suits the offsite?');
    const [named, anonymous] = element.shadowRoot!.querySelectorAll('section[part="polls"] article');
    expect(named!.querySelectorAll('table')).to.have.length(2);
    expect(named!.textContent).to.contain('Carol 138****8000');
    expect(anonymous!.querySelector('h4')!.textContent).to.equal('How confident are you in the release date?');
    expect(anonymous!.querySelectorAll('table')).to.have.length(1);
  });

  it('Empty, SessionExpired, ServerError and Loading show their states', async () => {
    await settledText(await show(stories.Empty), 'No meetings yet');
    await settledText(await show(stories.SessionExpired), 'Your session has expired or is invalid');
    await settledText(await show(stories.ServerError), 'internal server error');
    await settledText(await show(stories.Loading), 'Loading your meetings');
  });
});
