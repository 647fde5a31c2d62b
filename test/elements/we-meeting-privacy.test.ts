import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import type { WeMeetingElement } from '../../src/index.js';
import type { JoinOptions } from '../../src/core/meeting-types.js';
import { RECENT_MEETINGS_KEY } from '../../src/core/recent-meetings.js';
import { POLICY_ACK_KEY } from '../../src/elements/meeting/consent.js';
import { FakeMeetingClient } from './fake-client.js';
import { clientConfig } from './we-meeting-client-config.js';
import { button, field, joinedMeeting, query, queryAll } from './helpers.js';

const PHONE = '13812345678';
const MASKED_PHONE = '138****5678';
const POLICY = { version: '2025-01', url: 'https://meet.example/privacy' };
const POLICY_LABEL = 'I have read and accept the privacy policy';
const AGE_LABEL = "I am 14 or older, or I have my guardian's consent";

function check(input: HTMLInputElement): void {
  input.click(); // A user's click toggles the box and fires change.
}

/** A pre-join that can join (token set) once the client configuration arrived. */
async function prejoin(client = new FakeMeetingClient()): Promise<WeMeetingElement> {
  const element = await fixture<WeMeetingElement>(
    html`<we-meeting meeting="123456789" token="t" no-video no-audio .client=${client}></we-meeting>`,
  );
  await waitUntil(() => clientConfig.requests.length > 0, 'config not asked for');
  return element;
}

beforeEach(() => {
  localStorage.removeItem(RECENT_MEETINGS_KEY);
  localStorage.removeItem(POLICY_ACK_KEY);
});

after(() => {
  localStorage.removeItem(RECENT_MEETINGS_KEY);
  localStorage.removeItem(POLICY_ACK_KEY);
});

describe('<we-meeting> masking', () => {
  it('masks phone numbers and e-mail addresses on tiles, in their accessible names and in the status line', async () => {
    const { element } = await joinedMeeting({
      self: { displayName: PHONE, camera: false },
      participants: [{ id: 'eve', displayName: 'eve.smith@example.com', camera: false }],
    });
    const names = queryAll(element, '[part="tile"] .name').map((name) => name.textContent!.trim());
    expect(names).to.deep.equal([`${MASKED_PHONE} (you)`, 'e***@example.com']);
    expect(queryAll(element, '[part="tile"]').map((tile) => tile.getAttribute('aria-label'))).to.deep.equal([
      `${MASKED_PHONE} (you)`,
      'e***@example.com',
    ]);
    expect(query(element, '.status-line')!.textContent).to.contain(`as ${MASKED_PHONE}`);
    expect(element.shadowRoot!.textContent).not.to.contain(PHONE);
    expect(element.shadowRoot!.innerHTML).not.to.contain('eve.smith');
  });

  it('masks names in the host actions and their accessible names', async () => {
    const { element } = await joinedMeeting({
      self: { displayName: 'Alice', role: 'host', camera: false },
      participants: [{ id: 'bob', displayName: PHONE, mic: true, camera: false }],
    });
    const toggle = button(element, `Actions for ${MASKED_PHONE}`)!;
    expect(toggle).to.exist;
    expect(toggle.title).to.equal(`Actions for ${MASKED_PHONE}`);
    toggle.click();
    await element.updateComplete;
    const menu = query(element, '[part="actions-menu"]')!;
    expect(menu.getAttribute('aria-label')).to.equal(`Actions for ${MASKED_PHONE}`);
    button(element, 'Remove from meeting')!.click();
    await element.updateComplete;
    expect(menu.textContent).to.contain(`Remove ${MASKED_PHONE} from the meeting?`);
    expect(element.shadowRoot!.innerHTML).not.to.contain(PHONE);
  });

  it('masks the sender of a reaction and the screen-share label', async () => {
    const { element, client } = await joinedMeeting({
      self: { displayName: 'Alice', camera: false },
      participants: [{ id: 'bob', displayName: PHONE, camera: false, screen: true }],
      screenSharerId: 'bob',
    });
    client.sendReaction('bob', '👍');
    await element.updateComplete;
    expect(query(element, '[part="screen"]')!.getAttribute('aria-label')).to.equal(`Screen shared by ${MASKED_PHONE}`);
    expect(query(element, '[data-participant-id="bob"] [part="reaction"]')!.textContent).to.contain(`${MASKED_PHONE} reacted 👍`);
    expect(element.shadowRoot!.innerHTML).not.to.contain(PHONE);
  });

  it('shows the name typed into the pre-join unmasked', async () => {
    const element = await fixture<WeMeetingElement>(html`<we-meeting display-name=${PHONE} no-video no-audio></we-meeting>`);
    expect(field<HTMLInputElement>(element, 'Your name')!.value).to.equal(PHONE);
  });
});

