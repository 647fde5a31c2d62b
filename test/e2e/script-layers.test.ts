import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { MANIFEST, useScriptTagDemo, type Chunk } from './script-tag-site.js';

// The script-tag demo on its own origin, loading dist/we-meeting.js from the meeting server's,
// with every request recorded: what the page fetches, and when, as it goes from the pre-join
// screen to a meeting and to Chinese.

const owns = (chunk: Chunk, module: string) => chunk.modules.includes(module);
const isLocale = (chunk: Chunk) => chunk.modules.filter((module) => module.startsWith('src/')).every((module) => module.startsWith('src/elements/locales/'));
const LAZY = MANIFEST.chunks.filter((chunk) => !chunk.entry);
/** The recording's notice and status: loaded only while a meeting is being recorded. */
const RECORDING_CHUNK = LAZY.find((chunk) => owns(chunk, 'src/elements/meeting/recording-view.ts'));
/** Every chunk a meeting in English loads: media, encryption, the meeting screen, chat and polls. */
const MEETING_CHUNKS = LAZY.filter((chunk) => !isLocale(chunk) && chunk !== RECORDING_CHUNK).map((chunk) => `/${chunk.file}`);
const MEDIA_CHUNK = LAZY.find((chunk) => owns(chunk, 'node_modules/mediasoup-client/lib/Device.js'));
const E2EE_CHUNK = LAZY.find((chunk) => owns(chunk, 'src/core/e2ee/frame.ts'));
const CHINESE_CHUNK = LAZY.find((chunk) => owns(chunk, 'src/elements/locales/zh-Hans.ts'));

const demo = useScriptTagDemo();

/** The paths the page asked the meeting server for, scripts and chunks only (not /api/, not /ws). */
function scriptPaths(requests: readonly Request[]): string[] {
  return requests
    .map((request) => new URL(request.url()))
    .filter((url) => url.origin === new URL(demo.server.url).origin && !url.pathname.startsWith('/api/') && url.pathname !== '/ws')
    .map((url) => url.pathname);
}

interface Recorded {
  context: BrowserContext;
  page: Page;
  /** Every request the page made, in order. */
  requests: Request[];
  /** The requests answered so far, in the order they finished. */
  finished: Request[];
  /** Requests that failed or answered an error, and errors the page logged. */
  problems: string[];
  /** Lets the held chunk requests through. */
  release(): void;
}

/** A fresh context recording every request; with `holdChunks`, chunk requests wait for `release()`. */
async function open(options: { holdChunks?: boolean } = {}): Promise<Recorded> {
  const context = await demo.browser.newContext();
  demo.cleanups.push(() => context.close());
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  if (!options.holdChunks) release();
  await context.route(`${demo.server.url}/chunks/**`, async (route) => {
    await released;
    await route.continue();
  });
  const page = await context.newPage();
  const requests: Request[] = [];
  const finished: Request[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request));
  page.on('requestfinished', (request) => finished.push(request));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  return { context, page, requests, finished, problems, release };
}

