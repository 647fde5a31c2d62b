import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import type { KyselyStore } from '../../src/server/store/kysely-store.js';
import { openStore } from '../../src/server/store/open-store.js';
import { openPostgresStore } from '../../src/server/store/postgres-store.js';
import { openSqliteStore } from '../../src/server/store/sqlite-store.js';
import type { JoinRecord, NewPoll } from '../../src/server/store/store.js';
import { findPostgresBin, startPostgres, type PostgresCluster } from './postgres-harness.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
/** A realistic epoch time, past 2^31 so a bigint read back as a string would show. */
const T = 1_750_000_000_000;

/** A fresh, empty store and a way to open the same database again. */
interface Fresh {
  store: KyselyStore;
  reopen(): Promise<KyselyStore>;
}

interface Backend {
  name: 'sqlite' | 'postgres';
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  fresh(): Promise<Fresh>;
}

const tempDirs: string[] = [];
const sqlite: Backend = {
  name: 'sqlite',
  async setUp() {},
  async tearDown() {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  },
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'we-store-'));
    tempDirs.push(dir);
    return { store: await openSqliteStore(dir), reopen: () => openSqliteStore(dir) };
  },
};

let cluster: PostgresCluster | undefined;
let databases = 0;
const postgres: Backend = {
  name: 'postgres',
  async setUp() {
    // A missing server fails the suite: the PostgreSQL half must never pass by not running.
    if (findPostgresBin() === undefined) throw new Error('PostgreSQL is not installed (node scripts/setup.mjs --for-tests)');
    cluster = await startPostgres();
  },
  async tearDown() {
    await cluster?.stop();
  },
  async fresh() {
    assert.ok(cluster);
    const url = await cluster.createDatabase(`store_${++databases}`);
    return { store: await openPostgresStore(url), reopen: () => openPostgresStore(url) };
  },
};

function join_(meeting: string, userId: string, at: number, role: JoinRecord['role'] = 'participant'): JoinRecord {
  return { meeting, userId, displayName: userId.toUpperCase(), role, at };
}

function poll_(meeting: string, id: string, init: Partial<NewPoll> = {}): NewPoll {
  const options = ['Pizza', 'Sushi', 'Salad'];
  return { id, meeting, question: 'Lunch?', options, multiple: false, anonymous: false, resultsShared: false, createdAt: T, ...init };
}

/** Runs `body` on a fresh store and always closes it. */
async function withStore(backend: Backend, body: (fresh: Fresh) => Promise<void>): Promise<void> {
  const fresh = await backend.fresh();
  try {
    await body(fresh);
  } finally {
    await fresh.store.close();
  }
}

