// What hello-less connections hold in the server, and for how long. Opens 2,000 WebSocket
// connections that never send `hello` — first polite clients (they answer the server's close
// frame), then hostile ones (they ignore it) — and counts the server process's open file
// descriptors (entries of /proc/self/fd) before, while they are open (before the hello
// deadline) and after it; then joins a real participant. The server runs in a process of its
// own (bench/lib/server-child.ts) so that only its descriptors are counted.
//
//   node --import tsx bench/idle-sockets.ts [--sockets 2000] [--hello-timeout 3] [--slowloris] [--headers-timeout 5]
//
// Prints one table per kind of client, the baseline (no idle sockets) beside the figures.
// Then a slowloris run: 300 HTTP connections that drip one header byte a second; the table
// says how many are still open before and after the server's headers timeout. It runs when
// the server has WE_HTTP_HEADERS_TIMEOUT_SECONDS; with --slowloris it also runs without it,
// against Node's default timeouts (60 s, checked every 30 s: it then takes about 1.5 minutes).
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../src/protocol/index.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const SOCKETS = option('sockets', 2000);
const HELLO_TIMEOUT_SECONDS = option('hello-timeout', 3);
const BATCH = 250;
const DRIPPERS = option('drippers', 300);
/** The headers timeout the slowloris run sets, when the server has the variable. */
const HEADERS_TIMEOUT_SECONDS = option('headers-timeout', 5);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An idle client: opened, never sends hello; reports how its connection ended. */
interface Idle {
  ended: Promise<{ code: number | undefined; at: number }>;
  open(): boolean;
  destroy(): void;
}

