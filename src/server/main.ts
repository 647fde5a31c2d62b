#!/usr/bin/env node
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { loadConfig } from './config.js';
import { startServer } from './app.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const bootLogger = pino({ base: { service: 'we-meeting' } });

try {
  const config = loadConfig(process.env, packageRoot);
  const server = await startServer(config);
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
