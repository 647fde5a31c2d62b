import { sql, type Kysely, type Transaction } from 'kysely';
import {
  MAX_ID_LENGTH,
  MAX_POLL_OPTION_LENGTH,
  MAX_POLL_OPTIONS,
  MAX_POLL_QUESTION_LENGTH,
  MIN_POLL_OPTIONS,
} from '../../protocol/index.js';
import type { StoreDialect } from './migrations.js';
import type { Database } from './schema.js';
import type { BallotRecord, NewPoll, PollBallotRecord, StoredPoll, VoteOutcome } from './store.js';

// Poll storage, shared by both dialects. The anonymity rule lives here: for an anonymous poll
// the tally (poll_options.votes, polls.voter_count) and the set of voters (poll_voters) are
// written in one transaction but never side by side, and nothing records when or in which
// order anyone voted.

type Db = Kysely<Database> | Transaction<Database>;

function checkText(value: unknown, max: number, name: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new RangeError(`"${name}" expected a string of 1 to ${max} characters`);
  }
}

function checkNewPoll(poll: NewPoll): void {
  checkText(poll.id, MAX_ID_LENGTH, 'id');
  checkText(poll.question, MAX_POLL_QUESTION_LENGTH, 'question');
  if (!Array.isArray(poll.options) || poll.options.length < MIN_POLL_OPTIONS || poll.options.length > MAX_POLL_OPTIONS) {
    throw new RangeError(`"options" expected ${MIN_POLL_OPTIONS} to ${MAX_POLL_OPTIONS} options`);
  }
  poll.options.forEach((option, index) => checkText(option, MAX_POLL_OPTION_LENGTH, `options[${index}]`));
  if (!Number.isSafeInteger(poll.createdAt) || poll.createdAt < 0) {
    throw new RangeError(`"createdAt" expected milliseconds since the epoch, got ${String(poll.createdAt)}`);
  }
}

function checkChoices(choices: unknown): asserts choices is number[] {
  if (
    !Array.isArray(choices) ||
    choices.length === 0 ||
    choices.length > MAX_POLL_OPTIONS ||
    !choices.every((choice) => Number.isInteger(choice) && choice >= 0 && choice < MAX_POLL_OPTIONS) ||
    new Set(choices).size !== choices.length
  ) {
    throw new RangeError('"choices" expected distinct option indexes');
  }
}

const flag = (value: boolean) => (value ? 1 : 0);

export async function createPoll(db: Kysely<Database>, poll: NewPoll): Promise<void> {
  checkNewPoll(poll);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('polls')
      .values({
        id: poll.id,
        meeting_id: poll.meeting,
        question: poll.question,
        multiple: flag(poll.multiple),
        anonymous: flag(poll.anonymous),
        results_shared: flag(poll.resultsShared),
        state: 'draft',
        voter_count: 0,
        created_at: poll.createdAt,
      })
      .execute();
    await trx
      .insertInto('poll_options')
      .values(poll.options.map((text, position) => ({ poll_id: poll.id, position, text, votes: 0 })))
      .execute();
  });
}

