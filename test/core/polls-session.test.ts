import { expect } from '@open-wc/testing';
import { InvalidStateError, RequestError } from '../../src/core/errors.js';
import { PollsSession, type PollsLink } from '../../src/core/polls/polls-session.js';
import type { MethodName, Poll, RequestData, ResponseData } from '../../src/protocol/index.js';

function poll(id: string, patch: Partial<Poll> = {}): Poll {
  return {
    id,
    question: `Question ${id}?`,
    options: ['Yes', 'No', 'Maybe'],
    multiple: false,
    anonymous: false,
    resultsShared: false,
    state: 'open',
    voted: false,
    results: null,
    ...patch,
  };
}

interface Sent {
  method: MethodName;
  data: unknown;
}

/** A link whose `request` answers from `answers` by method (a function, a value or an error). */
function fakeLink(answers: Partial<Record<MethodName, unknown>> = {}, host = true) {
  const sent: Sent[] = [];
  const state = { host };
  const link: PollsLink = {
    request: async <M extends MethodName>(method: M, data: RequestData<M>): Promise<ResponseData<M>> => {
      sent.push({ method, data });
      const answer = method in answers ? answers[method] : method === 'listPolls' ? { polls: [] } : {};
      const value = typeof answer === 'function' ? await (answer as (data: unknown) => unknown)(data) : answer;
      if (value instanceof Error) throw value;
      return value as ResponseData<M>;
    },
    isHost: () => state.host,
  };
  return { link, sent, state };
}

