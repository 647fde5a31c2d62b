import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { joinWithToken, launchChromium, startServerProcess, type ServerProcess } from './harness.js';

const SECRET = 'polls-e2e-secret-0123456789-abcdefghijk';
const MEETING = '864213579';
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

/** Joins without camera or microphone (four pages on two cores) and opens the Polls panel. */
async function join(context: BrowserContext, userId: string, name: string, role: 'host' | 'participant'): Promise<Page> {
  const page = await joinWithToken(context, server.url, { meeting: MEETING, token: await token(userId, name, role), noMedia: true });
  await page.getByRole('button', { name: 'Polls' }).click();
  return page;
}

function pollOn(page: Page, question: string): Locator {
  return page.locator('we-meeting we-poll article').filter({ hasText: question });
}

async function createAndOpen(host: Page, question: string, options: string[], anonymous: boolean): Promise<void> {
  const polls = host.locator('we-meeting we-poll');
  await polls.getByRole('button', { name: 'New poll' }).click();
  await polls.getByLabel('Question').fill(question);
  for (const [index, option] of options.entries()) {
    if (index >= 2) await polls.getByRole('button', { name: 'Add option' }).click();
    await polls.getByLabel(`Option ${index + 1}`, { exact: true }).fill(option);
  }
  await polls.getByRole('radio', { name: anonymous ? /^Anonymous/ : /^Named/ }).check();
  await polls.getByRole('button', { name: 'Create poll' }).click();
  await pollOn(host, question).getByRole('button', { name: 'Open poll' }).click();
  await pollOn(host, question).getByRole('button', { name: 'Close poll' }).waitFor();
}

async function vote(page: Page, question: string, option: string): Promise<void> {
  const poll = pollOn(page, question);
  await poll.getByLabel(option, { exact: true }).check({ timeout: 10_000 });
  await poll.getByRole('button', { name: 'Vote' }).click();
  await poll.getByText(/your vote was counted/).waitFor({ timeout: 5_000 });
}

test('a host runs a named and an anonymous poll with three voters; only the creator reads both afterwards', async () => {
  const context = await browser.newContext();
  const host = await join(context, 'hana-7', 'Hana', 'host');
  const voters = [
    { page: await join(context, 'bob-7', 'Bob', 'participant'), name: 'Bob', named: 'Red', anonymous: 'Tea' },
    { page: await join(context, 'cat-7', 'Cat', 'participant'), name: 'Cat', named: 'Blue', anonymous: 'Tea' },
    { page: await join(context, 'dan-7', 'Dan', 'participant'), name: 'Dan', named: 'Red', anonymous: 'Coffee' },
  ];
  const named = 'Which colour for the logo?';
  const secret = 'Tea or coffee at the offsite?';

  await createAndOpen(host, named, ['Red', 'Blue', 'Green'], false);
  for (const voter of voters) await pollOn(voter.page, named).getByText('the host will see your choice').waitFor({ timeout: 10_000 });
  for (const voter of voters) await vote(voter.page, named, voter.named);

  await createAndOpen(host, secret, ['Tea', 'Coffee'], true);
  for (const voter of voters) await pollOn(voter.page, secret).getByText('nobody, not even the host').waitFor({ timeout: 10_000 });
  for (const voter of voters) await vote(voter.page, secret, voter.anonymous);

  // The host sees who chose what in the named poll, live.
  const namedOnHost = pollOn(host, named);
  await namedOnHost.getByText('3 voters').waitFor({ timeout: 5_000 });
  for (const voter of voters) await namedOnHost.locator('[part~="voters"] li').filter({ hasText: voter.name }).getByText(voter.named).waitFor();
  // …and only counts in the anonymous one: no voter list, no name anywhere in it.
  const secretOnHost = pollOn(host, secret);
  await secretOnHost.getByText('3 voters').waitFor({ timeout: 5_000 });
  await secretOnHost.getByRole('meter', { name: 'Tea' }).waitFor();
  assert.equal(await secretOnHost.getByRole('meter', { name: 'Tea' }).getAttribute('aria-valuetext'), '2 votes, 67%');
  assert.equal(await secretOnHost.locator('[part~="voters"]').count(), 0);
  const secretText = await secretOnHost.innerText();
  for (const voter of voters) assert.ok(!secretText.includes(voter.name), `the anonymous poll shows ${voter.name}`);
  // Participants saw no results: they were not shared.
  assert.equal(await pollOn(voters[0]!.page, named).getByRole('meter').count(), 0);

  await host.getByRole('button', { name: 'End meeting for all' }).click();
  await host.getByRole('button', { name: /Confirm/ }).click();
  for (const voter of voters) await voter.page.locator('we-meeting[state="left"]').waitFor({ timeout: 5_000 });
  await context.close();

  interface PollRecord {
    question: string;
    anonymous: boolean;
    counts: number[];
    voters: number;
    ballots?: { displayName: string; choices: number[] }[];
  }
  const read = async (userId: string, name: string, role: 'host' | 'participant') =>
    fetch(`${server.url}/api/meetings/${MEETING}`, { headers: { authorization: `Bearer ${await token(userId, name, role)}` } });
  const answer = await read('hana-7', 'Hana', 'host');
  assert.equal(answer.status, 200);
  const record = (await answer.json()) as { polls: PollRecord[] };
  const namedRecord = record.polls.find((poll) => poll.question === named)!;
  const secretRecord = record.polls.find((poll) => poll.question === secret)!;
  assert.deepEqual(namedRecord.counts, [2, 1, 0]);
  assert.deepEqual(
    namedRecord.ballots!.map((ballot) => [ballot.displayName, ballot.choices]).sort(),
    [
      ['Bob', [0]],
      ['Cat', [1]],
      ['Dan', [0]],
    ],
  );
  assert.equal(secretRecord.anonymous, true);
  assert.deepEqual(secretRecord.counts, [2, 1]);
  assert.equal(secretRecord.voters, 3);
  assert.equal(secretRecord.ballots, undefined);
  assert.ok(!JSON.stringify(secretRecord).includes('Bob'));
  // A participant of the meeting is not its creator.
  assert.equal((await read('bob-7', 'Bob', 'participant')).status, 404);
});
