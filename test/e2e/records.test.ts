import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';

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
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('we-meeting').evaluate(
    (element: HTMLElement & { meeting: string; token: string; autojoin: boolean }, [meeting, value]) => {
      element.meeting = meeting!;
      element.token = value!;
      element.autojoin = true;
    },
    [MEETING, await token(userId, name, role)],
  );
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  return page;
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
  assert.equal(csv.trimEnd().split('\r\n').length, 4);

  const other = { authorization: `Bearer ${await token('gus-1', 'Gus', 'participant')}` };
  assert.equal((await fetch(`${server.url}/api/meetings/${MEETING}`, { headers: other })).status, 403);
  assert.equal((await fetch(`${server.url}/api/meetings/${MEETING}/export?format=json`, { headers: other })).status, 403);
});
