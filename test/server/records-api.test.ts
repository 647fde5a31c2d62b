import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION, type Poll, type PollRecord } from '../../src/protocol/index.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
const MEETING = '600000001';
let hanaToken: string;
let gusToken: string;
let namedPoll: Poll;
let anonymousPoll: Poll;
let draftPoll: Poll;

async function join(name: string, role: 'host' | 'participant'): Promise<RawSocket> {
  const socket = new RawSocket(server.wsUrl);
  await socket.opened();
  const token = await server.token({ meeting: MEETING, name, userId: name.toLowerCase().replace(/\W/g, ''), role });
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: MEETING, token });
  assert.equal(hello.ok, true, JSON.stringify(hello));
  return socket;
}

async function leave(socket: RawSocket): Promise<void> {
  socket.close();
  await socket.closed;
}

async function ask(socket: RawSocket, method: string, data: unknown): Promise<Record<string, unknown>> {
  const answer = await socket.request(method, data);
  assert.equal(answer.ok, true, `${method}: ${JSON.stringify(answer)}`);
  return answer.data as Record<string, unknown>;
}

function get(path: string, token?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
}

before(async () => {
  server = await startTestServer();
  hanaToken = await server.token({ meeting: MEETING, name: 'Hana', userId: 'hana', role: 'host' });
  // A token for any meeting identifies its user to the records API.
  gusToken = await server.token({ meeting: '123123123', name: 'Gus', userId: 'gus', role: 'participant' });
  const hana = await join('Hana', 'host');
  await leave(await join('Gus', 'participant'));
  const gus = await join('Gus', 'participant');
  namedPoll = (await ask(hana, 'createPoll', { question: '=1+1 lunch?', options: ['Pizza', '@Sushi'] })).poll as Poll;
  anonymousPoll = (
    await ask(hana, 'createPoll', { question: 'Colours?', options: ['Red', 'Green', 'Blue'], multiple: true, anonymous: true })
  ).poll as Poll;
  draftPoll = (await ask(hana, 'createPoll', { question: 'Never asked', options: ['Yes', 'No'] })).poll as Poll;
  for (const poll of [namedPoll, anonymousPoll]) await ask(hana, 'openPoll', { pollId: poll.id });
  await ask(gus, 'vote', { pollId: namedPoll.id, choices: [1] });
  await ask(hana, 'vote', { pollId: namedPoll.id, choices: [0] });
  await ask(gus, 'vote', { pollId: anonymousPoll.id, choices: [0, 2] });
  await ask(hana, 'vote', { pollId: anonymousPoll.id, choices: [2] });
  const mallory = await join('=HYPERLINK("x")', 'participant');
  await leave(mallory);
  const ended = await hana.request('endMeeting');
  assert.equal(ended.ok, true);
  await Promise.all([hana.closed, gus.closed]);
  await new Promise((resolve) => setTimeout(resolve, 100));
});
after(async () => {
  await server.stop();
});

test('GET /api/meetings lists the caller\'s own meetings only', async () => {
  const mine = (await (await get('/api/meetings', hanaToken)).json()) as { meetings: { id: string; endedAt: number | null }[] };
  assert.deepEqual(mine.meetings.map((meeting) => meeting.id), [MEETING]);
  assert.ok(mine.meetings[0]!.endedAt !== null, 'ending the meeting for all is recorded');
  const theirs = (await (await get('/api/meetings', gusToken)).json()) as { meetings: unknown[] };
  assert.deepEqual(theirs.meetings, []);
});

