// Runs every suite — node unit/server tests, package checks and the bundle size, browser
// tests, end-to-end tests — and ends
// with one plain line "N passed, N failed" summing them all.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .filter((file) => /\.test\.ts$/.test(file))
    .map((file) => join(dir, file))
    .sort();
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Counts from node's TAP summary (`# pass N` / `# fail N`). */
function tapCounts(output) {
  const number = (name) => Number((output.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  return { passed: number('pass'), failed: number('fail') + number('cancelled') };
}

async function nodeSuite(name, files, concurrency) {
  if (files.length === 0) return { name, passed: 0, failed: 0, code: 0 };
  const { code, output } = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=tap',
    `--test-concurrency=${concurrency}`,
    ...files,
  ]);
  return { name, ...tapCounts(output), code };
}

/** The size check: each budget counts as one test, passed within its limit (see scripts/check-size.mjs). */
async function sizeSuite() {
  const { code, output } = await run(process.execPath, ['scripts/check-size.mjs']);
  const passed = (output.match(/^ok {3}/gm) ?? []).length;
  const failed = (output.match(/^FAIL /gm) ?? []).length;
  return { name: 'size', passed, failed: failed === 0 && code !== 0 ? 1 : failed, code };
}

async function browserSuite() {
  const countFile = join(mkdtempSync(join(tmpdir(), 'we-wtr-')), 'counts.json');
  const { code } = await run('npx', ['web-test-runner'], { WTR_COUNT_FILE: countFile });
  const counts = existsSync(countFile) ? JSON.parse(readFileSync(countFile, 'utf8')) : { passed: 0, failed: 1 };
  return { name: 'browser', ...counts, code };
}

const only = process.argv[2];
const suites = [];
if (!only || only === 'unit') {
  suites.push(await nodeSuite('unit', [...findTests('test/protocol'), ...findTests('test/server')], 1));
}
if (!only || only === 'package') {
  suites.push(await nodeSuite('package', findTests('test/package'), 2));
  suites.push(await sizeSuite());
}
if (!only || only === 'browser') suites.push(await browserSuite());
if (!only || only === 'e2e') suites.push(await nodeSuite('e2e', findTests('test/e2e'), 1));

let passed = 0;
let failed = 0;
for (const suite of suites) {
  // A runner that exited non-zero with no failing test still failed (e.g. a file that did not load).
  const suiteFailed = suite.failed + (suite.code !== 0 && suite.failed === 0 ? 1 : 0);
  console.log(`${suite.name}: ${suite.passed} passed, ${suiteFailed} failed`);
  passed += suite.passed;
  failed += suiteFailed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
