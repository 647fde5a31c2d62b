import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSE_CODES, PROTOCOL_VERSION, type Poll } from '../../src/protocol/index.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

interface Member {
  socket: RawSocket;
  id: string;
}

async function join(meeting: string, name: string, role: 'host' | 'participant', userId = name.toLowerCase()): Promise<Member> {
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  const token = await server.token({ meeting, name, userId, role });
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token });
  assert.equal(hello.ok, true, JSON.stringify(hello));
  return { socket, id: (hello.data as { self: { id: string } }).self.id };
}

async function leave(member: Member): Promise<void> {
  member.socket.close();
  await member.socket.closed;
}

const code = (answer: Record<string, unknown>) => (answer.error as { code?: string } | undefined)?.code;

async function ok(member: Member, method: string, data: unknown = {}): Promise<Record<string, unknown>> {
  const answer = await member.socket.request(method, data);
  assert.equal(answer.ok, true, `${method}: ${JSON.stringify(answer)}`);
  return answer.data as Record<string, unknown>;
}

const DEFAULT_POLL = { question: 'Lunch?', options: ['Pizza', 'Sushi', 'Salad'] };

async function createPoll(host: Member, init: Record<string, unknown> = {}): Promise<Poll> {
  return (await ok(host, 'createPoll', { ...DEFAULT_POLL, ...init })).poll as Poll;
}

async function listPolls(member: Member): Promise<Poll[]> {
  return (await ok(member, 'listPolls')).polls as Poll[];
}

/** Every `pollUpdated` this member got for `pollId`, in order. */
function updates(member: Member, pollId: string): Poll[] {
  return member.socket.frames
    .filter((frame) => frame.notification === 'pollUpdated')
    .map((frame) => (frame.data as { poll: Poll }).poll)
    .filter((poll) => poll.id === pollId);
}

/** Waits for a `pollUpdated` of `pollId` matching `where`. */
async function update(member: Member, pollId: string, where: (poll: Poll) => boolean = () => true): Promise<Poll> {
  const data = await member.socket.notification('pollUpdated', (d) => (d.poll as Poll).id === pollId && where(d.poll as Poll));
  return data.poll as Poll;
}

