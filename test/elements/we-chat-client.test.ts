import { expect, fixture, html } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../src/elements/define-all.js';
import type { WeChatElement, WeMeetingElement } from '../../src/index.js';
import { meetingClientContext } from '../../src/elements/internal/meeting-context.js';
import { FakeChat } from '../../stories/fake-chat.js';
import { FakeMeetingClient } from './fake-client.js';
import './we-meeting-client-config.js';
import { query, queryAll } from './helpers.js';

function joined(name: string): FakeMeetingClient {
  return new FakeMeetingClient({
    state: 'joined',
    self: { id: 'self', displayName: name, camera: false },
    participants: [{ id: 'bob', displayName: 'Bob', camera: false }],
  });
}

function texts(element: WeChatElement): string[] {
  return queryAll(element, '[part~="message"] [part="text"]').map((node) => node.textContent!);
}

function status(element: WeChatElement): string | undefined {
  return query(element, '[part="status"]')?.textContent?.trim();
}

describe('<we-chat> client', () => {
  it('renders without a client, saying it is not connected', async () => {
    const element = await fixture<WeChatElement>(html`<we-chat></we-chat>`);
    expect(status(element)).to.equal('Not connected to a meeting.');
    expect(query(element, '[part="send"]')!.getAttribute('aria-disabled')).to.equal('true');
  });

  it('is accessible without a client', async () => {
    const element = await fixture<WeChatElement>(html`<we-chat></we-chat>`);
    await expect(element).to.be.accessible();
  });

  it('uses the client set as a property', async () => {
    const client = joined('Alice');
    const element = await fixture<WeChatElement>(html`<we-chat .client=${client}></we-chat>`);
    expect(element.client).to.equal(client);
    expect(status(element)).to.equal(undefined);
    client.chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'From the property client' });
    await element.updateComplete;
    expect(texts(element)).to.deep.equal(['From the property client']);
  });

  it('follows the <we-meeting> named by for', async () => {
    const client = joined('Alice');
    const container = await fixture<HTMLDivElement>(html`<div>
      <we-meeting id="chat-meeting" .client=${client}></we-meeting>
      <we-chat for="chat-meeting"></we-chat>
    </div>`);
    const element = container.querySelector('we-chat')!;
    await element.updateComplete;
    expect(element.for).to.equal('chat-meeting');
    expect(container.querySelector<WeMeetingElement>('we-meeting')!.client).to.equal(client);
    client.chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Through for' });
    await element.updateComplete;
    expect(texts(element)).to.deep.equal(['Through for']);
  });

  it('prefers the client property over for', async () => {
    const meetingClient = joined('Alice');
    const own = joined('Alice');
    const container = await fixture<HTMLDivElement>(html`<div>
      <we-meeting id="chat-meeting-2" .client=${meetingClient}></we-meeting>
      <we-chat for="chat-meeting-2" .client=${own}></we-chat>
    </div>`);
    const element = container.querySelector('we-chat')!;
    meetingClient.chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'meeting' });
    own.chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'own' });
    await element.updateComplete;
    expect(texts(element)).to.deep.equal(['own']);
  });

  it('uses the client an enclosing meeting provides through context', async () => {
    const client = joined('Alice');
    const host = document.createElement('div');
    const provider = new ContextProvider(host, { context: meetingClientContext, initialValue: client });
    provider.hostConnected();
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.append(host);
    host.append(document.createElement('we-chat'));
    const element = host.querySelector('we-chat')!;
    await element.updateComplete;
    client.chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'Through context' });
    await element.updateComplete;
    expect(texts(element)).to.deep.equal(['Through context']);
    provider.setValue(undefined);
    await element.updateComplete;
    expect(status(element)).to.equal('Not connected to a meeting.');
    expect(client.chat.listenerCount()).to.equal(0);
  });

  it('moves its subscriptions when the client is replaced', async () => {
    const first = joined('Alice');
    const second = joined('Alice');
    const element = await fixture<WeChatElement>(html`<we-chat .client=${first}></we-chat>`);
    element.client = second;
    await element.updateComplete;
    expect(first.chat.listenerCount()).to.equal(0);
    expect(first.listenerCount()).to.equal(0);
    first.chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'old meeting' });
    second.chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'new meeting' });
    await element.updateComplete;
    expect(texts(element)).to.deep.equal(['new meeting']);
  });

  it('follows a new chat when the client joins again', async () => {
    const client = joined('Alice');
    const element = await fixture<WeChatElement>(html`<we-chat .client=${client}></we-chat>`);
    const previous = client.chat;
    const next = new FakeChat({}, client);
    (client as { chat: FakeChat }).chat = next;
    client.setState('reconnecting');
    await element.updateComplete;
    expect(previous.listenerCount()).to.equal(0);
    expect(next.listenerCount()).to.be.greaterThan(0);
    expect(status(element)).to.equal('Reconnecting…');
  });

  it('shows why nothing can be sent while joining and after leaving', async () => {
    const client = new FakeMeetingClient({ state: 'connecting' });
    const element = await fixture<WeChatElement>(html`<we-chat .client=${client}></we-chat>`);
    expect(status(element)).to.equal('Joining the meeting…');
    client.setState('joined');
    await element.updateComplete;
    expect(status(element)).to.equal(undefined);
    client.setState('left');
    await element.updateComplete;
    expect(status(element)).to.equal('You are not in the meeting.');
  });

  it('drops every subscription when removed and takes them up again when put back', async () => {
    const client = joined('Alice');
    const element = await fixture<WeChatElement>(html`<we-chat .client=${client}></we-chat>`);
    expect(client.listenerCount()).to.be.greaterThan(0);
    expect(client.chat.listenerCount()).to.be.greaterThan(0);
    const parent = element.parentElement!;
    element.remove();
    expect(client.listenerCount()).to.equal(0);
    expect(client.chat.listenerCount()).to.equal(0);
    expect(client.closed).to.equal(false);
    parent.append(element);
    await element.updateComplete;
    client.chat.receive({ senderId: 'bob', senderName: 'Bob', text: 'back again' });
    await element.updateComplete;
    expect(texts(element)).to.deep.equal(['back again']);
  });
});
