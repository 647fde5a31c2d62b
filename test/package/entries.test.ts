import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// The package as an application installs it: a directory whose node_modules/we-meeting is
// this checkout (built). Every check runs in a fresh Node, with no DOM, from that directory.
const ROOT = resolve('.');
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  main: string;
  types: string;
};

const app = mkdtempSync(join(tmpdir(), 'we-package-'));
mkdirSync(join(app, 'node_modules'));
symlinkSync(ROOT, join(app, 'node_modules', 'we-meeting'), 'dir');
process.on('exit', () => rmSync(app, { recursive: true, force: true }));

async function nodeIn(directory: string, script: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: directory, timeout: 60_000 });
  return stdout;
}

const specifier = (key: string) => (key === '.' ? 'we-meeting' : `we-meeting/${key.slice(2)}`);

/** The browser entries and the built file each must resolve to. */
const BROWSER_ENTRIES = [
  ['we-meeting', 'dist/index.js'],
  ['we-meeting/elements.js', 'dist/elements/define-all.js'],
  ['we-meeting/core', 'dist/core/index.js'],
  ['we-meeting/protocol', 'dist/protocol/index.js'],
  ...(existsSync(join(ROOT, 'src/react.ts')) ? [['we-meeting/react', 'dist/react.js']] : []),
] as const;

test('exports map: every entry resolves to a built file, with its types beside it', async () => {
  const keys = Object.keys(pkg.exports);
  const resolved = JSON.parse(
    await nodeIn(app, `console.log(JSON.stringify(${JSON.stringify(keys.map(specifier))}.map((s) => import.meta.resolve(s))))`),
  ) as string[];
  keys.forEach((key, index) => {
    const file = fileURLToPath(resolved[index] ?? '');
    assert.ok(existsSync(file), `${specifier(key)} → ${file} does not exist`);
    const target = pkg.exports[key];
    if (typeof target === 'object') {
      assert.ok(existsSync(join(ROOT, target.types)), `${specifier(key)}: types ${target.types} do not exist`);
      assert.equal(file, join(ROOT, target.default));
    }
  });
  assert.ok(existsSync(join(ROOT, pkg.main)) && existsSync(join(ROOT, pkg.types)), 'main and types exist');
});

test('exports map: every src/*.ts entry point has its subpath', () => {
  const subpaths = new Set(Object.keys(pkg.exports));
  assert.ok(subpaths.has('.') && subpaths.has('./elements.js') && subpaths.has('./core'));
  if (existsSync(join(ROOT, 'src/react.ts'))) assert.ok(subpaths.has('./react'), './react is exported');
});

for (const [entry, file] of BROWSER_ENTRIES) {
  test(`import('${entry}') in Node without a DOM (server-side rendering) does not throw`, async () => {
    const out = await nodeIn(
      app,
      `const url = import.meta.resolve(${JSON.stringify(entry)});
       const module = await import(${JSON.stringify(entry)});
       console.log(JSON.stringify({ url, exports: Object.keys(module).length, dom: typeof document }));`,
    );
    const result = JSON.parse(out) as { url: string; exports: number; dom: string };
    assert.equal(fileURLToPath(result.url), join(ROOT, file));
    assert.equal(result.dom, 'undefined', 'ran without a DOM');
    if (entry !== 'we-meeting/elements.js') assert.ok(result.exports > 0, `${entry} exports something`);
  });
}

test('we-meeting exports the element classes and the core client without registering any element', async () => {
  const out = await nodeIn(
    app,
    `const defined = [];
     globalThis.customElements = { get: () => undefined, define: (tag) => defined.push(tag) };
     const sdk = await import('we-meeting');
     console.log(JSON.stringify({ defined, names: ['WeMeetingElement', 'WeChatElement', 'WePollElement', 'WeHistoryElement', 'MeetingClient', 'defineElement'].filter((name) => typeof sdk[name] === 'function') }));`,
  );
  const result = JSON.parse(out) as { defined: string[]; names: string[] };
  assert.deepEqual(result.defined, []);
  assert.equal(result.names.length, 6, `missing: ${result.names.join(', ')}`);
});

test('we-meeting/elements.js registers <we-meeting>, <we-chat>, <we-poll>, <we-history> and <we-sign-in>', async () => {
  const out = await nodeIn(
    app,
    `const defined = [];
     globalThis.customElements = { get: () => undefined, define: (tag) => defined.push(tag) };
     await import('we-meeting/elements.js');
     console.log(JSON.stringify(defined.sort()));`,
  );
  assert.deepEqual(JSON.parse(out), ['we-chat', 'we-history', 'we-meeting', 'we-poll', 'we-sign-in']);
});

test('defineElement() warns instead of throwing when another copy already registered the tag', async () => {
  const out = await nodeIn(
    app,
    `const registry = new Map();
     globalThis.customElements = {
       get: (tag) => registry.get(tag),
       define: (tag, ctor) => { if (registry.has(tag)) throw new Error('already defined'); registry.set(tag, ctor); },
     };
     const warnings = [];
     console.warn = (message) => warnings.push(String(message));
     const { defineElement } = await import('we-meeting');
     class First {}
     class Second {}
     defineElement('we-test', First);
     defineElement('we-test', First);
     defineElement('we-test', Second);
     console.log(JSON.stringify({ kept: registry.get('we-test') === First, warnings }));`,
  );
  const result = JSON.parse(out) as { kept: boolean; warnings: string[] };
  assert.equal(result.kept, true);
  assert.equal(result.warnings.length, 1, 'one warning, for the other copy only');
  assert.match(result.warnings[0] ?? '', /<we-test> is already defined/);
});
