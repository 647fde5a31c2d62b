import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import '../../src/elements/define-all.js';
import { ConnectionError } from '../../src/core/errors.js';
import { meetingClientContext } from '../../src/elements/internal/meeting-context.js';
import { WePollCloseEvent, WePollElement, WePollOpenEvent } from '../../src/index.js';
import type { FakePollSeed, FakePollsOptions } from '../../stories/fake-polls.js';
import { FakeMeetingClient, serveClientConfig } from './fake-client.js';
import { button, nextEvent, query, queryAll, type } from './helpers.js';

const NAMED: FakePollSeed = {
  id: 'lunch',
  question: 'Lunch?',
  options: ['Pizza', 'Noodles', 'Salad'],
  state: 'open',
  ballots: [
    { voter: { displayName: 'Bob', avatarUrl: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }, choices: [0] },
    { voter: { displayName: 'carol@example.com' }, choices: [1] },
    { voter: { displayName: 'Dan' }, choices: [0] },
  ],
};

function hostClient(polls: FakePollsOptions = {}): FakeMeetingClient {
  return new FakeMeetingClient({ state: 'joined', self: { displayName: 'Hana', role: 'host' }, polls });
}

async function hostPoll(polls: FakePollsOptions = {}) {
  const client = hostClient(polls);
  const element = await fixture<WePollElement>(html`<we-poll .client=${client}></we-poll>`);
  return { element, client, polls: client.polls };
}

function text(element: Element): string {
  return element.shadowRoot!.textContent!.replace(/\s+/g, ' ');
}

function pollCard(element: WePollElement, pollId: string): HTMLElement {
  const card = query(element, `[data-poll-id="${pollId}"]`);
  if (card === null) throw new Error(`no poll ${pollId}`);
  return card;
}

function cardButton(element: WePollElement, pollId: string, name: string): HTMLButtonElement {
  const found = [...pollCard(element, pollId).querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === name);
  if (found === undefined) throw new Error(`no "${name}" button in poll ${pollId}`);
  return found;
}

function input(element: WePollElement, id: string): HTMLInputElement {
  return query<HTMLInputElement>(element, `#${id}`)!;
}

/** Clicks the radio or checkbox whose label reads `label`. */
function check(element: WePollElement, label: string): void {
  const found = queryAll<HTMLLabelElement>(element, 'label.check').find((candidate) => candidate.textContent?.trim() === label);
  if (found === undefined) throw new Error(`no "${label}" choice`);
  found.querySelector('input')!.click();
}

async function settle(element: WePollElement): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    await element.updateComplete;
  }
}

const SERVER = 'https://polls.example.com';

