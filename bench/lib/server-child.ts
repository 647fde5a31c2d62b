// A test server in a process of its own, for the benches that measure the server alone (its
// RSS, its open file descriptors) while their clients run in another process. Started by
// server-process.ts; takes the server's environment as JSON in its first argument, answers
// `stats`, `gc` and `stop` messages over IPC, and logs (pino JSON) to standard output.
import { readdirSync } from 'node:fs';
import { startTestServer } from '../../test/server/test-server.js';

const env = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const server = await startTestServer(env);
const send = (message: object) => process.send?.(message);

process.on('message', (message: { type: string; id: number }) => {
  if (message.type === 'gc') {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (gc !== undefined) for (let i = 0; i < 3; i++) gc();
    send({ type: 'gc', id: message.id });
  } else if (message.type === 'stats') {
    const memory = process.memoryUsage();
    send({ type: 'stats', id: message.id, rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, fds: readdirSync('/proc/self/fd').length });
  } else if (message.type === 'stop') {
    void server.stop().then(() => process.exit(0));
  }
});
send({ type: 'ready', url: server.url, wsUrl: server.wsUrl, config: server.config });
