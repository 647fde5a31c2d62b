import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chunkWith, useScriptTagDemo } from './script-tag-site.js';

// A chunk of the script build that fails to load, on the script-tag demo on its own origin:
// the element says so, and trying again fetches it again.

const demo = useScriptTagDemo();

/**
 * A page whose requests for `file` fail the first `failures` times (or, with `Infinity`, until
 * `recover()` is called); counts the requests.
 */
async function pageFailing(file: string, failures: number): Promise<{ page: Page; requests: () => number; recover: () => void }> {
  const context = await demo.browser.newContext();
  demo.cleanups.push(() => context.close());
  let requests = 0;
  let failing = failures;
  await context.route(`${demo.server.url}/${file}`, async (route) => {
    requests += 1;
    if (requests <= failing) await route.fulfill({ status: 503, body: 'unavailable' });
    else await route.continue();
  });
  return { page: await context.newPage(), requests: () => requests, recover: () => (failing = 0) };
}

test('script tag: the media chunk cannot be loaded; the element shows the error and a typed we-error, and Join loads it and joins', { timeout: 90_000 }, async () => {
  const media = chunkWith('node_modules/mediasoup-client/lib/Device.js');
  // Every attempt fails (the one ahead of the join and the join's own) until the network is back:
  // a join that comes after a failed prefetch asks again, so failing only once would race it.
  const { page, requests, recover } = await pageFailing(media, Infinity);
  await page.goto(`${demo.site.url}/?meeting=314159265&name=Dee`);
  const meeting = page.locator('we-meeting');

  // The join found the media code missing: back on the pre-join screen, saying so.
  const error = meeting.locator('[part="error"]');
  await error.filter({ hasText: 'could not be loaded' }).waitFor({ timeout: 20_000 });
  assert.match(await error.innerText(), /check the connection and try again/);
  assert.equal(await meeting.getAttribute('state'), 'idle');
  // The page heard a we-error (the demo logs it).
  await page.getByText(/^Problem: the (media|meeting client) code could not be loaded/).waitFor();
  // Autojoin does not try again by itself.
  const failedAttempts = requests();
  assert.ok(failedAttempts >= 1);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(await meeting.getAttribute('state'), 'idle');
  assert.equal(requests(), failedAttempts);

  // Join again: the chunk is fetched again, and the meeting is joined.
  recover();
  await meeting.getByRole('button', { name: 'Join' }).click();
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  await meeting.locator('[part~="tile"]').filter({ hasText: 'Dee' }).waitFor();
  await page.getByText('Joined meeting 314 159 265 as Dee').waitFor();
  // Fetched once more (by the join, or by the encryption chunk, which imports it).
  assert.equal(requests(), failedAttempts + 1);
});

test('script tag: the views chunk fails; the meeting shows the error with Try again, which loads the meeting screen', { timeout: 90_000 }, async () => {
  const views = chunkWith('src/elements/meeting/meeting-view.ts');
  // Every attempt fails (those ahead of the join and the meeting screen's own) until Try again.
  const { page, requests, recover } = await pageFailing(views, Infinity);
  await page.goto(`${demo.site.url}/?meeting=271828183&name=Eve`);
  const meeting = page.locator('we-meeting');
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  const failed = meeting.locator('[part="load-error"]');
  await failed.waitFor({ timeout: 10_000 });
  assert.match(await failed.innerText(), /could not be loaded/);
  await page.getByText(/^Problem: the meeting views code could not be loaded/).waitFor();
  const failedAttempts = requests();
  assert.ok(failedAttempts >= 1);

  recover();
  await failed.getByRole('button', { name: 'Try again' }).click();
  await meeting.getByRole('button', { name: 'Leave' }).waitFor({ timeout: 10_000 });
  await meeting.locator('[part~="tile"]').filter({ hasText: 'Eve' }).waitFor();
  assert.equal(await meeting.locator('[part="load-error"]').count(), 0);
  // Try again fetched it once more.
  assert.equal(requests(), failedAttempts + 1);
});
