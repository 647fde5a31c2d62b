// Join → first remote video frame through the real server, with the meeting script as one file
// (every chunk inlined, as it shipped before it loaded in layers) and as the layered build
// (dist/we-meeting.js and its chunks), side by side in one run.
//
//   npm run build && node bench/join-latency.mjs [--joins 10] [--rtt 40] [--dwell 1000] [--single path/to/we-meeting.js]
//
// A host page on its own origin embeds <we-meeting> with one script tag; the built server
// (dist/server/main.js, development mode) runs the meeting, where a publisher page sends its
// fake camera. Each join is a fresh browser context (nothing cached) and is timed in two ways:
//   - from the pre-join screen: the page shows it, the user takes a moment (--dwell ms, 1000
//     by default: typing a name), then Join is clicked; timed from the click to the first frame of the publisher's video
//     (requestVideoFrameCallback on the tile's <video>);
//   - autojoin: timed from navigation start, so loading the script and its chunks counts.
// Variants alternate join by join. --rtt adds that round-trip time (and 20 Mbit/s down,
// 5 Mbit/s up) to every HTTP and WebSocket request of the joining page through Chromium's
// network emulation (0: loopback as it is). --single times a saved single-file script instead
// of the one built from the current sources (for example the script of an older release).
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';
import { singleFileConfig } from '../rollup.config.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
}
const JOINS = Number(option('joins', '10'));
const RTT = Number(option('rtt', '0'));
const SINGLE = option('single', undefined);
const DWELL_MS = Number(option('dwell', '1000'));

/** The single-file script: built in memory from the current sources, or the file given. */
async function singleFile() {
  if (SINGLE !== undefined) return readFileSync(SINGLE, 'utf8');
  const config = singleFileConfig();
  const bundle = await rollup({ ...config, onwarn() {} });
  const { output } = await bundle.generate({ ...config.output, sourcemap: false });
  await bundle.close();
  return output[0].code;
}

