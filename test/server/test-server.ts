import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { WebSocket } from 'ws';
import { loadConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type MeetingServer } from '../../src/server/app.js';
import { mintToken } from '../../src/server/auth/dev-tokens.js';

export const TEST_SECRET = 'test-secret-0123456789-0123456789-abcdef';
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A real server on free ports with a throwaway data directory and one worker. */
export interface TestServer extends MeetingServer {
  config: ServerConfig;
  wsUrl: string;
  token(claims?: Partial<{ userId: string; name: string; meeting: string; role: 'host' | 'participant' }>): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'we-meeting-test-'));
  const config = loadConfig(
    { PORT: '0', WE_RTC_PORT: '0', WE_WORKERS: '1', WE_DATA_DIR: dataDir, WE_JWT_SECRET: TEST_SECRET, WE_END_GRACE_SECONDS: '0', ...env },
    packageRoot,
  );
  const server = await startServer(config, pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }));
  return Object.assign(Object.create(null) as object, server, {
    config,
    wsUrl: `${server.url.replace('http', 'ws')}/ws`,
    token: (claims = {}) =>
      mintToken(TEST_SECRET, { userId: 'u1', name: 'Alice', meeting: '123456789', role: 'host' as const, ...claims }),
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  }) as TestServer;
}

/** A raw WebSocket that collects parsed frames, for poking the server with bad input. */
export class RawSocket {
  readonly socket: WebSocket;
  readonly frames: Record<string, unknown>[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: (() => void)[] = [];

  constructor(url: string) {
    this.socket = new WebSocket(url);
    this.socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as Record<string, unknown>);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      this.socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    this.socket.on('error', () => {});
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  /** Sends `text` and resolves with the next response (not notification) that arrives after it. */
  async exchange(text: string | Buffer): Promise<Record<string, unknown>> {
    const count = this.frames.length;
    this.socket.send(text);
    return this.waitFor((frame) => 'ok' in frame, count);
  }

  /** Sends a request and resolves with the response carrying its id. */
  async request(method: string, data: unknown = {}): Promise<Record<string, unknown>> {
    const id = this.#nextId++;
    this.socket.send(JSON.stringify({ id, method, data }));
    return this.waitFor((frame) => frame.id === id);
  }

  /** Resolves with the first notification named `name` (already received ones count). */
  notification(name: string, where: (data: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
    return this.waitFor((frame) => frame.notification === name && where(frame.data as Record<string, unknown>)).then(
      (frame) => frame.data as Record<string, unknown>,
    );
  }

  /** Resolves with the first frame from index `from` on that matches. */
  async waitFor(match: (frame: Record<string, unknown>) => boolean, from = 0): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within 5 s; got ${JSON.stringify(this.frames.slice(from))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #nextId = 1000;

  close(): void {
    this.socket.close();
  }
}
