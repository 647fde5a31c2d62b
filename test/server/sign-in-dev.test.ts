import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startServer, type MeetingServer } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { PROTOCOL_VERSION } from '../../src/protocol/index.js';
import { RawSocket } from './test-server.js';

// Development mode beside sign-in: `?meeting=<id>&name=<name>` on the demo page opens a meeting
// nobody created, through the same token endpoint guests use.
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
let server: MeetingServer;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'we-meeting-sign-in-dev-'));
  const config = loadConfig(
    { PORT: '0', WE_RTC_PORT: '0', WE_WORKERS: '1', WE_DATA_DIR: dataDir, WE_DEV_TOKENS: 'true', WE_SIGN_IN_SECRET: 'sign-in-dev-secret-0123456789-abcdefgh' },
    packageRoot,
  );
  server = await startServer(config, pino({ level: 'silent' }));
});
after(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function token(meeting: string, body: Record<string, string>) {
  const response = await fetch(`${server.url}/api/meetings/${meeting}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { token?: string; role?: string; code?: string };
  const claims = answer.token === undefined ? undefined : JSON.parse(Buffer.from(answer.token.split('.')[1]!, 'base64url').toString());
  return { status: response.status, role: answer.role, code: answer.code, claims, raw: answer.token ?? '' };
}

test('a meeting nobody created opens for its first joiner, as host, under the development user given', async () => {
  const first = await token('700000101', { name: 'Ann', devUserId: 'dev-ann' });
  assert.equal(first.status, 200);
  assert.equal(first.role, 'host');
  assert.equal(first.claims.sub ?? first.claims.userId, 'dev-ann');
  assert.equal(first.claims.meeting, '700000101');
});

test('once the meeting exists, its creator is host again and anyone else a participant', async () => {
  const meeting = '700000102';
  const first = await token(meeting, { name: 'Ann', devUserId: 'dev-ann' });
  // Joining makes the meeting, with Ann as its creator.
  const socket = new RawSocket(`${server.url.replace('http', 'ws')}/ws`);
  await socket.opened();
  const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token: first.raw });
  assert.equal(hello.ok, true, JSON.stringify(hello));
  socket.socket.close();
  const again = await token(meeting, { name: 'Ann', devUserId: 'dev-ann' });
  assert.equal(again.role, 'host');
  const other = await token(meeting, { name: 'Bob', devUserId: 'dev-bob' });
  assert.equal(other.role, 'participant');
  assert.equal(other.claims.sub ?? other.claims.userId, 'dev-bob');
  const anonymous = await token(meeting, { name: 'Cy' });
  assert.equal(anonymous.role, 'participant');
});