/** Waits until every path in `paths` was answered. */
async function answered(recorded: Recorded, paths: readonly string[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  const done = () => {
    const finished = recorded.finished.map((request) => new URL(request.url()).pathname);
    return paths.every((path) => finished.includes(path));
  };
  while (!done()) {
    assert.ok(Date.now() < deadline, `never answered: ${paths.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('the manifest names a media chunk, an encryption chunk and a Chinese one apart from the first script', () => {
  assert.ok(MEDIA_CHUNK, 'mediasoup-client is in a chunk');
  assert.ok(E2EE_CHUNK, 'the end-to-end encryption is in a chunk');
  assert.ok(CHINESE_CHUNK, 'the Chinese translations are in a chunk');
  const first = MANIFEST.chunks.find((chunk) => chunk.entry)!;
  for (const module of first.modules) assert.doesNotMatch(module, /mediasoup-client|@noble|src\/core\/e2ee|locales/, module);
});

test('script tag: the first script alone paints the pre-join screen, which then fetches what Join needs; joining and Chinese fetch the rest, and nothing else is fetched', { timeout: 90_000 }, async () => {
  const recorded = await open({ holdChunks: true });
  const { page, requests } = recorded;
  await page.goto(`${demo.site.url}/`, { waitUntil: 'commit' });
  const meeting = page.locator('we-meeting');

  // First paint: with every chunk request held, the pre-join screen is complete.
  await meeting.getByRole('button', { name: 'Join' }).waitFor({ timeout: 15_000 });
  await meeting.getByLabel('Your name').waitFor();
  await meeting.getByLabel('Meeting ID').waitFor();
  await meeting.locator('[part="preview"]').waitFor();
  assert.deepEqual(scriptPaths(recorded.finished), ['/we-meeting.js'], 'the pre-join screen painted with the first script only');

  // Then, still on the pre-join screen, it asks for what Join needs: the meeting's chunks, in English.
  recorded.release();
  await answered(recorded, MEETING_CHUNKS);
  const beforeJoin = scriptPaths(requests);
  assert.deepEqual([...beforeJoin].sort(), ['/we-meeting.js', ...MEETING_CHUNKS].sort());
  assert.ok(beforeJoin.includes(`/${MEDIA_CHUNK!.file}`) && beforeJoin.includes(`/${E2EE_CHUNK!.file}`), 'media and encryption come before Join');

  // Joining needs nothing more.
  await meeting.getByLabel('Your name').fill('Ann');
  await meeting.getByLabel('Meeting ID').fill('161803398');
  await meeting.getByRole('button', { name: 'Join' }).click();
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  await meeting.getByRole('button', { name: 'Leave' }).waitFor();
  await meeting.locator('we-chat [part="composer"]').waitFor({ state: 'attached' });
  await meeting.locator('we-poll [part="polls"]').waitFor({ state: 'attached' });
  assert.deepEqual(scriptPaths(requests), beforeJoin, 'joining fetched no script');

  // The page switches to Chinese: the translations come, and only they.
  await page.evaluate(() => document.documentElement.setAttribute('lang', 'zh-CN'));
  await meeting.getByRole('button', { name: '离开' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(scriptPaths(requests), [...beforeJoin, `/${CHINESE_CHUNK!.file}`]);

  // Nothing else: each file once, and from the host site only the page itself.
  const paths = scriptPaths(requests);
  assert.equal(new Set(paths).size, paths.length, 'no file twice');
  const elsewhere = requests.map((request) => request.url()).filter((url) => !url.startsWith(demo.server.url));
  assert.deepEqual(elsewhere, [`${demo.site.url}/`]);
  assert.deepEqual(recorded.problems, []);
});

test('script tag: joining straight away (autojoin) fetches the media and encryption chunks and the meeting screen while it joins', { timeout: 90_000 }, async () => {
  const recorded = await open();
  const { page, requests } = recorded;
  await page.goto(`${demo.site.url}/?meeting=141421356&name=Bea`);
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  await page.locator('we-meeting').getByRole('button', { name: 'Leave' }).waitFor();
  await answered(recorded, MEETING_CHUNKS);
  const paths = scriptPaths(requests);
  assert.deepEqual([...paths].sort(), ['/we-meeting.js', ...MEETING_CHUNKS].sort());
  assert.ok(paths.includes(`/${MEDIA_CHUNK!.file}`) && paths.includes(`/${E2EE_CHUNK!.file}`));
  assert.ok(!paths.includes(`/${CHINESE_CHUNK!.file}`), 'no Chinese for an English page');
  assert.deepEqual(recorded.problems, []);
});

test('script tag: chunks load cross-origin with CORS and are cached for good', { timeout: 90_000 }, async () => {
  const recorded = await open();
  const { page, requests } = recorded;
  await page.goto(`${demo.site.url}/?meeting=173205080&name=Cy`);
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  await answered(recorded, MEETING_CHUNKS);
  const chunks = requests.filter((candidate) => new URL(candidate.url()).pathname.startsWith('/chunks/'));
  assert.deepEqual(chunks.map((request) => new URL(request.url()).pathname).sort(), [...MEETING_CHUNKS].sort());
  assert.ok(chunks.length >= 3, 'media, encryption and views');
  for (const request of chunks) {
    const response = (await request.response())!;
    const headers = await response.allHeaders();
    assert.equal(headers['cache-control'], 'public, max-age=31536000, immutable', request.url());
    assert.equal(headers['access-control-allow-origin'], '*', request.url());
    assert.equal(request.frame().url(), page.url());
  }
});