for (const backend of [sqlite, postgres]) {
  const on = `on ${backend.name}`;
  describe(`KyselyStore ${on}`, () => {
    before(() => backend.setUp());
    after(() => backend.tearDown());

    test(`recordJoin() creates the meeting and a participation; recordLeave() ends it ${on}`, () =>
      withStore(backend, async ({ store }) => {
        const id = await store.recordJoin(join_('100000001', 'alice', T, 'host'));
        assert.equal(typeof id, 'number');
        await store.recordLeave(id, T + 60_000);
        await store.recordLeave(id, T + 99_000); // a second leave changes nothing
        const meeting = await store.db.selectFrom('meetings').selectAll().executeTakeFirstOrThrow();
        assert.deepEqual(meeting, { id: '100000001', topic: null, creator_user_id: 'alice', started_at: T, ended_at: null, allow_guests: 1 });
        const rows = await store.db.selectFrom('participations').selectAll().execute();
        assert.deepEqual(rows, [
          { id, meeting_id: '100000001', user_id: 'alice', display_name: 'ALICE', role: 'host', joined_at: T, left_at: T + 60_000, recording_consented_at: null },
        ]);
      }));

    test(`recordRecordingConsent() keeps the latest consent with the participation; the record shows it ${on}`, () =>
      withStore(backend, async ({ store }) => {
        const hana = await store.recordJoin(join_('100000002', 'hana', T, 'host'));
        const bob = await store.recordJoin(join_('100000002', 'bob', T + 1_000));
        await store.recordRecordingConsent(bob, T + 5_000);
        await store.recordRecordingConsent(bob, T + 9_000); // a second recording, agreed to later
        const record = await store.getMeeting('100000002');
        const consents = Object.fromEntries(record!.participations.map((participation) => [participation.id, participation.recordingConsentedAt]));
        assert.deepEqual(consents, { [hana]: null, [bob]: T + 9_000 });
      }));

    test(`deleteUserData() replaces a user's id and name with one placeholder, keeping counts and durations ${on}`, () =>
      withStore(backend, async ({ store }) => {
        const hostJoin = await store.recordJoin(join_('100000090', 'carol', T, 'host'));
        const first = await store.recordJoin(join_('100000090', 'dave', T + 1_000));
        await store.recordLeave(first, T + 61_000);
        await store.recordJoin(join_('100000090', 'dave', T + 70_000));
        await store.recordLeave(hostJoin, T + 90_000);
        await store.recordAudit({ actorUserId: 'carol', action: 'list', at: T + 95_000 });
        const result = await store.deleteUserData('dave');
        assert.equal(result.participations, 2);
        assert.match(result.placeholder, /^deleted:/);
        const meeting = await store.getMeeting('100000090');
        const daves = meeting!.participations.filter((p) => p.userId === result.placeholder);
        assert.equal(daves.length, 2);
        assert.ok(daves.every((p) => p.displayName === 'Deleted user'));
        assert.equal(daves[0]!.durationMs, 60_000);
        assert.equal(meeting!.participations.some((p) => p.userId === 'dave' || p.displayName === 'DAVE'), false);
        // The creator's own deletion also removes their id from the meeting and the audit log.
        const creator = await store.deleteUserData('carol');
        assert.equal(creator.meetings, 1);
        assert.equal(creator.auditEntries, 1);
        assert.equal((await store.listMeetingsByCreator('carol', { limit: 10 })).meetings.length, 0);
        await assert.rejects(store.deleteUserData(result.placeholder), TypeError);
      }));

    test(`recordJoin() gives a person joining several times one row per join ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('100000002', 'host', T, 'host'));
        const first = await store.recordJoin(join_('100000002', 'bob', T + 1_000));
        await store.recordLeave(first, T + 2_000);
        const second = await store.recordJoin(join_('100000002', 'bob', T + 3_000));
        assert.ok(second > first);
        const rows = await store.db.selectFrom('participations').selectAll().where('user_id', '=', 'bob').orderBy('id').execute();
        assert.deepEqual(
          rows.map((row) => [row.joined_at, row.left_at]),
          [
            [T + 1_000, T + 2_000],
            [T + 3_000, null],
          ],
        );
      }));

    test(`getMeeting() returns participations in join order with durations ${on}`, () =>
      withStore(backend, async ({ store }) => {
        const host = await store.recordJoin(join_('100000003', 'host', T, 'host'));
        const bob = await store.recordJoin(join_('100000003', 'bob', T + 5_000));
        await store.recordLeave(bob, T + 65_000);
        await store.recordJoin(join_('100000003', 'bob', T + 70_000));
        await store.recordLeave(host, T + 90_000);
        await store.setTopic('100000003', 'Weekly');
        const meeting = await store.getMeeting('100000003');
        assert.ok(meeting);
        assert.deepEqual(
          { ...meeting, participations: [] },
          { id: '100000003', topic: 'Weekly', creatorUserId: 'host', startedAt: T, endedAt: null, participantCount: 2, participations: [], polls: [] },
        );
        assert.deepEqual(
          meeting.participations.map(({ userId, displayName, role, joinedAt, leftAt, durationMs }) => ({
            userId,
            displayName,
            role,
            joinedAt,
            leftAt,
            durationMs,
          })),
          [
            { userId: 'host', displayName: 'HOST', role: 'host', joinedAt: T, leftAt: T + 90_000, durationMs: 90_000 },
            { userId: 'bob', displayName: 'BOB', role: 'participant', joinedAt: T + 5_000, leftAt: T + 65_000, durationMs: 60_000 },
            { userId: 'bob', displayName: 'BOB', role: 'participant', joinedAt: T + 70_000, leftAt: null, durationMs: null },
          ],
        );
        assert.equal(await store.getMeeting('999999999'), undefined);
      }));

    test(`listMeetingsByCreator() pages newest first ${on}`, () =>
      withStore(backend, async ({ store }) => {
        // Two meetings share a start time: the id breaks the tie, so paging loses none.
        const starts = [T, T + 1_000, T + 1_000, T + 2_000, T + 3_000];
        for (const [i, at] of starts.entries()) await store.recordJoin(join_(`20000000${i}`, 'carol', at, 'host'));
        const seen: string[] = [];
        let page = await store.listMeetingsByCreator('carol', { limit: 2 });
        const sizes = [page.meetings.length];
        seen.push(...page.meetings.map((m) => m.id));
        while (page.next !== undefined) {
          page = await store.listMeetingsByCreator('carol', { limit: 2, before: page.next });
          sizes.push(page.meetings.length);
          seen.push(...page.meetings.map((m) => m.id));
        }
        assert.deepEqual(sizes, [2, 2, 1]);
        assert.deepEqual(seen, ['200000004', '200000003', '200000002', '200000001', '200000000']);
        const exact = await store.listMeetingsByCreator('carol', { limit: 5 });
        assert.equal(exact.meetings.length, 5);
        assert.equal(exact.next, undefined);
        assert.deepEqual(exact.meetings[0], {
          id: '200000004',
          topic: null,
          creatorUserId: 'carol',
          startedAt: T + 3_000,
          endedAt: null,
          participantCount: 1,
        });
      }));

    test(`listMeetingsByCreator() lists only the creator's meetings ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('300000001', 'dave', T, 'host'));
        await store.recordJoin(join_('300000001', 'erin', T + 1, 'host')); // a second host is not the creator
        await store.recordJoin(join_('300000002', 'erin', T + 2, 'host'));
        await store.recordJoin(join_('300000003', 'dave', T + 3)); // joined, not created
        await store.recordJoin(join_('300000003', 'frank', T + 4, 'host'));
        const ids = async (user: string) => (await store.listMeetingsByCreator(user, { limit: 10 })).meetings.map((m) => m.id);
        assert.deepEqual(await ids('dave'), ['300000001']);
        assert.deepEqual(await ids('erin'), ['300000002']);
        assert.deepEqual(await ids('frank'), ['300000003']);
        assert.deepEqual(await ids('nobody'), []);
      }));

    test(`listMeetingsByCreator() rejects a bad limit with RangeError ${on}`, () =>
      withStore(backend, async ({ store }) => {
        for (const limit of [0, -1, 1.5, 1001, Number.NaN]) {
          await assert.rejects(store.listMeetingsByCreator('carol', { limit }), RangeError);
        }
      }));

    test(`setTopic() sets and clears a topic and resolves false for an unknown meeting ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('400000001', 'gina', T, 'host'));
        assert.equal(await store.setTopic('400000001', 'Planning'), true);
        assert.equal((await store.getMeeting('400000001'))?.topic, 'Planning');
        assert.equal(await store.setTopic('400000001', null), true);
        assert.equal((await store.getMeeting('400000001'))?.topic, null);
        assert.equal(await store.setTopic('499999999', 'x'), false);
        await assert.rejects(store.setTopic('400000001', 'x'.repeat(201)), RangeError);
      }));

    test(`endMeeting() ends the meeting and its open participations ${on}`, () =>
      withStore(backend, async ({ store }) => {
        const host = await store.recordJoin(join_('500000001', 'host', T, 'host'));
        const left = await store.recordJoin(join_('500000001', 'ivy', T + 1_000));
        await store.recordLeave(left, T + 2_000);
        await store.recordJoin(join_('500000001', 'jon', T + 3_000));
        assert.equal(await store.endMeeting('500000001', T + 10_000), true);
        assert.equal(await store.endMeeting('500000001', T + 20_000), false);
        assert.equal(await store.endMeeting('599999999', T), false);
        const meeting = await store.getMeeting('500000001');
        assert.equal(meeting?.endedAt, T + 10_000);
        assert.deepEqual(
          meeting?.participations.map((p) => p.leftAt),
          [T + 10_000, T + 2_000, T + 10_000],
        );
        assert.equal(meeting?.participations.find((p) => p.id === host)?.durationMs, 10_000);
      }));

    test(`recordJoin() reopens an ended meeting ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('500000002', 'host', T, 'host'));
        await store.endMeeting('500000002', T + 1_000);
        await store.recordJoin(join_('500000002', 'host', T + 5_000, 'host'));
        const meeting = await store.getMeeting('500000002');
        assert.equal(meeting?.endedAt, null);
        assert.equal(meeting?.startedAt, T);
        assert.equal(meeting?.participations.length, 2);
      }));

    test(`recordAudit() entries are listed by listAudit() for the creator, newest first ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('600000001', 'kim', T, 'host'));
        await store.recordJoin(join_('600000002', 'lee', T, 'host'));
        await store.recordAudit({ actorUserId: 'kim', action: 'list', at: T + 1 });
        await store.recordAudit({ actorUserId: 'kim', action: 'read', meeting: '600000001', at: T + 2 });
        await store.recordAudit({ actorUserId: 'kim', action: 'export', meeting: '600000001', format: 'csv', at: T + 3 });
        // Someone else touching kim's meeting (e.g. an operator) shows in kim's log too.
        await store.recordAudit({ actorUserId: 'ops', action: 'export', meeting: '600000001', format: 'json', at: T + 4 });
        await store.recordAudit({ actorUserId: 'lee', action: 'read', meeting: '600000002', at: T + 5 });
        const entries = await store.listAudit('kim', { limit: 10 });
        assert.deepEqual(
          entries.map(({ actorUserId, action, meeting, format, at }) => ({ actorUserId, action, meeting, format, at })),
          [
            { actorUserId: 'ops', action: 'export', meeting: '600000001', format: 'json', at: T + 4 },
            { actorUserId: 'kim', action: 'export', meeting: '600000001', format: 'csv', at: T + 3 },
            { actorUserId: 'kim', action: 'read', meeting: '600000001', format: null, at: T + 2 },
            { actorUserId: 'kim', action: 'list', meeting: null, format: null, at: T + 1 },
          ],
        );
        assert.ok(entries.every((entry) => typeof entry.id === 'number'));
        assert.equal((await store.listAudit('kim', { limit: 2 })).length, 2);
        assert.deepEqual(
          (await store.listAudit('lee', { limit: 10 })).map((entry) => entry.actorUserId),
          ['lee'],
        );
      }));

    test(`recordAudit() rejects an export without a format with TypeError ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await assert.rejects(store.recordAudit({ actorUserId: 'kim', action: 'export', meeting: '600000001', at: T }), TypeError);
        await assert.rejects(store.recordAudit({ actorUserId: 'kim', action: 'read', format: 'csv', at: T }), TypeError);
      }));

    test(`migrations are idempotent on reopen ${on}`, () =>
      withStore(backend, async ({ store, reopen }) => {
        const id = await store.recordJoin(join_('700000001', 'max', T, 'host'));
        await store.close();
        const again = await reopen();
        try {
          const migrations = await again.db
            .selectFrom('kysely_migration' as 'meetings')
            .select(sql<string>`name`.as('name'))
            .execute();
          assert.deepEqual(
            migrations.map((row) => row.name),
            ['0001_meetings_and_participations', '0002_audit_log_and_creator_index', '0003_polls', '0004_sign_in', '0005_recording_consent'],
          );
          assert.equal((await again.getMeeting('700000001'))?.participations[0]?.id, id);
          assert.ok((await again.recordJoin(join_('700000001', 'max', T + 1))) > id);
        } finally {
          await again.close();
        }
      }));

    test(`recoverAfterCrash() closes what was left open at the last known time ${on}`, () =>
      withStore(backend, async ({ store }) => {
        // Open meeting: last known time is the latest leave, after the latest join.
        await store.recordJoin(join_('800000001', 'host', T, 'host'));
        const early = await store.recordJoin(join_('800000001', 'nia', T + 1_000));
        await store.recordJoin(join_('800000001', 'oli', T + 2_000));
        await store.recordLeave(early, T + 3_000);
        // Open meeting with only its start to go by… after its only participation was closed.
        const lone = await store.recordJoin(join_('800000002', 'host', T + 500, 'host'));
        await store.recordLeave(lone, T + 700);
        // Ended meeting: untouched.
        await store.recordJoin(join_('800000003', 'host', T, 'host'));
        await store.endMeeting('800000003', T + 9_000);
        // Started after the recovery moment: belongs to the new process, untouched.
        await store.recordJoin(join_('800000004', 'host', T + 50_000, 'host'));

        assert.deepEqual(await store.recoverAfterCrash(T + 10_000), { meetings: 2, participations: 2 });
        const first = await store.getMeeting('800000001');
        assert.equal(first?.endedAt, T + 3_000);
        assert.deepEqual(
          first?.participations.map((p) => p.leftAt),
          [T + 3_000, T + 3_000, T + 3_000],
        );
        assert.equal((await store.getMeeting('800000002'))?.endedAt, T + 700);
        assert.equal((await store.getMeeting('800000003'))?.endedAt, T + 9_000);
        assert.equal((await store.getMeeting('800000004'))?.endedAt, null);
        assert.deepEqual(await store.recoverAfterCrash(T + 10_000), { meetings: 0, participations: 0 });
      }));

    test(`createPoll() stores a draft with zeroed tallies; setPollState() and setPollResultsShared() change it ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('920000001', 'host', T, 'host'));
        await store.createPoll(poll_('920000001', 'p1', { multiple: true }));
        await store.createPoll(poll_('920000001', 'p2', { anonymous: true, resultsShared: true, createdAt: T + 1 }));
        assert.deepEqual(await store.listPolls('920000001'), [
          {
            id: 'p1',
            question: 'Lunch?',
            options: ['Pizza', 'Sushi', 'Salad'],
            multiple: true,
            anonymous: false,
            resultsShared: false,
            state: 'draft',
            createdAt: T,
            voters: 0,
            counts: [0, 0, 0],
            ballots: [],
          },
          {
            id: 'p2',
            question: 'Lunch?',
            options: ['Pizza', 'Sushi', 'Salad'],
            multiple: false,
            anonymous: true,
            resultsShared: true,
            state: 'draft',
            createdAt: T + 1,
            voters: 0,
            counts: [0, 0, 0],
          },
        ]);
        assert.equal(await store.setPollState('p1', 'open'), true);
        assert.equal(await store.setPollResultsShared('p1', true), true);
        assert.equal(await store.setPollState('nope', 'open'), false);
        assert.equal(await store.setPollResultsShared('nope', true), false);
        const [p1] = await store.listPolls('920000001');
        assert.deepEqual([p1?.state, p1?.resultsShared], ['open', true]);
        assert.deepEqual(await store.listPolls('999999999'), []);
        await assert.rejects(store.createPoll(poll_('920000001', 'p3', { options: ['Only one'] })), RangeError);
        await assert.rejects(store.createPoll(poll_('920000001', 'p4', { question: '' })), RangeError);
        // A poll belongs to a meeting that exists.
        await assert.rejects(store.createPoll(poll_('929999999', 'p5')));
      }));

    test(`recordVote() counts one ballot per user and refuses polls that are not open ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('920000002', 'host', T, 'host'));
        await store.createPoll(poll_('920000002', 'p1', { anonymous: true, multiple: true }));
        assert.equal(await store.recordVote({ pollId: 'p1', userId: 'ann', choices: [0] }), 'not_open');
        assert.equal(await store.recordVote({ pollId: 'nope', userId: 'ann', choices: [0] }), 'not_open');
        await store.setPollState('p1', 'open');
        assert.equal(await store.recordVote({ pollId: 'p1', userId: 'ann', choices: [0, 2] }), 'recorded');
        assert.equal(await store.recordVote({ pollId: 'p1', userId: 'ann', choices: [1] }), 'already_voted');
        assert.equal(await store.recordVote({ pollId: 'p1', userId: 'bob', choices: [2] }), 'recorded');
        await store.setPollState('p1', 'closed');
        assert.equal(await store.recordVote({ pollId: 'p1', userId: 'cat', choices: [1] }), 'not_open');
        const [poll] = await store.listPolls('920000002');
        assert.deepEqual([poll?.voters, poll?.counts], [2, [1, 0, 2]]);
        assert.deepEqual(await store.listPollVoters('920000002'), new Map([['p1', ['ann', 'bob']]]));
      }));

    test(`recordVote() rejects bad choices with RangeError and a voter's name in an anonymous poll with TypeError ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('920000003', 'host', T, 'host'));
        await store.createPoll(poll_('920000003', 'single'));
        await store.createPoll(poll_('920000003', 'anon', { anonymous: true }));
        await store.setPollState('single', 'open');
        await store.setPollState('anon', 'open');
        const named = { displayName: 'Ann', avatarUrl: null };
        for (const choices of [[], [0, 1], [3], [1, 1], [-1], [0.5]]) {
          const vote = store.recordVote({ pollId: 'single', userId: 'ann', choices, named });
          await assert.rejects(vote, RangeError, JSON.stringify(choices));
        }
        await assert.rejects(store.recordVote({ pollId: 'anon', userId: 'ann', choices: [0], named }), TypeError);
        await assert.rejects(store.recordVote({ pollId: 'single', userId: 'ann', choices: [0] }), TypeError);
        // Nothing was counted by the refused ballots.
        assert.deepEqual((await store.listPolls('920000003')).map((poll) => poll.voters), [0, 0]);
        assert.deepEqual(await store.listPollVoters('920000003'), new Map());
      }));

    test(`recordVote() keeps named ballots in order and an anonymous poll's voters apart from its tally ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('920000004', 'host', T, 'host'));
        await store.createPoll(poll_('920000004', 'named'));
        await store.createPoll(poll_('920000004', 'anon', { anonymous: true, createdAt: T + 1 }));
        await store.setPollState('named', 'open');
        await store.setPollState('anon', 'open');
        // Voting order differs from user-id order.
        const order = ['zed', 'amy', 'kim', 'bob'];
        for (const [index, userId] of order.entries()) {
          const choices = [index % 3];
          const avatarUrl = index === 0 ? 'https://x.test/z.png' : null;
          await store.recordVote({ pollId: 'named', userId, choices, named: { displayName: userId.toUpperCase(), avatarUrl } });
          await store.recordVote({ pollId: 'anon', userId, choices });
        }
        const [named, anon] = await store.listPolls('920000004');
        assert.deepEqual(named?.ballots, [
          { userId: 'zed', displayName: 'ZED', avatarUrl: 'https://x.test/z.png', choices: [0] },
          { userId: 'amy', displayName: 'AMY', avatarUrl: null, choices: [1] },
          { userId: 'kim', displayName: 'KIM', avatarUrl: null, choices: [2] },
          { userId: 'bob', displayName: 'BOB', avatarUrl: null, choices: [0] },
        ]);
        assert.deepEqual([anon?.voters, anon?.counts, anon?.ballots], [4, [2, 1, 1], undefined]);
        const ballots = await store.db.selectFrom('poll_ballots').selectAll().where('poll_id', '=', 'anon').execute();
        assert.deepEqual(ballots, []);
        const voters = await store.db.selectFrom('poll_voters').selectAll().where('poll_id', '=', 'anon').execute();
        assert.deepEqual(voters, ['amy', 'bob', 'kim', 'zed'].map((user_id) => ({ poll_id: 'anon', user_id })));
        // Not even the physical order of the rows is the voting order.
        const stored =
          backend.name === 'postgres'
            ? await sql<{ user_id: string }>`select user_id from poll_voters where poll_id = 'anon' order by ctid`.execute(store.db)
            : await sql<{ user_id: string }>`select user_id from poll_voters where poll_id = 'anon'`.execute(store.db);
        assert.deepEqual(stored.rows.map((row) => row.user_id), ['amy', 'bob', 'kim', 'zed']);
        if (backend.name === 'sqlite') await assert.rejects(sql`select rowid from poll_voters`.execute(store.db), /rowid/);
      }));

    test(`deletePoll() removes a poll with its tallies, voters and ballots ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('920000005', 'host', T, 'host'));
        await store.createPoll(poll_('920000005', 'gone'));
        await store.createPoll(poll_('920000005', 'kept', { createdAt: T + 1 }));
        await store.setPollState('gone', 'open');
        await store.recordVote({ pollId: 'gone', userId: 'ann', choices: [1], named: { displayName: 'Ann', avatarUrl: null } });
        assert.equal(await store.deletePoll('gone'), true);
        assert.equal(await store.deletePoll('gone'), false);
        assert.deepEqual((await store.listPolls('920000005')).map((poll) => poll.id), ['kept']);
        for (const table of ['poll_options', 'poll_voters', 'poll_ballots'] as const) {
          const rows = await store.db.selectFrom(table).select('poll_id').where('poll_id', '=', 'gone').execute();
          assert.deepEqual(rows, [], table);
        }
      }));

    test(`deleteUserData() turns a user's named ballots into anonymous counts, keeping the tallies ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('920000006', 'host', T, 'host'));
        await store.recordJoin(join_('920000006', 'dave', T + 1));
        await store.createPoll(poll_('920000006', 'named'));
        await store.createPoll(poll_('920000006', 'anon', { anonymous: true, createdAt: T + 1 }));
        await store.setPollState('named', 'open');
        await store.setPollState('anon', 'open');
        for (const userId of ['dave', 'erin']) {
          const named = { displayName: userId.toUpperCase(), avatarUrl: null };
          await store.recordVote({ pollId: 'named', userId, choices: [userId === 'dave' ? 2 : 0], named });
          await store.recordVote({ pollId: 'anon', userId, choices: [1] });
        }
        const result = await store.deleteUserData('dave');
        assert.equal(result.pollBallots, 1);
        const meeting = await store.getMeeting('920000006');
        const [named, anon] = meeting!.polls!;
        assert.deepEqual([named?.voters, named?.counts], [2, [1, 0, 1]]);
        assert.deepEqual(named?.ballots, [{ userId: 'erin', displayName: 'ERIN', avatarUrl: null, choices: [0] }]);
        assert.deepEqual([anon?.voters, anon?.counts], [2, [0, 2, 0]]);
        // Dave is no longer among the voters either; the placeholder stands in.
        const voters = await store.listPollVoters('920000006');
        assert.deepEqual(voters.get('named'), [result.placeholder, 'erin'].sort());
        assert.deepEqual(voters.get('anon'), [result.placeholder, 'erin'].sort());
        const tables = ['poll_ballots', 'poll_voters', 'polls', 'poll_options'] as const;
        const everything = JSON.stringify(
          await Promise.all(tables.map((table) => store.db.selectFrom(table).selectAll().execute())),
        );
        assert.ok(!everything.includes('dave') && !everything.includes('DAVE'), everything);
      }));

    test(`endMeeting() and recoverAfterCrash() close open polls ${on}`, () =>
      withStore(backend, async ({ store }) => {
        await store.recordJoin(join_('920000007', 'host', T, 'host'));
        await store.recordJoin(join_('920000008', 'host', T, 'host'));
        for (const meeting of ['920000007', '920000008']) {
          await store.createPoll(poll_(meeting, `open-${meeting}`));
          await store.createPoll(poll_(meeting, `draft-${meeting}`, { createdAt: T + 1 }));
          await store.setPollState(`open-${meeting}`, 'open');
        }
        await store.endMeeting('920000007', T + 1_000);
        assert.deepEqual((await store.listPolls('920000007')).map((poll) => poll.state), ['closed', 'draft']);
        assert.deepEqual((await store.listPolls('920000008')).map((poll) => poll.state), ['open', 'draft']);
        await store.recoverAfterCrash(T + 2_000);
        assert.deepEqual((await store.listPolls('920000008')).map((poll) => poll.state), ['closed', 'draft']);
      }));

    test(`bigint times and ids come back as numbers ${on}`, () =>
      withStore(backend, async ({ store }) => {
        const id = await store.recordJoin(join_('900000001', 'pia', Number.MAX_SAFE_INTEGER - 1, 'host'));
        const row = await store.db.selectFrom('participations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
        assert.equal(row.joined_at, Number.MAX_SAFE_INTEGER - 1);
        assert.equal(typeof row.id, 'number');
        const [count] = await store.db.selectFrom('participations').select((eb) => eb.fn.countAll().as('n')).execute();
        assert.equal(count?.n, 1);
      }));

    if (backend.name === 'postgres') {
      test('openStore() uses PostgreSQL when WE_DATABASE_URL is set on postgres', async () => {
        assert.ok(cluster);
        const url = await cluster.createDatabase('open_store');
        const config = loadConfig({ WE_JWT_SECRET: 'x'.repeat(32), WE_DATABASE_URL: url }, packageRoot);
        assert.equal(config.databaseUrl, url);
        const seed = await openPostgresStore(url);
        await seed.recordJoin(join_('910000001', 'quinn', T, 'host'));
        await seed.close();
        const store = await openStore(config);
        try {
          const { rows } = await sql<{ version: string }>`select version() as version`.execute(store.db);
          assert.match(rows[0]?.version ?? '', /PostgreSQL/);
          assert.equal((await store.getMeeting('910000001'))?.endedAt, T, 'recovered on open');
        } finally {
          await store.close();
        }
      });
    }
  });
}

