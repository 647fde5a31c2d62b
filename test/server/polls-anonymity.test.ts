// An anonymous poll, end to end: every frame sent to every client, every row of every table
// (while the meeting runs and after it ended) and every log line are searched for anything
// that ties a voter to a choice. Runs on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import pino from 'pino';
import { PROTOCOL_VERSION, type Poll } from '../../src/protocol/index.js';
import { startServer, type MeetingServer } from '../../src/server/app.js';
import { mintToken } from '../../src/server/auth/dev-tokens.js';
import { loadConfig } from '../../src/server/config.js';
import { SQLITE_FILE_NAME } from '../../src/server/store/sqlite-store.js';
import { startPostgres, type PostgresCluster } from './postgres-harness.js';
import { RawSocket, TEST_SECRET } from './test-server.js';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
const MEETING = '730000001';
const OPTIONS = ['Vermilion', 'Chartreuse', 'Cerulean'];
const QUESTION = 'Which colour for the new logo?';

interface Voter {
  userId: string;
  name: string;
  role: 'host' | 'participant';
  choice: number;
}

// Voting order differs from user-id order, so an order kept anywhere would show.
const VOTERS: Voter[] = [
  { userId: 'u-quill-4821', name: 'Ada Quill', role: 'participant', choice: 2 },
  { userId: 'u-dale-7364', name: 'Di Dale', role: 'participant', choice: 1 },
  { userId: 'u-host-0042', name: 'Hal Host', role: 'host', choice: 0 },
  { userId: 'u-brook-1937', name: 'Bo Brook', role: 'participant', choice: 0 },
  { userId: 'u-crane-5550', name: 'Cy Crane', role: 'participant', choice: 2 },
];
const IDENTITIES = VOTERS.flatMap((voter) => [voter.userId, voter.name]);
const EXPECTED_COUNTS = OPTIONS.map((_, index) => VOTERS.filter((voter) => voter.choice === index).length);

type Row = Record<string, unknown>;

/** Every row of every table, by table name. */
interface Dump {
  tables: Map<string, Row[]>;
  /** poll_voters user ids in the database's natural (physical) order. */
  votersInStoredOrder: string[];
}

interface Backend {
  name: 'sqlite' | 'postgres';
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  env(dataDir: string): Promise<Record<string, string>>;
  dump(dataDir: string): Promise<Dump>;
}

