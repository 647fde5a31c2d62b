// Installs what `npm start` and `npm test` need, idempotently and quickly when all is there:
// npm dependencies (from the lockfile), mediasoup's worker binary, pocketsphinx (as root on
// Debian) and — for tests, as root on Debian — Chromium, ffmpeg, PostgreSQL, espeak-ng and
// pocketsphinx's test recordings. Uses nothing but Node's standard library, since it runs
// before `npm ci`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--for-tests');
const log = (message) => console.log(`[setup] ${message}`);

function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

function must(command, args, options) {
  if (!sh(command, args, options)) {
    console.error(`[setup] failed: ${command} ${args.join(' ')}`);
    process.exit(1);
  }
}

const canApt =
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  existsSync('/etc/debian_version') &&
  existsSync('/usr/bin/apt-get');
let aptUpdated = false;

/** Installs Debian packages whose marker file is missing (root on Debian only). */
function aptInstall(packages, marker) {
  if (existsSync(marker)) return;
  if (!canApt) {
    log(`${marker} is missing; install ${packages.join(' ')} with your package manager`);
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) must('apt-get', ['update', '-q'], { env });
  aptUpdated = true;
  must('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env });
}

// 1. npm dependencies, reinstalled only when the lockfile or Node version changed.
const stampFile = join(root, 'node_modules', '.we-meeting-setup');
const stamp = createHash('sha256')
  .update(readFileSync(join(root, 'package-lock.json')))
  .update(process.version)
  .digest('hex');
if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
  log('installing npm dependencies (npm ci)');
  // mediasoup's own postinstall is skipped here and run below, where its failure to
  // download a prebuilt worker can fall back to our offline build.
  must('npm', ['ci', '--no-audit', '--no-fund'], {
    env: { ...process.env, MEDIASOUP_WORKER_BIN: join(root, 'node_modules', '.no-worker-yet') },
  });
  writeFileSync(stampFile, stamp);
}

// 2. mediasoup's worker: prebuilt download where reachable, else built from Debian's libraries.
const mediasoupDir = join(root, 'node_modules', 'mediasoup');
const workerBin = join(mediasoupDir, 'worker', 'out', 'Release', 'mediasoup-worker');
if (existsSync(mediasoupDir) && !process.env.MEDIASOUP_WORKER_BIN) {
  if (!existsSync(workerBin)) tryPrebuiltWorker();
  // Keeps a worker that runs here; otherwise restores one from the cache or builds it.
  must('bash', [join(root, 'scripts', 'mediasoup-worker', 'build.sh'), mediasoupDir]);
}

// 3. Chromium for the browser and end-to-end tests.
if (forTests && !process.env.CHROMIUM_PATH) {
  aptInstall(['chromium', 'fonts-liberation'], '/usr/bin/chromium');
}

// 4. ffmpeg, the recorder of meeting recordings (and ffprobe, which the recording tests read
// files with). The server runs without it: recording is then reported unavailable.
if (forTests && !process.env.WE_FFMPEG_PATH) {
  aptInstall(['ffmpeg'], '/usr/bin/ffmpeg');
}

// 5. pocketsphinx and its US English model, the offline speech-to-text of smart recordings.
// The server runs without them: recordings then have no transcript unless an endpoint is set.
aptInstall(['pocketsphinx'], '/usr/bin/pocketsphinx_continuous');
aptInstall(['pocketsphinx-en-us'], '/usr/share/pocketsphinx/model/en-us/en-us.lm.bin');

// 6. For the speech-to-text tests and benchmark: a speech synthesiser that speaks their
// sentences, and LibriVox recordings with their transcripts.
if (forTests) {
  aptInstall(['espeak-ng'], '/usr/bin/espeak-ng');
  aptInstall(['pocketsphinx-testdata'], '/usr/share/pocketsphinx/test/data/librivox/transcription');
}

// 7. PostgreSQL server binaries for the storage tests, which start their own throwaway
// cluster (test/server/postgres-harness.ts); any installed major version will do.
if (forTests) {
  aptInstall(['postgresql'], postgresInitdb() ?? '/usr/lib/postgresql/<version>/bin/initdb');
}

/** Path of an installed /usr/lib/postgresql/<version>/bin/initdb, if any. */
function postgresInitdb() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  return readdirSync(base)
    .map((version) => join(base, version, 'bin', 'initdb'))
    .find((initdb) => existsSync(initdb));
}

/**
 * Runs mediasoup's own postinstall, which downloads the prebuilt worker matching this
 * platform. Its fallback (a pip-installed meson build) cannot work where the download did
 * not, so PYTHON=false makes that fallback fail at once and ours runs instead.
 */
function tryPrebuiltWorker() {
  log('fetching mediasoup\'s prebuilt worker');
  const env = { ...process.env, PYTHON: 'false' };
  delete env.MEDIASOUP_WORKER_BIN;
  delete env.MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD;
  delete env.MEDIASOUP_LOCAL_DEV;
  const result = spawnSync(process.execPath, ['npm-scripts.mjs', 'postinstall'], {
    cwd: mediasoupDir,
    env,
    stdio: 'ignore',
    // The download has no timeout of its own and hangs where packets are dropped.
    timeout: 60_000,
  });
  if (result.status !== 0) {
    rmSync(workerBin, { force: true }); // a download cut short may leave half a file
    log('no prebuilt mediasoup worker could be downloaded; using the offline build');
  }
}
