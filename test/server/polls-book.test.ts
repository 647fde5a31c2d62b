import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { ProtocolError, type NotificationName } from '../../src/protocol/index.js';
import { PollBook, type PollCaller, type PollStore } from '../../src/server/polls/poll-book.js';
import { Peer } from '../../src/server/rooms/peer.js';
import type { BallotRecord } from '../../src/server/store/store.js';

/** A store that keeps what it was given in memory, optionally failing every vote. */
function fakeStore(failVotes?: Error) {
  const ballots: BallotRecord[] = [];
  const store: PollStore = {
    createPoll: async () => {},
    setPollState: async () => true,
    setPollResultsShared: async () => true,
    deletePoll: async () => true,
    recordVote: async (ballot) => {
      if (failVotes !== undefined) throw failVotes;
      ballots.push(ballot);
      return 'recorded';
    },
  };
  return { store, ballots };
}

function caller(userId: string, role: 'host' | 'participant', inbox: { name: NotificationName; data: unknown }[] = []): PollCaller {
  const peer = new Peer(
    { id: `p-${userId}`, displayName: userId.toUpperCase(), role },
    (name, data) => inbox.push({ name, data }),
    () => {},
  );
  return { peer, identity: { userId, displayName: userId.toUpperCase(), avatarUrl: undefined } };
}

function book(store: PollStore, members: PollCaller[], lines: string[] = []) {
  const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
  return new PollBook({ meeting: '740000001', store, logger, audience: () => members.map((member) => member.peer) });
}

const DRAFT = { question: 'Q?', options: ['A', 'B'], multiple: false, shareResults: false };

test('PollBook.vote() gives the store no name for an anonymous poll and the voter\'s name for a named one', async () => {
  const { store, ballots } = fakeStore();
  const host = caller('hana', 'host');
  const ann = caller('ann', 'participant');
  const polls = book(store, [host, ann]);
  const anonymous = await polls.create(host, { ...DRAFT, anonymous: true });
  const named = await polls.create(host, { ...DRAFT, anonymous: false });
  await polls.open(host, anonymous.id);
  await polls.open(host, named.id);
  await polls.vote(ann, anonymous.id, [1]);
  await polls.vote(ann, named.id, [0]);
  assert.deepEqual(ballots, [
    { pollId: anonymous.id, userId: 'ann', choices: [1], named: undefined },
    { pollId: named.id, userId: 'ann', choices: [0], named: { displayName: 'ANN', avatarUrl: null } },
  ]);
});

test('PollBook.vote() answers internal and logs neither voter nor choice when the store fails', async () => {
  const failure = Object.assign(new Error('duplicate key'), { detail: 'Key (poll_id, user_id)=(x, ann) already exists.' });
  const { store } = fakeStore(failure);
  const host = caller('hana', 'host');
  const ann = caller('ann', 'participant');
  const lines: string[] = [];
  const polls = book(store, [host, ann], lines);
  const poll = await polls.create(host, { ...DRAFT, anonymous: true });
  await polls.open(host, poll.id);
  const before = lines.length;
  await assert.rejects(polls.vote(ann, poll.id, [1]), (error: unknown) => error instanceof ProtocolError && error.code === 'internal');
  const logged = lines.slice(before);
  assert.equal(logged.length, 1);
  assert.ok(!logged[0]!.includes('ann') && !logged[0]!.includes('choices'), logged[0]);
  // The failed ballot was not counted and the voter may try again.
  const [view] = await polls.list(host);
  assert.deepEqual(view?.results, { voters: 0, counts: [0, 0] });
  assert.equal(view?.voted, false);
});

test('PollBook runs operations one at a time: a close queued after a vote lets the vote finish first', async () => {
  const { store, ballots } = fakeStore();
  const host = caller('hana', 'host');
  const ann = caller('ann', 'participant');
  const polls = book(store, [host, ann]);
  const poll = await polls.create(host, { ...DRAFT, anonymous: true });
  await polls.open(host, poll.id);
  const vote = polls.vote(ann, poll.id, [0]);
  const close = polls.close(host, poll.id);
  const late = polls.vote(caller('bob', 'participant'), poll.id, [1]);
  await Promise.all([vote, close]);
  await assert.rejects(late, (error: unknown) => error instanceof ProtocolError && error.code === 'conflict');
  assert.equal(ballots.length, 1);
});

test('PollBook.roleChanged() gives a participant made host every poll once, drafts included', async () => {
  const { store } = fakeStore();
  const host = caller('hana', 'host');
  const inbox: { name: NotificationName; data: unknown }[] = [];
  const guest = caller('gus', 'participant', inbox);
  const polls = book(store, [host, guest]);
  const draft = await polls.create(host, { ...DRAFT, anonymous: false });
  assert.equal(inbox.length, 0, 'participants never see drafts');
  polls.roleChanged(guest.peer);
  assert.equal(inbox.length, 0, 'still a participant');
  guest.peer.participant = { ...guest.peer.participant, role: 'host' };
  polls.roleChanged(guest.peer);
  polls.roleChanged(guest.peer);
  assert.deepEqual(
    inbox.map(({ name, data }) => [name, (data as { poll: { id: string; state: string } }).poll.state]),
    [['pollUpdated', 'draft']],
  );
  assert.equal((inbox[0]!.data as { poll: { id: string } }).poll.id, draft.id);
});