describe('<we-meeting> recent meetings', () => {
  function store(value: unknown): void {
    localStorage.setItem(RECENT_MEETINGS_KEY, typeof value === 'string' ? value : JSON.stringify(value));
  }

  const joinedAt = Date.UTC(2025, 0, 15, 9, 30);

  it('lists the meetings joined before, grouped, with topic and localized join time', async () => {
    store([
      { id: '123456789', topic: `Call ${PHONE}`, joinedAt },
      { id: '987654321', joinedAt: joinedAt - 1000 },
    ]);
    const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
    const recent = query(element, '[part="recent"]')!;
    expect(recent.querySelector('summary')!.textContent).to.equal('Recent meetings');
    expect(recent.querySelector('ul')!.getAttribute('aria-label')).to.equal('Recent meetings');
    const items = [...recent.querySelectorAll<HTMLButtonElement>('button.recent-meeting')];
    expect(items.map((item) => item.querySelector('.recent-id')!.textContent)).to.deep.equal(['123 456 789', '987 654 321']);
    expect(items[0]!.textContent).to.contain(`Call ${MASKED_PHONE}`);
    const time = items[0]!.querySelector('time')!;
    expect(time.getAttribute('datetime')).to.equal(new Date(joinedAt).toISOString());
    expect(time.textContent).to.equal(
      new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(joinedAt)),
    );
  });

  it('fills the Meeting ID field with the meeting chosen', async () => {
    store([{ id: '123456789', joinedAt }]);
    const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
    query<HTMLButtonElement>(element, 'button.recent-meeting')!.click();
    await element.updateComplete;
    expect(field<HTMLInputElement>(element, 'Meeting ID')!.value).to.equal('123456789');
  });

  it('joins the meeting chosen when the Meeting ID field is not shown', async () => {
    store([{ id: '987654321', joinedAt }]);
    const client = new FakeMeetingClient();
    const element = await prejoin(client);
    query<HTMLButtonElement>(element, 'button.recent-meeting')!.click();
    await waitUntil(() => element.state === 'joined');
    expect((client.callsOf('join')[0]![0] as JoinOptions).meeting).to.equal('987654321');
  });

  it('Clear history empties the list and the storage', async () => {
    store([{ id: '123456789', joinedAt }]);
    const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
    button(element, 'Clear history')!.click();
    await element.updateComplete;
    expect(query(element, '[part="recent"]')).to.equal(null);
    expect(localStorage.getItem(RECENT_MEETINGS_KEY)).to.equal(null);
  });

  it('ignores corrupt storage', async () => {
    store('{"oops');
    const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
    expect(query(element, '[part="recent"]')).to.equal(null);
    expect(button(element, 'Join')).to.exist;
  });

  it('remembers a successful join, newest first', async () => {
    store([{ id: '111111111', joinedAt }]);
    const element = await prejoin();
    button(element, 'Join')!.click();
    await waitUntil(() => element.state === 'joined');
    const stored = JSON.parse(localStorage.getItem(RECENT_MEETINGS_KEY)!) as { id: string }[];
    expect(stored.map((meeting) => meeting.id)).to.deep.equal(['123456789', '111111111']);
  });

  it('is accessible with recent meetings', async () => {
    store([{ id: '123456789', topic: 'Weekly', joinedAt }]);
    const element = await fixture<WeMeetingElement>(html`<we-meeting no-video no-audio></we-meeting>`);
    query<HTMLDetailsElement>(element, '[part="recent"]')!.open = true;
    await expect(element).to.be.accessible();
  });
});

