import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import { REACTIONS, type WeMeetingElement } from '../../src/index.js';
import { FakeMeetingClient } from './fake-client.js';
import './we-meeting-client-config.js';
import { button, joinedMeeting, query, queryAll } from './helpers.js';

function gusMeeting() {
  return joinedMeeting({
    self: { displayName: 'Alice', camera: false },
    participants: [{ id: 'gus', displayName: 'Gus', camera: false }],
  });
}

function reactionOf(element: WeMeetingElement, participantId: string): HTMLElement {
  return query(element, `[data-participant-id="${participantId}"] [part="reaction"]`)!;
}

function pressEscape(target: Element): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true, cancelable: true }));
}

describe('<we-meeting> raised hand', () => {
  it('Raise hand calls client.setHandRaised(true) and flips to Lower hand', async () => {
    const { element, client } = await gusMeeting();
    button(element, 'Raise hand')!.click();
    await waitUntil(() => button(element, 'Lower hand'), 'button not flipped');
    expect(client.callsOf('setHandRaised')).to.deep.equal([[true]]);
    button(element, 'Lower hand')!.click();
    await waitUntil(() => button(element, 'Raise hand'), 'button not flipped back');
    expect(client.callsOf('setHandRaised')).to.deep.equal([[true], [false]]);
  });

  it('shows a raised hand on the tile as an icon with the text Hand raised', async () => {
    const { element, client } = await gusMeeting();
    expect(query(element, '[data-participant-id="gus"] [part="hand"]')).to.equal(null);
    client.updateParticipant('gus', { handRaised: true });
    await element.updateComplete;
    const hand = query(element, '[data-participant-id="gus"] [part="hand"]')!;
    expect(hand.textContent!.trim()).to.equal('Hand raised');
    expect(hand.querySelector('svg')!.getAttribute('aria-hidden')).to.equal('true');
  });

  it('is accessible with a raised hand and a reaction showing', async () => {
    const { element, client } = await gusMeeting();
    client.updateParticipant('gus', { handRaised: true });
    client.sendReaction('gus', '🎉');
    await element.updateComplete;
    await expect(element).to.be.accessible();
  });
});

