import { randomUUID } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import { MAX_TOPIC_LENGTH, type Role } from '../../protocol/index.js';
import { DELETED_USER_PREFIX } from '../auth/token-claims.js';
import { migrationProvider, type StoreDialect } from './migrations.js';
import * as audit from './audit-queries.js';
import * as polls from './poll-queries.js';
import { MAX_PAGE_SIZE, checkLimit, checkTime, toNullableNumber, toNumber } from './query-values.js';
import { KyselySignInStore } from './sign-in-queries.js';
import type { Database } from './schema.js';
import type {
  AuditEntry,
  AuditRecord,
  BallotRecord,
  DeletionResult,
  JoinRecord,
  MeetingCursor,
  MeetingPage,
  MeetingRecord,
  MeetingSummary,
  NewPoll,
  RecoveryResult,
  Store,
  StoredPoll,
  VoteOutcome,
} from './store.js';

/** A migration failed; the server must not start on a half-migrated schema. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Runs pending migrations on `db`, written for `dialect`. */
export async function migrate(db: Kysely<Database>, dialect: StoreDialect): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider(dialect) }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    throw new MigrationError(`migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}

/** Largest page a list may ask for. */
export { MAX_PAGE_SIZE };

/** User ids of deleted users start with this; tokens never name such an id. */
export const DELETED_PREFIX = DELETED_USER_PREFIX;
/** Display name kept in place of a deleted user's name. */
export const DELETED_NAME = 'Deleted user';

/**
 * {@link Store} over any Kysely dialect: the same queries on SQLite and PostgreSQL. The
 * dialect matters only where the two store rows differently on disk (see recordVote).
 */
export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #dialect: StoreDialect;
  #closed = false;
  readonly signIn: KyselySignInStore;

  constructor(db: Kysely<Database>, dialect: StoreDialect) {
    this.#db = db;
    this.#dialect = dialect;
    this.signIn = new KyselySignInStore(db);
  }

  async recordJoin(join: JoinRecord): Promise<number> {
    checkTime(join.at, 'at');
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
      // A join to an ended meeting reopens it, so no open participation sits in an ended meeting.
      await trx
        .updateTable('meetings')
        .set({ ended_at: null })
        .where('id', '=', join.meeting)
        .where('ended_at', 'is not', null)
        .execute();
      const row = await trx
        .insertInto('participations')
        .values({
          meeting_id: join.meeting,
          user_id: join.userId,
          display_name: join.displayName,
          role: join.role,
          joined_at: join.at,
          left_at: null,
          recording_consented_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    });
  }

  async recordRecordingConsent(participationId: number, at: number): Promise<void> {
    checkTime(at, 'at');
    await this.#db.updateTable('participations').set({ recording_consented_at: at }).where('id', '=', participationId).execute();
  }

  async recordLeave(participationId: number, at: number): Promise<void> {
    checkTime(at, 'at');
    await this.#db
      .updateTable('participations')
      .set({ left_at: at })
      .where('id', '=', participationId)
      .where('left_at', 'is', null)
      .execute();
  }

  async endMeeting(meeting: string, at: number): Promise<boolean> {
    checkTime(at, 'at');
    return this.#db.transaction().execute(async (trx) => {
      const ended = await trx
        .updateTable('meetings')
        .set({ ended_at: at })
        .where('id', '=', meeting)
        .where('ended_at', 'is', null)
        .executeTakeFirst();
      if (ended.numUpdatedRows === 0n) return false;
      await trx
        .updateTable('participations')
        .set({ left_at: at })
        .where('meeting_id', '=', meeting)
        .where('left_at', 'is', null)
        .execute();
      await polls.closeOpenPolls(trx, meeting);
      return true;
    });
  }

  async setTopic(meeting: string, topic: string | null): Promise<boolean> {
    if (topic !== null && (typeof topic !== 'string' || topic.length > MAX_TOPIC_LENGTH)) {
      throw new RangeError(`"topic" expected string of at most ${MAX_TOPIC_LENGTH} characters or null`);
    }
    const result = await this.#db.updateTable('meetings').set({ topic }).where('id', '=', meeting).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async listMeetingsByCreator(
    userId: string,
    page: { limit: number; before?: MeetingCursor | undefined },
  ): Promise<MeetingPage> {
    checkLimit(page.limit);
    const { before } = page;
    let query = this.#meetingSummaries().where('m.creator_user_id', '=', userId);
    if (before !== undefined) {
      checkTime(before.startedAt, 'before.startedAt');
      query = query.where((eb) =>
        eb.or([
          eb('m.started_at', '<', before.startedAt),
          eb.and([eb('m.started_at', '=', before.startedAt), eb('m.id', '<', before.id)]),
        ]),
      );
    }
    // One row more than asked tells whether an older page exists.
    const rows = await query
      .orderBy('m.started_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const meetings = rows.slice(0, page.limit).map(toSummary);
    const last = meetings.at(-1);
    return rows.length > page.limit && last !== undefined
      ? { meetings, next: { startedAt: last.startedAt, id: last.id } }
      : { meetings };
  }

  async getMeeting(meeting: string): Promise<MeetingRecord | undefined> {
    const row = await this.#meetingSummaries().where('m.id', '=', meeting).executeTakeFirst();
    if (row === undefined) return undefined;
    const participations = await this.#db
      .selectFrom('participations')
      .selectAll()
      .where('meeting_id', '=', meeting)
      .orderBy('joined_at')
      .orderBy('id')
      .execute();
    const meetingPolls = await polls.listPolls(this.#db, meeting);
    return {
      ...toSummary(row),
      participations: participations.map((p) => {
        const joinedAt = toNumber(p.joined_at);
        const leftAt = toNullableNumber(p.left_at);
        return {
          id: toNumber(p.id),
          userId: p.user_id,
          displayName: p.display_name,
          role: p.role as Role,
          joinedAt,
          leftAt,
          durationMs: leftAt === null ? null : leftAt - joinedAt,
          recordingConsentedAt: toNullableNumber(p.recording_consented_at),
        };
      }),
      polls: meetingPolls,
    };
  }

  async deleteUserData(userId: string): Promise<DeletionResult> {
    if (userId === '' || userId.startsWith(DELETED_PREFIX)) throw new TypeError('"userId" expected a real user id');
    const placeholder = `${DELETED_PREFIX}${randomUUID()}`;
    return this.#db.transaction().execute(async (trx) => {
      const participations = await trx
        .updateTable('participations')
        .set({ user_id: placeholder, display_name: DELETED_NAME })
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const meetings = await trx
        .updateTable('meetings')
        .set({ creator_user_id: placeholder })
        .where('creator_user_id', '=', userId)
        .executeTakeFirst();
      const audit = await trx
        .updateTable('audit_log')
        .set({ actor_user_id: placeholder })
        .where('actor_user_id', '=', userId)
        .executeTakeFirst();
      const pollBallots = await polls.anonymizeVoter(trx, userId, placeholder);
      return {
        placeholder,
        participations: Number(participations.numUpdatedRows),
        meetings: Number(meetings.numUpdatedRows),
        auditEntries: Number(audit.numUpdatedRows),
        pollBallots,
      };
    });
  }

  async createPoll(poll: NewPoll): Promise<void> {
    await polls.createPoll(this.#db, poll);
  }

  async setPollState(pollId: string, state: 'open' | 'closed'): Promise<boolean> {
    return polls.setPollState(this.#db, pollId, state);
  }

  async setPollResultsShared(pollId: string, shared: boolean): Promise<boolean> {
    return polls.setPollResultsShared(this.#db, pollId, shared);
  }

  async deletePoll(pollId: string): Promise<boolean> {
    return polls.deletePoll(this.#db, pollId);
  }

  async recordVote(ballot: BallotRecord): Promise<VoteOutcome> {
    return polls.recordVote(this.#db, this.#dialect, ballot);
  }

  async listPolls(meeting: string): Promise<StoredPoll[]> {
    return polls.listPolls(this.#db, meeting);
  }

  async listPollVoters(meeting: string): Promise<Map<string, string[]>> {
    return polls.listPollVoters(this.#db, meeting);
  }

  async recordAudit(entry: AuditRecord): Promise<void> {
    await audit.recordAudit(this.#db, entry);
  }

  async listAudit(creatorUserId: string, page: { limit: number }): Promise<AuditEntry[]> {
    return audit.listAudit(this.#db, creatorUserId, page);
  }

  async recoverAfterCrash(at: number): Promise<RecoveryResult> {
    checkTime(at, 'at');
    return this.#db.transaction().execute(async (trx) => {
      const open = await trx
        .selectFrom('meetings as m')
        .leftJoin('participations as p', 'p.meeting_id', 'm.id')
        .select(['m.id', 'm.started_at'])
        .select((eb) => [eb.fn.max('p.joined_at').as('last_join'), eb.fn.max('p.left_at').as('last_leave')])
        .where('m.started_at', '<=', at)
        .where((eb) =>
          eb.or([
            eb('m.ended_at', 'is', null),
            eb.exists(
              eb
                .selectFrom('participations as o')
                .select('o.id')
                .whereRef('o.meeting_id', '=', 'm.id')
                .where('o.left_at', 'is', null),
            ),
          ]),
        )
        .groupBy(['m.id', 'm.started_at'])
        .execute();
      const result: RecoveryResult = { meetings: 0, participations: 0 };
      for (const row of open) {
        // Computed here rather than in SQL: SQLite's max(a, b) is PostgreSQL's greatest(a, b).
        const lastKnown = Math.max(
          toNumber(row.started_at),
          toNullableNumber(row.last_join) ?? 0,
          toNullableNumber(row.last_leave) ?? 0,
        );
        const left = await trx
          .updateTable('participations')
          .set({ left_at: lastKnown })
          .where('meeting_id', '=', row.id)
          .where('left_at', 'is', null)
          .where('joined_at', '<=', at)
          .executeTakeFirst();
        const ended = await trx
          .updateTable('meetings')
          .set({ ended_at: lastKnown })
          .where('id', '=', row.id)
          .where('ended_at', 'is', null)
          .executeTakeFirst();
        await polls.closeOpenPolls(trx, row.id);
        result.participations += Number(left.numUpdatedRows);
        result.meetings += Number(ended.numUpdatedRows);
      }
      return result;
    });
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

  /** Meetings with their distinct participant count; callers add filters and order. */
  #meetingSummaries() {
    return this.#db
      .selectFrom('meetings as m')
      .select(['m.id', 'm.topic', 'm.creator_user_id', 'm.started_at', 'm.ended_at'])
      .select((eb) =>
        eb
          .selectFrom('participations as p')
          .select((inner) => inner.fn.count('p.user_id').distinct().as('n'))
          .whereRef('p.meeting_id', '=', 'm.id')
          .as('participant_count'),
      );
  }
}

function toSummary(row: {
  id: string;
  topic: string | null;
  creator_user_id: string | null;
  started_at: number;
  ended_at: number | null;
  participant_count: unknown;
}): MeetingSummary {
  return {
    id: row.id,
    topic: row.topic,
    creatorUserId: row.creator_user_id,
    startedAt: toNumber(row.started_at),
    endedAt: toNullableNumber(row.ended_at),
    participantCount: toNumber(row.participant_count ?? 0),
  };
}
