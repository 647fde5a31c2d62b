import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TemplateResult } from 'lit';
import type { WeChatElement } from '../../src/elements/chat/chat-element.js';
import * as stories from '../../stories/we-chat.stories.js';
import './we-meeting-client-config.js';

interface Story {
  render: () => TemplateResult;
  play?: (context: { canvasElement: HTMLElement }) => Promise<void>;
}

/** Renders a story into its own canvas and runs its play function, as Storybook would. */
async function show(story: Story): Promise<WeChatElement> {
  const canvasElement = await fixture<HTMLDivElement>(html`<div>${story.render()}</div>`);
  await story.play?.({ canvasElement });
  const element = canvasElement.querySelector('we-chat')!;
  await element.updateComplete;
  return element;
}

function text(element: WeChatElement): string {
  return element.shadowRoot!.textContent!.replace(/\s+/g, ' ');
}

function settledText(element: WeChatElement, expected: string): Promise<void> {
  return waitUntil(() => text(element).includes(expected), `story never showed "${expected}"`);
}

describe('we-chat stories', () => {
  it('Empty and Conversation render, the latter with masked names and a private exchange', async () => {
    await settledText(await show(stories.Empty), 'No messages yet');
    const conversation = await show(stories.Conversation);
    await settledText(conversation, 'c***@example.com');
    expect(text(conversation)).not.to.contain('carol.diaz');
    expect(conversation.shadowRoot!.querySelectorAll('[part~="private"]')).to.have.length(2);
    await expect(conversation).to.be.accessible();
  });

  it('Undecryptable and LongMessageWithLinks show their notices and links', async () => {
    await settledText(await show(stories.Undecryptable), 'could not be decrypted');
    const long = await show(stories.LongMessageWithLinks);
    expect(long.shadowRoot!.querySelectorAll('[part="text"] a')).to.have.length(3);
    expect(long.shadowRoot!.querySelector('img')).to.equal(null);
  });

  it('Connecting, NotReady, SendError and TooLong explain why nothing was sent', async () => {
    await settledText(await show(stories.Connecting), 'Joining the meeting');
    await settledText(await show(stories.NotReady), 'Setting up end-to-end encryption');
    const failed = await show(stories.SendError);
    await settledText(failed, 'too quickly');
    expect(failed.shadowRoot!.querySelector('textarea')!.value).to.contain('One more thing');
    await settledText(await show(stories.TooLong), 'too long to send');
  });

  it('SafetyNumberShown, ManyParticipants and NextToMeeting show their states', async () => {
    const safety = await show(stories.SafetyNumberShown);
    await waitUntil(() => safety.shadowRoot!.querySelector('[part="safety-number"]'), 'no safety number');
    const many = await show(stories.ManyParticipants);
    const picker = many.shadowRoot!.querySelector<HTMLSelectElement>('[part="recipient"] select')!;
    expect(picker.options).to.have.length(23);
    expect(picker.value).to.equal('p9');
    await settledText(await show(stories.NextToMeeting), 'Agenda is in the doc');
  });

  it('UnreadWhileScrolledAway counts the new messages', async () => {
    await settledText(await show(stories.UnreadWhileScrolledAway), '2 new messages');
  });
});
