import type { Logger } from 'pino';
import type { ServerConfig } from '../config.js';
import type { KyselyStore } from './kysely-store.js';
import { openPostgresStore } from './postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';

/**
 * Opens the configured store — PostgreSQL when `databaseUrl` is set, else the SQLite file
 * in `dataDir` — migrates it, and closes whatever a previous process left open when it died.
 * Call before serving: recovery treats every open meeting as orphaned.
 */
export async function openStore(
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>,
  logger?: Pick<Logger, 'info' | 'warn'>,
): Promise<KyselyStore> {
  const store =
    config.databaseUrl === undefined
      ? await openSqliteStore(config.dataDir)
      : await openPostgresStore(config.databaseUrl, logger === undefined ? {} : { logger });
  try {
    const recovered = await store.recoverAfterCrash(Date.now());
    if (recovered.meetings > 0 || recovered.participations > 0) {
      logger?.warn(recovered, 'closed meetings and participations left open by a previous process');
    }
  } catch (error) {
    await store.close();
    throw error;
  }
  logger?.info({ storage: config.databaseUrl === undefined ? 'sqlite' : 'postgres' }, 'storage open');
  return store;
}
