import { Kysely, PostgresDialect } from 'kysely';
import type { Logger } from 'pino';
import { KyselyStore, migrate } from './kysely-store.js';
import type { Database } from './schema.js';

/** PostgreSQL's type OID for `int8`/`bigint`. */
const INT8_OID = 20;

/** Options for {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
  /** Told about errors on idle pooled connections, which the pool then replaces. */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Connects to the PostgreSQL database at `url` (`postgres://user:password@host:port/db`) and
 * migrates it. Times are stored as `bigint` milliseconds; this pool reads `bigint` back as a
 * number (pg's default is a string), refusing values past Number.MAX_SAFE_INTEGER.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<KyselyStore> {
  // pg is loaded only when PostgreSQL is used, so a SQLite deployment never reads it.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  pool.on('error', (error) => options.logger?.warn({ err: error }, 'PostgreSQL connection lost; the pool will reconnect'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, 'postgres');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, 'postgres');
}

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}
