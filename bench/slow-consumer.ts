// What a participant who stops reading costs the server. A sender sends 16 KB `sendChat`
// `sender-key` frames addressed to one recipient, one at a time as fast as the answers come,
// for the same number of seconds in each scenario:
//   - reader (baseline): the recipient reads everything;
//   - non-reader: the recipient joined and then stopped reading (its TCP socket paused);
//   - non-reader, bound raised: the same with WE_MAX_SEND_BUFFER_BYTES at its 1 GiB maximum,
//     which is what a server without the send-buffer bound does.
// The server runs in a process of its own (bench/lib/server-child.ts), fresh for each
// scenario, so its RSS counts no client.
//
//   node --import tsx bench/slow-consumer.ts [--seconds 15]
//
// Prints the server's RSS (after both joined, peak, at the end, after both left), what the
// sender's requests were answered, and whether, when and how the recipient was dropped.
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, MAX_CHAT_PAYLOAD_CHARS } from '../src/protocol/index.js';
import { HostileWs } from '../test/server/raw-ws.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const SECONDS = option('seconds', 15);
const MEETING = '880000001';
const PAYLOAD = 'A'.repeat(MAX_CHAT_PAYLOAD_CHARS);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** A well-behaved client on `ws`: requests by id, notifications kept with their arrival time. */
class Client {
  readonly socket: WebSocket;
  readonly #waiting = new Map<number, (frame: Record<string, unknown>) => void>();
  readonly notifications: { name: string; data: Record<string, unknown>; at: number }[] = [];
  bytes = 0;
  #nextId = 1;

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('error', () => {});
    this.socket.on('message', (data: Buffer) => {
      this.bytes += data.length;
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (typeof frame.notification === 'string') {
        // Chat frames are counted, not kept.
        if (frame.notification !== 'chat') this.notifications.push({ name: frame.notification, data: frame.data as Record<string, unknown>, at: Date.now() });
        return;
      }
      const id = frame.id as number;
      this.#waiting.get(id)?.(frame);
      this.#waiting.delete(id);
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  request(method: string, data: unknown = {}): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, data }));
    });
  }
}

type Scenario = 'reader' | 'non-reader' | 'non-reader, bound raised';

interface Result {
  scenario: Scenario;
  bound: number;
  rssJoined: number;
  rssPeak: number;
  rssEnd: number;
  rssAfter: number;
  answers: Map<string, number>;
  relayedBytes: number;
  receivedBytes: number | undefined;
  droppedAfterMs: number | undefined;
  dropLog: string | undefined;
  wireClose: string;
  leftSeenAfterMs: number | undefined;
}