test('GET /api/meetings/:id gives the creator every participation, and others the same 404 as an unknown id', async () => {
  const response = await get(`/api/meetings/${MEETING}`, hanaToken);
  assert.equal(response.status, 200);
  const record = (await response.json()) as { participations: { displayName: string; durationMs: number | null }[] };
  assert.deepEqual(
    record.participations.map((p) => p.displayName),
    ['Hana', 'Gus', 'Gus', '=HYPERLINK("x")'],
  );
  assert.ok(record.participations.every((p) => p.durationMs !== null && p.durationMs >= 0));
  const notTheirs = await get(`/api/meetings/${MEETING}`, gusToken);
  const unknown = await get('/api/meetings/999999998', hanaToken);
  assert.equal(notTheirs.status, 404);
  assert.equal(unknown.status, 404);
  assert.deepEqual(await notTheirs.json(), await unknown.json(), 'nobody can tell which meeting ids exist');
});

test('the records API refuses missing and forged tokens with 401 and the token error code', async () => {
  const missing = await get('/api/meetings');
  assert.equal(missing.status, 401);
  assert.equal(((await missing.json()) as { code: string }).code, 'token_missing');
  const forged = await get('/api/meetings', `${hanaToken.slice(0, -4)}AAAA`);
  assert.equal(forged.status, 401);
  assert.equal(((await forged.json()) as { code: string }).code, 'token_invalid');
  assert.equal((await fetch(`${server.url}/api/meetings`, { method: 'POST' })).status, 405);
  assert.equal((await get('/api/meetings?limit=0', hanaToken)).status, 400);
  assert.equal((await get('/api/meetings?before=x', hanaToken)).status, 400);
  assert.equal((await get('/api/meetings?before=9999999999999999.123456789', hanaToken)).status, 400);
});

test('GET /api/meetings/:id gives the creator every poll: named with voters, anonymous with counts only', async () => {
  const record = (await (await get(`/api/meetings/${MEETING}`, hanaToken)).json()) as { polls: PollRecord[] };
  assert.deepEqual(
    record.polls.map(({ question, state, voters, counts }) => ({ question, state, voters, counts })),
    [
      { question: '=1+1 lunch?', state: 'closed', voters: 2, counts: [1, 1] },
      { question: 'Colours?', state: 'closed', voters: 2, counts: [1, 0, 2] },
      { question: 'Never asked', state: 'draft', voters: 0, counts: [0, 0] },
    ],
  );
  const [named, anonymous] = record.polls;
  assert.deepEqual(named?.ballots, [
    { userId: 'gus', displayName: 'Gus', avatarUrl: null, choices: [1] },
    { userId: 'hana', displayName: 'Hana', avatarUrl: null, choices: [0] },
  ]);
  assert.equal(anonymous?.anonymous, true);
  assert.equal('ballots' in anonymous!, false);
  const gusTries = await get(`/api/meetings/${MEETING}`, gusToken);
  assert.equal(gusTries.status, 404);
  assert.ok(!(await gusTries.text()).includes('lunch'));
});

test('export as CSV downloads one row per join, then poll results and named ballots, with formulas neutralised', async () => {
  const response = await get(`/api/meetings/${MEETING}/export?format=csv`, hanaToken);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
  assert.equal(response.headers.get('content-disposition'), `attachment; filename="meeting-${MEETING}.csv"`);
  const sections = (await response.text()).split('\r\n\r\n');
  const [joins, polls, ballots, ...rest] = sections.map((section) => section.trimEnd().split('\r\n'));
  assert.deepEqual(rest, []);
  assert.equal(joins![0], 'meeting_id,topic,user_id,display_name,role,joined_at,left_at,duration_seconds,recording_consented_at');
  assert.equal(joins!.length, 5);
  assert.ok(joins!.some((line) => line.includes(`"'=HYPERLINK(""x"")"`)), joins!.join('\n'));
  assert.deepEqual(polls, [
    'poll_id,question,multiple,anonymous,state,voters,option_index,option,votes',
    `${namedPoll.id},'=1+1 lunch?,false,false,closed,2,0,Pizza,1`,
    `${namedPoll.id},'=1+1 lunch?,false,false,closed,2,1,'@Sushi,1`,
    `${anonymousPoll.id},Colours?,true,true,closed,2,0,Red,1`,
    `${anonymousPoll.id},Colours?,true,true,closed,2,1,Green,0`,
    `${anonymousPoll.id},Colours?,true,true,closed,2,2,Blue,2`,
    `${draftPoll.id},Never asked,false,false,draft,0,0,Yes,0`,
    `${draftPoll.id},Never asked,false,false,draft,0,1,No,0`,
  ]);
  assert.deepEqual(ballots, [
    'poll_id,question,user_id,display_name,option_index,option',
    `${namedPoll.id},'=1+1 lunch?,gus,Gus,1,'@Sushi`,
    `${namedPoll.id},'=1+1 lunch?,hana,Hana,0,Pizza`,
  ]);
  assert.equal((await get(`/api/meetings/${MEETING}/export?format=csv`, gusToken)).status, 404);
});

