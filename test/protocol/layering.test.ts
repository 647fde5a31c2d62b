import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

// The one-way rule: elements → core → protocol, server → protocol. Elements know no protocol:
// what they need of it (limits, masking, types) comes through core. Nothing browser-side may
// reach the server or the Node SFU, and protocol stays free of DOM and Node APIs.
const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(dir, file));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}

function layerOf(path: string): string {
  return relative(SRC, path).split('/')[0] ?? '';
}

const allowed: Record<string, string[]> = {
  protocol: ['protocol'],
  core: ['core', 'protocol'],
  elements: ['elements', 'core'],
  server: ['server', 'protocol'],
};

for (const [layer, may] of Object.entries(allowed)) {
  test(`src/${layer} imports only from ${may.join(', ')}`, () => {
    const offences: string[] = [];
    for (const file of sourceFiles(join(SRC, layer))) {
      for (const specifier of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = layerOf(resolve(dirname(file), specifier));
          if (!may.includes(target)) offences.push(`${relative(SRC, file)} → ${specifier}`);
        } else if (layer !== 'server' && (/^(node:|mediasoup$|mediasoup\/|ws$|pino|jose|kysely|better-sqlite3)/.test(specifier))) {
          offences.push(`${relative(SRC, file)} → ${specifier}`);
        }
      }
    }
    assert.deepEqual(offences, []);
  });
}

test('protocol uses no DOM or Node globals', () => {
  for (const file of sourceFiles(join(SRC, 'protocol'))) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /\b(window|document|process|Buffer|require)\b[.(]/, file);
  }
});

/** What `file` imports at load time: `import type`, `export type` and `import()` are left out. */
function staticImportsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)(?!\s+type\b)[^'";]*?from\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]/gm)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
}

/** Every package `entry` reaches through static imports, with the source file that imports it. */
function staticPackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of staticImportsOf(file)) {
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
      else if (!packages.has(specifier)) packages.set(specifier, relative(SRC, file));
    }
  };
  visit(join(SRC, entry));
  return packages;
}

for (const entry of ['core/meeting-client.ts', 'core/chat/chat-session.ts', 'core/index.ts']) {
  test(`${entry} loads neither mediasoup-client nor @noble/ciphers statically: both come through core/lazy-modules.ts`, () => {
    const heavy = [...staticPackages(entry)].filter(([name]) => /^(mediasoup-client|@noble\/)/.test(name));
    assert.deepEqual(heavy, []);
  });
}