async function run(scenario: Scenario): Promise<Result> {
  const env: Record<string, string> = scenario === 'non-reader, bound raised' ? { WE_MAX_SEND_BUFFER_BYTES: String(1024 * 1024 * 1024) } : {};
  const server: ServerProcess = await startServerProcess(env);
  const bound = server.config.limits.maxSendBufferBytes;

  // The recipient joins first, so the sender's hello lists it.
  let reader: Client | undefined;
  let nonReader: HostileWs | undefined;
  const recipientToken = await server.token({ userId: 'recipient', name: 'Rita', meeting: MEETING });
  if (scenario === 'reader') {
    reader = new Client(server.wsUrl);
    await reader.opened();
    const hello = await reader.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: MEETING, token: recipientToken });
    if (hello.ok !== true) throw new Error(JSON.stringify(hello));
  } else {
    nonReader = await HostileWs.open(server.wsUrl);
    nonReader.request(1, 'hello', { protocolVersion: PROTOCOL_VERSION, meeting: MEETING, token: recipientToken });
    await nonReader.waitFor((message) => message.id === 1);
  }
  const sender = new Client(server.wsUrl);
  await sender.opened();
  const hello = await sender.request('hello', {
    protocolVersion: PROTOCOL_VERSION,
    meeting: MEETING,
    token: await server.token({ userId: 'sender', name: 'Sam', meeting: MEETING, role: 'host' }),
  });
  const recipientId = ((hello.data as { participants: { id: string }[] }).participants[0] ?? { id: '' }).id;
  // From here on the non-reader reads nothing: no answers, no notifications, no pings.
  nonReader?.socket.pause();

  await sleep(300);
  await server.gc();
  const rssJoined = (await server.stats()).rss;
  let rssPeak = rssJoined;
  const sampling = setInterval(() => void server.stats().then((stats) => (rssPeak = Math.max(rssPeak, stats.rss))), 100);

  const answers = new Map<string, number>();
  let relayedBytes = 0;
  const started = Date.now();
  while (Date.now() - started < SECONDS * 1000) {
    const answer = await sender.request('sendChat', { kind: 'sender-key', to: recipientId, payload: PAYLOAD });
    const error = answer.error as { code: string; retryAfterMs?: number } | undefined;
    const code = error?.code ?? 'ok';
    answers.set(code, (answers.get(code) ?? 0) + 1);
    if (error === undefined) relayedBytes += PAYLOAD.length;
    // A refusal with a hint waits as told; the chat's own limits give none, so wait 100 ms.
    if (code === 'rate_limited') await sleep(Math.min(error?.retryAfterMs ?? 100, started + SECONDS * 1000 - Date.now()));
  }
  clearInterval(sampling);
  const rssEnd = (await server.stats()).rss;
  rssPeak = Math.max(rssPeak, rssEnd);

  const drop = server.logs.find((record) => record.msg === 'client does not read: dropping it');
  const left = sender.notifications.find((notification) => notification.name === 'participantLeft' && notification.data.participantId === recipientId);

  // What the non-reader finds once it reads again: its backlog, then a close frame or none.
  let wireClose = 'connection still open';
  if (nonReader !== undefined) {
    nonReader.socket.resume();
    const ended = await Promise.race([nonReader.ended.then(() => true), sleep(3000).then(() => false)]);
    const code = nonReader.closeCode();
    wireClose = code !== undefined ? `close frame ${code}` : ended ? 'TCP closed, no close frame (1006 in a browser)' : 'connection still open';
  }
  const receivedBytes = reader?.bytes;

  sender.socket.close();
  reader?.socket.close();
  nonReader?.destroy();
  await sleep(1000);
  await server.gc();
  const rssAfter = (await server.stats()).rss;
  await server.stop();
  return {
    scenario,
    bound,
    rssJoined,
    rssPeak,
    rssEnd,
    rssAfter,
    answers,
    relayedBytes,
    receivedBytes,
    droppedAfterMs: drop === undefined ? undefined : drop.at - started,
    dropLog: drop === undefined ? undefined : `"${drop.msg}" (${String(drop.buffered)} bytes buffered)`,
    wireClose,
    leftSeenAfterMs: left === undefined ? undefined : left.at - started,
  };
}

const results: Result[] = [];
for (const scenario of ['reader', 'non-reader', 'non-reader, bound raised'] as const) {
  process.stderr.write(`  … ${scenario}\n`);
  results.push(await run(scenario));
}

const rows: [string, (result: Result) => string][] = [
  ['send-buffer bound', (r) => mib(r.bound)],
  ['server RSS, both joined', (r) => mib(r.rssJoined)],
  ['server RSS, peak', (r) => mib(r.rssPeak)],
  ['server RSS, end of run', (r) => mib(r.rssEnd)],
  ['server RSS, both left (GC)', (r) => mib(r.rssAfter)],
  ['peak − joined', (r) => mib(r.rssPeak - r.rssJoined)],
  ['sendChat answers', (r) => [...r.answers.entries()].map(([code, n]) => `${code} ${n}`).join(', ')],
  ['payload relayed (ok answers)', (r) => mib(r.relayedBytes)],
  ['bytes the recipient read', (r) => (r.receivedBytes === undefined ? '– (not reading)' : mib(r.receivedBytes))],
  ['recipient dropped after', (r) => (r.droppedAfterMs === undefined ? 'not dropped' : `${(r.droppedAfterMs / 1000).toFixed(2)} s`)],
  ['server log', (r) => r.dropLog ?? '–'],
  ['sender saw participantLeft after', (r) => (r.leftSeenAfterMs === undefined ? '–' : `${(r.leftSeenAfterMs / 1000).toFixed(2)} s`)],
  ['recipient saw on the wire', (r) => (r.scenario === 'reader' ? 'open until it left' : r.wireClose)],
];
const headers = ['', ...results.map((result) => (result.scenario === 'reader' ? 'reader (baseline)' : result.scenario))];
const table = rows.map(([label, cell]) => [label, ...results.map(cell)]);
const widths = headers.map((header, i) => Math.max(header.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
console.log(`slow consumer: ${SECONDS} s of ${MAX_CHAT_PAYLOAD_CHARS}-character sender-key frames to one recipient, one request at a time\n`);
console.log(line(headers));
console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
for (const row of table) console.log(line(row));
console.log(
  '\nThe server drops a client whose unread backlog passes the bound with close code 4508 (slow_consumer);\n' +
    'it cuts the TCP connection rather than queue a close frame behind that backlog, so the code is what\n' +
    'the server logs and ends the session with, and the client sees an abnormal close (1006) and may reconnect.',
);