/** A `ws` client: answers the close frame as a browser would. */
async function politeIdle(wsUrl: string): Promise<Idle> {
  const socket = new WebSocket(wsUrl);
  socket.on('error', () => {});
  const ended = new Promise<{ code: number | undefined; at: number }>((resolve) => socket.on('close', (code) => resolve({ code, at: Date.now() })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { ended, open: () => socket.readyState === WebSocket.OPEN, destroy: () => socket.terminate() };
}

/** A bare TCP client that completes the upgrade, then reads and ignores everything (the close frame too). */
async function hostileIdle(wsUrl: string): Promise<Idle> {
  const url = new URL(wsUrl);
  const socket: Socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  let head = Buffer.alloc(0);
  let code: number | undefined;
  const ended = new Promise<{ code: number | undefined; at: number }>((resolve) => socket.once('close', () => resolve({ code, at: Date.now() })));
  await new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end !== -1 && !head.subarray(0, 12).toString().includes('101')) reject(new Error(head.toString().split('\r\n')[0]));
      if (end !== -1) resolve();
      // A close frame from the server: opcode 0x8, unmasked, its code in the first two payload bytes.
      const at = head.indexOf(Buffer.from([0x88]), end === -1 ? head.length : end + 4);
      if (at !== -1 && head.length >= at + 4) code = head.readUInt16BE(at + 2);
    });
    socket.once('close', () => reject(new Error('closed before the upgrade')));
    socket.write(
      `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
  return { ended, open: () => !socket.destroyed, destroy: () => socket.destroy() };
}

/** A participant joining and pinging; how long it took. */
async function join(server: ServerProcess, meeting: string): Promise<string> {
  const started = performance.now();
  const socket = new WebSocket(server.wsUrl);
  socket.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const answers: Record<string, unknown>[] = [];
    socket.on('message', (data: Buffer) => answers.push(JSON.parse(data.toString()) as Record<string, unknown>));
    const ask = async (id: number, method: string, data: unknown) => {
      socket.send(JSON.stringify({ id, method, data }));
      for (let waited = 0; waited < 5000; waited += 5) {
        const answer = answers.find((frame) => frame.id === id);
        if (answer !== undefined) return answer;
        await sleep(5);
      }
      throw new Error(`no answer to ${method}`);
    };
    const token = await server.token({ userId: `joiner-${meeting}`, name: 'Jo', meeting, role: 'host' });
    const hello = await ask(1, 'hello', { protocolVersion: PROTOCOL_VERSION, meeting, token });
    const ping = await ask(2, 'ping', {});
    const ms = (performance.now() - started).toFixed(0);
    return hello.ok === true && ping.ok === true ? `joined + ping in ${ms} ms` : `refused: ${JSON.stringify(hello.error ?? ping.error)}`;
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  } finally {
    socket.close();
  }
}

interface Round {
  label: string;
  baselineFds: number;
  openFds: number;
  peakFds: number;
  openClients: number;
  openingMs: number;
  afterFds: number;
  closes: Map<string, number>;
  lastClosedAfterMs: number;
  joinWhileOpen: string;
  joinAfter: string;
}

let meetingCounter = 890_000_000;

async function round(server: ServerProcess, label: string, open: (wsUrl: string) => Promise<Idle>): Promise<Round> {
  await server.gc();
  const baselineFds = (await server.stats()).fds;
  const started = performance.now();
  const clients: Idle[] = [];
  let refused = 0;
  // The peak, in case opening them all takes longer than the deadline on a busy machine.
  let peakFds = baselineFds;
  const sampler = setInterval(() => void server.stats().then((stats) => (peakFds = Math.max(peakFds, stats.fds))), 100);
  for (let i = 0; i < SOCKETS; i += BATCH) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(BATCH, SOCKETS - i) }, () => open(server.wsUrl)));
    for (const result of batch) {
      if (result.status === 'fulfilled') clients.push(result.value);
      else refused++;
    }
  }
  const openedAt = Date.now();
  const openingMs = performance.now() - started;
  const openFds = (await server.stats()).fds;
  const openClients = clients.filter((client) => client.open()).length;
  clearInterval(sampler);
  peakFds = Math.max(peakFds, openFds);
  const joinWhileOpen = await join(server, String(++meetingCounter));
  // Past the deadline, the close grace and a heartbeat's slack for the last ones.
  const ends = await Promise.race([Promise.all(clients.map((client) => client.ended)), sleep(HELLO_TIMEOUT_SECONDS * 1000 + 10_000).then(() => undefined)]);
  await sleep(500);
  const afterFds = (await server.stats()).fds;
  const closes = new Map<string, number>();
  for (const end of ends ?? []) {
    const key = end.code === undefined ? 'cut, no close frame' : String(end.code);
    closes.set(key, (closes.get(key) ?? 0) + 1);
  }
  if (ends === undefined) closes.set('still open 10 s after the deadline', clients.filter((client) => client.open()).length);
  if (refused > 0) closes.set('upgrade refused', refused);
  const lastClosedAfterMs = Math.max(0, ...(ends ?? []).map((end) => end.at - openedAt));
  const joinAfter = await join(server, String(++meetingCounter));
  for (const client of clients) client.destroy();
  return { label, baselineFds, openFds, peakFds, openClients, openingMs, afterFds, closes, lastClosedAfterMs, joinWhileOpen, joinAfter };
}

const server = await startServerProcess({
  WE_MAX_CONNECTIONS_PER_IP: String(SOCKETS * 2),
  WE_MAX_CONNECTIONS: String(SOCKETS * 4),
  WE_HELLO_TIMEOUT_SECONDS: String(HELLO_TIMEOUT_SECONDS),
});
const rounds: Round[] = [];
process.stderr.write('  … polite idle clients\n');
rounds.push(await round(server, 'polite (answer the close)', politeIdle));
await sleep(1000);
process.stderr.write('  … hostile idle clients\n');
rounds.push(await round(server, 'hostile (ignore the close)', hostileIdle));
const { closeGraceMs } = server.config.limits;
await server.stop();

console.log(
  `idle sockets: ${SOCKETS} hello-less WebSocket connections from one address; WE_HELLO_TIMEOUT_SECONDS=${HELLO_TIMEOUT_SECONDS}, ` +
    `close grace ${closeGraceMs} ms; open file descriptors of the server process\n`,
);
const rows: [string, (round: Round) => string][] = [
  ['fds before (baseline)', (r) => String(r.baselineFds)],
  ['fds while open, before the deadline', (r) => `${r.openFds} (+${r.openFds - r.baselineFds})`],
  ['clients open at that moment', (r) => `${r.openClients} (opened in ${(r.openingMs / 1000).toFixed(2)} s)`],
  ['fds at the peak', (r) => `${r.peakFds} (+${r.peakFds - r.baselineFds})`],
  ['a real join while they are open', (r) => r.joinWhileOpen],
  ['how they were closed', (r) => [...r.closes.entries()].map(([code, n]) => `${code} ×${n}`).join(', ')],
  ['last close, counted from the last open', (r) => `${(r.lastClosedAfterMs / 1000).toFixed(2)} s`],
  ['fds after the deadline', (r) => `${r.afterFds} (+${r.afterFds - r.baselineFds})`],
  ['a real join after the deadline', (r) => r.joinAfter],
];
const headers = ['', ...rounds.map((r) => r.label)];
const table = rows.map(([label, cell]) => [label, ...rounds.map(cell)]);
const widths = headers.map((header, i) => Math.max(header.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(line(headers));
console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
for (const row of table) console.log(line(row));
if (rounds.some((r) => r.openingMs > HELLO_TIMEOUT_SECONDS * 1000)) {
  console.log(`(opening took longer than the ${HELLO_TIMEOUT_SECONDS} s deadline: the first were closed before the last opened; raise --hello-timeout on a busy machine)`);
}

// ---------------------------------------------------------------------------------------------
// Slowloris: HTTP connections that never finish their headers

/** One connection that sends a request line and then one header byte a second, forever. */
function dripper(url: URL): { closedAt: Promise<number>; answered: () => string | undefined; open: () => boolean; destroy: () => void } {
  const socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  let reply = '';
  socket.on('data', (chunk: Buffer) => (reply += chunk.toString('latin1')));
  socket.write(`GET / HTTP/1.1\r\nHost: ${url.host}\r\nX-Drip: `);
  const timer = setInterval(() => socket.write('a'), 1000);
  const closedAt = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now())));
  void closedAt.then(() => clearInterval(timer));
  return {
    closedAt,
    answered: () => (reply === '' ? undefined : reply.split('\r\n')[0]),
    open: () => !socket.destroyed,
    destroy: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

const configSource = readFileSync(new URL('../src/server/config.ts', import.meta.url), 'utf8');
const landed = configSource.includes('WE_HTTP_HEADERS_TIMEOUT_SECONDS');
if (!landed && !process.argv.includes('--slowloris')) {
  console.log('\nslowloris: skipped, this server has no WE_HTTP_HEADERS_TIMEOUT_SECONDS (run with --slowloris to measure Node\'s defaults)');
} else {
  process.stderr.write('  … slowloris\n');
  const env: Record<string, string> = landed ? { WE_HTTP_HEADERS_TIMEOUT_SECONDS: String(HEADERS_TIMEOUT_SECONDS) } : {};
  const slow = await startServerProcess(env);
  const url = new URL(slow.url);
  const timeoutSeconds = landed ? HEADERS_TIMEOUT_SECONDS : 60;
  await slow.gc();
  const baselineFds = (await slow.stats()).fds;
  const started = Date.now();
  const drippers = Array.from({ length: DRIPPERS }, () => dripper(url));
  await sleep(1000);
  const dripFds = (await slow.stats()).fds;
  const openAt = new Map<number, number>();
  const joinWhileDripping = await join(slow, String(++meetingCounter));
  // Sample until every dripper is closed, or the timeout plus two of Node's 30 s check intervals.
  for (;;) {
    const elapsed = Date.now() - started;
    openAt.set(Math.floor(elapsed / 1000), drippers.filter((d) => d.open()).length);
    if (drippers.every((d) => !d.open()) || elapsed > (timeoutSeconds + 65) * 1000) break;
    await sleep(250);
  }
  const closes = await Promise.all(drippers.map((d) => Promise.race([d.closedAt, Promise.resolve(Number.NaN)])));
  const closedTimes = closes.filter((at) => !Number.isNaN(at)).map((at) => (at - started) / 1000).sort((a, b) => a - b);
  const replies = new Map<string, number>();
  for (const d of drippers) {
    const line = d.answered() ?? 'no reply';
    replies.set(line, (replies.get(line) ?? 0) + 1);
  }
  await sleep(500);
  const afterFds = (await slow.stats()).fds;
  const joinAfter = await join(slow, String(++meetingCounter));
  for (const d of drippers) d.destroy();
  await slow.stop();

  const openBefore = openAt.get(timeoutSeconds - 1) ?? DRIPPERS;
  const openAfter = (seconds: number) => openAt.get(timeoutSeconds + seconds) ?? 0;
  console.log(
    `\nslowloris: ${DRIPPERS} HTTP connections from one address, each dripping one header byte a second; ` +
      `headers timeout ${timeoutSeconds} s (${landed ? `WE_HTTP_HEADERS_TIMEOUT_SECONDS=${HEADERS_TIMEOUT_SECONDS}` : "Node's default"})\n`,
  );
  const slowRows: [string, string][] = [
    ['server fds before (baseline)', String(baselineFds)],
    ['server fds while dripping', `${dripFds} (+${dripFds - baselineFds})`],
    ['a real join while dripping', joinWhileDripping],
    [`still open at ${timeoutSeconds - 1} s (before the timeout)`, String(openBefore)],
    [`still open at ${timeoutSeconds + 2} s`, String(openAfter(2))],
    [`still open at ${timeoutSeconds + 10} s`, String(openAfter(10))],
    ['closed between', closedTimes.length === 0 ? 'none closed' : `${closedTimes[0]!.toFixed(1)} s and ${closedTimes.at(-1)!.toFixed(1)} s`],
    ['never closed', String(DRIPPERS - closedTimes.length)],
    ['what they were answered', [...replies.entries()].map(([line, n]) => `${line} ×${n}`).join(', ')],
    ['server fds afterwards', `${afterFds} (+${afterFds - baselineFds})`],
    ['a real join afterwards', joinAfter],
  ];
  const slowWidths = [Math.max(...slowRows.map(([label]) => label.length)), Math.max(...slowRows.map(([, value]) => value.length))];
  console.log(`| ${''.padEnd(slowWidths[0]!)} | ${'figure'.padEnd(slowWidths[1]!)} |`);
  console.log(`| ${'-'.repeat(slowWidths[0]!)} | ${'-'.repeat(slowWidths[1]!)} |`);
  for (const [label, value] of slowRows) console.log(`| ${label.padEnd(slowWidths[0]!)} | ${value.padEnd(slowWidths[1]!)} |`);
}
