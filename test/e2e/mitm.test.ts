import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { ChatSession } from '../../src/core/chat/chat-session.js';
import { Roster } from '../../src/core/roster.js';
import type { E2eeKeys } from '../../src/protocol/index.js';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';
import { startMitmProxy } from './mitm-proxy.js';

const MEETING = '505606707';
let server: ServerProcess;
let proxy: Awaited<ReturnType<typeof startMitmProxy>>;
let browser: Browser;
let attackerKeys: E2eeKeys;

interface RosterEntryLike {
  displayName: string;
  keys?: E2eeKeys;
}

/** Bob is shown the attacker's keys in place of Alice's; everyone else sees the truth. */
function swapAlicesKeysForBob(frame: Record<string, unknown>, receiver: { displayName: string | undefined }): Record<string, unknown> {
  if (receiver.displayName !== 'Bob') return frame;
  const swap = (entry: RosterEntryLike) => (entry.displayName === 'Alice' && entry.keys ? { ...entry, keys: attackerKeys } : entry);
  const data = frame.data as { participants?: RosterEntryLike[]; participant?: RosterEntryLike } | undefined;
  if (frame.ok === true && Array.isArray(data?.participants)) {
    return { ...frame, data: { ...data, participants: data.participants.map(swap) } };
  }
  if (frame.notification === 'participantJoined' && data?.participant) {
    return { ...frame, data: { ...data, participant: swap(data.participant) } };
  }
  return frame;
}

before(async () => {
  // Keys the attacker made itself, correctly bound for this meeting: only the code can tell.
  attackerKeys = await new ChatSession(new Roster()).createKeys(MEETING);
  server = await startServerProcess();
  proxy = await startMitmProxy(server.url, swapAlicesKeysForBob);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await proxy?.close();
  await server?.stop();
});

function securityCode(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const element = document.querySelector('we-meeting') as unknown as { client: { chat: { securityCode?: string } } };
    return element.client.chat.securityCode;
  });
}

async function shownCode(page: Page): Promise<string> {
  const chat = page.locator('we-meeting we-chat');
  await page.getByRole('button', { name: 'Chat' }).click();
  await chat.getByRole('button', { name: 'Security code' }).click();
  return (await chat.locator('[part~="security-code"]').innerText()).trim();
}

test('a relay that swaps one member\'s keys gives the two victims different security codes', async () => {
  const context = await browser.newContext();
  const pages: Page[] = [];
  for (const name of ['Alice', 'Bob']) {
    const page = await context.newPage();
    await page.goto(`${proxy.url}/?meeting=${MEETING}&name=${name}&role=participant`);
    await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
    pages.push(page);
  }
  const [alice, bob] = pages as [Page, Page];
  // Both have a code for a two-member meeting…
  const deadline = Date.now() + 10_000;
  let codes: (string | undefined)[] = [];
  do {
    await new Promise((resolve) => setTimeout(resolve, 100));
    codes = await Promise.all([securityCode(alice), securityCode(bob)]);
  } while (codes.some((code) => code === undefined) && Date.now() < deadline);
  assert.ok(codes[0] && codes[1], `codes: ${codes.join(' | ')}`);
  // …and comparing them, as the UI asks, exposes the relay.
  assert.notEqual(codes[0], codes[1]);
  assert.deepEqual([await shownCode(alice), await shownCode(bob)], codes);
  await context.close();
});