/** The built server in development mode on free ports; resolves with its URL. */
async function startServer(dataDir) {
  const child = spawn(process.execPath, ['dist/server/main.js', '--dev'], {
    env: { ...process.env, PORT: '0', WE_RTC_PORT: '0', WE_WORKERS: '1', WE_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.resume();
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 20 s')), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/**
 * The host site: `/<variant>/` is a page embedding <we-meeting> with the variant's script tag,
 * `/single/we-meeting.js` the single file, `/layered/…` the files of dist/. Scripts are sent
 * gzip-compressed, as a CDN or reverse proxy would send them; nothing is cached.
 */
async function startSite(serverUrl, single) {
  const page = (variant) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${variant}</title>
<script src="/${variant}/we-meeting.js" defer></script></head><body>
<we-meeting server="${serverUrl}" no-video no-audio></we-meeting>
<script type="module">
  const meeting = document.querySelector('we-meeting');
  const params = new URLSearchParams(location.search);
  meeting.tokenProvider = async (name, id) => {
    const response = await fetch('${serverUrl}/api/dev/token', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ meeting: id, name }),
    });
    return (await response.json()).token;
  };
  meeting.displayName = params.get('name') ?? '';
  meeting.meeting = params.get('meeting') ?? '';
  meeting.autojoin = params.has('autojoin');
</script></body></html>`;
  const dist = normalize(join(root, 'dist') + sep);
  const gzipped = new Map();
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
    const js = { ...headers, 'content-type': 'text/javascript; charset=utf-8', 'content-encoding': 'gzip' };
    if (path === '/single/' || path === '/layered/') return res.writeHead(200, { ...headers, 'content-type': 'text/html' }).end(page(path.slice(1, -1)));
    if (path === '/single/we-meeting.js') return res.writeHead(200, js).end(gzipped.get('single') ?? gzipped.set('single', gzipSync(single)).get('single'));
    if (path.startsWith('/layered/') && path.endsWith('.js')) {
      const file = normalize(join(dist, path.slice('/layered/'.length)));
      if (file.startsWith(dist)) {
        try {
          if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(file)));
          return res.writeHead(200, js).end(gzipped.get(file));
        } catch {
          // Not built: 404 below.
        }
      }
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://localhost:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Resolves in the page with performance.now() at the first frame of a remote video. */
function firstRemoteFrame() {
  return new Promise((resolve) => {
    const look = () => {
      const video = document.querySelector('we-meeting')?.shadowRoot?.querySelector('video[data-remote]');
      if (video && video.srcObject) video.requestVideoFrameCallback(() => resolve(performance.now()));
      else setTimeout(look, 5);
    };
    look();
  });
}

async function throttle(context, page) {
  if (RTT === 0) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT,
    downloadThroughput: (20 * 1024 * 1024) / 8,
    uploadThroughput: (5 * 1024 * 1024) / 8,
  });
}

/** One join: ms from the Join click (or, with autojoin, from navigation start) to the first remote frame. */
async function timeJoin(browser, site, variant, meeting, name, autojoin) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await throttle(context, page);
    const url = `${site.url}/${variant}/?meeting=${meeting}&name=${name}${autojoin ? '&autojoin' : ''}`;
    await page.goto(url, { waitUntil: 'commit' });
    if (autojoin) return await page.evaluate(firstRemoteFrame);
    await page.locator('we-meeting [part="join"]').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(DWELL_MS);
    const started = await page.evaluate(() => {
      const at = performance.now();
      document.querySelector('we-meeting').shadowRoot.querySelector('[part="join"]').click();
      return at;
    });
    const framed = await page.evaluate(firstRemoteFrame);
    return framed - started;
  } finally {
    await context.close();
  }
}

function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: (sorted[Math.floor((sorted.length - 1) / 2)] + sorted[Math.ceil((sorted.length - 1) / 2)]) / 2, p95: at(0.95) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'we-join-latency-'));
const server = await startServer(dataDir);
const single = await singleFile();
const site = await startSite(server.url, single);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
try {
  const { chunks } = JSON.parse(readFileSync(join(root, 'dist', 'we-meeting.chunks.json'), 'utf8'));
  const layeredFiles = chunks.filter((chunk) => !chunk.entry && !chunk.modules.every((module) => !module.startsWith('src/') || module.startsWith('src/elements/locales/'))).length;
  console.log(`join → first remote frame, ${JOINS} joins per variant and scenario, ${RTT === 0 ? 'loopback' : `${RTT} ms RTT, 20/5 Mbit/s`}`);
  console.log(`single file: ${SINGLE ?? 'built from the current sources'} (${(single.length / 1024).toFixed(0)} KB raw); layered: dist/we-meeting.js + ${layeredFiles} chunks`);

  // The publisher: the server's own demo page with its fake camera, in each meeting.
  const publisher = await browser.newContext();
  const results = {};
  for (const [scenario, autojoin] of [['pre-join, then Join', false], ['autojoin, from page open', true]]) {
    const meeting = autojoin ? '700000002' : '700000001';
    const pub = await publisher.newPage();
    await pub.goto(`${server.url}/?meeting=${meeting}&name=Publisher`);
    await pub.locator('we-meeting[state="joined"]').waitFor({ timeout: 30_000 });
    // A first join of each variant warms the server and the browser; it is not counted.
    for (const variant of ['single', 'layered']) await timeJoin(browser, site, variant, meeting, 'Warmup', autojoin);
    for (let index = 0; index < JOINS; index++) {
      for (const variant of index % 2 === 0 ? ['single', 'layered'] : ['layered', 'single']) {
        const ms = await timeJoin(browser, site, variant, meeting, `${variant}-${index}`, autojoin);
        (results[`${scenario}|${variant}`] ??= []).push(ms);
      }
    }
    await pub.close();
  }
  await publisher.close();

  console.log(`${'scenario'.padEnd(26)}${'variant'.padEnd(10)}${'n'.padStart(4)}${'median ms'.padStart(11)}${'p95 ms'.padStart(9)}`);
  for (const scenario of ['pre-join, then Join', 'autojoin, from page open']) {
    const rows = ['single', 'layered'].map((variant) => ({ variant, times: results[`${scenario}|${variant}`] }));
    for (const { variant, times } of rows) {
      const { median, p95 } = summary(times);
      console.log(`${scenario.padEnd(26)}${variant.padEnd(10)}${String(times.length).padStart(4)}${median.toFixed(0).padStart(11)}${p95.toFixed(0).padStart(9)}`);
    }
    const [a, b] = rows.map(({ times }) => summary(times));
    console.log(`${''.padEnd(26)}${'layered − single'.padEnd(20)}${(b.median - a.median).toFixed(0).padStart(5)}${(b.p95 - a.p95).toFixed(0).padStart(9)}`);
  }
} finally {
  await browser.close();
  await site.close();
  server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
