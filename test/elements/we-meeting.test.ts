import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import {
  MeetingClient,
  RequestError,
  WeMeetingElement,
  WeParticipantJoinEvent,
  WeParticipantLeaveEvent,
  defineElement,
} from '../../src/index.js';
import { FakeMeetingClient } from './fake-client.js';
import './we-meeting-client-config.js';
import { button, joinedMeeting, query, nextEvent } from './helpers.js';

describe('<we-meeting>', () => {
  it('renders the pre-join screen when idle', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
    expect(element).to.be.instanceOf(WeMeetingElement);
    expect(element.getAttribute('state')).to.equal('idle');
    expect(query(element, 'h2')!.textContent).to.contain('Join a meeting');
    expect(button(element, 'Join')).to.exist;
  });

  it('is accessible', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting meeting="123456789" no-video no-audio></we-meeting>`);
    await expect(element).to.be.accessible();
  });

  it('shows the meeting id in groups of three', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting meeting="123456789" no-video no-audio></we-meeting>`);
    expect(element.shadowRoot!.textContent).to.contain('123 456 789');
  });

  it('does not join without autojoin, even with meeting and token set', async () => {
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting meeting="123456789" token="token" no-video no-audio></we-meeting>`,
    );
    // Autojoin waits for the consent the server asks for: a twin with autojoin, set up the
    // same way just after, has joined once it is known. By then this one would have too.
    const twin = new FakeMeetingClient();
    await fixture<WeMeetingElement>(
      html`<we-meeting autojoin meeting="123456789" token="token" no-video no-audio .client=${twin}></we-meeting>`,
    );
    await waitUntil(() => twin.callsOf('join').length === 1, 'the twin with autojoin did not join');
    await element.updateComplete;
    expect(element.client).to.equal(undefined);
    expect(element.state).to.equal('idle');
    expect(button(element, 'Join'), 'still on the pre-join screen').to.exist;
  });

  it('reflects the client state as the state attribute', async () => {
    const { element, client } = await joinedMeeting();
    expect(element.getAttribute('state')).to.equal('joined');
    client.setState('reconnecting');
    await element.updateComplete;
    expect(element.getAttribute('state')).to.equal('reconnecting');
    expect(query(element, '[role="status"]')!.textContent).to.contain('Reconnecting');
  });

  it('state is read-only: the client is its only source', async () => {
    const { element, client } = await joinedMeeting();
    expect(() => ((element as { state: string }).state = 'idle')).to.throw(TypeError);
    element.setAttribute('state', 'left');
    client.setState('reconnecting');
    await element.updateComplete;
    expect(element.state).to.equal('reconnecting');
    expect(element.getAttribute('state')).to.equal('reconnecting');
  });

  it('leave() closes the client; we-state-change and we-leave come from the client\'s change, once', async () => {
    const { element, client } = await joinedMeeting();
    const fired: string[] = [];
    element.addEventListener('we-state-change', (event) => fired.push(`state:${event.state}`));
    element.addEventListener('we-leave', () => fired.push('leave'));
    element.leave();
    await element.updateComplete;
    expect(client.closed).to.equal(true);
    expect(fired).to.deep.equal(['state:left', 'leave']);
    expect(element.getAttribute('state')).to.equal('left');
  });

  it('leave() with a client that stays in the meeting changes nothing the client does not say', async () => {
    const { element, client } = await joinedMeeting();
    client.close = () => undefined; // A client that ignores close().
    const fired: string[] = [];
    element.addEventListener('we-state-change', () => fired.push('state'));
    element.addEventListener('we-leave', () => fired.push('leave'));
    element.leave();
    await element.updateComplete;
    expect(element.state).to.equal('joined');
    expect(fired).to.deep.equal([]);
  });

  it('fires we-state-change when the client state changes', async () => {
    const { element, client } = await joinedMeeting();
    const event = nextEvent(element, 'we-state-change');
    client.setState('reconnecting');
    const change = await event;
    expect(change.state).to.equal('reconnecting');
    expect(change.previous).to.equal('joined');
    expect(change.bubbles && change.composed).to.equal(true);
  });

  it('fires we-participant-join and we-participant-leave on client events', async () => {
    const { element, client } = await joinedMeeting({ self: { displayName: 'Alice', camera: false } });
    const joined = nextEvent(element, 'we-participant-join');
    const bob = client.addParticipant({ displayName: 'Bob', camera: false });
    const joinEvent = await joined;
    expect(joinEvent).to.be.instanceOf(WeParticipantJoinEvent);
    expect(joinEvent.participant).to.equal(bob);
    expect(joinEvent.bubbles && joinEvent.composed).to.equal(true);
    await element.updateComplete;
    expect(query(element, `[data-participant-id="${bob.id}"]`)).to.exist;

    const left = nextEvent(element, 'we-participant-leave');
    client.participantLeaves(bob.id);
    const leaveEvent = await left;
    expect(leaveEvent.participant).to.equal(bob);
    await element.updateComplete;
    expect(query(element, `[data-participant-id="${bob.id}"]`)).to.equal(null);
  });

  it('shows a failed control in an alert and fires we-error', async () => {
    const refusal = new RequestError('startScreenShare', 'conflict', 'someone else is sharing');
    const { element } = await joinedMeeting({ screenShareError: refusal });
    const fired = nextEvent(element, 'we-error');
    button(element, 'Share screen')!.click();
    const event = await fired;
    expect(event.error).to.equal(refusal);
    await element.updateComplete;
    expect(query(element, '[role="alert"]')!.textContent).to.contain('someone else is sharing (conflict)');
  });

  it('escapes an error message instead of rendering it as HTML', async () => {
    const { element } = await joinedMeeting({ screenShareError: new Error('<img src=x onerror=alert(1)>') });
    button(element, 'Share screen')!.click();
    await waitUntil(() => query(element, '[role="alert"]'));
    expect(query(element, 'img')).to.equal(null);
    expect(query(element, '[role="alert"]')!.textContent).to.contain('<img');
  });

  it('uses a client set after it was connected and stops listening to the one it replaces', async () => {
    const { element, client } = await joinedMeeting();
    const other = new FakeMeetingClient({ state: 'joined', self: { displayName: 'Zed', camera: false } });
    element.client = other;
    await element.updateComplete;
    expect(client.listenerCount()).to.equal(0);
    expect(client.closed).to.equal(false);
    expect(other.listenerCount()).to.be.greaterThan(0);
    expect(element.shadowRoot!.textContent).to.contain('Zed');
  });

  it('creates a MeetingClient of its own when none was set', async () => {
    const original = MeetingClient.prototype.join;
    MeetingClient.prototype.join = () => new Promise<void>(() => {}); // Never reaches a server.
    try {
      const element = await fixture<WeMeetingElement>(
        html`<we-meeting autojoin no-video no-audio meeting="123456789" token="token"></we-meeting>`,
      );
      await waitUntil(() => element.client !== undefined, 'no client');
      expect(element.client).to.be.instanceOf(MeetingClient);
    } finally {
      MeetingClient.prototype.join = original;
    }
  });
});

describe('defineElement()', () => {
  it('warns instead of throwing when the tag already belongs to another class', () => {
    const warnings: unknown[][] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      defineElement('we-meeting', class extends HTMLElement {});
    } finally {
      console.warn = original;
    }
    expect(warnings.length).to.equal(1);
    expect(customElements.get('we-meeting')).to.equal(WeMeetingElement);
  });

  it('is silent when the same class is defined again', () => {
    const original = console.warn;
    let warned = false;
    console.warn = () => (warned = true);
    try {
      defineElement('we-meeting', WeMeetingElement);
    } finally {
      console.warn = original;
    }
    expect(warned).to.equal(false);
  });
});
