import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './harness.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const staticDir = join(packageRoot, 'storybook-static');

/** Every visible state the elements must have a story for, and the story showing it. */
const REQUIRED_STATES: Record<string, string> = {
  'pre-join': 'elements-we-meeting--pre-join',
  'joined, 1 participant': 'elements-we-meeting--joined-alone',
  'joined, 4 participants': 'elements-we-meeting--joined-four',
  'joined, 9 participants': 'elements-we-meeting--joined-nine',
  'screen share': 'elements-we-meeting--screen-share',
  connecting: 'elements-we-meeting--connecting',
  reconnecting: 'elements-we-meeting--reconnecting',
  'chat open beside the stage': 'elements-we-meeting--chat-open',
  'polls open beside the stage': 'elements-we-meeting--polls-open',
  'join failed': 'elements-we-meeting--failed',
  'join refused at pre-join': 'elements-we-meeting--join-refused',
  'media permission denied': 'elements-we-meeting--media-permission-denied',
  'meeting control failed': 'elements-we-meeting--control-failed',
  'recording, host not recording': 'elements-we-meeting--recording-host-idle',
  'recording starting': 'elements-we-meeting--recording-starting',
  'recording on, with the indicator': 'elements-we-meeting--recording-on',
  'recording notice': 'elements-we-meeting--recording-notice',
  'recording stopping': 'elements-we-meeting--recording-stopping',
  'chat with private messages': 'elements-we-chat--conversation',
  'chat with undecryptable messages': 'elements-we-chat--undecryptable',
  'chat send error': 'elements-we-chat--send-error',
  'poll, host view': 'elements-we-poll--host-named-results',
  'poll, participant view': 'elements-we-poll--participant-named',
  'poll vote error': 'elements-we-poll--participant-vote-error',
  'poll host action error': 'elements-we-poll--host-error',
  'history server error': 'elements-we-history--server-error',
  'sign-in by phone': 'elements-we-sign-in--phone',
  'sign-in code sent': 'elements-we-sign-in--code-sent',
  'sign-in wrong code': 'elements-we-sign-in--wrong-code',
  'signed in': 'elements-we-sign-in--signed-in',
};

interface IndexEntry {
  type: 'story' | 'docs';
  id: string;
  title: string;
  name: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** Serves storybook-static; a page's scripts come from the browser cache after the first story. */
function serveStatic(root: string): Promise<{ server: Server; url: string; missing: string[] }> {
  const missing: string[] = [];
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const file = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=600' });
        response.end(body);
      },
      () => {
        missing.push(pathname);
        response.writeHead(404).end();
      },
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, missing })),
  );
}

/** `npm run build-storybook` (the manifest, then `storybook build --quiet`); its output only on failure. */
function buildStorybook(): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build-storybook', '--silent'], {
      cwd: packageRoot,
      env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(Date.now() - started);
      else reject(new Error(`npm run build-storybook exited with ${code}:\n${output}`));
    });
  });
}

let buildMs = 0;
let site: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let context: BrowserContext;
let stories: IndexEntry[] = [];

