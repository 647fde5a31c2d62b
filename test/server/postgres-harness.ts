// A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, a server on a
// free loopback port with trust auth, one database. stop() removes everything, and a
// detached watchdog does the same if this process dies without calling it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A running throwaway cluster. */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/we_meeting_test` */
  readonly url: string;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its directory; idempotent. */
  stop(): Promise<void>;
}

/** Directory of initdb/pg_ctl: Debian's newest /usr/lib/postgresql/<v>/bin, else PATH. */
export function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((version) => existsSync(join(base, version, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(base, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found !== '' ? join(found, '..') : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a cluster; rejects (leaving nothing behind) if PostgreSQL is missing or fails to start. */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed: run `node scripts/setup.mjs --for-tests`');
  // PostgreSQL refuses to run as root; as root, run it as Debian's postgres system user.
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? 'postgres' : userInfo().username;
  const dir = mkdtempSync(join(tmpdir(), 'we-pg-'));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const run = (tool: string, args: string[]) => {
    const [file, argv] = command(tool, args);
    // cwd: the postgres user may not be able to enter ours.
    execFileSync(file, argv, { cwd: dir, stdio: 'pipe' });
  };

  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const stopCommand = command('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
  const shellQuote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const stopShell = [stopCommand[0], ...stopCommand[1]].map(shellQuote).join(' ');
  // Stops the cluster once this process is gone, however it went (even SIGKILL).
  const watchdog = spawn(
    'sh',
    ['-c', `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ${stopShell} >/dev/null 2>&1; rm -rf ${shellQuote(dir)}`],
    { cwd: dir, detached: true, stdio: 'ignore' },
  );
  watchdog.unref();

  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(stopCommand[0], stopCommand[1], { cwd: dir, stdio: 'ignore' });
    if (watchdog.pid !== undefined) {
      try {
        process.kill(watchdog.pid);
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stopNow);

  try {
    // --no-sync and fsync=off: a test cluster need not survive a power cut, and starts faster.
    run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c full_page_writes=off`;
      try {
        run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', options]);
        break;
      } catch (error) {
        // Another process may have taken the port between our probe and the server's bind.
        if (attempt >= 2) throw error;
      }
    }
    const base = `postgres://postgres@127.0.0.1:${port}`;
    const createDatabase = async (name: string): Promise<string> => {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new TypeError(`"name" expected a plain identifier, got ${name}`);
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    };
    const url = await createDatabase('we_meeting_test');
    return {
      url,
      createDatabase,
      async stop() {
        process.removeListener('exit', stopNow);
        stopNow();
      },
    };
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    process.removeListener('exit', stopNow);
    stopNow();
    throw new Error(`could not start PostgreSQL as ${owner}${log === '' ? '' : `:\n${log}`}`, { cause: error });
  }
}
