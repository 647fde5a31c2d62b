import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import vm from 'node:vm';

// The `<script>` builds as a host page loads them: dist/we-meeting.js and dist/we-history.js,
// each a first script and the chunks (dist/chunks/) its manifest lists.
interface Chunk {
  file: string;
  name: string;
  entry: boolean;
  imports: string[];
  dynamicImports: string[];
  modules: string[];
}
const manifest = (name: string) => JSON.parse(readFileSync(`dist/${name}.chunks.json`, 'utf8')) as { global: string; chunks: Chunk[] };
const MEETING = manifest('we-meeting');
const HISTORY = manifest('we-history');
const allFiles = [...MEETING.chunks, ...HISTORY.chunks].map((chunk) => `dist/${chunk.file}`);

/** Runs a first script with only what it touches while loading: no real DOM is needed to register. */
function load(file: string, global: string): { defined: string[]; api: Record<string, unknown> } {
  const defined: string[] = [];
  const platform = ['Event', 'EventTarget', 'CustomEvent', 'TextEncoder', 'TextDecoder', 'URL', 'crypto', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'DOMException'];
  const context = vm.createContext({
    ...Object.fromEntries(platform.map((name) => [name, (globalThis as Record<string, unknown>)[name]])),
    console,
    HTMLElement: class {},
    document: { createTreeWalker: () => ({}), createComment: () => ({}), createElement: () => ({}) },
    customElements: { get: () => undefined, define: (tag: string) => defined.push(tag) },
  });
  vm.runInContext('globalThis.window = globalThis; globalThis.self = globalThis;', context);
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  return { defined, api: vm.runInContext(global, context) as Record<string, unknown> };
}

test('we-meeting.js registers the three meeting elements and exposes the API as window.WeMeeting', () => {
  const { defined, api } = load('dist/we-meeting.js', 'WeMeeting');
  assert.deepEqual(defined.sort(), ['we-chat', 'we-meeting', 'we-poll']);
  for (const name of ['WeMeetingElement', 'WeChatElement', 'WePollElement', 'WeJoinEvent', 'WeVoteEvent', 'ChunkLoadError', 'defineElement', 'formatMeetingId', 'loadCore']) {
    assert.equal(typeof api[name], 'function', `WeMeeting.${name}`);
  }
  assert.equal(api.PROTOCOL_VERSION, 1);
  assert.equal(api.WeHistoryElement, undefined, 'the records view is in its own script');
  assert.equal(api.RecordsClient, undefined, 'so is the records client');
});

test('window.WeMeeting holds the public API only, not what the first script shares with its chunks', () => {
  const { api } = load('dist/we-meeting.js', 'WeMeeting');
  for (const name of Object.keys(api)) assert.match(name, /^(We[A-Z]\w+|ChunkLoadError|defineElement|formatMeetingId|loadCore|PROTOCOL_VERSION)$/, name);
});

test('we-history.js registers <we-history> and <we-sign-in> and exposes their classes as window.WeMeetingHistory', () => {
  const { defined, api } = load('dist/we-history.js', 'WeMeetingHistory');
  assert.deepEqual(defined.sort(), ['we-history', 'we-sign-in']);
  for (const name of ['WeHistoryElement', 'WeExportEvent', 'RecordsClient', 'WeSignInElement', 'WeSignInEvent', 'WeSignOutEvent']) {
    assert.equal(typeof api[name], 'function', `WeMeetingHistory.${name}`);
  }
  assert.ok(!/mediasoup|RTCPeerConnection/.test(readFileSync('dist/we-history.js', 'utf8')), 'no media client in the records script');
});

test('each first script runs on its own: it imports no chunk, so its first paint waits for no other file', () => {
  for (const { chunks } of [MEETING, HISTORY]) {
    const entries = chunks.filter((chunk) => chunk.entry);
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0]!.imports, []);
  }
});

test('chunks have content-hashed names under chunks/, and every file the manifests list exists', () => {
  for (const chunk of [...MEETING.chunks, ...HISTORY.chunks]) {
    if (!chunk.entry) assert.match(chunk.file, /^chunks\/[\w-]+-[\w-]{8}\.js$/);
    assert.ok(existsSync(`dist/${chunk.file}`), chunk.file);
  }
});

test('every file of the script builds is ASCII, so it reads the same on a page in any encoding', () => {
  for (const file of allFiles) assert.equal(/[^\x00-\x7f]/.exec(readFileSync(file, 'utf8')), null, file);
});

test('every file of the script builds has a source map that leads back to the sources', () => {
  const sources = new Set<string>();
  for (const file of allFiles) {
    const name = file.split('/').at(-1)!;
    assert.match(readFileSync(file, 'utf8'), new RegExp(`//# sourceMappingURL=${name.replaceAll('.', '\\.')}\\.map\\s*$`), file);
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    for (const source of map.sources) sources.add(resolve(file, '..', source));
  }
  for (const source of ['src/elements/meeting/meeting-element.ts', 'src/elements/chat/chat.styles.ts', 'src/core/meeting-client.ts']) {
    assert.ok(sources.has(resolve(source)), `${source} in a map`);
  }
});

test('third-party code ships as published: every node_modules source in the maps is the installed file, unchanged', () => {
  let checked = 0;
  for (const file of allFiles) {
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; sourcesContent: (string | null)[] };
    map.sources.forEach((source, index) => {
      const path = resolve(file, '..', source);
      if (!path.includes('/node_modules/')) {
        assert.ok(path.startsWith(resolve('src')) || existsSync(path), `${source}: every source is a real file`);
        return;
      }
      assert.ok(existsSync(path), `${source} exists`);
      assert.equal(map.sourcesContent[index], readFileSync(path, 'utf8'), `${source} is the installed file`);
      checked += 1;
    });
  }
  const inMaps = (name: string) => allFiles.some((file) => readFileSync(`${file}.map`, 'utf8').includes(`node_modules/${name}/`));
  for (const name of ['mediasoup-client', 'awaitqueue', 'h264-profile-level-id', 'events-alias', 'debug']) assert.ok(inMaps(name), `${name} is bundled`);
  assert.ok(checked > 40, `${checked} third-party modules checked`);
});

test('the script builds leave out what a web page never runs: React, Node\'s require', () => {
  for (const file of allFiles) {
    const code = readFileSync(file, 'utf8');
    assert.ok(!/react\.development|__SECRET_INTERNALS|createElement\("react/i.test(code), `${file}: no React`);
    assert.ok(!/\brequire\(["']/.test(code), `${file}: no require() call`);
  }
});

test('the script builds carry no module of their own beside the sources and packages', () => {
  for (const { chunks } of [MEETING, HISTORY]) {
    for (const chunk of chunks) {
      for (const module of chunk.modules) assert.match(module, /^(src|node_modules)\//, `${chunk.file}: ${module}`);
    }
  }
  assert.ok(existsSync(join('dist', 'we-meeting.js.map')));
});

test('the recording notice and status are a chunk of their own: neither the first script nor the meeting screen carries them', () => {
  const holding = (source: string) => MEETING.chunks.filter((chunk) => chunk.modules.includes(source));
  const [recording, ...others] = holding('src/elements/meeting/recording-view.ts');
  assert.equal(others.length, 0);
  assert.ok(recording !== undefined && !recording.entry, 'a chunk loaded on demand');
  assert.ok(!recording.modules.includes('src/elements/meeting/meeting-view.ts'), 'apart from the meeting screen');
});
