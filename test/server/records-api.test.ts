import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
const MEETING = '600000001';
let hanaToken: string;
let gusToken: string;

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

test('GET /api/meetings/:id gives the creator every participation and others 403', async () => {
  const response = await get(`/api/meetings/${MEETING}`, hanaToken);
  assert.equal(response.status, 200);
  const record = (await response.json()) as { participations: { displayName: string; durationMs: number | null }[] };
  assert.deepEqual(
    record.participations.map((p) => p.displayName),
    ['Hana', 'Gus', 'Gus', '=HYPERLINK("x")'],
  );
  assert.ok(record.participations.every((p) => p.durationMs !== null && p.durationMs >= 0));
  assert.equal((await get(`/api/meetings/${MEETING}`, gusToken)).status, 403);
  assert.equal((await get('/api/meetings/999999998', hanaToken)).status, 404);
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
});

test('export as CSV downloads one row per join with formulas neutralised', async () => {
  const response = await get(`/api/meetings/${MEETING}/export?format=csv`, hanaToken);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
  assert.equal(response.headers.get('content-disposition'), `attachment; filename="meeting-${MEETING}.csv"`);
  const lines = (await response.text()).trimEnd().split('\r\n');
  assert.equal(lines[0], 'meeting_id,topic,user_id,display_name,role,joined_at,left_at,duration_seconds');
  assert.equal(lines.length, 5);
  assert.ok(lines.some((line) => line.includes(`"'=HYPERLINK(""x"")"`)), lines.join('\n'));
  assert.equal((await get(`/api/meetings/${MEETING}/export?format=csv`, gusToken)).status, 403);
});

test('export as JSON downloads the same record', async () => {
  const response = await get(`/api/meetings/${MEETING}/export?format=json`, hanaToken);
  assert.equal(response.headers.get('content-disposition'), `attachment; filename="meeting-${MEETING}.json"`);
  const record = (await response.json()) as { id: string; participations: unknown[] };
  assert.equal(record.id, MEETING);
  assert.equal(record.participations.length, 4);
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
  const { deleted } = (await response.json()) as { deleted: { participations: number } };
  assert.equal(deleted.participations, 2);
  const record = (await (await get(`/api/meetings/${MEETING}`, hanaToken)).json()) as {
    participations: { userId: string; displayName: string; durationMs: number | null }[];
  };
  assert.equal(record.participations.length, 4, 'counts are kept');
  assert.ok(!record.participations.some((p) => p.userId === 'gus' || p.displayName === 'Gus'));
  assert.equal(record.participations.filter((p) => p.displayName === 'Deleted user').length, 2);
  assert.equal((await fetch(`${server.url}/api/me`, { method: 'DELETE' })).status, 401);
});
