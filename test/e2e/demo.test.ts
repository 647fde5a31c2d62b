import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';

let server: ServerProcess;
let browser: Browser;
before(async () => {
  server = await startServerProcess();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the demo page without a meeting shows the pre-join screen', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('we-meeting').getByRole('button', { name: 'Join' }).waitFor({ timeout: 10_000 });
  await page.locator('we-meeting').getByLabel('Your name').waitFor();
  await page.locator('we-meeting').getByLabel('Meeting ID').waitFor();
  assert.equal(await page.locator('we-meeting').getAttribute('state'), 'idle');
  await page.close();
});

test('joining from the pre-join screen with a typed name and meeting id', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  const meeting = page.locator('we-meeting');
  await meeting.getByLabel('Your name').fill('Zoe');
  await meeting.getByLabel('Meeting ID').fill('987654321');
  await meeting.getByRole('button', { name: 'Join' }).click();
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 15_000 });
  assert.match(page.url(), /meeting=987654321/);
  await page.close();
});

test('the demo page joins a meeting: hello is sent over /ws and answered', async () => {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const sent: string[] = [];
  const received: string[] = [];
  page.on('websocket', (socket) => {
    assert.match(socket.url(), /\/ws$/);
    socket.on('framesent', ({ payload }) => sent.push(String(payload)));
    socket.on('framereceived', ({ payload }) => received.push(String(payload)));
  });
  await page.goto(`${server.url}/?meeting=123456789&name=Alice`);
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 15_000 });
  await page.locator('we-meeting [part~="tile"]').filter({ hasText: 'Alice' }).waitFor({ timeout: 5_000 });

  const hello = sent.map((frame) => JSON.parse(frame) as { id: number; method: string }).find((frame) => frame.method === 'hello');
  assert.ok(hello, 'the page sent hello');
  const answer = received.map((frame) => JSON.parse(frame) as { id: number; ok: boolean }).find((frame) => frame.id === hello.id);
  assert.equal(answer?.ok, true);
  assert.deepEqual(consoleErrors, []);
  await page.close();
});

test('the demo page shows the refusal when a forged token is used', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/`);
  await page.locator('we-meeting').evaluate((element: HTMLElement & { meeting: string; token: string; autojoin: boolean }) => {
    element.meeting = '123456789';
    element.token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged';
    element.autojoin = true;
  });
  await page.locator('we-meeting[state="failed"]').waitFor({ timeout: 15_000 });
  const alert = await page.locator('we-meeting').getByRole('alert').first().textContent();
  assert.match(alert ?? '', /not valid/);
  await page.close();
});

test('the server reports its workers on /healthz and stops cleanly on SIGTERM', async () => {
  const health = (await (await fetch(`${server.url}/healthz`)).json()) as { workers: number };
  assert.equal(health.workers, 1);
  const other = await startServerProcess();
  const code = await other.stop('SIGTERM');
  assert.equal(code, 0);
  assert.ok(other.logs.some((entry) => entry.msg === 'we-meeting server stopped'));
});

test('the demo page lists the meetings this browser created under "My meetings"', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/?meeting=314159265&name=Ada`);
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Leave' }).click();
  await page.locator('we-meeting[state="left"]').waitFor();
  await page.getByText('My meetings').click();
  await page.locator('we-history').getByText('314 159 265').waitFor({ timeout: 10_000 });
  await context.close();
});

test('the script bundles speak Simplified Chinese on a page in that language', async () => {
  const page = await browser.newPage();
  await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => (document.documentElement.lang = 'zh-CN')));
  await page.goto(`${server.url}/`);
  // The translations of both scripts, with the ids they carry in the bundles.
  await page.locator('we-meeting').getByRole('button', { name: '加入', exact: true }).waitFor({ timeout: 10_000 });
  await page.locator('we-meeting').getByLabel('会议号').waitFor();
  await page.evaluate(() => document.body.append(document.createElement('we-chat'), document.createElement('we-poll')));
  await page.locator('we-chat').getByText('未连接到会议。').waitFor();
  await page.locator('we-poll').getByRole('heading', { name: '投票' }).waitFor();
  await page.getByText('My meetings').click();
  await page.locator('we-history').getByRole('heading', { name: '我的会议' }).waitFor();
  await page.close();
});
