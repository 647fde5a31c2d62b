import { Migrator, sql, type Kysely } from 'kysely';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';
import type { JoinRecord, Store } from './store.js';

/** A migration failed; the server must not start on a half-migrated schema. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Runs pending migrations on `db`. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    throw new MigrationError(`migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}

/** {@link Store} over any Kysely dialect. */
export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  #closed = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async recordJoin(join: JoinRecord): Promise<number> {
    return this.#db.transaction().execute(async (trx) => {
      await trx
        .insertInto('meetings')
        .values({
          id: join.meeting,
          topic: null,
          creator_user_id: join.role === 'host' ? join.userId : null,
          started_at: join.at,
          ended_at: null,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      if (join.role === 'host') {
        await trx
          .updateTable('meetings')
          .set({ creator_user_id: join.userId })
          .where('id', '=', join.meeting)
          .where('creator_user_id', 'is', null)
          .execute();
      }
      const row = await trx
        .insertInto('participations')
        .values({
          meeting_id: join.meeting,
          user_id: join.userId,
          display_name: join.displayName,
          role: join.role,
          joined_at: join.at,
          left_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    });
  }

  async recordLeave(participationId: number, at: number): Promise<void> {
    await this.#db
      .updateTable('participations')
      .set({ left_at: at })
      .where('id', '=', participationId)
      .where('left_at', 'is', null)
      .execute();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  /** The underlying Kysely instance, for tests and migrations. */
  get db(): Kysely<Database> {
    return this.#db;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }
}