function sqliteDump(dataDir: string): Dump {
  const db = new BetterSqlite3(join(dataDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`)
      .all() as { name: string }[];
    const tables = new Map(names.map(({ name }) => [name, db.prepare(`select * from "${name}"`).all() as Row[]]));
    // Without ROWID the table has no insertion sequence to read back at all.
    assert.throws(() => db.prepare('select rowid from poll_voters').all(), /rowid/);
    return { tables, votersInStoredOrder: (tables.get('poll_voters') ?? []).map((row) => String(row.user_id)) };
  } finally {
    db.close();
  }
}

async function postgresDump(url: string): Promise<Dump> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: names } = await client.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    const tables = new Map<string, Row[]>();
    for (const { table_name: name } of names) tables.set(name, (await client.query(`select * from "${name}"`)).rows as Row[]);
    const { rows } = await client.query<{ user_id: string }>('select user_id from poll_voters order by ctid');
    return { tables, votersInStoredOrder: rows.map((row) => row.user_id) };
  } finally {
    await client.end();
  }
}

let cluster: PostgresCluster | undefined;
let pgUrl = '';
const backends: Backend[] = [
  {
    name: 'sqlite',
    async setUp() {},
    async tearDown() {},
    async env() {
      return {};
    },
    async dump(dataDir) {
      return sqliteDump(dataDir);
    },
  },
  {
    name: 'postgres',
    async setUp() {
      cluster = await startPostgres();
      pgUrl = await cluster.createDatabase('anonymity');
    },
    async tearDown() {
      await cluster?.stop();
    },
    async env() {
      return { WE_DATABASE_URL: pgUrl };
    },
    async dump() {
      return postgresDump(pgUrl);
    },
  },
];

/** Asserts that no row ties a voter to a choice, and that nothing records voting order. */
function checkRows(dump: Dump, pollId: string): void {
  const tablesNamingVoters = new Set<string>();
  for (const [table, rows] of dump.tables) {
    for (const row of rows) {
      const text = JSON.stringify(row);
      const namesVoter = IDENTITIES.some((identity) => text.includes(identity));
      const carriesChoice = 'votes' in row || 'choices' in row || OPTIONS.some((option) => text.includes(option));
      assert.ok(!(namesVoter && carriesChoice), `${table} row ties a voter to a choice: ${text}`);
      if (namesVoter) tablesNamingVoters.add(table);
    }
  }
  // Voters are named only where they joined, and in the bare set of who voted.
  assert.deepEqual([...tablesNamingVoters].sort(), ['meetings', 'participations', 'poll_voters']);
  const voters = dump.tables.get('poll_voters') ?? [];
  assert.ok(voters.every((row) => Object.keys(row).sort().join() === 'poll_id,user_id'), 'no time or sequence beside a voter');
  assert.deepEqual(
    voters.map((row) => row.user_id).sort(),
    VOTERS.map((voter) => voter.userId).sort(),
  );
  assert.deepEqual(dump.votersInStoredOrder, [...dump.votersInStoredOrder].sort(), 'voters are stored in key order');
  assert.notDeepEqual(dump.votersInStoredOrder, VOTERS.map((voter) => voter.userId), 'not in voting order');
  assert.deepEqual(dump.tables.get('poll_ballots'), [], 'an anonymous poll keeps no ballots');
  const options = (dump.tables.get('poll_options') ?? [])
    .filter((row) => row.poll_id === pollId)
    .sort((a, b) => Number(a.position) - Number(b.position));
  assert.deepEqual(options.map((row) => Number(row.votes)), EXPECTED_COUNTS);
  const [poll] = dump.tables.get('polls') ?? [];
  assert.equal(Number(poll?.voter_count), VOTERS.length);
}

for (const backend of backends) {
  describe(`an anonymous poll on ${backend.name}`, () => {
    before(() => backend.setUp());
    after(() => backend.tearDown());

    test(`no frame, stored row or log line ties a voter to a choice on ${backend.name}`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'we-anonymity-'));
      const logLines: string[] = [];
      const logger = pino({ level: 'trace' }, { write: (line: string) => void logLines.push(line) });
      const config = loadConfig(
        {
          PORT: '0',
          WE_RTC_PORT: '0',
          WE_WORKERS: '1',
          WE_DATA_DIR: dataDir,
          WE_JWT_SECRET: TEST_SECRET,
          WE_END_GRACE_SECONDS: '0',
          ...(await backend.env(dataDir)),
        },
        packageRoot,
      );
      let server: MeetingServer | undefined = await startServer(config, logger);
      const wsUrl = `${server.url.replace('http', 'ws')}/ws`;
      try {
        const members = new Map<string, RawSocket>();
        for (const voter of [...VOTERS].sort((a, b) => (a.role === 'host' ? -1 : b.role === 'host' ? 1 : 0))) {
          const socket = new RawSocket(wsUrl);
          await socket.opened();
          const token = await mintToken(TEST_SECRET, { userId: voter.userId, name: voter.name, meeting: MEETING, role: voter.role });
          const hello = await socket.request('hello', { protocolVersion: PROTOCOL_VERSION, meeting: MEETING, token });
          assert.equal(hello.ok, true, JSON.stringify(hello));
          members.set(voter.userId, socket);
        }
        const host = members.get('u-host-0042')!;
        const init = { question: QUESTION, options: OPTIONS, anonymous: true, shareResults: true };
        const pollId = ((await host.request('createPoll', init)).data as { poll: Poll }).poll.id;
        assert.equal((await host.request('openPoll', { pollId })).ok, true);
        for (const socket of members.values()) {
          await socket.notification('pollUpdated', (d) => (d.poll as Poll).state === 'open');
        }

        const linesBeforeVoting = logLines.length;
        for (const voter of VOTERS) {
          const answer = await members.get(voter.userId)!.request('vote', { pollId, choices: [voter.choice] });
          assert.deepEqual(answer.data, {}, JSON.stringify(answer));
        }
        const second = await members.get('u-dale-7364')!.request('vote', { pollId, choices: [0] });
        assert.equal((second.error as { code: string }).code, 'conflict');
        for (const socket of members.values()) {
          await socket.notification('pollUpdated', (d) => (d.poll as Poll).results?.voters === VOTERS.length);
        }
        assert.deepEqual(logLines.slice(linesBeforeVoting), [], 'voting writes no log line at all');

        if (backend.name === 'sqlite') {
          // Each anonymous vote is checkpointed: the write-ahead log keeps no page history.
          assert.equal(statSync(join(dataDir, `${SQLITE_FILE_NAME}-wal`)).size, 0);
        }
        checkRows(await backend.dump(dataDir), pollId);

        // The host gets its answer before the socket closes, whatever the store's speed.
        assert.equal((await host.request('endMeeting')).ok, true);
        await Promise.all([...members.values()].map((socket) => socket.closed));
        await new Promise((resolve) => setTimeout(resolve, 200));
        const ended = await backend.dump(dataDir);
        checkRows(ended, pollId);
        assert.equal((ended.tables.get('polls') ?? [])[0]?.state, 'closed');
        const record = await server.store.getMeeting(MEETING);
        assert.equal(record?.polls?.[0]?.ballots, undefined, 'the creator\'s record has counts only');
        assert.deepEqual(record?.polls?.[0]?.counts, EXPECTED_COUNTS);

        // Frames: whatever concerns the poll, to anyone (hosts included), names no voter.
        for (const [userId, socket] of members) {
          for (const frame of socket.frames) {
            const text = JSON.stringify(frame);
            assert.ok(!text.includes('"ballots"') && !text.includes('"choices"'), `${userId} got ${text}`);
            if (text.includes(pollId) || OPTIONS.some((option) => text.includes(option))) {
              for (const identity of IDENTITIES) assert.ok(!text.includes(identity), `${userId} got ${text}`);
            }
          }
        }

        await server.close();
        server = undefined;
        // Logs: no choice, no option, and nothing about the poll that names a voter.
        assert.ok(logLines.length > 0);
        for (const line of logLines) {
          assert.ok(!OPTIONS.some((option) => line.includes(option)) && !line.includes('choices'), line);
          if (line.includes(pollId)) for (const identity of IDENTITIES) assert.ok(!line.includes(identity), line);
        }
      } finally {
        await server?.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
