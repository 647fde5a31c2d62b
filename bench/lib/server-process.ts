// Starts bench/lib/server-child.ts: a real server (startTestServer) in its own process, so a
// bench can read that process's RSS and open file descriptors without counting its clients.
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ServerConfig } from '../../src/server/config.js';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { TEST_SECRET } from '../../test/server/test-server.js';

/** What the server process reports about itself. */
export interface ServerStats {
  rss: number;
  heapUsed: number;
  external: number;
  /** Entries of /proc/self/fd: sockets, files, pipes and the epoll set. */
  fds: number;
}

/** One pino record the server logged, with the time it arrived here. */
export interface LogRecord {
  level: number;
  msg: string;
  at: number;
  [key: string]: unknown;
}

export interface ServerProcess {
  url: string;
  wsUrl: string;
  config: ServerConfig;
  /** Every record logged at or above the level asked for, as it arrived. */
  logs: LogRecord[];
  stats(): Promise<ServerStats>;
  /** Runs the garbage collector in the server process three times. */
  gc(): Promise<void>;
  token(claims: { userId: string; name: string; meeting: string; role?: 'host' | 'participant' }): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a server process with `env` (merged into startTestServer's) and logs at `logLevel`. */
export async function startServerProcess(env: Record<string, string>, logLevel = 'warn'): Promise<ServerProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./server-child.ts', import.meta.url)), [JSON.stringify(env)], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, TEST_LOG_LEVEL: logLevel },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const logs: LogRecord[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push({ ...(JSON.parse(line) as LogRecord), at: Date.now() });
    } catch {
      process.stderr.write(`server: ${line}\n`);
    }
  });
  let nextId = 0;
  const waiting = new Map<number, (message: Record<string, unknown>) => void>();
  const ready = new Promise<{ url: string; wsUrl: string; config: ServerConfig }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    child.on('message', (message: Record<string, unknown>) => {
      if (message.type === 'ready') resolve(message as never);
      const id = message.id as number | undefined;
      if (id !== undefined) {
        waiting.get(id)?.(message);
        waiting.delete(id);
      }
    });
  });
  const ask = (type: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ type, id });
    });
  const { url, wsUrl, config } = await ready;
  return {
    url,
    wsUrl,
    config,
    logs,
    stats: async () => (await ask('stats')) as unknown as ServerStats,
    gc: async () => void (await ask('gc')),
    token: (claims) => mintToken(TEST_SECRET, { role: 'participant', ...claims }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'stop', id: -1 });
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
