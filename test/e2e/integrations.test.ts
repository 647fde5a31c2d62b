import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildDemo, serveDirectory, type StaticSite } from './demo-hosting.js';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';

// Each demo runs on its own origin (http://localhost:<port>) against the meeting server on
// http://127.0.0.1:<other port>, as a host application embedding the elements would.

let server: ServerProcess;
let browser: Browser;
/** What a test opened (sites, browser contexts, builds): closed after it, so media stops. */
const cleanups: (() => unknown)[] = [];
before(async () => {
  server = await startServerProcess({ NODE_ENV: 'development' });
  browser = await launchChromium();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const demoDir = (name: string) => fileURLToPath(new URL(`../../demo/${name}/`, import.meta.url));

async function host(dir: string, rewrite?: (html: string) => string): Promise<StaticSite> {
  const site = await serveDirectory(dir, rewrite ? { rewrite } : {});
  cleanups.push(() => site.close());
  return site;
}

async function build(name: 'react' | 'vue'): Promise<string> {
  const started = performance.now();
  const outDir = await buildDemo(name, 'development');
  console.log(`# built demo/${name} in ${Math.round(performance.now() - started)} ms`);
  cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
  return outDir;
}

/** Joins the server logged for `meeting`. */
function joinsLogged(meeting: string): number {
  return server.logs.filter((entry) => entry.msg === 'joined' && entry.meeting === meeting).length;
}

interface Visit {
  page: Page;
  /** Console errors and warnings, uncaught exceptions and failed requests. */
  problems: string[];
  /** How often the page called fetch() for a development token. */
  tokenRequests(): Promise<number>;
}

/** Opens `url` in a fresh browser context (its own storage) and waits until it joined. */
async function visit(url: string): Promise<Visit> {
  const context = await browser.newContext();
  cleanups.push(() => context.close());
  await context.addInitScript(() => {
    const counted = window as Window & { tokenRequests?: number };
    counted.tokenRequests = 0;
    const fetch = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const target = input instanceof Request ? input.url : String(input);
      if (new URL(target, location.href).pathname === '/api/dev/token') counted.tokenRequests! += 1;
      return fetch(input, init);
    };
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  await page.goto(url);
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  return {
    page,
    problems,
    tokenRequests: () => page.evaluate(() => (window as Window & { tokenRequests?: number }).tokenRequests ?? 0),
  };
}

/** Waits until the page's <we-meeting> shows exactly `count` participant tiles. */
async function seesTiles(page: Page, count: number): Promise<void> {
  const tiles = page.locator('we-meeting [part~="tile"]');
  const deadline = Date.now() + 15_000;
  let seen = await tiles.count();
  while (seen !== count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await tiles.count();
  }
  assert.equal(seen, count, `tiles on ${page.url()}`);
}

test('script tag: a plain page on another origin joins with the bundle alone and sees a second participant', async () => {
  // The page names the meeting server literally, as a host site would; point it at this one.
  const site = await host(demoDir('script-tag'), (html) => html.replaceAll('http://127.0.0.1:8080', server.url));
  assert.notEqual(new URL(site.url).origin, new URL(server.url).origin);
  const meeting = '271828182';
  const ann = await visit(`${site.url}/?meeting=${meeting}&name=Ann`);
  assert.equal(await ann.page.evaluate(() => typeof (window as Window & { WeMeeting?: unknown }).WeMeeting), 'object');
  // The log line formats the id with the bundle's API (window.WeMeeting.formatMeetingId).
  await ann.page.getByText('Joined meeting 271 828 182 as Ann').waitFor();

  const bob = await visit(`${site.url}/?meeting=${meeting}&name=Bob`);
  await seesTiles(ann.page, 2);
  await seesTiles(bob.page, 2);
  await ann.page.getByText('Bob joined').waitFor();
  assert.equal(joinsLogged(meeting), 2);
  // A CORS refusal (client configuration, token) would show here as a console error.
  assert.deepEqual(ann.problems, []);
  assert.deepEqual(bob.problems, []);
});

test('React: the development build joins exactly once under StrictMode, with the element and with the wrapper', async () => {
  const site = await host(await build('react'));
  const meeting = '314159265';
  const base = `${site.url}/?server=${encodeURIComponent(server.url)}&meeting=${meeting}`;

  // React 19 renders <we-meeting> itself.
  const ann = await visit(`${base}&name=Ann`);
  await ann.page.getByRole('status').filter({ hasText: '1 person in this meeting' }).waitFor();
  // StrictMode ran the token effect twice (development build), yet one join reached the server.
  assert.equal(await ann.tokenRequests(), 2);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(joinsLogged(meeting), 1);

  // React 18 style: the we-meeting/react wrapper, also under StrictMode.
  const bob = await visit(`${base}&name=Bob&wrapper`);
  assert.equal(await bob.tokenRequests(), 2);
  await seesTiles(ann.page, 2);
  await seesTiles(bob.page, 2);
  await ann.page.getByRole('status').filter({ hasText: '2 people in this meeting' }).waitFor();
  await bob.page.getByRole('status').filter({ hasText: '2 people in this meeting' }).waitFor();
  await ann.page.getByText('Bob joined').waitFor();
  assert.equal(joinsLogged(meeting), 2);
  assert.deepEqual(ann.problems, []);
  assert.deepEqual(bob.problems, []);

  // Unmounting the element leaves the meeting.
  await bob.page.getByRole('button', { name: 'Back to the lobby' }).click();
  await seesTiles(ann.page, 1);
  await ann.page.getByText('Bob left').waitFor();
});

test('Vue: the app joins with isCustomElement set and Vue warns about nothing', async () => {
  const dir = await build('vue');
  // The development build carries Vue's warnings, so their absence below means something.
  // (The app splits where the package's elements load their views on demand: look in every file.)
  const code = readdirSync(join(dir, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(dir, 'assets', file), 'utf8'));
  assert.ok(code.some((text) => /Failed to resolve /.test(text)), 'Vue\'s development warnings are in the build');
  const site = await host(dir);
  const meeting = '161803398';
  const base = `${site.url}/?server=${encodeURIComponent(server.url)}&meeting=${meeting}`;

  const ann = await visit(`${base}&name=Ann`);
  await ann.page.getByRole('status').filter({ hasText: '1 person in this meeting' }).waitFor();
  const bob = await visit(`${base}&name=Bob`);
  await seesTiles(ann.page, 2);
  await seesTiles(bob.page, 2);
  await ann.page.getByRole('status').filter({ hasText: '2 people in this meeting' }).waitFor();
  await bob.page.getByRole('status').filter({ hasText: '2 people in this meeting' }).waitFor();
  await ann.page.getByText('Bob joined').waitFor();
  assert.equal(joinsLogged(meeting), 2);
  // tokenProvider was set as a property (a function cannot be an attribute) and asked once.
  assert.equal(await ann.tokenRequests(), 1);
  assert.deepEqual(ann.problems, []);
  assert.deepEqual(bob.problems, []);
});
