import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/define-all.js';
import { MAX_CHAT_TEXT_LENGTH } from '../../src/core/constants.js';
import { RequestError, WeChatElement, WeMessageEvent, WeMessageSentEvent } from '../../src/index.js';
import { chatMessage, type FakeChatOptions } from '../../stories/fake-chat.js';
import { FakeMeetingClient, type FakeClientOptions } from './fake-client.js';
import { button, nextEvent, query, queryAll } from './helpers.js';

/** Alice, joined with Bob and Carol. */
async function chatFixture(chat: FakeChatOptions = {}, options: FakeClientOptions = {}) {
  const client = new FakeMeetingClient({
    state: 'joined',
    self: { id: 'alice', displayName: 'Alice', camera: false },
    participants: [
      { id: 'bob', displayName: 'Bob', camera: false },
      { id: 'carol', displayName: 'carol.diaz@example.com', camera: false },
    ],
    chat,
    ...options,
  });
  const element = await fixture<WeChatElement>(html`<we-chat .client=${client}></we-chat>`);
  return { element, client, chat: client.chat };
}

function textarea(element: WeChatElement): HTMLTextAreaElement {
  return query<HTMLTextAreaElement>(element, 'textarea')!;
}

function recipientPicker(element: WeChatElement): HTMLSelectElement {
  return query<HTMLSelectElement>(element, '[part="recipient"] select')!;
}

async function typeDraft(element: WeChatElement, text: string): Promise<void> {
  const box = textarea(element);
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await element.updateComplete;
}

function pressEnter(element: WeChatElement, init: KeyboardEventInit = {}): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true, ...init });
  textarea(element).dispatchEvent(event);
  return event;
}

function entryTexts(element: WeChatElement): string[] {
  return queryAll(element, '[part~="message"] [part="text"]').map((node) => node.textContent!);
}

function errorText(element: WeChatElement): string | undefined {
  return query(element, '[part="composer"] [part="error"]')?.textContent?.trim();
}

async function settle(element: WeChatElement): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await element.updateComplete;
}

