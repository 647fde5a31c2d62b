import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/define-all.js';
import type { MeetingRecord, PollRecord } from '../../src/core/records/index.js';
import type { WeHistoryElement } from '../../src/index.js';
import { button, query, queryAll } from './helpers.js';

const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);

const NAMED: PollRecord = {
  id: 'p1',
  question: 'Where do we eat?',
  options: ['Pizza', 'Sushi', 'Salad'],
  multiple: true,
  anonymous: false,
  resultsShared: true,
  state: 'closed',
  createdAt: T0 + 60_000,
  voters: 3,
  counts: [2, 1, 0],
  ballots: [
    { userId: 'alice', displayName: 'alice.smith@example.com', avatarUrl: null, choices: [1, 0] },
    { userId: 'bob', displayName: 'Bob', avatarUrl: null, choices: [0] },
  ],
};

const ANONYMOUS: PollRecord = {
  id: 'p2',
  question: 'How was the week?',
  options: ['Good', 'Hard'],
  multiple: false,
  anonymous: true,
  resultsShared: false,
  state: 'closed',
  createdAt: T0 + 120_000,
  voters: 3,
  counts: [1, 2],
};

function record(polls: PollRecord[] | undefined): MeetingRecord {
  return {
    id: '600000001',
    topic: 'Weekly sync',
    creatorUserId: 'hana',
    startedAt: T0,
    endedAt: T0 + 1_800_000,
    participantCount: 1,
    participations: [{ id: 1, userId: 'hana', displayName: 'Hana', role: 'host', joinedAt: T0, leftAt: T0 + 1_800_000, durationMs: 1_800_000, recordingConsentedAt: null }],
    ...(polls === undefined ? {} : { polls }),
  };
}

/** A fetch answering like the records API with one meeting, `meeting`. */
function fakeRecords(meeting: MeetingRecord) {
  return async (input: string): Promise<Response> => {
    const path = new URL(input, location.origin).pathname;
    if (path === '/api/meetings') return Response.json({ meetings: [meeting] });
    if (path === '/api/audit') return Response.json({ entries: [] });
    if (path === `/api/meetings/${meeting.id}`) return Response.json(meeting);
    return Response.json({ error: 'no such meeting' }, { status: 404 });
  };
}

/** A `<we-history>` showing the details of a meeting with `polls`. */
async function detailsWith(polls: PollRecord[] | undefined): Promise<WeHistoryElement> {
  const element = await fixture<WeHistoryElement>(html`<we-history token="creator-jwt" .fetch=${fakeRecords(record(polls))}></we-history>`);
  await waitUntil(() => button(element, '600 000 001') !== undefined, 'the meeting list did not load');
  button(element, '600 000 001')!.click();
  await waitUntil(() => query(element, 'section[part="polls"]') !== null, 'the polls did not appear');
  await element.updateComplete;
  return element;
}

function text(node: Element): string {
  return node.textContent!.replace(/\s+/g, ' ').trim();
}

function polls(element: WeHistoryElement): HTMLElement[] {
  return queryAll(element, 'section[part="polls"] article');
}

/** Each body row of `table` as its cells' text. */
function rows(table: Element): string[][] {
  return [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map(text));
}