describe('<we-poll>', () => {
  before(() => serveClientConfig(SERVER, { policy: null, ageGate: false }));

  it('renders the host view with a New poll button', async () => {
    const { element } = await hostPoll();
    expect(element).to.be.instanceOf(WePollElement);
    expect(query(element, 'h2')!.textContent).to.equal('Polls');
    expect(button(element, 'New poll')).to.exist;
    expect(query(element, '[part="empty"]')!.textContent).to.contain('No polls yet');
  });

  it('is accessible', async () => {
    const { element } = await hostPoll({ polls: [NAMED, { id: 'd', question: 'Draft?', options: ['A', 'B'] }] });
    await expect(element).to.be.accessible();
  });

  it('is accessible with the New poll form open and an error shown', async () => {
    const { element } = await hostPoll();
    button(element, 'New poll')!.click();
    await element.updateComplete;
    button(element, 'Create poll')!.click();
    await element.updateComplete;
    expect(query(element, '[role="alert"]')!.textContent).to.contain('Enter a question');
    await expect(element).to.be.accessible();
  });

  it('says polls appear during a meeting when it has no client', async () => {
    const element = await fixture<WePollElement>(html`<we-poll></we-poll>`);
    expect(element.client).to.equal(undefined);
    expect(text(element)).to.contain('Polls appear here during a meeting');
    await expect(element).to.be.accessible();
  });

  it('says polls appear during a meeting before the client joined', async () => {
    const client = new FakeMeetingClient({ state: 'idle' });
    const element = await fixture<WePollElement>(html`<we-poll .client=${client}></we-poll>`);
    expect(text(element)).to.contain('Polls appear here during a meeting');
    expect(button(element, 'New poll')).to.equal(undefined);
  });

  it('creates a named single-choice poll from the form and focuses it', async () => {
    const { element, polls } = await hostPoll();
    button(element, 'New poll')!.click();
    await element.updateComplete;
    expect(element.shadowRoot!.activeElement).to.equal(input(element, 'question'));
    type(input(element, 'question'), '  Which day suits you?  ');
    type(input(element, 'option-0'), 'Monday');
    type(input(element, 'option-1'), 'Tuesday');
    button(element, 'Add option')!.click();
    await element.updateComplete;
    expect(element.shadowRoot!.activeElement).to.equal(input(element, 'option-2'));
    type(input(element, 'option-2'), 'Wednesday');
    check(element, 'Share results with participants');
    await element.updateComplete;
    button(element, 'Create poll')!.click();
    await settle(element);
    expect(polls.callsOf('create')).to.deep.equal([
      [{ question: 'Which day suits you?', options: ['Monday', 'Tuesday', 'Wednesday'], multiple: false, anonymous: false, shareResults: true }],
    ]);
    expect(query(element, 'form')).to.equal(null);
    const created = polls.polls[0]!;
    const card = pollCard(element, created.id);
    expect(card.querySelector('[part="state"]')!.textContent).to.equal('Draft');
    expect(card.textContent).to.contain('Named');
    expect(card.textContent).to.contain('Results shared with participants');
    expect(element.shadowRoot!.activeElement).to.equal(card.querySelector('h3'));
    expect(query(element, '[role="status"]')!.textContent).to.contain('Poll created as a draft: Which day suits you?');
  });

  it('creates an anonymous several-answer poll, leaving out empty options', async () => {
    const { element, polls } = await hostPoll();
    button(element, 'New poll')!.click();
    await element.updateComplete;
    type(input(element, 'question'), 'Topics?');
    button(element, 'Add option')!.click();
    await element.updateComplete;
    type(input(element, 'option-0'), 'A');
    type(input(element, 'option-2'), 'C');
    check(element, 'Several answers');
    check(element, 'Anonymous: nobody, hosts included, sees who chose what');
    await element.updateComplete;
    button(element, 'Create poll')!.click();
    await settle(element);
    expect(polls.callsOf('create')[0]).to.deep.equal([{ question: 'Topics?', options: ['A', 'C'], multiple: true, anonymous: true, shareResults: false }]);
  });

  it('explains what to fix and sends nothing when the form is incomplete', async () => {
    const { element, polls } = await hostPoll();
    button(element, 'New poll')!.click();
    await element.updateComplete;
    type(input(element, 'question'), 'Q?');
    type(input(element, 'option-0'), 'Same');
    await element.updateComplete;
    button(element, 'Create poll')!.click();
    await element.updateComplete;
    expect(query(element, '[role="alert"]')!.textContent).to.contain('Give at least two options');
    expect(input(element, 'option-1').getAttribute('aria-invalid')).to.equal('true');
    expect(element.shadowRoot!.activeElement).to.equal(input(element, 'option-1'));
    type(input(element, 'option-1'), 'same');
    await element.updateComplete;
    button(element, 'Create poll')!.click();
    await element.updateComplete;
    expect(query(element, '[role="alert"]')!.textContent).to.contain('Each option must be different');
    expect(polls.calls).to.deep.equal([]);
  });

  it('offers at most 10 options and removes one on request', async () => {
    const { element } = await hostPoll();
    button(element, 'New poll')!.click();
    await element.updateComplete;
    for (let i = 0; i < 8; i++) {
      button(element, 'Add option')!.click();
      await element.updateComplete;
    }
    expect(queryAll(element, '.option-row')).to.have.length(10);
    expect(button(element, 'Add option')).to.equal(undefined);
    expect(text(element)).to.contain('A poll has at most 10 options');
    type(input(element, 'option-9'), 'Last');
    button(element, 'Remove option 3')!.click();
    await element.updateComplete;
    expect(queryAll(element, '.option-row')).to.have.length(9);
    expect(input(element, 'option-8').value).to.equal('Last');
    expect(element.shadowRoot!.activeElement).to.equal(input(element, 'option-2'));
  });

  it('Cancel closes the form, forgets the draft and returns focus to New poll', async () => {
    const { element } = await hostPoll();
    button(element, 'New poll')!.click();
    await element.updateComplete;
    type(input(element, 'question'), 'Half typed');
    button(element, 'Cancel')!.click();
    await element.updateComplete;
    expect(query(element, 'form')).to.equal(null);
    expect(element.shadowRoot!.activeElement).to.equal(button(element, 'New poll'));
    button(element, 'New poll')!.click();
    await element.updateComplete;
    expect(input(element, 'question').value).to.equal('');
  });

  it('shows a failed create in the form and keeps what was typed', async () => {
    const { element, polls } = await hostPoll({ error: new ConnectionError('closed', 'closed') });
    button(element, 'New poll')!.click();
    await element.updateComplete;
    type(input(element, 'question'), 'Q?');
    type(input(element, 'option-0'), 'A');
    type(input(element, 'option-1'), 'B');
    button(element, 'Create poll')!.click();
    await settle(element);
    expect(polls.calls).to.have.length(1);
    expect(query(element, '[role="alert"]')!.textContent).to.contain('connection to the meeting was lost');
    expect(input(element, 'question').value).to.equal('Q?');
  });

  it('Open poll opens a draft, fires we-poll-open and keeps focus in the poll', async () => {
    const { element, polls } = await hostPoll({ polls: [{ id: 'd', question: 'Draft?', options: ['A', 'B'] }] });
    expect(pollCard(element, 'd').querySelector('.draft-options')!.textContent).to.contain('A');
    const opened = nextEvent(element, 'we-poll-open');
    cardButton(element, 'd', 'Open poll').click();
    const event = await opened;
    expect(event).to.be.instanceOf(WePollOpenEvent);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.poll.id).to.equal('d');
    expect(event.poll.state).to.equal('open');
    await settle(element);
    expect(polls.callsOf('open')).to.deep.equal([['d']]);
    expect(pollCard(element, 'd').querySelector('[part="state"]')!.textContent).to.equal('Open');
    expect(element.shadowRoot!.activeElement).to.equal(pollCard(element, 'd').querySelector('h3'));
    expect(query(element, '[role="status"]')!.textContent).to.contain('Poll opened: Draft?');
  });

  it('Close poll closes an open poll and fires we-poll-close', async () => {
    const { element, polls } = await hostPoll({ polls: [NAMED] });
    const closed = nextEvent(element, 'we-poll-close');
    cardButton(element, 'lunch', 'Close poll').click();
    const event = await closed;
    expect(event).to.be.instanceOf(WePollCloseEvent);
    expect(event.poll.state).to.equal('closed');
    await settle(element);
    expect(polls.callsOf('close')).to.deep.equal([['lunch']]);
    expect(pollCard(element, 'lunch').querySelector('[part="state"]')!.textContent).to.equal('Closed');
  });

  it('Share results toggles sharing and says so with aria-pressed', async () => {
    const { element, polls } = await hostPoll({ polls: [NAMED] });
    const share = cardButton(element, 'lunch', 'Share results');
    expect(share.getAttribute('aria-pressed')).to.equal('false');
    share.click();
    await settle(element);
    expect(polls.callsOf('setResultsShared')).to.deep.equal([['lunch', true]]);
    expect(cardButton(element, 'lunch', 'Share results').getAttribute('aria-pressed')).to.equal('true');
    expect(pollCard(element, 'lunch').textContent).to.contain('Results shared with participants');
    cardButton(element, 'lunch', 'Share results').click();
    await settle(element);
    expect(polls.callsOf('setResultsShared')[1]).to.deep.equal(['lunch', false]);
  });

  it('Delete asks first; Keep poll cancels, Delete poll deletes', async () => {
    const { element, polls } = await hostPoll({ polls: [NAMED] });
    cardButton(element, 'lunch', 'Delete').click();
    await element.updateComplete;
    expect(pollCard(element, 'lunch').textContent).to.contain('Delete this poll and its results?');
    expect(element.shadowRoot!.activeElement).to.equal(cardButton(element, 'lunch', 'Keep poll'));
    cardButton(element, 'lunch', 'Keep poll').click();
    await element.updateComplete;
    expect(polls.callsOf('remove')).to.deep.equal([]);
    expect(element.shadowRoot!.activeElement).to.equal(cardButton(element, 'lunch', 'Delete'));
    cardButton(element, 'lunch', 'Delete').click();
    await element.updateComplete;
    cardButton(element, 'lunch', 'Delete poll').click();
    await settle(element);
    expect(polls.callsOf('remove')).to.deep.equal([['lunch']]);
    expect(query(element, '[data-poll-id="lunch"]')).to.equal(null);
    expect(element.shadowRoot!.activeElement).to.equal(button(element, 'New poll'));
    expect(query(element, '[role="status"]')!.textContent).to.contain('Poll deleted: Lunch?');
  });

  it('shows live results with counts, percentages and named meters', async () => {
    const { element, polls } = await hostPoll({ polls: [NAMED] });
    const meters = queryAll(element, '[data-poll-id="lunch"] [role="meter"]');
    expect(meters.map((meter) => meter.getAttribute('aria-valuenow'))).to.deep.equal(['67', '33', '0']);
    expect(meters[0]!.getAttribute('aria-valuetext')).to.equal('2 votes, 67%');
    const labelId = meters[0]!.getAttribute('aria-labelledby')!;
    expect(query(element, `#${labelId}`)!.textContent).to.equal('Pizza');
    expect(pollCard(element, 'lunch').querySelector('.total')!.textContent).to.contain('3 voters');
    polls.castVote('lunch', [2], { displayName: 'Eve' });
    await element.updateComplete;
    expect(queryAll(element, '[data-poll-id="lunch"] [role="meter"]').map((meter) => meter.getAttribute('aria-valuenow'))).to.deep.equal([
      '50',
      '25',
      '25',
    ]);
    expect(pollCard(element, 'lunch').querySelector('.total')!.textContent).to.contain('4 voters');
  });

  it('lists who chose what in a named poll, names masked, avatars decorative', async () => {
    const { element, polls } = await hostPoll({ polls: [NAMED] });
    const voters = queryAll(element, '[data-poll-id="lunch"] [part="voters"] li');
    expect(voters.map((voter) => voter.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['Bob: Pizza', 'C c***@example.com: Noodles', 'D Dan: Pizza']);
    expect(voters[0]!.querySelector('img')!.getAttribute('alt')).to.equal('');
    polls.castVote('lunch', [1], { displayName: 'Eve' });
    await element.updateComplete;
    expect(queryAll(element, '[data-poll-id="lunch"] [part="voters"] li')).to.have.length(4);
  });

  it('shows no voter list for an anonymous poll', async () => {
    const { element } = await hostPoll({ polls: [{ ...NAMED, anonymous: true }] });
    expect(query(element, '[part="voters"]')).to.equal(null);
    expect(text(element)).not.to.contain('Bob');
    expect(pollCard(element, 'lunch').querySelector('[part="privacy"]')!.textContent).to.equal('Anonymous');
    expect(queryAll(element, '[role="meter"]')).to.have.length(3);
  });

  it('shows polls newest first', async () => {
    const { element } = await hostPoll({ polls: [NAMED, { id: 'd', question: 'Draft?', options: ['A', 'B'] }] });
    expect(queryAll(element, '[part="poll"]').map((card) => card.dataset.pollId)).to.deep.equal(['d', 'lunch']);
  });

  it('shows a failed host action in its poll', async () => {
    const { element, polls } = await hostPoll({ polls: [{ id: 'd', question: 'Draft?', options: ['A', 'B'] }] });
    polls.error = new ConnectionError('closed', 'closed');
    cardButton(element, 'd', 'Open poll').click();
    await settle(element);
    expect(pollCard(element, 'd').querySelector('[role="alert"]')!.textContent).to.contain('connection to the meeting was lost');
    expect(cardButton(element, 'd', 'Open poll').disabled).to.equal(false);
  });

  it('disables a poll\'s controls while its call is on its way', async () => {
    const { element, polls } = await hostPoll({ polls: [{ id: 'd', question: 'Draft?', options: ['A', 'B'] }] });
    polls.hold = true;
    cardButton(element, 'd', 'Open poll').click();
    await element.updateComplete;
    expect(cardButton(element, 'd', 'Open poll').disabled).to.equal(true);
    expect(pollCard(element, 'd').getAttribute('aria-busy')).to.equal('true');
    polls.release();
    await settle(element);
    expect(cardButton(element, 'd', 'Close poll').disabled).to.equal(false);
  });

  it('renders a question and options that look like HTML as text', async () => {
    const attack = '<img src=x onerror="window.__pollXss = true">';
    const { element } = await hostPoll({
      polls: [{ id: 'x', question: attack, options: [attack, '<b>bold</b>'], state: 'open', ballots: [{ voter: { displayName: '<i>Mallory</i>' }, choices: [0] }] }],
    });
    const card = pollCard(element, 'x');
    expect(card.querySelector('h3')!.textContent).to.equal(attack);
    expect(card.querySelector('img[src="x"]')).to.equal(null);
    expect(card.querySelector('b, i')).to.equal(null);
    expect(card.textContent).to.contain('<i>Mallory</i>');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as { __pollXss?: boolean }).__pollXss).to.equal(undefined);
  });

  it('switches to the host view when this participant is made a host', async () => {
    const client = new FakeMeetingClient({ state: 'joined', self: { displayName: 'Pat' }, polls: { polls: [NAMED] } });
    const element = await fixture<WePollElement>(html`<we-poll .client=${client}></we-poll>`);
    expect(button(element, 'New poll')).to.equal(undefined);
    client.updateParticipant(client.self!.id, { role: 'host' });
    await element.updateComplete;
    expect(button(element, 'New poll')).to.exist;
  });

  it('follows the client of the <we-meeting> named by for=', async () => {
    const client = hostClient({ polls: [NAMED] });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <we-meeting id="m1" server=${SERVER} .client=${client}></we-meeting>
      <we-poll for="m1"></we-poll>
    </div>`);
    const element = wrapper.querySelector('we-poll')!;
    await element.updateComplete;
    expect(element.client).to.equal(client);
    expect(query(element, '[data-poll-id="lunch"]')).to.exist;
  });

  it('follows the client provided by an enclosing meeting', async () => {
    const client = hostClient({ polls: [NAMED] });
    const wrapper = document.createElement('div');
    new ContextProvider(wrapper, { context: meetingClientContext, initialValue: client });
    const element = document.createElement('we-poll');
    wrapper.append(element);
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.append(wrapper);
    await element.updateComplete;
    expect(element.client).to.equal(client);
    expect(query(element, '[data-poll-id="lunch"]')).to.exist;
  });

  it('a client set on the element wins over for=, and replacing it resets the view', async () => {
    const meetingClient = hostClient({ polls: [NAMED] });
    const own = hostClient({ polls: [{ id: 'own', question: 'Own?', options: ['A', 'B'] }] });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <we-meeting id="m2" server=${SERVER} .client=${meetingClient}></we-meeting>
      <we-poll for="m2" .client=${own}></we-poll>
    </div>`);
    const element = wrapper.querySelector('we-poll')!;
    await element.updateComplete;
    expect(element.client).to.equal(own);
    expect(query(element, '[data-poll-id="own"]')).to.exist;
    button(element, 'New poll')!.click();
    await element.updateComplete;
    element.client = undefined;
    await element.updateComplete;
    expect(element.client).to.equal(meetingClient);
    expect(query(element, '[data-poll-id="lunch"]')).to.exist;
    expect(query(element, 'form')).to.equal(null);
    expect(own.polls.listenerCount()).to.equal(0);
  });

  it('takes a client set before the element was defined', async () => {
    const client = hostClient({ polls: [NAMED] });
    const early = document.createElement('we-poll-early') as HTMLElement & { client?: unknown };
    early.client = client;
    customElements.define('we-poll-early', class extends WePollElement {});
    const container = await fixture<HTMLDivElement>(html`<div></div>`);
    container.append(early);
    const element = early as unknown as WePollElement;
    await element.updateComplete;
    expect(element.client).to.equal(client);
    expect(query(element, '[data-poll-id="lunch"]')).to.exist;
  });

  it('stops listening to the client when removed and listens again when put back', async () => {
    const { element, client, polls } = await hostPoll({ polls: [NAMED] });
    const clientListeners = client.listenerCount();
    expect(polls.listenerCount()).to.equal(2);
    const parent = element.parentElement!;
    element.remove();
    expect(polls.listenerCount()).to.equal(0);
    expect(client.listenerCount()).to.equal(clientListeners - 2);
    parent.append(element);
    await element.updateComplete;
    expect(polls.listenerCount()).to.equal(2);
    polls.castVote('lunch', [2]);
    await element.updateComplete;
    expect(pollCard(element, 'lunch').querySelector('.total')!.textContent).to.contain('4 voters');
  });

  it('shows the waiting message once the meeting is left', async () => {
    const { element, client } = await hostPoll({ polls: [NAMED] });
    client.setState('left');
    await element.updateComplete;
    expect(text(element)).to.contain('Polls appear here during a meeting');
  });

  it('is keyboard operable: every control is a native button or input', async () => {
    const { element } = await hostPoll({ polls: [NAMED] });
    button(element, 'New poll')!.click();
    await waitUntil(() => query(element, 'form') !== null);
    const interactive = queryAll(element, 'button, input');
    expect(interactive.length).to.be.greaterThan(5);
    for (const control of interactive) expect(control.tabIndex, control.outerHTML).to.equal(0);
  });
});