/** Lets notifications in flight arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

let meetingSerial = 0;
const nextMeeting = () => `7${String(++meetingSerial).padStart(8, '0')}`;

test('createPoll drafts a poll: hosts get it with results, participants neither see nor list drafts', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const cohost = await join(meeting, 'Cora', 'host');
  const guest = await join(meeting, 'Gus', 'participant');
  const poll = await createPoll(host, { multiple: true });
  assert.deepEqual(poll, {
    id: poll.id,
    question: 'Lunch?',
    options: ['Pizza', 'Sushi', 'Salad'],
    multiple: true,
    anonymous: false,
    resultsShared: false,
    state: 'draft',
    voted: false,
    results: { voters: 0, counts: [0, 0, 0] },
    ballots: [],
  });
  assert.equal((await update(cohost, poll.id)).state, 'draft');
  assert.deepEqual(await listPolls(guest), []);
  await settle();
  assert.deepEqual(updates(guest, poll.id), []);
  for (const member of [host, cohost, guest]) await leave(member);
});

test('createPoll refuses two options with the same text and bad shapes with bad_request', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  assert.equal(code(await host.socket.request('createPoll', { question: 'Q', options: ['A', 'A'] })), 'bad_request');
  assert.equal(code(await host.socket.request('createPoll', { question: 'Q', options: ['A'] })), 'bad_request');
  const eleven = Array.from({ length: 11 }, (_, i) => `O${i}`);
  assert.equal(code(await host.socket.request('createPoll', { question: 'Q', options: eleven })), 'bad_request');
  assert.equal(code(await host.socket.request('createPoll', { question: ' ', options: ['A', 'B'] })), 'bad_request');
  await leave(host);
});

const ADMIN: [string, (pollId: string) => unknown][] = [
  ['createPoll', () => DEFAULT_POLL],
  ['openPoll', (pollId) => ({ pollId })],
  ['closePoll', (pollId) => ({ pollId })],
  ['deletePoll', (pollId) => ({ pollId })],
  ['sharePollResults', (pollId) => ({ pollId, shared: true })],
];

test('every poll admin method is refused with forbidden for a participant', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const guest = await join(meeting, 'Gus', 'participant');
  const poll = await createPoll(host);
  await ok(host, 'openPoll', { pollId: poll.id });
  for (const [method, data] of ADMIN) {
    assert.equal(code(await guest.socket.request(method, data(poll.id))), 'forbidden', method);
    // Forbidden comes first: a participant learns nothing about which polls exist.
    assert.equal(code(await guest.socket.request(method, data('no-such-poll'))), 'forbidden', method);
  }
  const [after] = await listPolls(host);
  assert.equal(after?.state, 'open');
  assert.equal(after?.resultsShared, false);
  for (const member of [host, guest]) await leave(member);
});

test('admin methods and vote on an unknown poll answer not_found', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  for (const [method, data] of ADMIN.slice(1)) {
    assert.equal(code(await host.socket.request(method, data('no-such-poll'))), 'not_found', method);
  }
  assert.equal(code(await host.socket.request('vote', { pollId: 'no-such-poll', choices: [0] })), 'not_found');
  await leave(host);
});

test('openPoll shows the poll to participants; a draft and a closed poll refuse votes with conflict', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const guest = await join(meeting, 'Gus', 'participant');
  const poll = await createPoll(host);
  assert.equal(code(await guest.socket.request('vote', { pollId: poll.id, choices: [0] })), 'conflict');
  assert.equal(code(await host.socket.request('vote', { pollId: poll.id, choices: [0] })), 'conflict');
  assert.equal(code(await host.socket.request('closePoll', { pollId: poll.id })), 'conflict', 'a draft cannot close');
  await ok(host, 'openPoll', { pollId: poll.id });
  const opened = await update(guest, poll.id);
  assert.equal(opened.state, 'open');
  assert.equal(opened.results, null);
  await ok(host, 'closePoll', { pollId: poll.id });
  assert.equal((await update(guest, poll.id, (p) => p.state === 'closed')).state, 'closed');
  assert.equal(code(await guest.socket.request('vote', { pollId: poll.id, choices: [0] })), 'conflict');
  // Reopened, it takes votes again.
  await ok(host, 'openPoll', { pollId: poll.id });
  await ok(guest, 'vote', { pollId: poll.id, choices: [1] });
  for (const member of [host, guest]) await leave(member);
});

test('vote refuses choices out of range, repeated, or several in a single-choice poll with bad_request', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const guest = await join(meeting, 'Gus', 'participant');
  const single = await createPoll(host);
  const multiple = await createPoll(host, { question: 'Which days?', options: ['Mon', 'Tue', 'Wed', 'Thu'], multiple: true });
  await ok(host, 'openPoll', { pollId: single.id });
  await ok(host, 'openPoll', { pollId: multiple.id });
  const refused: [string, number[]][] = [
    [single.id, [3]],
    [single.id, [9]],
    [single.id, [0, 1]],
    [single.id, []],
    [single.id, [-1]],
    [single.id, [0.5]],
    [multiple.id, [1, 1]],
    [multiple.id, [0, 4]],
  ];
  for (const [pollId, choices] of refused) {
    assert.equal(code(await guest.socket.request('vote', { pollId, choices })), 'bad_request', JSON.stringify(choices));
  }
  // None of the refused attempts used up the ballot.
  await ok(guest, 'vote', { pollId: single.id, choices: [2] });
  await ok(guest, 'vote', { pollId: multiple.id, choices: [0, 3] });
  const [one, many] = await listPolls(host);
  assert.deepEqual(one?.results, { voters: 1, counts: [0, 0, 1] });
  assert.deepEqual(many?.results, { voters: 1, counts: [1, 0, 0, 1] });
  for (const member of [host, guest]) await leave(member);
});

test('vote: one ballot per user, final, and rejoining with the same user id gives no second one', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const guest = await join(meeting, 'Gus', 'participant');
  const poll = await createPoll(host, { anonymous: true });
  await ok(host, 'openPoll', { pollId: poll.id });
  await ok(guest, 'vote', { pollId: poll.id, choices: [0] });
  assert.equal((await update(guest, poll.id, (p) => p.voted)).voted, true);
  // Changing one's mind is refused: a ballot is final.
  assert.equal(code(await guest.socket.request('vote', { pollId: poll.id, choices: [1] })), 'conflict');
  // The same person on a second connection, and again after leaving and coming back.
  const tab = await join(meeting, 'Gus', 'participant');
  assert.equal(code(await tab.socket.request('vote', { pollId: poll.id, choices: [1] })), 'conflict');
  await leave(tab);
  await leave(guest);
  const back = await join(meeting, 'Gus again', 'participant', 'gus');
  const [seen] = await listPolls(back);
  assert.equal(seen?.voted, true);
  assert.equal(code(await back.socket.request('vote', { pollId: poll.id, choices: [2] })), 'conflict');
  // Another user with the same display name is someone else.
  const namesake = await join(meeting, 'Gus', 'participant', 'gus-2');
  await ok(namesake, 'vote', { pollId: poll.id, choices: [2] });
  const [result] = await listPolls(host);
  assert.deepEqual(result?.results, { voters: 2, counts: [1, 0, 1] });
  for (const member of [host, back, namesake]) await leave(member);
});

test('one user votes once: a second connection replaces the first, and a second ballot is refused', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const a = await join(meeting, 'Gus', 'participant');
  const b = await join(meeting, 'Gus', 'participant');
  assert.equal((await a.socket.notification('sessionEnded')).reason, 'replaced');
  assert.equal((await a.socket.closed).code, CLOSE_CODES.replaced);
  const poll = await createPoll(host);
  await ok(host, 'openPoll', { pollId: poll.id });
  const answers = await Promise.all([
    b.socket.request('vote', { pollId: poll.id, choices: [0] }),
    b.socket.request('vote', { pollId: poll.id, choices: [1] }),
  ]);
  assert.deepEqual(answers.map((answer) => answer.ok), [true, false]);
  assert.equal(code(answers[1]!), 'conflict');
  const [result] = await listPolls(host);
  assert.equal(result?.results?.voters, 1);
  for (const member of [host, b]) await leave(member);
});

test('results: hosts always see counts; participants only while shared; named ballots only to hosts', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const ann = await join(meeting, 'Ann', 'participant');
  const ben = await join(meeting, 'Ben', 'participant');
  const poll = await createPoll(host);
  await ok(host, 'openPoll', { pollId: poll.id });
  await ok(ann, 'vote', { pollId: poll.id, choices: [1] });
  const hostView = await update(host, poll.id, (p) => p.results?.voters === 1);
  assert.deepEqual(hostView.results, { voters: 1, counts: [0, 1, 0] });
  assert.deepEqual(hostView.ballots, [{ displayName: 'Ann', choices: [1] }]);
  assert.equal(hostView.voted, false);
  const annView = await update(ann, poll.id, (p) => p.voted);
  assert.equal(annView.results, null);
  assert.equal('ballots' in annView, false);
  const benView = (await listPolls(ben))[0]!;
  assert.equal(benView.voted, false);
  assert.equal(benView.results, null);

  await ok(host, 'sharePollResults', { pollId: poll.id, shared: true });
  const shared = await update(ben, poll.id, (p) => p.resultsShared);
  assert.deepEqual(shared.results, { voters: 1, counts: [0, 1, 0] });
  assert.equal('ballots' in shared, false);
  await ok(ben, 'vote', { pollId: poll.id, choices: [1] });
  const live = await update(ann, poll.id, (p) => p.results?.voters === 2);
  assert.deepEqual(live.results?.counts, [0, 2, 0]);
  assert.equal('ballots' in live, false);
  assert.deepEqual((await update(host, poll.id, (p) => p.results?.voters === 2)).ballots, [
    { displayName: 'Ann', choices: [1] },
    { displayName: 'Ben', choices: [1] },
  ]);

  await ok(host, 'sharePollResults', { pollId: poll.id, shared: false });
  assert.equal((await update(ann, poll.id, (p) => !p.resultsShared)).results, null);
  // No participant ever received a ballot.
  for (const member of [ann, ben]) {
    assert.ok(!JSON.stringify(member.socket.frames).includes('"ballots"'));
  }
  for (const member of [host, ann, ben]) await leave(member);
});

test('an anonymous poll never carries ballots, not even to hosts', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const ann = await join(meeting, 'Ann', 'participant');
  const poll = await createPoll(host, { anonymous: true, shareResults: true });
  assert.equal(poll.anonymous, true);
  assert.equal('ballots' in poll, false);
  await ok(host, 'openPoll', { pollId: poll.id });
  await ok(ann, 'vote', { pollId: poll.id, choices: [2] });
  await ok(host, 'vote', { pollId: poll.id, choices: [0] });
  const hostView = await update(host, poll.id, (p) => p.results?.voters === 2);
  assert.deepEqual(hostView.results, { voters: 2, counts: [1, 0, 1] });
  assert.equal('ballots' in hostView, false);
  assert.equal('ballots' in (await listPolls(host))[0]!, false);
  await settle();
  for (const member of [host, ann]) {
    for (const view of updates(member, poll.id)) assert.equal('ballots' in view, false);
  }
  for (const member of [host, ann]) await leave(member);
});

test('deletePoll removes a poll for everyone; deleting a draft tells hosts only', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const guest = await join(meeting, 'Gus', 'participant');
  const draft = await createPoll(host);
  const open = await createPoll(host, { question: 'Coffee?' });
  await ok(host, 'openPoll', { pollId: open.id });
  await update(guest, open.id);
  await ok(host, 'deletePoll', { pollId: draft.id });
  await ok(host, 'deletePoll', { pollId: open.id });
  assert.equal((await host.socket.notification('pollDeleted', (d) => d.pollId === draft.id)).pollId, draft.id);
  assert.equal((await guest.socket.notification('pollDeleted', (d) => d.pollId === open.id)).pollId, open.id);
  await settle();
  const deletions = guest.socket.frames.filter((frame) => frame.notification === 'pollDeleted');
  assert.deepEqual(deletions.map((frame) => (frame.data as { pollId: string }).pollId), [open.id]);
  assert.deepEqual(await listPolls(host), []);
  assert.equal(code(await guest.socket.request('vote', { pollId: open.id, choices: [0] })), 'not_found');
  for (const member of [host, guest]) await leave(member);
});

test('a participant made host gets every poll as hosts see it, drafts included, and may manage them', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const guest = await join(meeting, 'Gus', 'participant');
  const draft = await createPoll(host);
  await ok(host, 'makeHost', { participantId: guest.id });
  const seen = await update(guest, draft.id);
  assert.equal(seen.state, 'draft');
  assert.deepEqual(seen.results, { voters: 0, counts: [0, 0, 0] });
  await ok(guest, 'openPoll', { pollId: draft.id });
  assert.equal((await update(host, draft.id, (p) => p.state === 'open')).state, 'open');
  for (const member of [host, guest]) await leave(member);
});

test('ending the meeting closes its open polls and they come back closed when a host reopens it', async () => {
  const meeting = nextMeeting();
  const host = await join(meeting, 'Hana', 'host');
  const guest = await join(meeting, 'Gus', 'participant');
  const poll = await createPoll(host, { anonymous: true });
  await ok(host, 'openPoll', { pollId: poll.id });
  await ok(guest, 'vote', { pollId: poll.id, choices: [1] });
  await ok(host, 'endMeeting');
  assert.equal((await update(guest, poll.id, (p) => p.state === 'closed')).state, 'closed');
  await Promise.all([host.socket.closed, guest.socket.closed]);
  await settle();
  assert.equal((await server.store.listPolls(meeting))[0]?.state, 'closed');
  const reopen = await join(meeting, 'Hana', 'host');
  const back = await join(meeting, 'Gus', 'participant');
  const [again] = await listPolls(back);
  assert.equal(again?.state, 'closed');
  assert.equal(again?.voted, true);
  assert.equal(code(await back.socket.request('vote', { pollId: poll.id, choices: [0] })), 'conflict');
  // Reopened by a host, the poll still remembers who voted.
  await ok(reopen, 'openPoll', { pollId: poll.id });
  assert.equal(code(await back.socket.request('vote', { pollId: poll.id, choices: [0] })), 'conflict');
  assert.deepEqual((await listPolls(reopen))[0]?.results, { voters: 1, counts: [0, 1, 0] });
  for (const member of [reopen, back]) await leave(member);
});