describe('<we-history> polls', () => {
  it('is accessible with a named and an anonymous poll', async () => {
    const element = await detailsWith([NAMED, ANONYMOUS]);
    await expect(element).to.be.accessible();
  });

  it('shows a named poll\'s tally and who chose what, with masked names', async () => {
    const element = await detailsWith([NAMED]);
    const [poll] = polls(element);
    expect(query(element, 'section[part="polls"] h3')!.textContent).to.equal('Polls');
    expect(poll!.querySelector('h4')!.textContent).to.equal('Where do we eat?');
    expect([...poll!.querySelectorAll('.facts li')].map(text)).to.deep.equal(['Named', 'Several answers', 'Closed', '3 voters']);
    const [tally, ballots] = poll!.querySelectorAll('table');
    expect(rows(tally!)).to.deep.equal([
      ['Pizza', '2', '67%'],
      ['Sushi', '1', '33%'],
      ['Salad', '0', '0%'],
    ]);
    expect(rows(ballots!)).to.deep.equal([
      ['a***@example.com', 'Pizza, Sushi'],
      ['Bob', 'Pizza'],
    ]);
    expect(text(poll!)).not.to.contain('alice.smith');
    // The third voter deleted their data: counted, not named.
    expect(text(poll!)).to.contain('1 voter deleted their data');
  });

  it('shows an anonymous poll\'s tally only, never a voter', async () => {
    // A record that names an anonymous poll's voters is not shown either.
    const leaky: PollRecord = { ...ANONYMOUS, ballots: [{ userId: 'carol', displayName: 'Carol Leak', avatarUrl: null, choices: [1] }] };
    const element = await detailsWith([leaky]);
    const [poll] = polls(element);
    expect([...poll!.querySelectorAll('.facts li')].map(text)).to.deep.equal(['Anonymous', 'One answer', 'Closed', '3 voters']);
    const tables = poll!.querySelectorAll('table');
    expect(tables).to.have.length(1);
    expect(rows(tables[0]!)).to.deep.equal([
      ['Good', '1', '33%'],
      ['Hard', '2', '67%'],
    ]);
    expect(text(poll!)).to.contain('tally only');
    expect(element.shadowRoot!.textContent).not.to.contain('Carol');
    expect(element.shadowRoot!.textContent).not.to.contain('deleted their data');
  });

  it('shows polls oldest first, a draft as never opened, and no shares without voters', async () => {
    const draft: PollRecord = { ...NAMED, id: 'p3', question: 'Next topic?', state: 'draft', voters: 0, counts: [0, 0, 0], ballots: [] };
    const element = await detailsWith([ANONYMOUS, NAMED, draft]);
    expect(polls(element).map((poll) => poll.querySelector('h4')!.textContent)).to.deep.equal(['How was the week?', 'Where do we eat?', 'Next topic?']);
    const last = polls(element)[2]!;
    expect([...last.querySelectorAll('.facts li')].map(text)).to.deep.equal(['Named', 'Several answers', 'Draft, never opened', 'No votes']);
    expect(rows(last.querySelector('table')!).map((row) => row[2])).to.deep.equal(['0%', '0%', '0%']);
    expect(last.querySelectorAll('table')).to.have.length(1);
  });

  it('says No polls in this meeting. when it had none', async () => {
    const element = await detailsWith([]);
    expect(text(query(element, 'section[part="polls"]')!)).to.equal('Polls No polls in this meeting.');
    expect(polls(element)).to.have.length(0);
    await expect(element).to.be.accessible();
  });

  it('says No polls in this meeting. for a record from a server without polls', async () => {
    const element = await detailsWith(undefined);
    expect(text(query(element, 'section[part="polls"]')!)).to.contain('No polls in this meeting.');
  });

  it('shows markup in a question, an option or a name as text', async () => {
    const payload = '<img src=x onerror="window.__pwned=1">';
    const hostile: PollRecord = {
      ...NAMED,
      question: payload,
      options: [payload, '<b>bold</b>', 'Salad'],
      ballots: [{ userId: 'mallory', displayName: '<script>window.__pwned=1</script>', avatarUrl: null, choices: [0] }],
    };
    const element = await detailsWith([hostile]);
    const [poll] = polls(element);
    expect(poll!.querySelector('h4')!.textContent).to.equal(payload);
    expect(rows(poll!.querySelector('table')!)[0]![0]).to.equal(payload);
    expect(poll!.querySelectorAll('img, b, script')).to.have.length(0);
    expect(text(poll!)).to.contain('<script>window.__pwned=1</script>');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });
});
