import { html } from 'lit';
import { RequestError } from '../src/core/errors.js';
import { WeChatElement } from '../src/elements/chat/chat-element.js';
import { defineElement } from '../src/elements/internal/define.js';
import { WeMeetingElement } from '../src/elements/meeting/meeting-element.js';
import { chatMessage, type FakeChatOptions } from './fake-chat.js';
import { FakeMeetingClient, type FakeClientOptions, type FakeParticipantInit } from './fake-meeting-client.js';
import { storyArgs, type StoryArgs } from './story-args.js';

// Registered by a call rather than by importing define-all.js: bundlers drop that import
// because package.json's "sideEffects" names only the built files.
defineElement('we-chat', WeChatElement);
defineElement('we-meeting', WeMeetingElement);

/** `<we-chat>` in every state it can show, each on a {@link FakeMeetingClient} with a FakeChat. */
export default {
  title: 'Elements/we-chat',
  component: 'we-chat',
};

const MINUTE = 60_000;
const NOW = Date.now();

const SELF: FakeParticipantInit = { id: 'alice', displayName: 'Alice Smith', camera: false };
const PEOPLE: FakeParticipantInit[] = [
  { id: 'bob', displayName: 'Bob Martin', camera: false },
  { id: 'carol', displayName: 'carol.diaz@example.com', camera: false },
  { id: 'dan', displayName: 'Dan Okafor', camera: false },
];

const CONVERSATION = [
  chatMessage({ id: 'c1', senderId: 'bob', senderName: 'Bob Martin', isSelf: false, text: 'Morning! Can everyone hear me?', sentAt: NOW - 9 * MINUTE }),
  chatMessage({ id: 'c2', senderId: 'alice', senderName: 'Alice Smith', isSelf: true, text: 'Loud and clear.', sentAt: NOW - 8 * MINUTE }),
  chatMessage({
    id: 'c3',
    senderId: 'carol',
    senderName: 'carol.diaz@example.com',
    isSelf: false,
    text: 'I will share the slides in a minute.\nThey are still exporting.',
    sentAt: NOW - 6 * MINUTE,
  }),
  chatMessage({
    id: 'c4',
    senderId: 'bob',
    senderName: 'Bob Martin',
    isSelf: false,
    text: 'Can you stay on after the call for five minutes?',
    sentAt: NOW - 4 * MINUTE,
    privateWith: { id: 'bob', displayName: 'Bob Martin' },
  }),
  chatMessage({
    id: 'c5',
    senderId: 'alice',
    senderName: 'Alice Smith',
    isSelf: true,
    text: 'Sure, ping me.',
    sentAt: NOW - 3 * MINUTE,
    privateWith: { id: 'bob', displayName: 'Bob Martin' },
  }),
  chatMessage({ id: 'c6', senderId: 'dan', senderName: 'Dan Okafor', isSelf: false, text: 'Agenda is in the doc 👍', sentAt: NOW - MINUTE }),
];

function client(chat: FakeChatOptions = {}, options: FakeClientOptions = {}): FakeMeetingClient {
  return new FakeMeetingClient({ state: 'joined', self: SELF, participants: PEOPLE, chat, ...options });
}

function chat(args: StoryArgs | undefined, fake: FakeMeetingClient) {
  return html`<we-chat style="max-width: 26rem" .client=${fake} ${storyArgs(args)}></we-chat>`;
}

function element(canvas: HTMLElement): WeChatElement {
  return canvas.querySelector('we-chat')!;
}

/** Types `text` into the message box as a user would. */
async function typeDraft(chatElement: WeChatElement, text: string): Promise<HTMLTextAreaElement> {
  await chatElement.updateComplete;
  const box = chatElement.shadowRoot!.querySelector('textarea')!;
  box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await chatElement.updateComplete;
  return box;
}

function clickButton(chatElement: WeChatElement, name: string): void {
  [...chatElement.shadowRoot!.querySelectorAll('button')].find((button) => button.textContent?.trim() === name)?.click();
}

/** Joined, keys exchanged, nothing said yet. */
export const Empty = {
  render: (args?: StoryArgs) => chat(args, client()),
};

/** Others' and own messages, and a private exchange with Bob; names are masked. */
export const Conversation = {
  render: (args?: StoryArgs) => chat(args, client({ entries: CONVERSATION })),
};

/** A message that could not be decrypted shows a notice in the timeline. */
export const Undecryptable = {
  render: (args?: StoryArgs) =>
    chat(
      args,
      client({
        entries: [
          CONVERSATION[0]!,
          { type: 'undecryptable', id: 'u1', senderId: 'carol', senderName: 'carol.diaz@example.com', at: NOW - 5 * MINUTE, reason: 'missing_key' },
          { type: 'undecryptable', id: 'u2', senderId: 'dan', senderName: 'Dan Okafor', at: NOW - 2 * MINUTE, reason: 'tampered' },
          CONVERSATION[5]!,
        ],
      }),
    ),
};

