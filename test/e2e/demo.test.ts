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
  const status = await page.locator('we-meeting').getByRole('status').textContent();
  assert.match(status ?? '', /Connected/);
  assert.match(status ?? '', /123 456 789/);
  assert.match(status ?? '', /as Alice/);

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
  await page.locator('we-meeting').evaluate((element: HTMLElement & { meeting: string; token: string }) => {
    element.meeting = '123456789';
    element.token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged';
  });
  await page.locator('we-meeting[state="failed"]').waitFor({ timeout: 15_000 });
  const alert = await page.locator('we-meeting').getByRole('alert').textContent();
  assert.match(alert ?? '', /token_invalid/);
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