export async function setPollState(db: Db, pollId: string, state: 'open' | 'closed'): Promise<boolean> {
  if (state !== 'open' && state !== 'closed') throw new RangeError(`"state" expected open or closed, got ${String(state)}`);
  const result = await db.updateTable('polls').set({ state }).where('id', '=', pollId).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function setPollResultsShared(db: Db, pollId: string, shared: boolean): Promise<boolean> {
  const result = await db
    .updateTable('polls')
    .set({ results_shared: flag(shared) })
    .where('id', '=', pollId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Closes a meeting's open polls (the meeting ended). */
export async function closeOpenPolls(db: Db, meeting: string): Promise<void> {
  await db.updateTable('polls').set({ state: 'closed' }).where('meeting_id', '=', meeting).where('state', '=', 'open').execute();
}

export async function deletePoll(db: Kysely<Database>, pollId: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('poll_ballots').where('poll_id', '=', pollId).execute();
    await trx.deleteFrom('poll_voters').where('poll_id', '=', pollId).execute();
    await trx.deleteFrom('poll_options').where('poll_id', '=', pollId).execute();
    const deleted = await trx.deleteFrom('polls').where('id', '=', pollId).executeTakeFirst();
    return deleted.numDeletedRows > 0n;
  });
}

/**
 * Records one ballot. For an anonymous poll, every option row is rewritten (so no row
 * version marks the chosen ones) and, on PostgreSQL, the poll's voter rows are rewritten in
 * key order (so their physical order is not the voting order).
 */
export async function recordVote(db: Kysely<Database>, dialect: StoreDialect, ballot: BallotRecord): Promise<VoteOutcome> {
  const { pollId, userId, choices, named } = ballot;
  checkText(userId, 256, 'userId');
  checkChoices(choices);
  const outcome = await db.transaction().execute(async (trx): Promise<VoteOutcome> => {
    const poll = await trx
      .selectFrom('polls')
      .select(['state', 'anonymous', 'multiple'])
      .where('id', '=', pollId)
      .executeTakeFirst();
    if (poll === undefined || poll.state !== 'open') return 'not_open';
    const anonymous = poll.anonymous === 1;
    if (anonymous === (named !== undefined)) {
      throw new TypeError(anonymous ? 'an anonymous poll keeps no voter names' : 'a named poll needs the voter\'s name');
    }
    if (poll.multiple !== 1 && choices.length !== 1) throw new RangeError('"choices" expected one option');
    const options = await trx
      .selectFrom('poll_options')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('poll_id', '=', pollId)
      .executeTakeFirstOrThrow();
    if (choices.some((choice) => choice >= Number(options.n))) {
      throw new RangeError('"choices" names an option the poll does not have');
    }
    const voted = await trx
      .selectFrom('poll_voters')
      .select('user_id')
      .where('poll_id', '=', pollId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (voted !== undefined) return 'already_voted';

    await trx.insertInto('poll_voters').values({ poll_id: pollId, user_id: userId }).execute();
    if (anonymous && dialect === 'postgres') await rewriteVotersInKeyOrder(trx, pollId);
    await trx
      .updateTable('poll_options')
      .set({ votes: sql<number>`votes + case when position in (${sql.join(choices)}) then 1 else 0 end` })
      .where('poll_id', '=', pollId)
      .execute();
    await trx
      .updateTable('polls')
      .set({ voter_count: sql<number>`voter_count + 1` })
      .where('id', '=', pollId)
      .execute();
    if (named !== undefined) {
      await trx
        .insertInto('poll_ballots')
        .values({
          poll_id: pollId,
          user_id: userId,
          display_name: named.displayName,
          avatar_url: named.avatarUrl,
          choices: JSON.stringify(choices),
        })
        .execute();
    }
    return 'recorded';
  });
  if (outcome === 'recorded' && dialect === 'sqlite' && named === undefined) {
    // Moves the transaction into the database file and empties the write-ahead log, which
    // would otherwise keep each vote's page images (voters and tally) side by side in order.
    // The vote is stored either way: a checkpoint that fails or finds readers busy is retried
    // by the next anonymous vote and by SQLite's own checkpoints, and never fails the vote.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db).catch(() => undefined);
  }
  return outcome;
}

/** Largest multi-row insert, well below both dialects' bound-parameter limits. */
const INSERT_CHUNK = 500;

/** PostgreSQL appends new rows in insertion order: rewrite the poll's voters sorted by user id. */
async function rewriteVotersInKeyOrder(trx: Transaction<Database>, pollId: string): Promise<void> {
  const rows = await trx.deleteFrom('poll_voters').where('poll_id', '=', pollId).returning('user_id').execute();
  const userIds = rows.map((row) => row.user_id).sort();
  for (let start = 0; start < userIds.length; start += INSERT_CHUNK) {
    await trx
      .insertInto('poll_voters')
      .values(userIds.slice(start, start + INSERT_CHUNK).map((user_id) => ({ poll_id: pollId, user_id })))
      .execute();
  }
}

/** A meeting's polls with tallies and (named polls only) ballots, oldest first. */
export async function listPolls(db: Db, meeting: string): Promise<StoredPoll[]> {
  const polls = await db
    .selectFrom('polls')
    .selectAll()
    .where('meeting_id', '=', meeting)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (polls.length === 0) return [];
  const ofMeeting = db.selectFrom('polls').select('id').where('meeting_id', '=', meeting);
  const options = await db
    .selectFrom('poll_options')
    .select(['poll_id', 'text', 'votes'])
    .where('poll_id', 'in', ofMeeting)
    .orderBy('poll_id')
    .orderBy('position')
    .execute();
  const ballots = await db
    .selectFrom('poll_ballots')
    .select(['poll_id', 'user_id', 'display_name', 'avatar_url', 'choices'])
    .where('poll_id', 'in', ofMeeting)
    .orderBy('id')
    .execute();
  return polls.map((row) => {
    const own = options.filter((option) => option.poll_id === row.id);
    const anonymous = row.anonymous === 1;
    const poll: StoredPoll = {
      id: row.id,
      question: row.question,
      options: own.map((option) => option.text),
      multiple: row.multiple === 1,
      anonymous,
      resultsShared: row.results_shared === 1,
      state: row.state as StoredPoll['state'],
      createdAt: Number(row.created_at),
      voters: Number(row.voter_count),
      counts: own.map((option) => Number(option.votes)),
    };
    if (!anonymous) {
      poll.ballots = ballots
        .filter((ballot) => ballot.poll_id === row.id)
        .map(
          (ballot): PollBallotRecord => ({
            userId: ballot.user_id,
            displayName: ballot.display_name,
            avatarUrl: ballot.avatar_url,
            choices: JSON.parse(ballot.choices) as number[],
          }),
        );
    }
    return poll;
  });
}

/** Poll id → the user ids who voted in it, sorted; polls nobody voted in are absent. */
export async function listPollVoters(db: Db, meeting: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('poll_voters as v')
    .innerJoin('polls as p', 'p.id', 'v.poll_id')
    .select(['v.poll_id', 'v.user_id'])
    .where('p.meeting_id', '=', meeting)
    .execute();
  const voters = new Map<string, string[]>();
  for (const row of rows) {
    const list = voters.get(row.poll_id);
    if (list === undefined) voters.set(row.poll_id, [row.user_id]);
    else list.push(row.user_id);
  }
  for (const list of voters.values()) list.sort();
  return voters;
}

/**
 * Removes a user's named ballots (the tallies keep their votes) and puts `placeholder` in
 * their place among the voters. Returns how many ballots were removed.
 */
export async function anonymizeVoter(trx: Transaction<Database>, userId: string, placeholder: string): Promise<number> {
  const ballots = await trx.deleteFrom('poll_ballots').where('user_id', '=', userId).executeTakeFirst();
  await trx.updateTable('poll_voters').set({ user_id: placeholder }).where('user_id', '=', userId).execute();
  return Number(ballots.numDeletedRows);
}