/** A long message: http(s) addresses become links; other schemes and markup stay text. */
export const LongMessageWithLinks = {
  render: (args?: StoryArgs) =>
    chat(
      args,
      client({
        entries: [
          chatMessage({
            id: 'l1',
            senderId: 'bob',
            senderName: 'Bob Martin',
            isSelf: false,
            sentAt: NOW - 2 * MINUTE,
            text:
              'Notes from last week are at https://docs.example.com/meetings/2025-01-06?tab=notes#actions (see the actions). ' +
              'The draft spec (https://en.wikipedia.org/wiki/Mercury_(planet)) explains the naming. ' +
              'This is not a link: javascript:alert(1), nor is <img src=x onerror=alert(1)>. ' +
              'A very long unbroken word: ' +
              'a'.repeat(120) +
              '\n\nThanks all, see http://example.org.',
          }),
        ],
      }),
    ),
};

/** The meeting is still being joined: nothing can be sent yet. */
export const Connecting = {
  render: (args?: StoryArgs) => chat(args, new FakeMeetingClient({ state: 'connecting', chat: { ready: false, securityCode: null } })),
};

/** Joined, but keys are still being exchanged: the lock is open and Send waits. */
export const NotReady = {
  render: (args?: StoryArgs) => chat(args, client({ ready: false, securityCode: null })),
};

/** The server refused the message: the reason shows and the text stays in the box. */
export const SendError = {
  render: (args?: StoryArgs) => chat(args, client({ entries: CONVERSATION.slice(0, 2), sendError: new RequestError('sendChat', 'rate_limited', 'too many messages') })),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const chatElement = element(canvasElement);
    await typeDraft(chatElement, 'One more thing before we start…');
    clickButton(chatElement, 'Send');
  },
};

/** A draft over the length limit: the counter turns red and Send explains what to remove. */
export const TooLong = {
  render: (args?: StoryArgs) => chat(args, client()),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const chatElement = element(canvasElement);
    await typeDraft(chatElement, 'All work and no play. '.repeat(380));
    clickButton(chatElement, 'Send');
  },
};

/** The Security code panel open, with the safety number shared with Bob shown. */
export const SafetyNumberShown = {
  render: (args?: StoryArgs) => chat(args, client({ entries: CONVERSATION.slice(0, 3) })),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const chatElement = element(canvasElement);
    await chatElement.updateComplete;
    clickButton(chatElement, 'Security code');
    await chatElement.updateComplete;
    clickButton(chatElement, 'Show safety number');
  },
};

const MANY = [
  'Bob Martin', 'Carol Diaz', 'Dan Okafor', 'Eve Laurent', 'Farah Khan', 'Gus Nakamura', 'Hana Novak', 'Ivan Petrov',
  'Jia Li', 'Kofi Mensah', 'Lena Fischer', 'Mateo Rossi', 'Nia Brown', 'Omar Haddad', 'Priya Nair', 'Quinn Walsh',
  'Rosa Lima', 'Sven Berg', 'Tariq Aziz', 'Uma Rao', '13800138000', 'victor@example.com',
];

/** Twenty-two others in the recipient picker, with a private message to one of them chosen. */
export const ManyParticipants = {
  render: (args?: StoryArgs) =>
    chat(args, client({}, { participants: MANY.map((displayName, index) => ({ id: `p${index + 1}`, displayName, camera: false })) })),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const chatElement = element(canvasElement);
    await chatElement.updateComplete;
    const select = chatElement.shadowRoot!.querySelector<HTMLSelectElement>('[part="recipient"] select')!;
    select.value = 'p9';
    select.dispatchEvent(new Event('change', { bubbles: true }));
  },
};

/** Scrolled up while others write: the new messages are counted and a button jumps to them. */
export const UnreadWhileScrolledAway = {
  render: (args?: StoryArgs) =>
    chat(
      args,
      client({
        entries: Array.from({ length: 16 }, (_, index) =>
          chatMessage({
            id: `h${index}`,
            senderId: index % 2 === 0 ? 'bob' : 'alice',
            senderName: index % 2 === 0 ? 'Bob Martin' : 'Alice Smith',
            isSelf: index % 2 === 1,
            text: `Earlier message ${index + 1}`,
            sentAt: NOW - (20 - index) * MINUTE,
          }),
        ),
      }),
    ),
  play: async ({ canvasElement }: { canvasElement: HTMLElement }) => {
    const chatElement = element(canvasElement);
    await chatElement.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const list = chatElement.shadowRoot!.querySelector<HTMLElement>('[part="messages"]')!;
    list.scrollTop = 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fake = chatElement.client as FakeMeetingClient;
    fake.chat.receive({ senderId: 'dan', senderName: 'Dan Okafor', text: 'Did everyone get the invite?' });
    fake.chat.receive({ senderId: 'bob', senderName: 'Bob Martin', text: 'Yes, thanks!' });
  },
};

/** Standalone next to a `<we-meeting>`, found through `for`. */
export const NextToMeeting = {
  render: (args?: StoryArgs) => {
    const fake = client({ entries: CONVERSATION });
    return html`<div style="display: grid; grid-template-columns: 1fr 22rem; gap: 1rem; align-items: start">
      <we-meeting id="story-meeting" style="height: 28rem" .client=${fake}></we-meeting>
      <we-chat for="story-meeting" ${storyArgs(args)}></we-chat>
    </div>`;
  },
};
