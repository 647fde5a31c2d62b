import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import { RequestError } from '../../src/core/errors.js';
import { WePollElement, WeVoteEvent } from '../../src/index.js';
import type { FakePollSeed, FakePollsOptions } from '../../stories/fake-polls.js';
import { FakeMeetingClient } from './fake-client.js';
import { button, nextEvent, query, queryAll } from './helpers.js';

const NAMED: FakePollSeed = {
  id: 'lunch',
  question: 'Lunch?',
  options: ['Pizza', 'Noodles', 'Salad'],
  state: 'open',
  ballots: [
    { voter: { displayName: 'Bob' }, choices: [0] },
    { voter: { displayName: 'Carol' }, choices: [1] },
  ],
};

const ANONYMOUS: FakePollSeed = {
  id: 'topics',
  question: 'Topics?',
  options: ['Accessibility', 'Performance', 'Security'],
  multiple: true,
  anonymous: true,
  state: 'open',
};

async function participantPoll(polls: FakePollsOptions = {}) {
  const client = new FakeMeetingClient({ state: 'joined', self: { displayName: 'Pat' }, polls });
  const element = await fixture<WePollElement>(html`<we-poll .client=${client}></we-poll>`);
  return { element, client, polls: client.polls };
}

function pollCard(element: WePollElement, pollId: string): HTMLElement {
  const card = query(element, `[data-poll-id="${pollId}"]`);
  if (card === null) throw new Error(`no poll ${pollId}`);
  return card;
}

function choice(element: WePollElement, pollId: string, label: string): HTMLInputElement {
  const found = [...pollCard(element, pollId).querySelectorAll('label.check')].find((candidate) => candidate.textContent?.trim() === label);
  if (found === undefined) throw new Error(`no "${label}" in poll ${pollId}`);
  return found.querySelector('input')!;
}

function voteButton(element: WePollElement, pollId: string): HTMLButtonElement {
  return pollCard(element, pollId).querySelector<HTMLButtonElement>('[part="vote"]')!;
}

async function settle(element: WePollElement): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    await element.updateComplete;
  }
}

function text(node: Element): string {
  return node.textContent!.replace(/\s+/g, ' ');
}

