import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';

let server: ServerProcess;
let browser: Browser;
before(async () => {
  // The most verbose logging: whatever the server might log about chat is in the tap.
  server = await startServerProcess({ LOG_LEVEL: 'trace' });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Every WebSocket frame a page sent or received, as the browser saw it on the wire. */
async function tapFrames(page: Page, frames: string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameSent', ({ response }) => frames.push(response.payloadData));
  cdp.on('Network.webSocketFrameReceived', ({ response }) => frames.push(response.payloadData));
}

async function joinAs(context: BrowserContext, meeting: string, name: string, frames: string[]): Promise<Page> {
  const page = await context.newPage();
  await tapFrames(page, frames);
  await page.goto(`${server.url}/?meeting=${meeting}&name=${encodeURIComponent(name)}`);
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Chat' }).click();
  return page;
}

function chat(page: Page): Locator {
  return page.locator('we-meeting we-chat');
}

/** A rendered message whose text is exactly `text`. */
function message(page: Page, text: string): Locator {
  return chat(page).locator('[part~="text"]').getByText(text, { exact: true });
}

async function send(page: Page, text: string, to?: string): Promise<void> {
  if (to !== undefined) await chat(page).getByLabel('To').selectOption({ label: to });
  const box = chat(page).getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await message(page, text).waitFor({ timeout: 5_000 });
}

function securityCode(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const element = document.querySelector('we-meeting') as unknown as { client: { chat: { securityCode?: string } } };
    return element.client.chat.securityCode;
  });
}

function chatTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const element = document.querySelector('we-meeting') as unknown as {
      client: { chat: { entries: { type: string; text?: string }[] } };
    };
    return element.client.chat.entries.filter((entry) => entry.type === 'message').map((entry) => entry.text!);
  });
}

/** The plain text and the encodings a careless implementation might put on the wire or on disk. */
function encodings(marker: string): string[] {
  const bytes = Buffer.from(marker, 'utf8');
  return [marker, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')].map((value) =>
    value.replace(/=+$/, ''),
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('three browsers chat end to end encrypted: everyone, private, escaped; the server never sees the text', async () => {
  const frames: string[] = [];
  const context = await browser.newContext();
  const meeting = '333444555';
  const alice = await joinAs(context, meeting, 'Alice', frames);
  const bob = await joinAs(context, meeting, 'Bob', frames);
  const cat = await joinAs(context, meeting, 'Cat', frames);
  const pages = [alice, bob, cat];

  // Everyone has the same security code once all keys arrived.
  let codes: (string | undefined)[] = [];
  const deadline = Date.now() + 10_000;
  do {
    codes = await Promise.all(pages.map(securityCode));
  } while ((codes.some((code) => code === undefined) || new Set(codes).size !== 1) && Date.now() < deadline);
  assert.equal(new Set(codes).size, 1, `security codes differ: ${codes.join(' | ')}`);
  assert.ok(codes[0]);
  for (const page of pages) {
    await chat(page).getByRole('button', { name: 'Security code' }).click();
    await chat(page).getByText(codes[0]!).first().waitFor({ timeout: 5_000 });
    await chat(page).getByRole('button', { name: 'Security code' }).click();
  }

  const nonce = Math.random().toString(36).slice(2, 10);
  const group = `marker-everyone-${nonce}`;
  const secret = `marker-private-${nonce}`;

  await send(alice, group);
  for (const page of [bob, cat]) await message(page, group).waitFor({ timeout: 10_000 });

  await send(bob, secret, 'Cat');
  await message(cat, secret).waitFor({ timeout: 10_000 });
  await chat(cat).locator('[part~="message"][part~="private"]').filter({ hasText: secret }).waitFor();

  // A script-looking message renders as text at every recipient and runs nothing.
  const xss = `<img src=x onerror="window.chatXss=1"> ${nonce}`;
  await send(alice, xss);
  for (const page of [bob, cat]) {
    await message(page, xss).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { chatXss?: number }).chatXss), undefined);
    assert.equal(await chat(page).locator('img').count(), 0);
  }

  // Alice got the group messages but never the private one (the xss message came after it).
  assert.deepEqual(await chatTexts(alice), [group, xss]);
  assert.deepEqual(await chatTexts(cat), [group, secret, xss]);

  // The tap: no frame the server relayed, no byte of its database, no log line holds the text.
  assert.ok(frames.some((frame) => frame.includes('"sendChat"')), 'the tap saw the chat frames');
  const onDisk = filesUnder(server.dataDir).map((file) => readFileSync(file).toString('latin1'));
  for (const marker of [group, secret, nonce]) {
    for (const encoded of encodings(marker)) {
      assert.ok(!frames.some((frame) => frame.includes(encoded)), `a WebSocket frame carries ${encoded}`);
      assert.ok(!server.output.some((line) => line.includes(encoded)), `a log line carries ${encoded}`);
      assert.ok(!onDisk.some((content) => content.includes(encoded)), `the database carries ${encoded}`);
    }
  }
  await context.close();
});
