import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStore, migrate } from './kysely-store.js';
import type { Database } from './schema.js';

/** File name of the SQLite database inside the data directory. */
export const SQLITE_FILE_NAME = 'we-meeting.sqlite';

/**
 * Opens (creating if needed) the SQLite database in `dataDir` and migrates it.
 * WAL mode with synchronous=NORMAL: a committed transaction survives a killed process.
 * secure_delete: freed space is zeroed, so no superseded row (say, an earlier tally) lingers
 * in the file.
 */
export async function openSqliteStore(dataDir: string): Promise<KyselyStore> {
  // better-sqlite3 is an optional peer dependency: load it only when SQLite is used.
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  mkdirSync(dataDir, { recursive: true });
  const database = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('secure_delete = ON');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrate(db, 'sqlite');
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyStore(db, 'sqlite');
}