describe('<we-poll> for participants', () => {
  it('renders an open poll as a form with a legend and radio buttons', async () => {
    const { element } = await participantPoll({ polls: [NAMED] });
    const card = pollCard(element, 'lunch');
    expect(card.querySelector('fieldset legend')!.textContent!.trim()).to.equal('Lunch?');
    expect(card.querySelectorAll('input[type="radio"]')).to.have.length(3);
    expect(button(element, 'New poll')).to.equal(undefined);
    expect(voteButton(element, 'lunch').textContent!.trim()).to.equal('Vote');
  });

  it('is accessible', async () => {
    const { element } = await participantPoll({ polls: [NAMED, ANONYMOUS] });
    await expect(element).to.be.accessible();
  });

  it('is accessible after voting with shared results', async () => {
    const { element } = await participantPoll({ polls: [{ ...NAMED, shareResults: true, selfChoices: [2] }, { ...ANONYMOUS, state: 'closed' }] });
    await expect(element).to.be.accessible();
  });

  it('says when no poll is open, and never shows drafts', async () => {
    const { element } = await participantPoll({ polls: [{ id: 'draft', question: 'Secret draft?', options: ['A', 'B'] }] });
    expect(query(element, '[part="empty"]')!.textContent).to.contain('No poll is open right now');
    expect(element.shadowRoot!.textContent).not.to.contain('Secret draft');
  });

  it('labels a named poll "the host will see your choice" and says a vote is final, before voting', async () => {
    const { element } = await participantPoll({ polls: [NAMED] });
    const card = pollCard(element, 'lunch');
    const privacy = card.querySelector('[part="privacy"]')!;
    expect(text(privacy)).to.contain('Named — the host will see your choice');
    expect(text(card)).to.contain('Your vote is final');
    const described = card.querySelector('fieldset')!.getAttribute('aria-describedby')!.split(' ');
    expect(described).to.include(privacy.id);
    expect(card.querySelector('[part="results"]')).to.equal(null);
  });

  it('labels an anonymous poll and offers checkboxes when several answers are allowed', async () => {
    const { element } = await participantPoll({ polls: [ANONYMOUS] });
    const card = pollCard(element, 'topics');
    expect(text(card.querySelector('[part="privacy"]')!)).to.contain('Anonymous — nobody, not even the host, can see your choice');
    expect(card.querySelectorAll('input[type="checkbox"]')).to.have.length(3);
    expect(text(card)).to.contain('Choose one or more options');
  });

  it('asks for a choice instead of sending an empty ballot', async () => {
    const { element, polls } = await participantPoll({ polls: [NAMED] });
    voteButton(element, 'lunch').click();
    await element.updateComplete;
    const alert = pollCard(element, 'lunch').querySelector('[role="alert"]')!;
    expect(alert.textContent).to.equal('Choose an option.');
    expect(pollCard(element, 'lunch').querySelector('fieldset')!.getAttribute('aria-describedby')).to.contain(alert.id);
    expect(element.shadowRoot!.activeElement).to.equal(choice(element, 'lunch', 'Pizza'));
    expect(polls.calls).to.deep.equal([]);
  });

  it('votes once, fires we-vote, confirms and moves focus to the confirmation', async () => {
    const { element, polls } = await participantPoll({ polls: [NAMED] });
    choice(element, 'lunch', 'Pizza').click();
    choice(element, 'lunch', 'Salad').click();
    const voted = nextEvent(element, 'we-vote');
    voteButton(element, 'lunch').click();
    const event = await voted;
    expect(event).to.be.instanceOf(WeVoteEvent);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.poll.id).to.equal('lunch');
    expect(event.choices).to.deep.equal([2]);
    await settle(element);
    expect(polls.callsOf('vote')).to.deep.equal([['lunch', [2]]]);
    const confirmation = pollCard(element, 'lunch').querySelector('[part="confirmation"]')!;
    expect(text(confirmation)).to.contain('your vote was counted');
    expect(text(confirmation)).to.contain('You chose: Salad');
    expect(element.shadowRoot!.activeElement).to.equal(confirmation);
    expect(pollCard(element, 'lunch').querySelector('form')).to.equal(null);
    expect(text(pollCard(element, 'lunch'))).to.contain('Results appear here if the host shares them');
  });

  it('sends every ticked option of a several-answer poll, in option order', async () => {
    const { element, polls } = await participantPoll({ polls: [ANONYMOUS] });
    choice(element, 'topics', 'Security').click();
    choice(element, 'topics', 'Accessibility').click();
    choice(element, 'topics', 'Performance').click();
    choice(element, 'topics', 'Performance').click();
    voteButton(element, 'topics').click();
    await settle(element);
    expect(polls.callsOf('vote')).to.deep.equal([['topics', [0, 2]]]);
  });

  it('shows the server\'s refusal and keeps the form', async () => {
    const { element, polls } = await participantPoll({ polls: [NAMED], error: new RequestError('vote', 'conflict', 'already voted') });
    choice(element, 'lunch', 'Noodles').click();
    voteButton(element, 'lunch').click();
    await settle(element);
    expect(polls.calls).to.have.length(1);
    expect(pollCard(element, 'lunch').querySelector('[role="alert"]')!.textContent).to.contain('the poll is closed or you have already voted');
    expect(choice(element, 'lunch', 'Noodles').checked).to.equal(true);
    expect(voteButton(element, 'lunch').disabled).to.equal(false);
  });

  it('shows Voting… and disables the form while the ballot is on its way', async () => {
    const { element, polls } = await participantPoll({ polls: [NAMED] });
    polls.hold = true;
    choice(element, 'lunch', 'Pizza').click();
    voteButton(element, 'lunch').click();
    await element.updateComplete;
    expect(voteButton(element, 'lunch').disabled).to.equal(true);
    expect(voteButton(element, 'lunch').textContent!.trim()).to.equal('Voting…');
    expect(choice(element, 'lunch', 'Pizza').disabled).to.equal(true);
    polls.release();
    await settle(element);
    expect(pollCard(element, 'lunch').querySelector('[part="confirmation"]')).to.exist;
  });

  it('shows a poll already voted in as confirmed, without a form', async () => {
    const { element } = await participantPoll({ polls: [{ ...NAMED, selfChoices: [1] }] });
    const card = pollCard(element, 'lunch');
    expect(card.querySelector('form')).to.equal(null);
    expect(text(card.querySelector('[part="confirmation"]')!)).to.contain('your vote was counted');
  });

  it('shows totals only, never names, when the host shares the results', async () => {
    const { element, polls } = await participantPoll({ polls: [{ ...NAMED, selfChoices: [0] }] });
    expect(pollCard(element, 'lunch').querySelector('[part="results"]')).to.equal(null);
    polls.share('lunch', true);
    await element.updateComplete;
    const card = pollCard(element, 'lunch');
    const meters = [...card.querySelectorAll('[role="meter"]')];
    expect(meters.map((meter) => meter.getAttribute('aria-valuetext'))).to.deep.equal(['2 votes, 67%', '1 vote, 33%', '0 votes, 0%']);
    expect(card.querySelector('[part="voters"]')).to.equal(null);
    expect(text(card)).not.to.contain('Bob');
    expect(query(element, '[role="status"]')!.textContent).to.contain('Results shared: Lunch?');
  });

  it('announces a poll a host opens, fires we-poll-open and shows it first', async () => {
    const { element, polls } = await participantPoll({ polls: [{ ...NAMED, state: 'closed' }, { id: 'next', question: 'Next one?', options: ['Yes', 'No'] }] });
    expect(queryAll(element, '[part="poll"]').map((card) => card.dataset.pollId)).to.deep.equal(['lunch']);
    const opened = nextEvent(element, 'we-poll-open');
    polls.setState('next', 'open');
    const event = await opened;
    expect(event.poll.id).to.equal('next');
    await element.updateComplete;
    expect(query(element, '[role="status"]')!.textContent).to.contain('New poll: Next one?');
    expect(queryAll(element, '[part="poll"]').map((card) => card.dataset.pollId)).to.deep.equal(['next', 'lunch']);
  });

  it('closes the form when a host closes the poll, fires we-poll-close and says the participant did not vote', async () => {
    const { element, polls } = await participantPoll({ polls: [NAMED] });
    choice(element, 'lunch', 'Pizza').click();
    const closed = nextEvent(element, 'we-poll-close');
    polls.setState('lunch', 'closed');
    expect((await closed).poll.id).to.equal('lunch');
    await element.updateComplete;
    const card = pollCard(element, 'lunch');
    expect(card.querySelector('form')).to.equal(null);
    expect(card.querySelector('[part="state"]')!.textContent).to.equal('Closed');
    expect(text(card)).to.contain('This poll closed before you voted');
    expect(text(card)).to.contain('The host has not shared the results');
    expect(query(element, '[role="status"]')!.textContent).to.contain('Poll closed: Lunch?');
  });

  it('drops a poll a host deletes', async () => {
    const { element, polls } = await participantPoll({ polls: [NAMED] });
    polls.delete('lunch');
    await element.updateComplete;
    expect(query(element, '[data-poll-id="lunch"]')).to.equal(null);
    expect(query(element, '[part="empty"]')).to.exist;
  });

  it('renders a question and options that look like HTML as text', async () => {
    const attack = '<img src=x onerror="window.__pollVoteXss = true">';
    const { element } = await participantPoll({ polls: [{ id: 'x', question: attack, options: [attack, '<script>alert(1)</script>'], state: 'open' }] });
    const card = pollCard(element, 'x');
    expect(card.querySelector('legend')!.textContent!.trim()).to.equal(attack);
    expect(card.querySelector('img, script')).to.equal(null);
    expect(text(card)).to.contain('<script>alert(1)</script>');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((window as { __pollVoteXss?: boolean }).__pollVoteXss).to.equal(undefined);
  });
});
