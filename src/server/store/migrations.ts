import type { Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * Schema migrations, in order. Written with Kysely's schema builder so the same
 * migration runs on SQLite and PostgreSQL. Never edit a released migration: add one.
 */
const migrations: Record<string, Migration> = {
  '0001_meetings_and_participations': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('meetings')
        .addColumn('id', 'varchar(9)', (col) => col.primaryKey())
        .addColumn('topic', 'varchar(200)')
        .addColumn('creator_user_id', 'varchar(256)')
        .addColumn('started_at', 'bigint', (col) => col.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema
        .createTable('participations')
        .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('meeting_id', 'varchar(9)', (col) => col.notNull().references('meetings.id'))
        .addColumn('user_id', 'varchar(256)', (col) => col.notNull())
        .addColumn('display_name', 'varchar(100)', (col) => col.notNull())
        .addColumn('role', 'varchar(16)', (col) => col.notNull())
        .addColumn('joined_at', 'bigint', (col) => col.notNull())
        .addColumn('left_at', 'bigint')
        .execute();
      await db.schema.createIndex('participations_meeting').on('participations').column('meeting_id').execute();
    },
  },
};

/** Supplies the in-code migrations to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
