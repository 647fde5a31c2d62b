#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadConfig } from './config.js';
import { startServer } from './app.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const bootLogger = pino({ base: { service: 'we-meeting' } });

try {
  // `--dev` (what `npm start` passes): development mode, with demo tokens for pages on this machine.
  const dev = process.argv.slice(2).includes('--dev');
  const config = loadConfig(dev ? { ...process.env, WE_DEV_TOKENS: 'true' } : process.env, packageRoot);
  const server = await startServer(config);
  if (config.devTokens) {
    process.stderr.write(
      `\nwe-meeting runs in development mode at ${server.url}: demo tokens for pages on this machine, not for production.\n` +
        `Open ${server.url.replace('127.0.0.1', 'localhost')}/?meeting=123456789&name=Alice to join a meeting.\n\n`,
    );
  }
  const stop = (signal: NodeJS.Signals) => {
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  bootLogger.fatal({ err: error }, 'could not start');
  process.exitCode = 1;
}
