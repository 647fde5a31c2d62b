import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

// dist/we-meeting.iife.js, the `<script>` bundle, as a host page loads it.
const IIFE = 'dist/we-meeting.iife.js';
const code = readFileSync(IIFE, 'utf8');
const HISTORY_IIFE = 'dist/we-history.iife.js';

/** Runs a bundle with only what it touches while loading: no real DOM is needed to register. */
function load(file = IIFE, global = 'WeMeeting'): { defined: string[]; api: Record<string, unknown> } {
  const defined: string[] = [];
  const platform = ['Event', 'EventTarget', 'CustomEvent', 'TextEncoder', 'TextDecoder', 'URL', 'crypto', 'setTimeout', 'clearTimeout', 'queueMicrotask', 'DOMException'];
  const context = vm.createContext({
    ...Object.fromEntries(platform.map((name) => [name, (globalThis as Record<string, unknown>)[name]])),
    console,
    HTMLElement: class {},
    document: { createTreeWalker: () => ({}), createComment: () => ({}), createElement: () => ({}) },
    customElements: { get: () => undefined, define: (tag: string) => defined.push(tag) },
  });
  vm.runInContext('globalThis.window = globalThis;', context);
  vm.runInContext(readFileSync(file, 'utf8'), context, { filename: file });
  return { defined, api: vm.runInContext(global, context) as Record<string, unknown> };
}

test('we-meeting.iife.js registers the three meeting elements and exposes the API as window.WeMeeting', () => {
  const { defined, api } = load();
  assert.deepEqual(defined.sort(), ['we-chat', 'we-meeting', 'we-poll']);
  for (const name of ['MeetingClient', 'WeMeetingElement', 'WeChatElement', 'WePollElement', 'WeJoinEvent', 'WeVoteEvent', 'defineElement']) {
    assert.equal(typeof api[name], 'function', `WeMeeting.${name}`);
  }
  assert.equal(api.WeHistoryElement, undefined, 'the records view is in its own script');
  assert.equal(api.RecordsClient, undefined, 'so is the records client');
});

test('we-history.iife.js registers <we-history> and exposes its classes as window.WeMeetingHistory', () => {
  const { defined, api } = load(HISTORY_IIFE, 'WeMeetingHistory');
  assert.deepEqual(defined, ['we-history']);
  for (const name of ['WeHistoryElement', 'WeExportEvent', 'RecordsClient']) {
    assert.equal(typeof api[name], 'function', `WeMeetingHistory.${name}`);
  }
  assert.doesNotMatch(readFileSync(HISTORY_IIFE, 'utf8'), /mediasoup|RTCPeerConnection/, 'no media client in the records script');
});

test('we-meeting.iife.js is ASCII, so it reads the same on a page in any encoding', () => {
  assert.equal(/[^\x00-\x7f]/.exec(code), null);
});

test('we-meeting.iife.js has a source map that leads back to the TypeScript sources', () => {
  assert.match(code, /\/\/# sourceMappingURL=we-meeting\.iife\.js\.map\s*$/);
  const map = JSON.parse(readFileSync(`${IIFE}.map`, 'utf8')) as { sources: string[]; mappings: string };
  for (const source of ['src/elements/meeting/meeting-element.ts', 'src/elements/chat/chat.styles.ts', 'src/core/meeting-client.ts']) {
    assert.ok(map.sources.some((path) => path.endsWith(source)), `${source} in the map`);
  }
  assert.ok(map.mappings.length > 10_000);
});

test('we-meeting.iife.js leaves out what a web page never runs: React, Node\'s require', () => {
  assert.ok(!/react\.development|__SECRET_INTERNALS|createElement\("react/i.test(code), 'no React');
  assert.ok(!/\brequire\(["']/.test(code), 'no require() call');
});