test('export as JSON downloads the same record', async () => {
  const response = await get(`/api/meetings/${MEETING}/export?format=json`, hanaToken);
  assert.equal(response.headers.get('content-disposition'), `attachment; filename="meeting-${MEETING}.json"`);
  const record = (await response.json()) as { id: string; participations: unknown[]; polls: PollRecord[] };
  assert.equal(record.id, MEETING);
  assert.equal(record.participations.length, 4);
  assert.deepEqual(
    record.polls.map((poll) => [poll.id, poll.counts, poll.ballots?.length]),
    [
      [namedPoll.id, [1, 1], 2],
      [anonymousPoll.id, [1, 0, 2], undefined],
      [draftPoll.id, [0, 0], 0],
    ],
  );
  assert.equal((await get(`/api/meetings/${MEETING}/export?format=xml`, hanaToken)).status, 400);
});

test('every list, read and export is in the creator\'s audit log', async () => {
  await get('/api/meetings', hanaToken);
  await get(`/api/meetings/${MEETING}`, hanaToken);
  await get(`/api/meetings/${MEETING}/export?format=csv`, hanaToken);
  const { entries } = (await (await get('/api/audit', hanaToken)).json()) as {
    entries: { actorUserId: string; action: string; meeting: string | null; format: string | null }[];
  };
  const own = entries.filter((entry) => entry.actorUserId === 'hana');
  assert.ok(own.some((entry) => entry.action === 'list'));
  assert.ok(own.some((entry) => entry.action === 'read' && entry.meeting === MEETING));
  assert.ok(own.some((entry) => entry.action === 'export' && entry.format === 'csv'));
  // Refused attempts by others are not reads: nothing of Gus's is logged against this meeting.
  assert.ok(!entries.some((entry) => entry.actorUserId === 'gus' && entry.meeting === MEETING));
});

test('DELETE /api/me de-identifies the caller in the records the creator still sees', async () => {
  const response = await fetch(`${server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${gusToken}` } });
  assert.equal(response.status, 200);
  const { deleted } = (await response.json()) as { deleted: { participations: number; pollBallots: number } };
  assert.equal(deleted.participations, 2);
  assert.equal(deleted.pollBallots, 1);
  const record = (await (await get(`/api/meetings/${MEETING}`, hanaToken)).json()) as {
    participations: { userId: string; displayName: string; durationMs: number | null }[];
    polls: PollRecord[];
  };
  // Gus's named ballot became an anonymous count: the tally is unchanged, his name is gone.
  const [named, anonymous] = record.polls;
  assert.deepEqual([named?.voters, named?.counts], [2, [1, 1]]);
  assert.deepEqual(named?.ballots?.map((ballot) => ballot.userId), ['hana']);
  assert.deepEqual(anonymous?.counts, [1, 0, 2]);
  assert.ok(!JSON.stringify(record.polls).includes('gus'));
  assert.equal(record.participations.length, 4, 'counts are kept');
  assert.ok(!record.participations.some((p) => p.userId === 'gus' || p.displayName === 'Gus'));
  assert.equal(record.participations.filter((p) => p.displayName === 'Deleted user').length, 2);
  assert.equal((await fetch(`${server.url}/api/me`, { method: 'DELETE' })).status, 401);
});
