import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// "sideEffects" lets bundlers drop any other file an application does not use, so it must
// name exactly the files that register elements, read from what the build wrote.
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { sideEffects: string[] };
const declared = new Set(pkg.sideEffects.map((path) => path.replace(/^\.\//, '')));

const builtFiles = readdirSync('dist', { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.js') && !file.startsWith('server/'))
  .map((file) => join('dist', file));

/** Top-level statements that register an element: a `defineElement('we-…', …)` or `customElements.define` call. */
const registers = (text: string) => /^(defineElement\(['"]we-|customElements\.define\()/m.test(text);
/** Only bare imports (and comments): a file whose whole job is to pull registering files in. */
const bareImports = (text: string) => {
  const code = text.replace(/\/\*[^]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '').trim();
  return code.length > 0 && code.split('\n').every((line) => /^import ['"][^'"]+['"];$/.test(line.trim()) || line.trim() === '');
};

test('sideEffects names exactly the built files that register elements', () => {
  const registering = builtFiles.filter((file) => {
    const text = readFileSync(file, 'utf8');
    return registers(text) || bareImports(text);
  });
  const expected = [...registering, 'dist/we-meeting.js', 'dist/we-history.js'].sort();
  assert.deepEqual([...declared].sort(), expected);
});

test('sideEffects: every named file exists and registers, directly or through its imports', () => {
  for (const file of declared) {
    assert.ok(existsSync(file), `${file} exists`);
    if (file === 'dist/we-meeting.js' || file === 'dist/we-history.js') continue; // The script builds.
    const text = readFileSync(file, 'utf8');
    if (registers(text)) continue;
    const imports = [...text.matchAll(/^import ['"](\.[^'"]+)['"];$/gm)].map((match) => join(file, '..', match[1] ?? ''));
    assert.ok(imports.length > 0 && imports.every((path) => declared.has(path)), `${file} only imports registering files`);
  }
});

test('registering files are the five we-*.js files and define-all.js; classes register nothing', () => {
  const direct = builtFiles.filter((file) => registers(readFileSync(file, 'utf8'))).sort();
  assert.deepEqual(direct, [
    'dist/elements/chat/we-chat.js',
    'dist/elements/history/we-history.js',
    'dist/elements/meeting/we-meeting.js',
    'dist/elements/poll/we-poll.js',
    'dist/elements/sign-in/we-sign-in.js',
  ]);
});
