import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { resetMouse, sendMouse } from '@web/test-runner-commands';
import '../../src/elements/define-all.js';
import type { WeChatElement } from '../../src/index.js';
import { chatMessage } from '../../stories/fake-chat.js';
import { FakeMeetingClient } from './fake-client.js';
import { button, query } from './helpers.js';

const HISTORY = Array.from({ length: 30 }, (_, index) =>
  chatMessage({ id: `h${index}`, senderId: 'bob', senderName: 'Bob', isSelf: false, text: `Earlier message ${index}`, sentAt: index }),
);

/** A short chat with more history than fits, scrolled to its end and on screen. */
async function unreadFixture() {
  const client = new FakeMeetingClient({
    state: 'joined',
    self: { id: 'alice', displayName: 'Alice', camera: false },
    participants: [{ id: 'bob', displayName: 'Bob', camera: false }],
    chat: { entries: HISTORY },
  });
  const element = await fixture<WeChatElement>(html`<we-chat style="height: 18rem" .client=${client}></we-chat>`);
  await frames();
  return { element, client, chat: client.chat, list: query(element, '[part="messages"]')! };
}

/** Lets intersection observers and scroll events report. */
async function frames(): Promise<void> {
  for (let index = 0; index < 3; index++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

async function scrollTo(list: HTMLElement, top: number): Promise<void> {
  list.scrollTop = top;
  await frames();
}

function atEnd(list: HTMLElement): boolean {
  return list.scrollHeight - list.scrollTop - list.clientHeight <= 2;
}

describe('<we-chat> unread count', () => {
  it('renders scrolled to the latest message with nothing unread', async () => {
    const { element, list } = await unreadFixture();
    expect(list.scrollHeight).to.be.greaterThan(list.clientHeight);
    expect(atEnd(list)).to.equal(true);
    expect(element.unreadCount).to.equal(0);
    expect(element.hasAttribute('unread-count')).to.equal(false);
  });

  it('is accessible with the new-messages button shown', async () => {
    const { element, chat, list } = await unreadFixture();
    await scrollTo(list, 0);
    chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'New' });
    await element.updateComplete;
    expect(query(element, '[part="unread"]')).to.exist;
    await expect(element).to.be.accessible();
  });

  it('does not count a message that arrives while the list is on screen and at its end, and follows it', async () => {
    const { element, chat, list } = await unreadFixture();
    chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Seen right away' });
    await element.updateComplete;
    expect(element.unreadCount).to.equal(0);
    expect(atEnd(list)).to.equal(true);
  });

  it('counts messages while the element is hidden and clears them once it is shown', async () => {
    const { element, chat, list } = await unreadFixture();
    element.hidden = true;
    await frames();
    chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'One' });
    chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Two' });
    await element.updateComplete;
    expect(element.unreadCount).to.equal(2);
    expect(element.getAttribute('unread-count')).to.equal('2');
    element.hidden = false;
    await waitUntil(() => element.unreadCount === 0, 'unread count not cleared once shown');
    await element.updateComplete;
    expect(element.hasAttribute('unread-count')).to.equal(false);
    expect(atEnd(list)).to.equal(true);
  });

  it('counts messages while the page is in a background tab', async () => {
    const { element, chat } = await unreadFixture();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'While away' });
      await element.updateComplete;
      expect(element.unreadCount).to.equal(1);
    } finally {
      delete (document as { visibilityState?: unknown }).visibilityState;
    }
    document.dispatchEvent(new Event('visibilitychange'));
    await element.updateComplete;
    expect(element.unreadCount).to.equal(0);
  });

  it('counts messages while scrolled away, offers a button that jumps to them', async () => {
    const { element, chat, list } = await unreadFixture();
    await scrollTo(list, 0);
    chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Look here' });
    chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'And here' });
    await element.updateComplete;
    expect(element.unreadCount).to.equal(2);
    expect(list.scrollTop).to.equal(0);
    const jump = button(element, '2 new messages')!;
    expect(jump).to.exist;
    jump.click();
    await element.updateComplete;
    expect(element.unreadCount).to.equal(0);
    expect(atEnd(list)).to.equal(true);
    expect(query(element, '[part="unread"]')).to.equal(null);
    expect(element.shadowRoot!.activeElement).to.equal(list);
  });

  it('keeps the new-messages button in its colours under the pointer', async () => {
    const { element, chat, list } = await unreadFixture();
    await scrollTo(list, 0);
    chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Look here' });
    await element.updateComplete;
    const jump = button(element, '1 new message')!;
    const resting = getComputedStyle(jump).backgroundColor;
    const box = jump.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
    try {
      expect(jump.matches(':hover')).to.equal(true);
      expect(getComputedStyle(jump).backgroundColor).to.equal(resting);
      expect(getComputedStyle(jump).color).to.equal('rgb(255, 255, 255)');
    } finally {
      await resetMouse();
    }
  });

  it('clears the count when the user scrolls back to the end', async () => {
    const { element, chat, list } = await unreadFixture();
    await scrollTo(list, 0);
    chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Below' });
    await element.updateComplete;
    expect(element.unreadCount).to.equal(1);
    await scrollTo(list, list.scrollHeight);
    await element.updateComplete;
    expect(element.unreadCount).to.equal(0);
  });

  it('never counts the user’s own messages, and sending brings the list to its end', async () => {
    const { element, chat, list } = await unreadFixture();
    await scrollTo(list, 0);
    await chat.send('Mine');
    await element.updateComplete;
    expect(element.unreadCount).to.equal(0);
    const box = query<HTMLTextAreaElement>(element, 'textarea')!;
    box.value = 'Mine too';
    box.dispatchEvent(new Event('input'));
    await element.updateComplete;
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    await waitUntil(() => chat.sends.length === 2);
    await waitUntil(() => atEnd(list), 'not scrolled to the end after sending');
    expect(element.unreadCount).to.equal(0);
  });
});
