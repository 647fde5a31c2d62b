import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

// The one-way rule: elements → core → protocol, server → protocol. Nothing browser-side
// may reach the server or the Node SFU, and protocol stays free of DOM and Node APIs.
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
  elements: ['elements', 'core', 'protocol'],
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