/** Records every event the session emits. */
function record(session: PollsSession) {
  const events: unknown[][] = [];
  session.on('pollupdated', (updated, previous) => events.push(['pollupdated', updated.id, previous?.id]));
  session.on('pollremoved', (pollId) => events.push(['pollremoved', pollId]));
  return events;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

async function attached(answers: Partial<Record<MethodName, unknown>> = {}, host = true) {
  const session = new PollsSession();
  const fake = fakeLink(answers, host);
  await session.attach(fake.link);
  fake.sent.length = 0;
  return { session, ...fake };
}

describe('PollsSession', () => {
  it('has no polls and cannot manage before attach()', () => {
    const session = new PollsSession();
    expect(session.polls).to.deep.equal([]);
    expect(session.canManage).to.equal(false);
  });

  it('attach() loads listPolls and emits pollupdated for each poll, oldest first', async () => {
    const session = new PollsSession();
    const events = record(session);
    const { link, sent } = fakeLink({ listPolls: { polls: [poll('a'), poll('b')] } });
    await session.attach(link);
    expect(sent).to.deep.equal([{ method: 'listPolls', data: {} }]);
    expect(session.polls.map((p) => p.id)).to.deep.equal(['a', 'b']);
    expect(events).to.deep.equal([
      ['pollupdated', 'a', undefined],
      ['pollupdated', 'b', undefined],
    ]);
  });

  it('attach() rejects with the request error when the list cannot be loaded', async () => {
    const session = new PollsSession();
    const error = new RequestError('listPolls', 'internal', 'boom');
    const { link } = fakeLink({ listPolls: error });
    expect(await rejection(session.attach(link))).to.equal(error);
    session.handlePollUpdated(poll('a'));
    expect(session.polls.map((p) => p.id)).to.deep.equal(['a']);
  });

  it('attach() keeps what notifications said while the list was on its way', async () => {
    const session = new PollsSession();
    let answer: (value: unknown) => void = () => {};
    const { link } = fakeLink({ listPolls: () => new Promise((resolve) => (answer = resolve)) });
    const attaching = session.attach(link);
    session.handlePollUpdated(poll('a', { state: 'closed' }));
    session.handlePollDeleted('b');
    answer({ polls: [poll('a', { state: 'open' }), poll('b'), poll('c')] });
    await attaching;
    expect(session.polls.map((p) => [p.id, p.state])).to.deep.equal([
      ['a', 'closed'],
      ['c', 'open'],
    ]);
  });

  it('attach() again reloads the list and removes polls that are gone', async () => {
    const { session } = await attached({ listPolls: { polls: [poll('a'), poll('b')] } });
    const events = record(session);
    await session.attach(fakeLink({ listPolls: { polls: [poll('b', { state: 'closed' })] } }).link);
    expect(session.polls.map((p) => [p.id, p.state])).to.deep.equal([['b', 'closed']]);
    expect(events).to.deep.equal([
      ['pollremoved', 'a'],
      ['pollupdated', 'b', 'b'],
    ]);
  });

  it('canManage follows the link\'s isHost()', async () => {
    const { session, state } = await attached({}, false);
    expect(session.canManage).to.equal(false);
    state.host = true;
    expect(session.canManage).to.equal(true);
  });

  it('handlePollUpdated() adds or replaces a poll and emits it with the previous version', async () => {
    const { session } = await attached();
    const seen: [Poll, Poll | undefined][] = [];
    session.on('pollupdated', (updated, previous) => seen.push([updated, previous]));
    const first = poll('a', { state: 'draft' });
    const second = poll('a', { state: 'open' });
    session.handlePollUpdated(first);
    session.handlePollUpdated(poll('b'));
    session.handlePollUpdated(second);
    expect(session.polls).to.deep.equal([second, poll('b')]);
    expect(seen[0]).to.deep.equal([first, undefined]);
    expect(seen[2]![0]).to.equal(second);
    expect(seen[2]![1]).to.equal(first);
  });

  it('polls is a frozen snapshot that changes identity only when a poll changes', async () => {
    const { session } = await attached({ listPolls: { polls: [poll('a')] } });
    const before = session.polls;
    expect(Object.isFrozen(before)).to.equal(true);
    expect(session.polls).to.equal(before);
    session.handlePollUpdated(poll('a', { voted: true }));
    expect(session.polls).not.to.equal(before);
  });

  it('handlePollDeleted() removes a poll and emits pollremoved; an unknown id changes nothing', async () => {
    const { session } = await attached({ listPolls: { polls: [poll('a'), poll('b')] } });
    const events = record(session);
    session.handlePollDeleted('a');
    session.handlePollDeleted('nope');
    expect(session.polls.map((p) => p.id)).to.deep.equal(['b']);
    expect(events).to.deep.equal([['pollremoved', 'a']]);
  });

  it('a throwing listener does not stop other listeners or corrupt the list', async () => {
    const { session } = await attached();
    const reported: unknown[] = [];
    session.onListenerError = (_event, error) => reported.push(error);
    const received: string[] = [];
    session.on('pollupdated', () => {
      throw new Error('listener bug');
    });
    session.on('pollupdated', (updated) => received.push(updated.id));
    session.handlePollUpdated(poll('a'));
    expect(received).to.deep.equal(['a']);
    expect(reported).to.have.length(1);
    expect(session.polls.map((p) => p.id)).to.deep.equal(['a']);
  });

  it('create() sends createPoll with trimmed text and defaults, and adds the poll', async () => {
    const created = poll('new', { state: 'draft' });
    const { session, sent } = await attached({ createPoll: { poll: created } });
    const events = record(session);
    const result = await session.create({ question: '  Lunch?  ', options: [' Pizza ', 'Salad'], anonymous: true });
    expect(result).to.deep.equal(created);
    expect(sent).to.deep.equal([
      {
        method: 'createPoll',
        data: { question: 'Lunch?', options: ['Pizza', 'Salad'], multiple: false, anonymous: true, shareResults: false },
      },
    ]);
    expect(session.polls).to.deep.equal([created]);
    expect(events).to.deep.equal([['pollupdated', 'new', undefined]]);
  });

  it('create() keeps a newer notification of the same poll that arrived before the answer', async () => {
    const { session, link } = await attached();
    const opened = poll('new', { state: 'open' });
    link.request = (async () => {
      session.handlePollUpdated(opened);
      return { poll: poll('new', { state: 'draft' }) };
    }) as PollsLink['request'];
    await session.create({ question: 'Q', options: ['A', 'B'] });
    expect(session.polls).to.deep.equal([opened]);
  });

  it('create() rejects with TypeError or RangeError before any request', async () => {
    const { session, sent } = await attached();
    const cases: [unknown, typeof TypeError | typeof RangeError][] = [
      [null, TypeError],
      [{ question: 3, options: ['A', 'B'] }, TypeError],
      [{ question: '   ', options: ['A', 'B'] }, RangeError],
      [{ question: 'x'.repeat(501), options: ['A', 'B'] }, RangeError],
      [{ question: 'Q', options: 'A,B' }, TypeError],
      [{ question: 'Q', options: ['A'] }, RangeError],
      [{ question: 'Q', options: Array.from({ length: 11 }, (_, i) => `O${i}`) }, RangeError],
      [{ question: 'Q', options: ['A', ' '] }, RangeError],
      [{ question: 'Q', options: ['A', 2] }, TypeError],
      [{ question: 'Q', options: ['A', 'B'], multiple: 'yes' }, TypeError],
      [{ question: 'Q', options: ['A', 'B'], anonymous: 1 }, TypeError],
    ];
    for (const [init, type] of cases) {
      const error = await rejection(session.create(init as never));
      expect(error, JSON.stringify(init)).to.be.instanceOf(type);
    }
    expect(sent).to.deep.equal([]);
  });

  it('create() accepts 2 and 10 options', async () => {
    const { session, sent } = await attached({ createPoll: (data: { options: string[] }) => ({ poll: poll(`p${data.options.length}`) }) });
    await session.create({ question: 'Q', options: ['A', 'B'] });
    await session.create({ question: 'Q', options: Array.from({ length: 10 }, (_, i) => `O${i}`) });
    expect(sent).to.have.length(2);
  });

  it('open(), close(), remove() and setResultsShared() send their requests', async () => {
    const { session, sent } = await attached();
    await session.open('a');
    await session.close('a');
    await session.setResultsShared('a', true);
    await session.remove('a');
    expect(sent).to.deep.equal([
      { method: 'openPoll', data: { pollId: 'a' } },
      { method: 'closePoll', data: { pollId: 'a' } },
      { method: 'sharePollResults', data: { pollId: 'a', shared: true } },
      { method: 'deletePoll', data: { pollId: 'a' } },
    ]);
  });

  it('open() and the other host calls reject with TypeError or RangeError for a bad poll id', async () => {
    const { session, sent } = await attached();
    expect(await rejection(session.open(7 as never))).to.be.instanceOf(TypeError);
    expect(await rejection(session.close(''))).to.be.instanceOf(RangeError);
    expect(await rejection(session.remove('x'.repeat(65)))).to.be.instanceOf(RangeError);
    expect(await rejection(session.setResultsShared('a', 'yes' as never))).to.be.instanceOf(TypeError);
    expect(sent).to.deep.equal([]);
  });

  it('the host calls reject with the server\'s RequestError', async () => {
    const refusal = new RequestError('openPoll', 'forbidden', 'only hosts can run polls');
    const { session } = await attached({ openPoll: refusal });
    expect(await rejection(session.open('a'))).to.equal(refusal);
  });

  it('vote() sends the chosen indexes', async () => {
    const { session, sent } = await attached({ listPolls: { polls: [poll('a', { multiple: true })] } });
    await session.vote('a', [2, 0]);
    expect(sent).to.deep.equal([{ method: 'vote', data: { pollId: 'a', choices: [2, 0] } }]);
  });

  it('vote() rejects with TypeError or RangeError before any request', async () => {
    const { session, sent } = await attached({ listPolls: { polls: [poll('single'), poll('multi', { multiple: true })] } });
    expect(await rejection(session.vote('single', 'a' as never))).to.be.instanceOf(TypeError);
    expect(await rejection(session.vote('single', []))).to.be.instanceOf(RangeError);
    expect(await rejection(session.vote('single', [1.5]))).to.be.instanceOf(TypeError);
    expect(await rejection(session.vote('single', ['1' as never]))).to.be.instanceOf(TypeError);
    expect(await rejection(session.vote('single', [3]))).to.be.instanceOf(RangeError);
    expect(await rejection(session.vote('single', [-1]))).to.be.instanceOf(RangeError);
    expect(await rejection(session.vote('single', [0, 1]))).to.be.instanceOf(RangeError);
    expect(await rejection(session.vote('multi', [1, 1]))).to.be.instanceOf(RangeError);
    expect(await rejection(session.vote('unknown', [10]))).to.be.instanceOf(RangeError);
    expect(sent).to.deep.equal([]);
  });

  it('vote() rejects with the server\'s RequestError (already voted)', async () => {
    const conflict = new RequestError('vote', 'conflict', 'already voted');
    const { session } = await attached({ listPolls: { polls: [poll('a')] }, vote: conflict });
    const error = await rejection(session.vote('a', [0]));
    expect(error).to.equal(conflict);
    expect((error as RequestError).code).to.equal('conflict');
  });

  it('every call rejects with InvalidStateError before attach()', async () => {
    const session = new PollsSession();
    expect(await rejection(session.create({ question: 'Q', options: ['A', 'B'] }))).to.be.instanceOf(InvalidStateError);
    expect(await rejection(session.open('a'))).to.be.instanceOf(InvalidStateError);
    expect(await rejection(session.vote('a', [0]))).to.be.instanceOf(InvalidStateError);
  });

  it('detach() clears the polls, ignores later notifications and makes calls reject with InvalidStateError', async () => {
    const { session, sent } = await attached({ listPolls: { polls: [poll('a')] } });
    const events = record(session);
    session.detach();
    session.detach();
    expect(session.polls).to.deep.equal([]);
    expect(session.canManage).to.equal(false);
    session.handlePollUpdated(poll('b'));
    session.handlePollDeleted('a');
    expect(session.polls).to.deep.equal([]);
    expect(events).to.deep.equal([]);
    for (const call of [
      () => session.create({ question: 'Q', options: ['A', 'B'] }),
      () => session.open('a'),
      () => session.close('a'),
      () => session.remove('a'),
      () => session.setResultsShared('a', true),
      () => session.vote('a', [0]),
    ]) {
      expect(await rejection(call())).to.be.instanceOf(InvalidStateError);
    }
    expect(sent).to.deep.equal([]);
  });

  it('suspend() keeps the polls, so the next attach() reports only what changed meanwhile', async () => {
    const { session } = await attached({ listPolls: { polls: [poll('a', { state: 'open' }), poll('b', { state: 'open' })] } });
    const events = record(session);
    session.suspend();
    expect(session.polls.map((p) => p.id)).to.deep.equal(['a', 'b']);
    expect(await rejection(session.vote('a', [0]))).to.be.instanceOf(InvalidStateError);
    await session.attach(fakeLink({ listPolls: { polls: [poll('b', { state: 'closed' })] } }).link);
    // No poll comes back as new (previous undefined): b is an update, a was deleted meanwhile.
    expect(events).to.deep.equal([
      ['pollremoved', 'a'],
      ['pollupdated', 'b', 'b'],
    ]);
  });

  it('detach() during attach() drops the list that arrives afterwards', async () => {
    const session = new PollsSession();
    let answer: (value: unknown) => void = () => {};
    const { link } = fakeLink({ listPolls: () => new Promise((resolve) => (answer = resolve)) });
    const attaching = session.attach(link);
    session.detach();
    answer({ polls: [poll('a')] });
    await attaching;
    expect(session.polls).to.deep.equal([]);
  });
});