describe('<we-meeting> reactions', () => {
  it('shows a reaction on the sender’s tile in a polite live region, then removes it', async () => {
    const { element, client } = await gusMeeting();
    element.reactionDuration = 40;
    const region = reactionOf(element, 'gus');
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.textContent!.trim()).to.equal('');
    client.sendReaction('gus', '👏');
    await element.updateComplete;
    expect(reactionOf(element, 'gus').textContent).to.contain('Gus reacted 👏');
    expect(reactionOf(element, 'self').textContent!.trim()).to.equal('');
    await waitUntil(() => reactionOf(element, 'gus').textContent!.trim() === '', 'reaction still shown', { timeout: 500 });
  });

  it('shows the reaction for three seconds by default', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting></we-meeting>`);
    expect(element.reactionDuration).to.equal(3000);
  });

  it('opens a Reactions menu with one button per reaction, focused, that calls client.react()', async () => {
    const { element, client } = await gusMeeting();
    const toggle = button(element, 'Reactions')!;
    toggle.click();
    await element.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    const choices = queryAll<HTMLButtonElement>(element, '[part="reactions"] button');
    expect(choices.map((choice) => choice.getAttribute('aria-label'))).to.deep.equal(REACTIONS.map((r) => `React ${r}`));
    await waitUntil(() => element.shadowRoot!.activeElement === choices[0], 'focus not in the menu');
    query<HTMLButtonElement>(element, 'button[aria-label="React 👏"]')!.click();
    await waitUntil(() => client.callsOf('react').length > 0);
    expect(client.callsOf('react')).to.deep.equal([['👏']]);
    await element.updateComplete;
    expect(query(element, '[part="reactions"]')!.hidden).to.equal(true);
    expect(reactionOf(element, 'self').textContent).to.contain('You reacted 👏');
  });

  it('closes the Reactions menu on Escape, focus back on its button', async () => {
    const { element } = await gusMeeting();
    button(element, 'Reactions')!.click();
    await element.updateComplete;
    pressEscape(query(element, 'button[aria-label="React 👍"]')!);
    await element.updateComplete;
    expect(query(element, '[part="reactions"]')!.hidden).to.equal(true);
    expect(button(element, 'Reactions')!.getAttribute('aria-expanded')).to.equal('false');
    await waitUntil(() => element.shadowRoot!.activeElement === button(element, 'Reactions'), 'focus not back');
  });

  it('clears the reaction timers when removed from the page', async () => {
    const { element, client } = await gusMeeting();
    const started: unknown[] = [];
    const cleared: unknown[] = [];
    const { setTimeout: originalSet, clearTimeout: originalClear } = window;
    window.setTimeout = ((handler: TimerHandler, timeout?: number) => {
      const id = originalSet(handler, timeout);
      if (timeout === element.reactionDuration) started.push(id);
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = ((id?: number) => {
      cleared.push(id);
      originalClear(id);
    }) as typeof window.clearTimeout;
    try {
      client.sendReaction('gus', '😮');
      expect(started).to.have.length(1);
      element.remove();
      expect(cleared).to.include(started[0]);
    } finally {
      window.setTimeout = originalSet;
      window.clearTimeout = originalClear;
    }
  });
});

describe('<we-meeting> left screen', () => {
  it('says the host removed you when endReason is removed, and keeps Rejoin', async () => {
    const { element, client } = await gusMeeting();
    client.endSession('removed');
    await element.updateComplete;
    expect(query(element, 'h2')!.textContent).to.equal('The host removed you from the meeting');
    expect(button(element, 'Rejoin')).to.exist;
  });

  it('says the host ended the meeting when endReason is meeting_ended', async () => {
    const client = new FakeMeetingClient({ state: 'left', endReason: 'meeting_ended' });
    const element = await fixture<WeMeetingElement>(html`<we-meeting .client=${client}></we-meeting>`);
    expect(query(element, 'h2')!.textContent).to.equal('The host ended the meeting');
    expect(button(element, 'Rejoin')).to.exist;
  });

  it('says You left the meeting without an endReason', async () => {
    const { element } = await gusMeeting();
    button(element, 'Leave')!.click();
    await element.updateComplete;
    expect(query(element, 'h2')!.textContent).to.equal('You left the meeting');
  });

  it('says the user joined from elsewhere when endReason is replaced, and keeps Rejoin', async () => {
    const { element, client } = await joinedMeeting();
    client.endSession('replaced');
    await element.updateComplete;
    expect(query(element, 'h2')!.textContent).to.equal('You joined this meeting from another window or device.');
    expect(button(element, 'Rejoin')).to.exist;
  });

  it('says the session expired when endReason is token_expired', async () => {
    const client = new FakeMeetingClient({ state: 'left', endReason: 'token_expired' });
    const element = await fixture<WeMeetingElement>(html`<we-meeting .client=${client}></we-meeting>`);
    expect(query(element, 'h2')!.textContent).to.equal('Your session expired. Join again to continue.');
    expect(button(element, 'Rejoin')).to.exist;
  });

  it('says replaced and token_expired in Chinese too', async () => {
    for (const [endReason, expected] of [
      ['replaced', '你已在其他窗口或设备上加入此会议。'],
      ['token_expired', '你的会话已过期。请重新加入以继续。'],
    ] as const) {
      const client = new FakeMeetingClient({ state: 'left', endReason });
      const element = await fixture<WeMeetingElement>(html`<we-meeting lang="zh-CN" .client=${client}></we-meeting>`);
      await waitUntil(() => query(element, 'h2')!.textContent === expected, `never showed "${expected}"`);
      expect(button(element, '重新加入')).to.exist;
    }
  });
});
