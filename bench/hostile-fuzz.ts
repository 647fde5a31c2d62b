// A long fuzz run against a real server hosted in this process: many connections (members who
// joined with valid tokens, strangers who never join, members who flood past the request queue)
// send random and mutated requests, malformed JSON, binary, oversized and truncated-UTF-8 frames
// and raw WebSocket-level garbage.
//
//   node --expose-gc --import tsx bench/hostile-fuzz.ts [--frames 100000] [--connections 50] [--seed 1]
//
// Prints what was sent, the answers by error code, the connections closed by close code, the
// RSS of this process (which hosts the server) before, at peak and after, a legitimate client's
// join + ping before, during and after the run (the baseline is "before"), and the checks that
// must hold: every server frame passes ServerFrameSchema, no answer is `internal`, no uncaught
// exception, no connection left waiting for answers. Exits 1 when a check fails.
import { readdirSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import * as v from 'valibot';
import {
  CLOSE_CODES,
  MAX_CHAT_PAYLOAD_CHARS,
  PROTOCOL_VERSION,
  REACTIONS,
  ServerFrameSchema,
  methods,
  parseNotification,
  parseResponse,
  type MethodName,
} from '../src/protocol/index.js';
import { startServer } from '../src/server/app.js';
import { mintToken } from '../src/server/auth/dev-tokens.js';
import { loadConfig } from '../src/server/config.js';
import { HostileWs } from '../test/server/raw-ws.js';
import { RawSocket, TEST_SECRET } from '../test/server/test-server.js';

// ---------------------------------------------------------------------------------------------
// Options and randomness

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} takes a number`);
  return value;
}

const FRAMES = option('frames', 100_000);
const CONNECTIONS = Math.max(4, option('connections', 50));
const SEED = option('seed', Date.now() % 1_000_000);
const MEETING_SIZE = 5;
/** Requests a well-paced connection keeps waiting for an answer. */
const WINDOW = 8;
/** Requests a flooder keeps waiting: past the server's queue bound (32 by default). */
const FLOOD_WINDOW = 64;

/** mulberry32: small, seeded, good enough to pick mutations. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (max: number): number => Math.floor(rand() * max);
const chance = (p: number): boolean => rand() < p;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const METHODS = Object.keys(methods) as MethodName[];

// ---------------------------------------------------------------------------------------------
// The server, in this process, with caps generous enough that the fuzzer itself is not capped

const logged = new Map<string, number>();
const internalLog: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) {
      if (line === '') continue;
      try {
        const record = JSON.parse(line) as { level: number; msg: string; err?: { message?: string; stack?: string } };
        const key = `${pino.levels.labels[record.level] ?? record.level}: ${record.msg}`;
        logged.set(key, (logged.get(key) ?? 0) + 1);
        if (record.msg.includes('internal') && internalLog.length < 5) internalLog.push(record.err?.stack ?? line);
      } catch {
        logged.set('unparsed log line', (logged.get('unparsed log line') ?? 0) + 1);
      }
    }
    done();
  },
});

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'we-meeting-fuzz-'));
const config = loadConfig(
  {
    PORT: '0',
    WE_RTC_PORT: '0',
    WE_WORKERS: '1',
    WE_DATA_DIR: dataDir,
    WE_JWT_SECRET: TEST_SECRET,
    WE_END_GRACE_SECONDS: '0',
    WE_MAX_CONNECTIONS_PER_IP: '1000',
    WE_MAX_CONNECTIONS: '10000',
    WE_MAX_PARTICIPANTS: '1000',
  },
  packageRoot,
);
const server = await startServer(config, pino({ level: 'warn' }, logSink));
const wsUrl = `${server.url.replace('http', 'ws')}/ws`;

let uncaught = 0;
const uncaughtSamples: string[] = [];
process.on('uncaughtException', (error) => {
  uncaught++;
  if (uncaughtSamples.length < 5) uncaughtSamples.push(String(error.stack ?? error));
});
process.on('unhandledRejection', (error) => {
  uncaught++;
  if (uncaughtSamples.length < 5) uncaughtSamples.push(`unhandled rejection: ${String((error as Error)?.stack ?? error)}`);
});

const fdCount = () => readdirSync('/proc/self/fd').length;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) for (let i = 0; i < 3; i++) gc();
}

// ---------------------------------------------------------------------------------------------
// Well-formed parameters, the starting point of most mutations

const OPUS = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }],
  encodings: [{ ssrc: 11111111 }],
  headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
  rtcp: { cname: 'fuzz', reducedSize: true },
};
const VP8 = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }] }],
  encodings: [{ ssrc: 22222222, rid: 'r0' }],
  headerExtensions: [],
  rtcp: { cname: 'fuzz', reducedSize: true },
};
const CAPS = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] },
    { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 101, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }] },
  ],
  headerExtensions: [{ kind: 'audio', uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', preferredId: 1 }],
};
const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':');
const dtls = () => ({ role: pick(['client', 'server', 'auto']), fingerprints: [{ algorithm: 'sha-256', value: FINGERPRINT }] });
const base64url = (length: number) => 'A'.repeat(Math.max(0, length - 1)) + pick(['A', '_', '-', 'z']);
const keys = () => ({ identityKey: base64url(43), agreementKey: base64url(43), signature: base64url(86) });

/** Ids learnt from answers and notifications, so requests can name real (and others') objects. */
class Pool {
  readonly #items: string[] = [];
  add(id: string): void {
    if (this.#items.length < 200) this.#items.push(id);
    else this.#items[int(200)] = id;
  }
  pick(): string | undefined {
    return this.#items.length === 0 ? undefined : pick(this.#items);
  }
}
const everyone = { participants: new Pool(), transports: new Pool(), producers: new Pool(), consumers: new Pool(), polls: new Pool() };

// ---------------------------------------------------------------------------------------------
// Connections

type Kind = 'member' | 'flooder' | 'stranger';

interface Sent {
  method: string;
  text: string;
}

class Conn {
  ws: HostileWs | undefined;
  opening = false;
  joined = false;
  outstanding = 0;
  lastHeard = Date.now();
  /** Set once a frame that should end the connection went out: what it was and when. */
  doomed: { what: string; at: number } | undefined;
  closeCode: number | undefined;
  /** Ignores the server's close frame and waits for the server to cut the TCP connection. */
  ignoreClose = false;
  closeSeenAt = 0;
  nextId = 10_000;
  readonly sent = new Map<number, Sent>();
  readonly own = { participant: undefined as string | undefined, transports: new Pool(), producers: new Pool(), consumers: new Pool(), polls: new Pool() };
  /** Request id of the join, for members. */
  joinId = -1;
  /** A member whose join was refused (meeting ended or locked, removed) retries from this time. */
  retryAt: number | undefined;

  constructor(
    readonly index: number,
    readonly kind: Kind,
    readonly meeting: string,
    readonly role: 'host' | 'participant',
  ) {}

  get window(): number {
    return this.kind === 'flooder' ? FLOOD_WINDOW : WINDOW;
  }

  get userId(): string {
    return `fuzz-${this.index}`;
  }

  remember(id: number, sent: Sent): void {
    this.sent.set(id, sent);
    if (this.sent.size > 256) this.sent.delete(this.sent.keys().next().value!);
  }
}

const tallies = {
  framesByKind: new Map<string, number>(),
  answersByCode: new Map<string, number>(),
  notifications: new Map<string, number>(),
  closes: new Map<string, number>(),
  rawOutcome: new Map<string, Map<string, number>>(),
  invalidFrames: [] as string[],
  invalidFrameCount: 0,
  badResponses: [] as string[],
  badResponseCount: 0,
  internal: [] as string[],
  internalCount: 0,
  stalls: 0,
  unansweredAtClose: 0,
  cutAfterIgnoredCloseMs: [] as number[],
  notCut: 0,
  opened: 0,
  refusedJoins: new Map<string, number>(),
  refusedUpgrades: 0,
};
const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

function closeLabel(code: number | undefined): string {
  const names: Record<number, string> = {
    1000: 'normal',
    1002: 'protocol error',
    1005: 'no status',
    1007: 'invalid UTF-8',
    1009: 'frame too large',
    [CLOSE_CODES.unauthorized]: 'unauthorized',
    [CLOSE_CODES.removed]: 'removed',
    [CLOSE_CODES.helloTimeout]: 'hello timeout',
    [CLOSE_CODES.replaced]: 'replaced',
    [CLOSE_CODES.meetingEnded]: 'meeting ended',
    [CLOSE_CODES.slowConsumer]: 'slow consumer',
  };
  return code === undefined ? 'cut without a close frame' : `${code} ${names[code] ?? ''}`.trim();
}

async function open(conn: Conn): Promise<void> {
  conn.opening = true;
  try {
    const ws = await HostileWs.open(wsUrl);
    tallies.opened++;
    conn.ws = ws;
    conn.joined = false;
    conn.outstanding = 0;
    conn.doomed = undefined;
    conn.closeCode = undefined;
    conn.ignoreClose = chance(0.15);
    conn.lastHeard = Date.now();
    conn.sent.clear();
    conn.own.participant = undefined;
    if (conn.kind !== 'stranger') {
      // A fresh token each time: a removal bans the previous one until it expires.
      const token = await mintToken(TEST_SECRET, { userId: conn.userId, name: `Fuzz ${conn.index}`, meeting: conn.meeting, role: conn.role });
      const id = conn.nextId++;
      conn.joinId = id;
      conn.retryAt = undefined;
      const text = JSON.stringify({ id, method: 'hello', data: { protocolVersion: PROTOCOL_VERSION, meeting: conn.meeting, token, keys: keys() } });
      conn.remember(id, { method: 'hello', text });
      ws.send(text);
      conn.outstanding++;
      sentFrames++;
      bump(tallies.framesByKind, 'hello (members joining)');
    }
  } catch {
    tallies.refusedUpgrades++;
    await sleep(50);
  } finally {
    conn.opening = false;
  }
}

/** Reads what arrived on `conn`: answers, notifications, a close frame. */
function drain(conn: Conn): void {
  const ws = conn.ws;
  if (ws === undefined) return;
  for (const frame of ws.frames.splice(0)) {
    if (frame.opcode === 0x8 && conn.closeCode === undefined) {
      conn.closeCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
      conn.closeSeenAt = Date.now();
    }
  }
  for (const message of ws.messages.splice(0)) {
    conn.lastHeard = Date.now();
    if (!v.is(ServerFrameSchema, message)) {
      tallies.invalidFrameCount++;
      if (tallies.invalidFrames.length < 5) tallies.invalidFrames.push(JSON.stringify(message).slice(0, 300));
      continue;
    }
    if ('notification' in message) {
      const name = String(message.notification);
      bump(tallies.notifications, name);
      try {
        const parsed = parseNotification(name, message.data);
        if (parsed?.name === 'participantJoined') everyone.participants.add(parsed.data.participant.id);
        if (parsed?.name === 'newConsumer') {
          conn.own.consumers.add(parsed.data.consumerId);
          everyone.consumers.add(parsed.data.consumerId);
        }
        if (parsed?.name === 'pollUpdated') {
          conn.own.polls.add(parsed.data.poll.id);
          everyone.polls.add(parsed.data.poll.id);
        }
      } catch (error) {
        tallies.badResponseCount++;
        if (tallies.badResponses.length < 5) tallies.badResponses.push(`${name}: ${(error as Error).message}`);
      }
      continue;
    }
    conn.outstanding = Math.max(0, conn.outstanding - 1);
    const id = typeof message.id === 'number' ? message.id : undefined;
    const sent = id === undefined ? undefined : conn.sent.get(id);
    if (message.ok === true) {
      bump(tallies.answersByCode, 'ok');
      if (sent !== undefined && (METHODS as string[]).includes(sent.method)) harvest(conn, sent.method as MethodName, message.data);
    } else {
      const error = message.error as { code: string; message: string };
      bump(tallies.answersByCode, error.code);
      if (id === conn.joinId) {
        bump(tallies.refusedJoins, error.code);
        conn.retryAt = Date.now() + 500;
      }
      if (error.code === 'internal') {
        tallies.internalCount++;
        if (tallies.internal.length < 10) {
          tallies.internal.push(`${conn.kind}${conn.joined ? ' (joined)' : ''}: ${sent?.text.slice(0, 400) ?? `id ${String(message.id)} (request not identified)`}`);
        }
      }
    }
    if (sent !== undefined) conn.sent.delete(id!);
  }
}

function harvest(conn: Conn, method: MethodName, data: unknown): void {
  try {
    const parsed = parseResponse(method, data) as Record<string, unknown>;
    if (method === 'hello') {
      conn.joined = true;
      const hello = parsed as { self: { id: string }; participants: { id: string }[] };
      conn.own.participant = hello.self.id;
      everyone.participants.add(hello.self.id);
      for (const participant of hello.participants) everyone.participants.add(participant.id);
    }
    if (method === 'createWebRtcTransport') {
      conn.own.transports.add(String(parsed.id));
      everyone.transports.add(String(parsed.id));
    }
    if (method === 'produce') {
      conn.own.producers.add(String(parsed.producerId));
      everyone.producers.add(String(parsed.producerId));
    }
    if (method === 'createPoll') {
      const id = (parsed.poll as { id: string }).id;
      conn.own.polls.add(id);
      everyone.polls.add(id);
    }
  } catch (error) {
    tallies.badResponseCount++;
    if (tallies.badResponses.length < 5) tallies.badResponses.push(`${method}: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Frame generators