describe('<we-chat>', () => {
  it('renders the lock, the end-to-end note, the composer and no messages yet', async () => {
    const { element } = await chatFixture();
    expect(element).to.be.instanceOf(WeChatElement);
    expect(query(element, '[part="lock"]')!.textContent).to.contain('End-to-end encrypted');
    expect(query(element, '[part="note"]')!.textContent!.replace(/\s+/g, ' ')).to.contain('Messages sent before you joined are not visible');
    expect(query(element, '[part="empty"]')!.textContent).to.equal('No messages yet');
    expect(textarea(element).labels![0]!.textContent!.trim()).to.equal('Message');
    expect(button(element, 'Send')).to.exist;
    expect(query(element, '[aria-live="polite"]')).to.exist;
  });

  it('is accessible, with a conversation and an error shown', async () => {
    const { element } = await chatFixture({
      entries: [
        chatMessage({ id: 'a', senderId: 'bob', senderName: 'Bob', isSelf: false, text: 'Hi https://example.com', sentAt: 1 }),
        chatMessage({ id: 'b', senderId: 'alice', senderName: 'Alice', isSelf: true, text: 'Hello', sentAt: 2, privateWith: { id: 'bob', displayName: 'Bob' } }),
        { type: 'undecryptable', id: 'c', senderId: 'carol', senderName: 'Carol', at: 3, reason: 'tampered' },
      ],
      sendError: new RequestError('sendChat', 'rate_limited', 'slow down'),
    });
    await expect(element).to.be.accessible();
    await typeDraft(element, 'again');
    button(element, 'Send')!.click();
    await waitUntil(() => errorText(element) !== undefined, 'no error shown');
    await expect(element).to.be.accessible();
  });

  describe('sending', () => {
    it('Enter sends the draft to everyone and clears the box', async () => {
      const { element, chat } = await chatFixture();
      await typeDraft(element, 'Hello all');
      const event = pressEnter(element);
      expect(event.defaultPrevented).to.equal(true);
      await settle(element);
      expect(chat.sends).to.deep.equal([{ text: 'Hello all', options: {} }]);
      expect(textarea(element).value).to.equal('');
      expect(entryTexts(element)).to.deep.equal(['Hello all']);
      expect(query(element, '[part~="own"] [part="sender"]')!.textContent).to.equal('You');
    });

    it('Shift+Enter makes a new line and sends nothing; Enter then sends both lines', async () => {
      const { element, chat } = await chatFixture();
      textarea(element).focus();
      await sendKeys({ type: 'first line' });
      await sendKeys({ down: 'Shift' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Shift' });
      await sendKeys({ type: 'second line' });
      await element.updateComplete;
      expect(chat.sends).to.have.length(0);
      expect(textarea(element).value).to.equal('first line\nsecond line');
      await sendKeys({ press: 'Enter' });
      await settle(element);
      expect(chat.sends.map((send) => send.text)).to.deep.equal(['first line\nsecond line']);
      expect(textarea(element).value).to.equal('');
    });

    it('Enter during an IME composition is left to the IME', async () => {
      const { element, chat } = await chatFixture();
      await typeDraft(element, 'にほん');
      const event = pressEnter(element, { isComposing: true });
      await settle(element);
      expect(event.defaultPrevented).to.equal(false);
      expect(chat.sends).to.have.length(0);
    });

    it('the Send button sends and puts focus back in the box', async () => {
      const { element, chat } = await chatFixture();
      await typeDraft(element, 'By button');
      const send = button(element, 'Send')!;
      send.focus();
      send.click();
      await settle(element);
      expect(chat.sends.map((entry) => entry.text)).to.deep.equal(['By button']);
      expect(element.shadowRoot!.activeElement).to.equal(textarea(element));
    });

    it('sends nothing for an empty or blank draft', async () => {
      const { element, chat } = await chatFixture();
      pressEnter(element);
      await typeDraft(element, '   \n ');
      button(element, 'Send')!.click();
      await settle(element);
      expect(chat.sends).to.have.length(0);
      expect(errorText(element)).to.equal(undefined);
    });

    it('sends a private message to the participant chosen in the picker', async () => {
      const { element, chat } = await chatFixture();
      const picker = recipientPicker(element);
      expect([...picker.options].map((option) => option.textContent!.trim())).to.deep.equal(['Everyone', 'Bob', 'c***@example.com']);
      picker.value = 'bob';
      picker.dispatchEvent(new Event('change'));
      await element.updateComplete;
      expect(textarea(element).placeholder).to.equal('Private message to Bob');
      await typeDraft(element, 'Just for you');
      pressEnter(element);
      await settle(element);
      expect(chat.sends).to.deep.equal([{ text: 'Just for you', options: { to: 'bob' } }]);
      const own = query(element, '[part~="message"][part~="private"]')!;
      expect(own.querySelector('[part="private-tag"]')!.textContent).to.equal('Private to Bob');
      expect(recipientPicker(element).value).to.equal('bob');
    });

    it('fires we-message-sent with the message, bubbling out of shadow roots', async () => {
      const { element } = await chatFixture();
      await typeDraft(element, 'Event please');
      const fired = nextEvent(element, 'we-message-sent');
      pressEnter(element);
      const event = await fired;
      expect(event).to.be.instanceOf(WeMessageSentEvent);
      expect(event.bubbles && event.composed).to.equal(true);
      expect(event.detail.text).to.equal('Event please');
      expect(event.detail.isSelf).to.equal(true);
    });

    it('sends only once when Enter is pressed again while a send is under way', async () => {
      const { element, chat } = await chatFixture({ holdSends: true });
      await typeDraft(element, 'Once');
      pressEnter(element);
      pressEnter(element);
      await element.updateComplete;
      expect(button(element, 'Send')!.getAttribute('aria-disabled')).to.equal('true');
      chat.releaseSends();
      await settle(element);
      expect(chat.sends).to.have.length(1);
    });
  });

  describe('send errors keep the text', () => {
    it('rate_limited', async () => {
      const { element } = await chatFixture({ sendError: new RequestError('sendChat', 'rate_limited', 'too many') });
      await typeDraft(element, 'Slow down?');
      pressEnter(element);
      await waitUntil(() => errorText(element) !== undefined, 'no error');
      expect(errorText(element)).to.contain('too quickly');
      expect(textarea(element).value).to.equal('Slow down?');
      expect(query(element, '[part="error"]')!.getAttribute('role')).to.equal('alert');
      expect(textarea(element).getAttribute('aria-describedby')).to.contain(query(element, '[part="composer"] [part="error"]')!.id);
    });

    it('too long: says how much to remove and sends nothing', async () => {
      const { element, chat } = await chatFixture();
      const text = 'x'.repeat(MAX_CHAT_TEXT_LENGTH + 15);
      await typeDraft(element, text);
      expect(query(element, '[part="counter"]')!.textContent).to.contain('remove 15 characters');
      expect(textarea(element).getAttribute('aria-invalid')).to.equal('true');
      pressEnter(element);
      await element.updateComplete;
      expect(errorText(element)).to.contain('remove 15 characters');
      expect(errorText(element)).to.contain(MAX_CHAT_TEXT_LENGTH.toLocaleString('en'));
      expect(chat.sends).to.have.length(0);
      expect(textarea(element).value).to.equal(text);
      expect(query(element, '[part="counter"]'), 'the error replaces the hint').to.equal(null);
      await typeDraft(element, text.slice(0, -10));
      expect(errorText(element)).to.contain('remove 5 characters');
      await typeDraft(element, text.slice(0, -15));
      expect(errorText(element)).to.equal(undefined);
    });

    it('shows the characters left near the limit', async () => {
      const { element } = await chatFixture();
      await typeDraft(element, 'x'.repeat(MAX_CHAT_TEXT_LENGTH - 40));
      expect(query(element, '[part="counter"]')!.textContent).to.contain('40 characters left');
      await typeDraft(element, 'short');
      expect(query(element, '[part="counter"]')).to.equal(null);
    });

    it('counts characters as the hint says, whatever their size in bytes', async () => {
      const { element, chat } = await chatFixture();
      await typeDraft(element, '中'.repeat(MAX_CHAT_TEXT_LENGTH - 40));
      expect(query(element, '[part="counter"]')!.textContent).to.contain('40 characters left');
      await typeDraft(element, '😀'.repeat(MAX_CHAT_TEXT_LENGTH + 2));
      expect(query(element, '[part="counter"]')!.textContent).to.contain('remove 2 characters');
      await typeDraft(element, '😀'.repeat(MAX_CHAT_TEXT_LENGTH));
      pressEnter(element);
      await waitUntil(() => chat.sends.length === 1, 'not sent');
      expect(errorText(element)).to.equal(undefined);
    });

    it('the private recipient left: no send, no fallback to everyone', async () => {
      const { element, client, chat } = await chatFixture();
      const picker = recipientPicker(element);
      picker.value = 'bob';
      picker.dispatchEvent(new Event('change'));
      client.participantLeaves('bob');
      await element.updateComplete;
      expect(recipientPicker(element).value).to.equal('bob');
      expect(recipientPicker(element).selectedOptions[0]!.textContent!.trim()).to.equal('Bob (left the meeting)');
      await typeDraft(element, 'Are you there?');
      pressEnter(element);
      await element.updateComplete;
      expect(errorText(element)).to.equal('Bob has left the meeting. Choose someone else.');
      expect(chat.sends).to.have.length(0);
      expect(textarea(element).value).to.equal('Are you there?');
    });

    it('the server says the recipient is gone (not_found)', async () => {
      const { element } = await chatFixture({ sendError: new RequestError('sendChat', 'not_found', 'no such participant') });
      const picker = recipientPicker(element);
      picker.value = 'bob';
      picker.dispatchEvent(new Event('change'));
      await typeDraft(element, 'Hello?');
      pressEnter(element);
      await waitUntil(() => errorText(element) !== undefined, 'no error');
      expect(errorText(element)).to.equal('Bob has left the meeting. Choose someone else.');
      expect(textarea(element).value).to.equal('Hello?');
    });

    it('a successful send clears the last error', async () => {
      const { element, chat } = await chatFixture({ sendError: new RequestError('sendChat', 'rate_limited', 'too many') });
      await typeDraft(element, 'Retry me');
      pressEnter(element);
      await waitUntil(() => errorText(element) !== undefined, 'no error');
      chat.sendError = undefined;
      pressEnter(element);
      await settle(element);
      expect(errorText(element)).to.equal(undefined);
      expect(textarea(element).value).to.equal('');
    });

    it('not ready: Send explains why and keeps the text', async () => {
      const { element, chat } = await chatFixture({ ready: false, securityCode: null });
      expect(query(element, '[part="status"]')!.textContent).to.contain('Setting up end-to-end encryption');
      expect(query(element, '[part="lock"]')!.textContent).to.contain('Setting up encryption');
      expect(button(element, 'Send')!.getAttribute('aria-disabled')).to.equal('true');
      await typeDraft(element, 'Early bird');
      button(element, 'Send')!.click();
      await element.updateComplete;
      expect(chat.sends).to.have.length(0);
      expect(errorText(element)).to.contain('Setting up end-to-end encryption');
      chat.setReady(true);
      await element.updateComplete;
      expect(query(element, '[part="status"]')).to.equal(null);
      pressEnter(element);
      await settle(element);
      expect(chat.sends.map((send) => send.text)).to.deep.equal(['Early bird']);
    });
  });

  describe('incoming', () => {
    it('renders sender (masked), time and text, and marks private messages', async () => {
      const { element, chat } = await chatFixture();
      const at = Date.UTC(2025, 0, 6, 14, 5);
      chat.receive({ senderId: 'carol', senderName: 'carol.diaz@example.com', text: 'Hi all', sentAt: at });
      chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Psst', private: true });
      await element.updateComplete;
      const [first, second] = queryAll(element, '[part~="message"]');
      expect(first!.querySelector('[part="sender"]')!.textContent).to.equal('c***@example.com');
      expect(first!.querySelector('time')!.getAttribute('datetime')).to.equal(new Date(at).toISOString());
      expect(first!.getAttribute('part')).to.equal('message');
      expect(second!.getAttribute('part')).to.equal('message private');
      expect(second!.querySelector('[part="private-tag"]')!.textContent).to.equal('Private to you');
      expect(element.shadowRoot!.textContent).not.to.contain('carol.diaz');
    });

    it('fires we-message with the decrypted message', async () => {
      const { element, chat } = await chatFixture();
      const fired = nextEvent(element, 'we-message');
      const message = chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Ping' });
      const event = await fired;
      expect(event).to.be.instanceOf(WeMessageEvent);
      expect(event.detail).to.equal(message);
      expect(event.bubbles && event.composed).to.equal(true);
    });

    it('announces a new message in the live region', async () => {
      const { element, chat } = await chatFixture();
      chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Can you hear me?' });
      await element.updateComplete;
      expect(query(element, '[aria-live="polite"]')!.textContent).to.equal('Bob: Can you hear me?');
      chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Just us', private: true });
      await element.updateComplete;
      expect(query(element, '[aria-live="polite"]')!.textContent).to.equal('Private message from Bob: Just us');
    });

    it('shows a notice when a message could not be decrypted', async () => {
      const { element, chat } = await chatFixture();
      chat.dropUndecryptable('bob', 'Bob', 'missing_key');
      await element.updateComplete;
      const notice = query(element, '[part="notice"]')!;
      expect(notice.textContent).to.contain('A message from Bob could not be decrypted.');
      expect(query(element, '[aria-live="polite"]')!.textContent).to.contain('could not be decrypted');
    });

    it('renders markup as text: no element is created and no script runs', async () => {
      const { element, chat } = await chatFixture();
      const probe = window as unknown as { weChatXss?: number };
      delete probe.weChatXss;
      const text = '<img src=x onerror="window.weChatXss=1"><script>window.weChatXss=2</script><b>bold</b>';
      chat.receive({ senderId: 'bob', senderName: '<i>Bob</i>', text });
      await element.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const node = query(element, '[part~="message"] [part="text"]')!;
      expect(node.textContent).to.equal(text);
      expect(node.children).to.have.length(0);
      expect(element.shadowRoot!.querySelector('img, script, b, i')).to.equal(null);
      expect(query(element, '[part="sender"]')!.textContent).to.equal('<i>Bob</i>');
      expect(probe.weChatXss).to.equal(undefined);
    });

    it('makes http(s) addresses links and leaves other schemes as text', async () => {
      const { element, chat } = await chatFixture();
      chat.receive({
        senderId: 'bob',
        senderName: 'Bob',
        text: 'See https://example.com/a?b=1, or (http://example.org/x). Not javascript:alert(1) or data:text/html,hi',
      });
      await element.updateComplete;
      const links = queryAll<HTMLAnchorElement>(element, '[part="text"] a');
      expect(links.map((link) => link.textContent)).to.deep.equal(['https://example.com/a?b=1', 'http://example.org/x']);
      expect(links.map((link) => link.href)).to.deep.equal(['https://example.com/a?b=1', 'http://example.org/x']);
      for (const link of links) {
        expect(link.target).to.equal('_blank');
        expect(link.rel).to.equal('noopener noreferrer');
      }
      expect(query(element, '[part="text"]')!.textContent).to.contain('javascript:alert(1) or data:text/html,hi');
    });
  });
});
