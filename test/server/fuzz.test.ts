// A bounded fuzz run in every test run: random, mutated and malformed frames over many
// connections. The server must not crash, must answer every request frame with a frame that
// passes the server-frame schema (never `internal`), and must still serve a well-behaved
// client afterwards. The seed is printed so a failure can be replayed (FUZZ_SEED=…).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from 'valibot';
import { PROTOCOL_VERSION, ServerFrameSchema, methods } from '../../src/protocol/index.js';
import { HostileWs } from './raw-ws.js';
import { RawSocket, startTestServer, type TestServer } from './test-server.js';

const SECONDS = Number(process.env.FUZZ_SECONDS ?? 15);
const CONNECTIONS = 24;
const MEETING = '820000001';

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

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const rand = random(seed);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const METHODS = Object.keys(methods);

function randomValue(depth = 0): unknown {
  const kind = Math.floor(rand() * (depth > 3 ? 6 : 9));
  switch (kind) {
    case 0: return null;
    case 1: return rand() < 0.5;
    case 2: return pick([0, -1, 1.5, 2 ** 53, -0, 1e308, 7, 255, 4294967296]);
    case 3: return pick(['', 'x', 'audio/opus', 'video', 'mic', 'screen', '__proto__', '123456789', 'ä'.repeat(300), '\u0000']);
    case 4: return 'A'.repeat(Math.floor(rand() * 2000));
    case 5: return pick(['send', 'recv', 'host', 'participant', 'message', 'sender-key']);
    case 6: return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(rand() * 5); i > 0; i--) {
        object[pick(['codecs', 'kind', 'mimeType', 'clockRate', 'parameters', 'rtpParameters', 'transportId', 'producerId', 'pollId', 'choices', 'participantId', 'token', 'x', 'constructor', 'fingerprints', 'encodings'])] = randomValue(depth + 1);
      }
      return object;
    }
  }
}

function nestedText(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** One fuzz frame: text or binary, and whether it is a request the server must answer. */
function frame(): { data: string | Buffer; binary?: boolean } {
  const id = pick<unknown>([1, 2, 3, 9007199254740991, -5, 1.25, '4', null, undefined]);
  const method = rand() < 0.9 ? pick(METHODS) : pick(['nope', '', 'constructor', 'hello '.repeat(20)]);
  switch (Math.floor(rand() * 10)) {
    case 0: return { data: '{"id":1,"method":' + pick(['', '"ping"', '"x', '[', '{']) };
    case 1: return { data: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), binary: true };
    case 2: return { data: `{"id":3,"method":"${method}","data":{"x":${nestedText(2000)}}}` };
    case 3: return { data: JSON.stringify({ id, method, data: randomValue(), extra: rand() < 0.5 ? 1 : undefined }) };
    case 4: return { data: Buffer.from('{"id":5,"method":"ping","data":{"s":"\xc3"}}', 'latin1') };
    default: return { data: JSON.stringify({ id, method, data: randomValue() }) };
  }
}

let server: TestServer;
before(async () => {
  server = await startTestServer({ WE_MAX_CONNECTIONS_PER_IP: '200', WE_MAX_PARTICIPANTS: '100' });
});
after(async () => {
  await server.stop();
});

test(`fuzzed frames over ${CONNECTIONS} connections get typed answers, and the server keeps serving (seed ${seed})`, async (t) => {
  const open = async (i: number): Promise<HostileWs> => {
    const client = await HostileWs.open(server.wsUrl);
    if (i % 3 !== 0) {
      const token = await server.token({ meeting: MEETING, name: `Fuzz ${i}`, userId: `fuzz-${i}`, role: i % 2 === 0 ? 'host' : 'participant' });
      client.request(1, 'hello', { protocolVersion: PROTOCOL_VERSION, meeting: MEETING, token });
    }
    return client;
  };
  const clients: HostileWs[] = [];
  const retired: HostileWs[] = [];
  for (let i = 0; i < CONNECTIONS; i++) clients.push(await open(i));
  let sent = 0;
  const deadline = Date.now() + SECONDS * 1000;
  while (Date.now() < deadline) {
    for (let i = 0; i < clients.length; i++) {
      let client = clients[i]!;
      // Malformed UTF-8, a bad token or a protocol error ends a connection: open another.
      if (client.socket.destroyed || client.closeCode() !== undefined) {
        client.destroy();
        retired.push(client);
        client = clients[i] = await open(i);
      }
      const { data, binary } = frame();
      client.send(data, binary === true ? 0x2 : 0x1);
      sent++;
    }
    // Let answers flow, so the run measures the server and not our own write buffer.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const messages = [...retired, ...clients].flatMap((client) => client.messages);
  const invalid = messages.filter((message) => !v.is(ServerFrameSchema, message));
  assert.deepEqual(invalid.slice(0, 3), [], 'every frame the server sent passes the server-frame schema');
  const internal = messages.filter((message) => (message.error as { code?: string } | undefined)?.code === 'internal');
  assert.deepEqual(internal.slice(0, 3), [], 'no request made the server fail');
  const answers = messages.filter((message) => 'ok' in message).length;
  t.diagnostic(`${sent} frames sent over ${clients.length + retired.length} connections, ${answers} answered`);
  assert.ok(sent > 1000 && answers > 1000, `${sent} frames sent, ${answers} answered`);
  for (const client of clients) client.destroy();

  const health = await fetch(`${server.url}/healthz`);
  assert.equal(health.status, 200);
  const legit = new RawSocket(server.wsUrl);
  await legit.opened();
  const token = await server.token({ meeting: '820000002', name: 'Lee', userId: 'lee', role: 'host' });
  const hello = await legit.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: '820000002', token });
  assert.equal(hello.ok, true, JSON.stringify(hello));
  assert.equal((await legit.request('createWebRtcTransport', { direction: 'send' })).ok, true);
  legit.close();
});