/** An id the connection can use: its own, someone else's, or made up. */
function someId(own: Pool, all: Pool): string {
  const roll = rand();
  return (roll < 0.6 ? own.pick() : roll < 0.85 ? all.pick() : undefined) ?? pick(['x', '0', 'a'.repeat(64), crypto.randomUUID()]);
}

/** Data a well-behaved client could send for `method`. */
function plausible(conn: Conn, method: MethodName): Record<string, unknown> {
  const own = conn.own;
  switch (method) {
    case 'hello':
      return {
        protocolVersion: chance(0.9) ? PROTOCOL_VERSION : pick([0, 2, -1, 1.5]),
        meeting: chance(0.8) ? conn.meeting : pick(['000000000', '12345678', '1234567890', '99999999a']),
        token: pick(['', 'x', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.', expiredToken, wrongMeetingToken, badSignatureToken]),
        ...(chance(0.5) ? { keys: keys() } : {}),
      };
    case 'renewToken':
      return { token: pick(['', 'x.y.z', expiredToken, wrongMeetingToken, badSignatureToken]) };
    case 'setRtpCapabilities':
      return { rtpCapabilities: structuredClone(CAPS) };
    case 'createWebRtcTransport':
      return { direction: pick(['send', 'recv']) };
    case 'connectWebRtcTransport':
      return { transportId: someId(own.transports, everyone.transports), dtlsParameters: dtls() };
    case 'restartIce':
      return { transportId: someId(own.transports, everyone.transports) };
    case 'produce': {
      const source = pick(['mic', 'camera', 'screen', 'screen-audio'] as const);
      const audio = source === 'mic' || source === 'screen-audio';
      return {
        transportId: someId(own.transports, everyone.transports),
        kind: chance(0.9) === audio ? 'audio' : 'video',
        source,
        rtpParameters: structuredClone(audio ? OPUS : VP8),
        paused: chance(0.5),
      };
    }
    case 'closeProducer':
    case 'pauseProducer':
    case 'resumeProducer':
      return { producerId: someId(own.producers, everyone.producers) };
    case 'pauseConsumer':
    case 'resumeConsumer':
      return { consumerId: someId(own.consumers, everyone.consumers) };
    case 'setConsumerPreferredLayers':
      return { consumerId: someId(own.consumers, everyone.consumers), spatialLayer: int(4), ...(chance(0.5) ? { temporalLayer: int(4) } : {}) };
    case 'muteParticipant':
    case 'removeParticipant':
    case 'makeHost':
      return { participantId: someId(new Pool(), everyone.participants) };
    case 'lockMeeting':
      return { locked: chance(0.3) };
    case 'raiseHand':
      return { raised: chance(0.5) };
    case 'react':
      return { reaction: pick(REACTIONS) };
    case 'setScreenSharePolicy':
      return { allowMultiple: chance(0.5) };
    case 'sendChat': {
      const kind = pick(['sender-key', 'message', 'private'] as const);
      return {
        kind,
        to: kind === 'message' ? null : someId(new Pool(), everyone.participants),
        payload: base64url(1 + int(chance(0.1) ? MAX_CHAT_PAYLOAD_CHARS : 512)),
      };
    }
    case 'createPoll':
      return {
        question: pick(['Lunch?', 'Which day works? 📅', 'x'.repeat(500)]),
        options: Array.from({ length: 2 + int(9) }, (_, i) => `option ${i} ✓`),
        multiple: chance(0.5),
        anonymous: chance(0.5),
        shareResults: chance(0.5),
      };
    case 'openPoll':
    case 'closePoll':
    case 'deletePoll':
      return { pollId: someId(own.polls, everyone.polls) };
    case 'sharePollResults':
      return { pollId: someId(own.polls, everyone.polls), shared: chance(0.5) };
    case 'vote':
      return { pollId: someId(own.polls, everyone.polls), choices: Array.from({ length: 1 + int(3) }, () => int(10)) };
    default:
      return {};
  }
}

function randomValue(depth = 0): unknown {
  switch (int(depth > 3 ? 6 : 9)) {
    case 0: return null;
    case 1: return chance(0.5);
    case 2: return pick([0, -1, -0, 1.5, 2 ** 53, 2 ** 64, -(2 ** 31), 1e308, Number.MIN_VALUE, 7, 255, 4294967296]);
    case 3: return pick(['', 'x', 'audio/opus', 'video', 'mic', 'screen', '__proto__', 'constructor', '123456789', 'ä'.repeat(300), '\u0000', '\ud800', '👍', 'a'.repeat(513)]);
    case 4: return 'A'.repeat(int(2000));
    case 5: return pick(['send', 'recv', 'host', 'participant', 'message', 'sender-key', 'private', 'auto']);
    case 6: return Array.from({ length: int(5) }, () => randomValue(depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = int(5); i > 0; i--) {
        object[pick(['codecs', 'kind', 'mimeType', 'clockRate', 'parameters', 'rtpParameters', 'transportId', 'producerId', 'pollId', 'choices', 'participantId', 'token', 'x', 'fingerprints', 'encodings', 'payload', 'to'])] = randomValue(depth + 1);
      }
      return object;
    }
  }
}

/** Every object and array inside `value` (the value itself first), at most 64. */
function containers(value: unknown): (Record<string, unknown> | unknown[])[] {
  const found: (Record<string, unknown> | unknown[])[] = [];
  const stack = [value];
  while (stack.length > 0 && found.length < 64) {
    const item = stack.pop();
    if (item === null || typeof item !== 'object') continue;
    found.push(item as Record<string, unknown>);
    stack.push(...Object.values(item));
  }
  return found;
}

function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return pick([0, true, null, [value], { value }]);
  if (typeof value === 'number') return pick([String(value), -value - 1, value + 0.5, 2 ** 53 + 2, 1e308, null, [value]]);
  if (typeof value === 'boolean') return pick(['true', 1, 0, null]);
  if (Array.isArray(value)) return pick([{}, 'array', value.length, [...value, ...value, ...value], []]);
  if (value !== null && typeof value === 'object') return pick([[], 'object', 1, null, [value]]);
  return pick([{}, [], 'null', 0]);
}

function deepValue(depth: number): unknown {
  let value: unknown = pick([1, 'x', null, {}]);
  for (let i = 0; i < depth; i++) value = chance(0.5) ? [value] : { a: value };
  return value;
}

/** One to three mutations somewhere inside `data` (or of `data` itself). */
function mutate(data: Record<string, unknown>): unknown {
  let result: unknown = data;
  for (let n = 1 + int(3); n > 0; n--) {
    const targets = containers(result);
    const target = targets.length === 0 ? undefined : pick(targets);
    if (target === undefined || chance(0.05)) {
      result = pick<unknown>([null, [], 'data', 0, true, [result], { data: result }]);
      continue;
    }
    const keys = Object.keys(target);
    const key = keys.length === 0 || chance(0.2) ? pick(['x', 'extra', 'id', 'method', 'kind', 'ssrc', '', 'a'.repeat(600), '$ref']) : pick(keys);
    const slot = target as Record<string, unknown>;
    switch (int(7)) {
      case 0: slot[key] = randomValue(); break;
      case 1: delete slot[key]; break;
      case 2: slot[key] = wrongType(slot[key]); break;
      case 3: slot[key] = pick([-1, -0.5, 1.5, 2 ** 53, 2 ** 64, -(2 ** 31), 1e308, Number.MIN_VALUE, 0, 65536, 128]); break;
      case 4: slot[key] = deepValue(1 + int(60)); break;
      case 5: slot[key] = pick(['A'.repeat(1 + int(20_000)), 'é'.repeat(1 + int(8000)), '\u0000'.repeat(int(2000)), '\ud83d'.repeat(int(100))]); break;
      default: {
        // Repeats a small value only: repeating a container would compound over mutations.
        const item = slot[key];
        const small = item === null || typeof item === 'boolean' || typeof item === 'number' || (typeof item === 'string' && item.length <= 64);
        slot[key] = Array.from({ length: int(300) }, () => (small ? item : int(10)));
        break;
      }
    }
  }
  return result;
}

const VALID_IDS = () => int(1_000_000);
function mutatedId(conn: Conn): { id: unknown; tracked: number | undefined } {
  if (chance(0.8)) {
    const id = conn.nextId++;
    return { id, tracked: id };
  }
  return { id: pick<unknown>([-1, -0, 1.5, 2 ** 53, 2 ** 53 + 2, 1e308, '7', null, [], {}, true, undefined, VALID_IDS()]), tracked: undefined };
}

/** Text-level changes JSON.stringify cannot make: duplicate keys, `__proto__`, 1e999, lone escapes. */
function textMutation(text: string): string {
  switch (int(6)) {
    case 0: return text.replace(/^\{/, '{"__proto__":{"isHost":true,"role":"host"},');
    case 1: return text.replace(/"method":"([^"]*)"/, (_, method: string) => `"method":"${method}","method":"${pick(METHODS)}"`);
    case 2: return text.replace(/"id":\d+/, `"id":${pick(['1e999', '-0', '1E2', '0.0', '9007199254740993', '1e-400'])}`);
    case 3: return text.replace(/"data":\{/, '"data":{"constructor":{"prototype":{"x":1}},');
    case 4: return text.replace(/"method":"([^"]*)"/, (_, method: string) => `"method":"${method.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`);
    default: return text.replace(/\}$/, `,"${'k'.repeat(int(100))}":"\\ud800\\udfff\\u0000"}`);
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A WebSocket frame built by hand: any opcode, flags, mask and length encoding. */
function wsFrame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; mask?: boolean; length?: bigint } = {}): Buffer {
  const { fin = true, rsv = 0, mask = true } = options;
  const length = options.length ?? BigInt(payload.length);
  const first = (fin ? 0x80 : 0) | (rsv << 4) | opcode;
  const maskBit = mask ? 0x80 : 0;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, maskBit | Number(length)]);
  else if (length < 65536n) header = Buffer.from([first, maskBit | 126, Number(length >> 8n), Number(length & 0xffn)]);
  else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(length, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = Buffer.from([int(256), int(256), int(256), int(256)]);
  const masked = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) masked[i] = payload[i]! ^ key[i % 4]!;
  return Buffer.concat([header, key, masked]);
}

const MALFORMED_JSON = [
  '', ' ', '{', '}', '[', ']', '{"id":1,"method":"ping"', '{"id":1,"method":"ping",}', "{'id':1,'method':'ping'}", '{"id":1 "method":"ping"}',
  'NaN', 'undefined', '{"id":01,"method":"ping"}', '{"id":1,"method":"ping"}garbage', '\ufeff{"id":1,"method":"ping"}', '{"id":1,"method":"ping","data":{"a":"\\x41"}}',
  '{"id":1,"method":"pi\nng"}', 'null', 'true', '1', '"ping"', '[]', '[{"id":1,"method":"ping"}]', '{"id":1e999,"method":"ping"}', '{"id":-1,"method":"ping"}',
  '{"id":1,"method":"ping","data":{"a":1,,}}', '{"id":1,"method":"ping","data":\u0000}', `{"id":1,"method":"ping"}${' '.repeat(30_000)}`, '{"id":1,"method":"ping","data":{"a":"\\ud800"}}',
  '{"id":1,"method":"ping","data":{"a":"\\u12"}}', '{"id":1,"method":"ping","data":{"a":1e999999}}', '{"id":1,"method":"ping","data":[1,2,3]}', '{"id":1,"method":null}', '{"method":"ping"}', '{"id":1}',
];

/** What one frame of the fuzz is: its category, what to write, and what the server should do. */
interface Shot {
  kind: string;
  /** A text or binary data frame (sent with HostileWs.send) … */
  data?: string | Buffer;
  binary?: boolean;
  /** … or bytes written as they are. */
  raw?: Buffer;
  /** An answer is owed (a data frame the server reads). */
  answered: boolean;
  /** The frame should end the connection. */
  fatal?: boolean;
  tracked?: { id: number; method: string };
}

const KINDS: [number, (conn: Conn) => Shot][] = [
  [45, (conn) => {
    const method = pick(METHODS);
    const { id, tracked } = mutatedId(conn);
    let text = JSON.stringify({ id, method, data: mutate(plausible(conn, method)), ...(chance(0.05) ? { extra: randomValue() } : {}) });
    let effective: string | undefined = method;
    if (chance(0.15)) {
      text = textMutation(text);
      // A duplicated "method" key means the last one: remember the method the server will run.
      effective = (safeParse(text) as { method?: unknown } | undefined)?.method as string | undefined;
    }
    return { kind: 'mutated request', data: fit(text), answered: true, ...(tracked === undefined || effective === undefined ? {} : { tracked: { id: tracked, method: effective } }) };
  }],
  [15, (conn) => {
    const method = pick(METHODS);
    const id = conn.nextId++;
    return { kind: 'well-formed request', data: JSON.stringify({ id, method, data: plausible(conn, method) }), answered: true, tracked: { id, method } };
  }],
  [10, (conn) => {
    const method = chance(0.9) ? pick(METHODS) : pick(['nope', '', 'constructor', '__proto__', 'hello '.repeat(20)]);
    const { id, tracked } = mutatedId(conn);
    return { kind: 'random data', data: fit(JSON.stringify({ id, method, data: randomValue() })), answered: true, ...(tracked === undefined ? {} : { tracked: { id: tracked, method } }) };
  }],
  [5, () => {
    const depth = 1000 + int(30_000);
    const shapes = [
      () => `{"id":3,"method":"${pick(METHODS)}","data":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      () => `{"id":3,"method":"produce","data":{"transportId":"t","kind":"audio","source":"mic","rtpParameters":{"codecs":[{"mimeType":"audio/opus","payloadType":100,"clockRate":48000,"parameters":${'{"a":'.repeat(Math.floor(depth / 4))}1${'}'.repeat(Math.floor(depth / 4))}}]}}}`,
      () => `{"id":${'['.repeat(depth)}${']'.repeat(depth)},"method":"ping"}`,
      () => `{"id":3,"method":"setRtpCapabilities","data":{"rtpCapabilities":{"codecs":[],"x":${'['.repeat(depth)}${']'.repeat(depth)}}}}`,
      () => `{"id":3,"method":"nope","data":${'{"a":'.repeat(Math.floor(depth / 4))}1${'}'.repeat(Math.floor(depth / 4))}}`,
    ];
    return { kind: 'deep nesting', data: fit(pick(shapes)()), answered: true };
  }],
  [5, (conn) => {
    const shapes: (() => unknown)[] = [
      () => ({ id: 4, method: 'vote', data: { pollId: 'p', choices: Array.from({ length: 15_000 }, () => int(10)) } }),
      () => ({ id: 4, method: 'createPoll', data: { question: 'q', options: Array.from({ length: 4000 }, (_, i) => `o${i}`) } }),
      () => ({ id: 4, method: 'produce', data: { transportId: conn.own.transports.pick() ?? 't', kind: 'audio', source: 'mic', rtpParameters: { codecs: Array.from({ length: 600 }, () => OPUS.codecs[0]) } } }),
      () => ({ id: 4, method: 'setRtpCapabilities', data: { rtpCapabilities: { codecs: Array.from({ length: 300 }, () => CAPS.codecs[1]) } } }),
      () => ({ id: 4, method: 'sendChat', data: { kind: 'message', to: null, payload: 'A'.repeat(60_000) } }),
      () => ({ id: 4, method: 'hello', data: { protocolVersion: 1, meeting: conn.meeting, token: 'x'.repeat(60_000) } }),
      () => ({ id: 4, method: 'ping', data: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])) }),
      () => ({ id: 4, method: 'connectWebRtcTransport', data: { transportId: 't', dtlsParameters: { fingerprints: Array.from({ length: 2000 }, () => ({ algorithm: 'sha-256', value: FINGERPRINT })) } } }),
      () => ({ id: 4, method: 'react', data: { reaction: '\u0000'.repeat(9000) } }),
      () => ({ id: 4, method: 'a'.repeat(60_000) }),
    ];
    return { kind: 'huge within the frame limit', data: fit(JSON.stringify(pick(shapes)())), answered: true };
  }],
  [4, (conn) => {
    const method = pick(['nope', 'Ping', ' ping', 'ping ', 'toString', 'hasOwnProperty', '__proto__', 'constructor', 'valueOf', '\u0000', '👍', 'x'.repeat(64), 'x'.repeat(65), 'endmeeting', 'HELLO']);
    return { kind: 'unknown method', data: JSON.stringify({ id: conn.nextId++, method, data: chance(0.5) ? {} : randomValue() }), answered: true };
  }],
  [5, () => ({ kind: 'malformed JSON / not an envelope', data: pick(MALFORMED_JSON), answered: true })],
  [3, (conn) => ({
    kind: 'binary frame',
    data: pick([Buffer.alloc(0), Buffer.from(Array.from({ length: 1 + int(2000) }, () => int(256))), Buffer.from(JSON.stringify({ id: conn.nextId++, method: 'ping', data: {} }))]),
    binary: true,
    answered: true,
  })],
  [2, (conn) => {
    // A valid request in two or three fragments, split inside a multi-byte character, maybe with a ping between.
    const text = Buffer.from(JSON.stringify({ id: conn.nextId++, method: 'react', data: { reaction: pick(REACTIONS) } }));
    const cut = text.findIndex((byte) => byte >= 0x80) + 1;
    const parts = [wsFrame(0x1, text.subarray(0, cut), { fin: false })];
    if (chance(0.5)) parts.push(wsFrame(0x9, Buffer.from('keepalive')));
    parts.push(wsFrame(0x0, text.subarray(cut), { fin: true }));
    return { kind: 'fragmented request (split UTF-8, ping between)', raw: Buffer.concat(parts), answered: true };
  }],
  [1.5, () => ({ kind: 'ping / unsolicited pong', raw: wsFrame(pick([0x9, 0xa]), Buffer.from('x'.repeat(int(126)))), answered: false })],
  [1.5, () => ({ kind: 'oversized frame', data: Buffer.alloc(config.maxFrameBytes + 1 + int(8192), 0x20), answered: false, fatal: true })],
  [1.5, () => {
    const cut = pick([[0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xff], [0xc0, 0xaf]]);
    const text = Buffer.concat([Buffer.from('{"id":1,"method":"ping","data":{"s":"'), Buffer.from(cut), Buffer.from('"}}')]);
    return { kind: 'invalid UTF-8 in a text frame', data: text, answered: false, fatal: true };
  }],
  [1.5, () => {
    const request = Buffer.from('{"id":1,"method":"ping"}');
    const garbage: [string, () => Buffer][] = [
      ['unmasked frame', () => wsFrame(0x1, request, { mask: false })],
      ['reserved bits set', () => wsFrame(0x1, request, { rsv: 1 + int(7) })],
      ['reserved opcode', () => wsFrame(pick([0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]), request)],
      ['continuation without a start', () => wsFrame(0x0, request)],
      ['fragmented ping', () => wsFrame(0x9, Buffer.from('x'), { fin: false })],
      ['ping over 125 bytes', () => wsFrame(0x9, Buffer.alloc(126 + int(200), 0x78))],
      ['close with an invalid code', () => wsFrame(0x8, Buffer.from([...[pick([0, 999, 1004, 1005, 1006, 1015, 2999, 5000])].flatMap((c) => [c >> 8, c & 0xff]), 0x6f, 0x6b]))],
      ['close with a 1-byte body', () => wsFrame(0x8, Buffer.from([0x03]))],
      ['close with invalid UTF-8 reason', () => wsFrame(0x8, Buffer.from([0x03, 0xe8, 0xff, 0xfe]))],
      ['random bytes', () => Buffer.from(Array.from({ length: 2 + int(300) }, () => int(256)))],
      ['64-bit length over 2^53', () => wsFrame(0x1, Buffer.alloc(0), { length: 2n ** 63n + 5n })],
      ['new message inside a fragmented one', () => Buffer.concat([wsFrame(0x1, request, { fin: false }), wsFrame(0x1, request)])],
      ['polite close 1000', () => wsFrame(0x8, Buffer.from([0x03, 0xe8]))],
    ];
    const [what, build] = pick(garbage);
    return { kind: `ws-level: ${what}`, raw: build(), answered: false, fatal: true };
  }],
];
const TOTAL_WEIGHT = KINDS.reduce((sum, [weight]) => sum + weight, 0);