describe('<we-meeting> consent', () => {
  it('asks the server configuration at server/api/client-config', async () => {
    await fixture<WeMeetingElement>(html`<we-meeting server="https://meet.example/" no-video no-audio></we-meeting>`);
    await waitUntil(() => clientConfig.requests.length > 0);
    expect(clientConfig.requests).to.deep.equal(['https://meet.example/api/client-config']);
  });

  it('disables Join until the privacy policy is accepted, links the policy and remembers its version', async () => {
    clientConfig.answer = { policy: POLICY, ageGate: false };
    const client = new FakeMeetingClient();
    const element = await prejoin(client);
    await waitUntil(() => field(element, POLICY_LABEL), 'no policy checkbox');
    const join = button(element, 'Join')!;
    expect(join.disabled).to.equal(true);
    const link = query<HTMLAnchorElement>(element, '[part="policy-link"]')!;
    expect(link.href).to.equal(POLICY.url);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener noreferrer');
    expect(link.textContent).to.contain(POLICY.version);
    check(field<HTMLInputElement>(element, POLICY_LABEL)!);
    await element.updateComplete;
    expect(join.disabled).to.equal(false);
    join.click();
    await waitUntil(() => element.state === 'joined');
    expect(localStorage.getItem(POLICY_ACK_KEY)).to.equal(POLICY.version);
  });

  it('does not ask again for an acknowledged version, but does for a new one', async () => {
    localStorage.setItem(POLICY_ACK_KEY, POLICY.version);
    clientConfig.answer = { policy: POLICY, ageGate: false };
    const element = await prejoin();
    await element.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(field(element, POLICY_LABEL)).to.equal(undefined);
    expect(button(element, 'Join')!.disabled).to.equal(false);

    clientConfig.answer = { policy: { ...POLICY, version: '2025-06' }, ageGate: false };
    const again = await prejoin();
    await waitUntil(() => field(again, POLICY_LABEL), 'no policy checkbox for the new version');
    expect(query(again, '[part="policy-link"]')!.textContent).to.contain('2025-06');
    expect(button(again, 'Join')!.disabled).to.equal(true);
  });

  it('requires the age confirmation every time and never stores it', async () => {
    clientConfig.answer = { policy: null, ageGate: true };
    const element = await prejoin();
    await waitUntil(() => field(element, AGE_LABEL), 'no age checkbox');
    expect(button(element, 'Join')!.disabled).to.equal(true);
    check(field<HTMLInputElement>(element, AGE_LABEL)!);
    await element.updateComplete;
    button(element, 'Join')!.click();
    await waitUntil(() => element.state === 'joined');

    const again = await prejoin();
    await waitUntil(() => field(again, AGE_LABEL), 'age not asked again');
    expect(field<HTMLInputElement>(again, AGE_LABEL)!.checked).to.equal(false);
    expect(button(again, 'Join')!.disabled).to.equal(true);
    expect(Object.keys(localStorage).filter((key) => key.startsWith('we-meeting:') && key !== RECENT_MEETINGS_KEY)).to.deep.equal([]);
  });

  it('does not join on Enter while consent is missing', async () => {
    clientConfig.answer = { policy: POLICY, ageGate: true };
    const client = new FakeMeetingClient();
    const element = await prejoin(client);
    await waitUntil(() => field(element, AGE_LABEL), 'no age checkbox');
    query<HTMLFormElement>(element, 'form')!.requestSubmit();
    await element.updateComplete;
    expect(client.callsOf('join')).to.have.length(0);
  });

  it('waits for the configuration before joining, and drops that join when removed', async () => {
    clientConfig.answer = 'hang';
    const client = new FakeMeetingClient();
    const element = await prejoin(client);
    button(element, 'Join')!.click(); // Before the configuration arrived.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.callsOf('join')).to.have.length(0);
    const parent = element.parentElement!;
    element.remove(); // Aborts the request and drops the waiting join.
    clientConfig.answer = { policy: null, ageGate: false };
    parent.append(element); // Asks again; the join clicked before removal stays dropped.
    await waitUntil(() => clientConfig.requests.length === 2, 'config not asked again');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.callsOf('join')).to.have.length(0);
    expect(button(element, 'Join')!.disabled).to.equal(false);
  });

  it('asks nothing and lets everyone join when the configuration cannot be fetched', async () => {
    clientConfig.answer = 'fail';
    const client = new FakeMeetingClient();
    const element = await prejoin(client);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(query(element, '[part="consent"]')).to.equal(null);
    button(element, 'Join')!.click();
    await waitUntil(() => element.state === 'joined');
  });

  it('stops autojoin at the pre-join screen while consent is required', async () => {
    clientConfig.answer = { policy: POLICY, ageGate: true };
    const client = new FakeMeetingClient();
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting autojoin meeting="123456789" token="t" no-video no-audio .client=${client}></we-meeting>`,
    );
    await waitUntil(() => query(element, 'form'), 'no pre-join screen');
    expect(client.callsOf('join')).to.have.length(0);
    expect(element.state).to.equal('idle');
    check(field<HTMLInputElement>(element, POLICY_LABEL)!);
    check(field<HTMLInputElement>(element, AGE_LABEL)!);
    await element.updateComplete;
    expect(client.callsOf('join')).to.have.length(0); // Only the user's Join joins now.
    button(element, 'Join')!.click();
    await waitUntil(() => element.state === 'joined');
  });

  it('autojoins when the policy version was acknowledged before and no age gate is set', async () => {
    localStorage.setItem(POLICY_ACK_KEY, POLICY.version);
    clientConfig.answer = { policy: POLICY, ageGate: false };
    const client = new FakeMeetingClient();
    const element = await fixture<WeMeetingElement>(
      html`<we-meeting autojoin meeting="123456789" token="t" no-video no-audio .client=${client}></we-meeting>`,
    );
    await waitUntil(() => element.state === 'joined');
    expect(client.callsOf('join')).to.have.length(1);
  });

  it('is accessible with the policy and the age gate', async () => {
    clientConfig.answer = { policy: POLICY, ageGate: true };
    const element = await prejoin();
    await waitUntil(() => field(element, AGE_LABEL), 'no age checkbox');
    await expect(element).to.be.accessible();
  });
});