describe('openStore()', () => {
  test('openStore() uses SQLite in the data directory when no database URL is set', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'we-store-'));
    try {
      const config = loadConfig({ WE_JWT_SECRET: 'x'.repeat(32), WE_DATA_DIR: dataDir }, packageRoot);
      assert.equal(config.databaseUrl, undefined);
      const store = await openStore(config);
      try {
        const { rows } = await sql<{ version: string }>`select sqlite_version() as version`.execute(store.db);
        assert.match(rows[0]?.version ?? '', /^3\./);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('loadConfig() rejects a WE_DATABASE_URL that is not postgres:// without echoing it', () => {
    for (const url of ['mysql://u:secret@h/db', 'not a url', 'sqlite:///tmp/x']) {
      assert.throws(
        () => loadConfig({ WE_JWT_SECRET: 'x'.repeat(32), WE_DATABASE_URL: url }, packageRoot),
        (error: unknown) => error instanceof ConfigError && !error.message.includes(url),
      );
    }
    const ok = loadConfig({ WE_JWT_SECRET: 'x'.repeat(32), WE_DATABASE_URL: 'postgresql://u:p@db:5432/we' }, packageRoot);
    assert.equal(ok.databaseUrl, 'postgresql://u:p@db:5432/we');
  });

  test('a SIGKILLed writer loses no committed join, and openStore() closes them at the last known time on sqlite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'we-store-kill-'));
    try {
      const fixture = fileURLToPath(new URL('./fixtures/sqlite-writer.ts', import.meta.url));
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], {
        cwd: packageRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('committed\n')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`writer exited with ${String(code)} before committing`)));
      });
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');

      const store = await openStore({ dataDir, databaseUrl: undefined });
      try {
        const first = await store.getMeeting('111111111');
        assert.equal(first?.endedAt, 4_000);
        assert.deepEqual(
          first?.participations.map((p) => [p.userId, p.joinedAt, p.leftAt]),
          [
            ['host', 1_000, 4_000],
            ['pat', 2_000, 3_000],
            ['pat', 4_000, 4_000],
          ],
        );
        assert.equal((await store.getMeeting('222222222'))?.endedAt, 5_000);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