/** Keeps a text frame within the frame limit, so only 'oversized frame' exceeds it. */
function fit(text: string): string {
  let result = text.length > config.maxFrameBytes ? text.slice(0, config.maxFrameBytes) : text;
  while (Buffer.byteLength(result) > config.maxFrameBytes) result = result.slice(0, Math.floor(result.length * 0.9));
  return result;
}

function shot(conn: Conn): Shot {
  let roll = rand() * TOTAL_WEIGHT;
  for (const [weight, make] of KINDS) {
    roll -= weight;
    if (roll < 0) return make(conn);
  }
  return KINDS[0]![1](conn);
}

let expiredToken = '';
let wrongMeetingToken = '';
let badSignatureToken = '';

// ---------------------------------------------------------------------------------------------
// The legitimate client

interface Legit {
  ok: boolean;
  joinMs: number;
  pingMs: number;
  detail: string;
}

let legitMeeting = 870_000_000;
async function legitimate(): Promise<Legit> {
  const meeting = String(++legitMeeting);
  const started = performance.now();
  const socket = new RawSocket(wsUrl);
  try {
    await socket.opened();
    const token = await mintToken(TEST_SECRET, { userId: `legit-${meeting}`, name: 'Lee', meeting, role: 'host' });
    const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting, token });
    const joinMs = performance.now() - started;
    const pingStarted = performance.now();
    const ping = await socket.request('ping');
    const pingMs = performance.now() - pingStarted;
    const transport = await socket.request('createWebRtcTransport', { direction: 'recv' });
    const ok = hello.ok === true && ping.ok === true && transport.ok === true;
    return { ok, joinMs, pingMs, detail: ok ? 'joined, ping, transport' : JSON.stringify([hello, ping, transport]).slice(0, 200) };
  } catch (error) {
    return { ok: false, joinMs: Number.NaN, pingMs: Number.NaN, detail: (error as Error).message.slice(0, 200) };
  } finally {
    socket.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The run

let sentFrames = 0;

async function main(): Promise<void> {
  expiredToken = await mintToken(TEST_SECRET, { userId: 'late', name: 'Late', meeting: '830000001', role: 'host' }, { ttlSeconds: -60 });
  wrongMeetingToken = await mintToken(TEST_SECRET, { userId: 'elsewhere', name: 'Else', meeting: '999999999', role: 'host' });
  badSignatureToken = (await mintToken('another-secret-0123456789-0123456789-xyz', { userId: 'forger', name: 'Forger', meeting: '830000001', role: 'host' }));

  const legitBefore = await legitimate();
  await sleep(200);
  collect();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const fdsBefore = fdCount();

  const conns: Conn[] = [];
  const strangers = Math.round(CONNECTIONS * 0.4);
  const members = CONNECTIONS - strangers;
  for (let i = 0; i < members; i++) {
    const group = Math.floor(i / MEETING_SIZE);
    const kind: Kind = i % MEETING_SIZE === 4 ? 'flooder' : 'member';
    conns.push(new Conn(i, kind, String(830_000_001 + group), i % MEETING_SIZE === 0 ? 'host' : 'participant'));
  }
  for (let i = members; i < CONNECTIONS; i++) conns.push(new Conn(i, 'stranger', String(830_000_001 + (i % 6)), 'participant'));
  await Promise.all(conns.map((conn) => open(conn)));

  let rssPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 200);
  let legitDuring: Promise<Legit> | undefined;
  const started = performance.now();
  let lastReport = started;

  while (sentFrames < FRAMES) {
    const now = Date.now();
    for (const conn of conns) {
      if (conn.opening) continue;
      const ws = conn.ws;
      if (ws === undefined) {
        void open(conn);
        continue;
      }
      drain(conn);
      const gone = ws.socket.destroyed || ws.socket.readyState === 'closed';
      if (conn.closeCode !== undefined || gone) {
        if (conn.closeCode !== undefined && conn.ignoreClose && !gone) {
          if (now - conn.closeSeenAt < 5000) continue; // waiting to be cut
          tallies.notCut++;
        } else if (conn.closeCode !== undefined && conn.ignoreClose) {
          tallies.cutAfterIgnoredCloseMs.push(now - conn.closeSeenAt);
        }
        bump(tallies.closes, closeLabel(conn.closeCode));
        if (conn.doomed !== undefined) {
          const outcome = tallies.rawOutcome.get(conn.doomed.what) ?? new Map<string, number>();
          bump(outcome, closeLabel(conn.closeCode));
          tallies.rawOutcome.set(conn.doomed.what, outcome);
        }
        tallies.unansweredAtClose += conn.outstanding;
        ws.destroy();
        conn.ws = undefined;
        void open(conn);
        continue;
      }
      if (conn.retryAt !== undefined && now >= conn.retryAt && conn.doomed === undefined) {
        // A member whose join was refused joins again on a new connection.
        tallies.unansweredAtClose += conn.outstanding;
        ws.destroy();
        conn.ws = undefined;
        void open(conn);
        continue;
      }
      if (conn.doomed !== undefined) {
        if (now - conn.doomed.at > 3000) {
          // The server kept the connection: the frame was accepted after all.
          const outcome = tallies.rawOutcome.get(conn.doomed.what) ?? new Map<string, number>();
          bump(outcome, 'kept open');
          tallies.rawOutcome.set(conn.doomed.what, outcome);
          conn.doomed = undefined;
          conn.outstanding = 0;
        }
        continue;
      }
      if (conn.outstanding > 0 && now - conn.lastHeard > 10_000) {
        tallies.stalls++;
        conn.closeCode = undefined;
        ws.destroy();
        conn.ws = undefined;
        void open(conn);
        continue;
      }
      for (let budget = conn.window - conn.outstanding; budget > 0 && sentFrames < FRAMES && conn.doomed === undefined; budget--) {
        const next = shot(conn);
        if (next.raw !== undefined) ws.socket.write(next.raw);
        else ws.send(next.data!, next.binary === true ? 0x2 : 0x1);
        sentFrames++;
        bump(tallies.framesByKind, next.kind);
        if (next.answered) conn.outstanding++;
        if (next.tracked !== undefined) conn.remember(next.tracked.id, { method: next.tracked.method, text: typeof next.data === 'string' ? next.data : '' });
        if (next.fatal === true) conn.doomed = { what: next.kind, at: now };
      }
    }
    if (legitDuring === undefined && sentFrames >= FRAMES / 2) legitDuring = legitimate();
    if (performance.now() - lastReport > 5000) {
      lastReport = performance.now();
      process.stderr.write(`  … ${sentFrames} frames, ${((performance.now() - started) / 1000).toFixed(0)} s, rss ${mib(process.memoryUsage().rss)}\n`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Let the last answers arrive.
  const settle = Date.now() + 5000;
  while (Date.now() < settle && conns.some((conn) => conn.ws !== undefined && conn.outstanding > 0 && conn.doomed === undefined && conn.closeCode === undefined)) {
    for (const conn of conns) drain(conn);
    await sleep(20);
  }
  for (const conn of conns) drain(conn);
  const seconds = (performance.now() - started) / 1000;
  const unansweredAtEnd = conns.reduce((sum, conn) => sum + (conn.ws !== undefined && conn.doomed === undefined && conn.closeCode === undefined ? conn.outstanding : 0), 0);
  clearInterval(sampler);
  const legitDuringResult = await (legitDuring ?? legitimate());
  const rssAtEnd = process.memoryUsage().rss;
  for (const conn of conns) conn.ws?.destroy();
  await sleep(1500);
  const legitAfter = await legitimate();
  await sleep(500);
  collect();
  const rssAfter = process.memoryUsage().rss;
  const heapAfter = process.memoryUsage().heapUsed;
  const fdsAfter = fdCount();
  const health = await fetch(`${server.url}/healthz`).then(async (res) => `${res.status} ${JSON.stringify(await res.json())}`);

  // -------------------------------------------------------------------------------------------
  // Report

  const table = (title: string, headers: string[], rows: (string | number)[][]) => {
    const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)));
    const line = (cells: (string | number)[]) => `| ${cells.map((cell, i) => (typeof cell === 'number' ? String(cell).padStart(widths[i]!) : String(cell).padEnd(widths[i]!))).join(' | ')} |`;
    console.log(`\n${title}\n`);
    console.log(line(headers));
    console.log(`| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`);
    for (const row of rows) console.log(line(row));
  };
  const sorted = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);
  const answers = [...tallies.answersByCode.values()].reduce((a, b) => a + b, 0);
  const percent = (n: number, of: number) => `${((100 * n) / Math.max(1, of)).toFixed(1)} %`;

  console.log(`hostile fuzz: seed ${SEED}, ${sentFrames} frames over ${CONNECTIONS} connections (${members} members of whom ${conns.filter((c) => c.kind === 'flooder').length} flood, ${strangers} strangers), ${tallies.opened} connections opened in all, ${seconds.toFixed(1)} s (${Math.round(sentFrames / seconds)} frames/s)`);
  table('Frames sent', ['kind', 'frames', 'share'], sorted(tallies.framesByKind).map(([kind, n]) => [kind, n, percent(n, sentFrames)]));
  table('Answers by code', ['code', 'answers', 'share'], sorted(tallies.answersByCode).map(([code, n]) => [code, n, percent(n, answers)]));
  console.log(`\n${[...tallies.notifications.values()].reduce((a, b) => a + b, 0)} notifications: ${sorted(tallies.notifications).map(([name, n]) => `${name} ${n}`).join(', ')}`);
  table('Connections closed by the server', ['close code', 'connections'], sorted(tallies.closes));
  table('Frames that should end the connection, and what the server did', ['frame', 'outcome'], [...tallies.rawOutcome.entries()].sort().map(([what, outcome]) => [what, sorted(outcome).map(([code, n]) => `${code} ×${n}`).join(', ')]));
  const cut = [...tallies.cutAfterIgnoredCloseMs].sort((a, b) => a - b);
  console.log(`\nClients that ignored the server's close frame were cut after ${cut.length === 0 ? '–' : `median ${cut[Math.floor(cut.length / 2)]} ms, max ${cut.at(-1)} ms`} (${cut.length} clients; ${tallies.notCut} not cut within 5 s)`);
  table('Server process (this process: server and fuzz clients)', ['', 'before (baseline)', 'peak during', 'at the end', 'after (clients gone, GC)'], [
    ['RSS', mib(rssBefore), mib(rssPeak), mib(rssAtEnd), mib(rssAfter)],
    ['heap used', mib(heapBefore), '', '', mib(heapAfter)],
    ['open file descriptors', fdsBefore, '', '', fdsAfter],
  ]);
  const legitRow = (label: string, result: Legit): (string | number)[] => [label, result.ok ? 'yes' : 'NO', result.joinMs.toFixed(1), result.pingMs.toFixed(1), result.detail];
  table('A legitimate client (join + ping + transport)', ['when', 'served', 'join ms', 'ping ms', 'detail'], [
    legitRow('before (baseline)', legitBefore),
    legitRow('during the fuzz', legitDuringResult),
    legitRow('after the fuzz', legitAfter),
  ]);
  console.log(`\n/healthz after: ${health}`);
  if (logged.size > 0) table('Server log records at warn or above', ['record', 'count'], sorted(logged));
  const checks: [string, number, number][] = [
    ['server frames failing ServerFrameSchema', tallies.invalidFrameCount, 0],
    ['answers or notifications failing their own schema', tallies.badResponseCount, 0],
    ['`internal` answers', tallies.internalCount, 0],
    ['uncaught exceptions / unhandled rejections', uncaught, 0],
    ['connections left waiting > 10 s for an answer', tallies.stalls, 0],
    ['requests unanswered at the end (open connections)', unansweredAtEnd, 0],
    ['legitimate client not served afterwards', legitAfter.ok ? 0 : 1, 0],
  ];
  table('Checks', ['check', 'found', 'must be'], checks.map(([name, found, must]) => [name, found, must]));
  console.log(`\nMembers' joins refused: ${sorted(tallies.refusedJoins).map(([code, n]) => `${code} ${n}`).join(', ') || 'none'}`);
  console.log(`(${tallies.unansweredAtClose} requests were in flight on connections the server closed, ${tallies.refusedUpgrades} upgrades refused)`);
  for (const sample of tallies.invalidFrames) console.log(`invalid server frame: ${sample}`);
  for (const sample of tallies.badResponses) console.log(`schema mismatch: ${sample}`);
  for (const sample of tallies.internal) console.log(`internal answer to: ${sample}`);
  for (const sample of internalLog) console.log(`server log: ${sample}`);
  for (const sample of uncaughtSamples) console.log(`uncaught: ${sample}`);

  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(checks.some(([, found, must]) => found !== must) ? 1 : 0);
}

try {
  await main();
} catch (error) {
  console.error('the fuzz run itself failed:', error);
  process.exit(2);
}
