import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { joinWithToken, launchChromium, startServerProcess, type ServerProcess } from './harness.js';

const SECRET = 'records-e2e-secret-0123456789-abcdefghij';
const MEETING = '246813579';
let server: ServerProcess;
let browser: Browser;
before(async () => {
  server = await startServerProcess({ WE_JWT_SECRET: SECRET });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

function token(userId: string, name: string, role: 'host' | 'participant') {
  return mintToken(SECRET, { userId, name, meeting: MEETING, role });
}

async function join(context: BrowserContext, userId: string, name: string, role: 'host' | 'participant'): Promise<Page> {
  return joinWithToken(context, server.url, { meeting: MEETING, token: await token(userId, name, role) });
}

test('a host and a participant meet, the participant rejoins, the host ends it; only the creator reads the records', async () => {
  const context = await browser.newContext();
  const host = await join(context, 'hana-1', 'Hana', 'host');
  let guest = await join(context, 'gus-1', 'Gus', 'participant');
  await guest.getByRole('button', { name: 'Leave' }).click();
  await guest.locator('we-meeting[state="left"]').waitFor();
  await guest.close();
  guest = await join(context, 'gus-1', 'Gus', 'participant');
  await host.getByRole('button', { name: 'End meeting for all' }).click();
  await host.getByRole('button', { name: /Confirm/ }).click();
  await guest.locator('we-meeting[state="left"]').waitFor({ timeout: 5_000 });
  await context.close();

  const creator = { authorization: `Bearer ${await token('hana-1', 'Hana', 'host')}` };
  const list = (await (await fetch(`${server.url}/api/meetings`, { headers: creator })).json()) as {
    meetings: { id: string; endedAt: number | null; participantCount: number }[];
  };
  assert.equal(list.meetings[0]?.id, MEETING);
  assert.ok(list.meetings[0]!.endedAt !== null);
  assert.equal(list.meetings[0]!.participantCount, 2);
  const record = (await (await fetch(`${server.url}/api/meetings/${MEETING}`, { headers: creator })).json()) as {
    participations: { displayName: string; leftAt: number | null }[];
  };
  assert.deepEqual(record.participations.map((p) => p.displayName), ['Hana', 'Gus', 'Gus']);
  assert.ok(record.participations.every((p) => p.leftAt !== null));
  const csv = await (await fetch(`${server.url}/api/meetings/${MEETING}/export?format=csv`, { headers: creator })).text();
  const rows = csv.trimEnd().split('\r\n').slice(1).map((line) => line.split(','));
  assert.deepEqual(rows.map((row) => row[3]), ['Hana', 'Gus', 'Gus']);
  const exported = (await (await fetch(`${server.url}/api/meetings/${MEETING}/export?format=json`, { headers: creator })).json()) as {
    participations: { displayName: string; joinedAt: number; leftAt: number; durationMs: number }[];
  };
  assert.equal(exported.participations.length, 3);
  exported.participations.forEach((p, index) => {
    assert.ok(p.durationMs > 0, `${p.displayName} stayed a while`);
    assert.equal(p.durationMs, p.leftAt - p.joinedAt);
    // CSV and JSON agree on each duration (seconds, rounded).
    assert.equal(Number(rows[index]![7]), Math.round(p.durationMs / 1000));
  });
  // Gus's first stay ended before his second began.
  assert.ok(exported.participations[1]!.leftAt <= exported.participations[2]!.joinedAt);

  const other = { authorization: `Bearer ${await token('gus-1', 'Gus', 'participant')}` };
  assert.equal((await fetch(`${server.url}/api/meetings/${MEETING}`, { headers: other })).status, 404);
  assert.equal((await fetch(`${server.url}/api/meetings/${MEETING}/export?format=json`, { headers: other })).status, 404);
});