before(async () => {
  buildMs = await buildStorybook();
  const index = JSON.parse(await readFile(join(staticDir, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> };
  stories = Object.values(index.entries).filter((entry) => entry.type === 'story');
  site = await serveStatic(staticDir);
  browser = await launchChromium();
  // One context for every story, so Storybook's scripts are fetched and compiled once.
  context = await browser.newContext();
});

after(async () => {
  await context?.close();
  await browser?.close();
  site?.server.close();
});

/** What the stories' iframe exposes of Storybook's preview. */
interface StorybookWindow {
  __STORYBOOK_PREVIEW__?: {
    currentRender?: { phase?: string };
    storyStoreValue: {
      loadStory(options: { storyId: string }): Promise<{
        argTypes: Record<string, { control?: unknown; options?: unknown; action?: unknown; table?: { category?: string } }>;
      }>;
    };
  };
}

/** Opens a story's iframe and waits until it rendered and, where it has one, ran its play function. */
async function openStory(page: Page, id: string): Promise<void> {
  await page.goto(`${site.url}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story`);
  await page.waitForFunction(
    () => {
      const phase = (window as unknown as StorybookWindow).__STORYBOOK_PREVIEW__?.currentRender?.phase;
      return phase === 'finished' || phase === 'aborted' || document.body.classList.contains('sb-show-errordisplay');
    },
    undefined,
    { timeout: 20_000 },
  );
}

/** The element a story is about: the last part of its title (`Elements/we-meeting`). */
function tagOf(entry: IndexEntry): string {
  return entry.title.split('/').pop()!;
}

test('npm run build-storybook writes storybook-static with a story for each element and each visible state', (t) => {
  t.diagnostic(`static build took ${(buildMs / 1000).toFixed(1)} s; ${stories.length} stories`);
  assert.deepEqual([...new Set(stories.map(tagOf))].sort(), ['we-chat', 'we-history', 'we-meeting', 'we-poll', 'we-sign-in']);
  const ids = new Set(stories.map((entry) => entry.id));
  const missing = Object.entries(REQUIRED_STATES).filter(([, id]) => !ids.has(id));
  assert.deepEqual(missing, [], 'visible states without a story');
});

test('the Controls panel lists each element’s attributes, events and CSS custom properties from the manifest', async () => {
  const page = await context.newPage();
  await openStory(page, 'elements-we-meeting--joined-four');
  const argTypes = await page.evaluate(async () => {
    const story = await (window as unknown as StorybookWindow).__STORYBOOK_PREVIEW__!.storyStoreValue.loadStory({
      storyId: 'elements-we-meeting--joined-four',
    });
    return Object.fromEntries(
      Object.entries(story.argTypes).map(([name, argType]) => [
        name,
        { control: argType.control, action: argType.action !== undefined, category: argType.table?.category },
      ]),
    );
  });
  await page.close();
  assert.deepEqual(argTypes['display-name'], { control: { type: 'text' }, action: false, category: 'attributes' });
  assert.deepEqual(argTypes['no-video'], { control: { type: 'boolean' }, action: false, category: 'attributes' });
  assert.deepEqual(argTypes.theme, { control: { type: 'select' }, action: false, category: 'attributes' });
  assert.deepEqual(argTypes['--we-meeting-primary'], { control: { type: 'color' }, action: false, category: 'css custom properties' });
  assert.equal(argTypes.onWeJoin?.action, true);
  assert.equal(argTypes.client?.control, false, 'a property without an attribute has no control');
  assert.equal(argTypes._panel, undefined, 'reactive state is not listed');
});

test('every story renders its element in the static build without page errors', { concurrency: 2 }, async (t) => {
  assert.ok(stories.length > 0, 'index.json lists stories');
  await Promise.all(
    stories.map((entry) =>
      t.test(entry.id, async () => {
        const page = await context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
        });
        try {
          await openStory(page, entry.id);
          const result = await page.evaluate((tag) => {
            const element = document.querySelector(`#storybook-root ${tag}`);
            return {
              phase: (window as unknown as StorybookWindow).__STORYBOOK_PREVIEW__?.currentRender?.phase,
              errorDisplay: document.body.classList.contains('sb-show-errordisplay')
                ? (document.querySelector('#error-message')?.textContent ?? 'an error')
                : undefined,
              element: element !== null,
              shadowContent: element?.shadowRoot?.childElementCount ?? 0,
            };
          }, tagOf(entry));
          assert.equal(result.errorDisplay, undefined, `Storybook shows an error: ${result.errorDisplay}`);
          assert.equal(result.phase, 'finished');
          assert.ok(result.element, `#storybook-root holds a <${tagOf(entry)}>`);
          assert.ok(result.shadowContent > 0, `<${tagOf(entry)}> rendered into its shadow root`);
          assert.deepEqual(errors, []);
        } finally {
          await page.close();
        }
      }),
    ),
  );
  assert.deepEqual(site.missing, [], 'every file the stories asked for exists');
});
