import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAst } from 'rollup/parseAst';

// The rollup plugin that shortens message ids in the `<script>` bundles, on small inputs.
interface Plugin {
  buildStart(this: unknown): void;
  transform(this: unknown, code: string, id: string): { code: string } | null;
  renderChunk(this: unknown, code: string, chunk: { fileName: string }): { code: string } | null;
  api: { stats: { calls: number; kept: number; dropped: number } };
}
const { shortMessageIds } = (await import(pathToFileURL(resolve('scripts/rollup-short-message-ids.mjs')).href)) as {
  shortMessageIds: (options: { localesDir: string; include?: RegExp }) => Plugin;
};

const context = {
  parse: (text: string) => parseAst(text),
  error: (error: string | { message: string }) => {
    throw new Error(typeof error === 'string' ? error : error.message);
  },
};

const TABLE = [
  "import {str} from '@lit/localize';",
  'export const templates = {',
  "'chat.empty': `暂无消息`,",
  "'history.heading': `我的会议`,",
  "'poll.new': str`新投票：${0}`,",
  '};',
].join('\n');

function setUp() {
  const root = mkdtempSync(join(tmpdir(), 'we-message-ids-'));
  const localesDir = join(root, 'src', 'elements', 'locales');
  mkdirSync(localesDir, { recursive: true });
  writeFileSync(join(localesDir, 'zh-Hans.ts'), TABLE);
  const plugin = shortMessageIds({ localesDir });
  plugin.buildStart.call(context);
  return { plugin, table: join(localesDir, 'zh-Hans.ts'), element: join(root, 'src', 'elements', 'chat', 'view.ts') };
}

test('shortMessageIds() gives msg calls and table entries the same short ids and drops entries nobody asks for', () => {
  const { plugin, table, element } = setUp();
  const view = plugin.transform.call(
    context,
    [
      "const a = msg('No messages yet', { id: 'chat.empty' });",
      'const b = msg(str`New poll: ${q}`, {',
      "  id: 'poll.new',",
      '});',
      "const c = msg('Untranslated', { id: 'chat.new-thing' });",
    ].join('\n'),
    element,
  );
  assert.ok(view);
  // Numbered in the sorted order of the translated ids: chat.empty, history.heading, poll.new.
  assert.match(view.code, /msg\('No messages yet', \{ id: "0" \}\)/);
  assert.match(view.code, /id: "2",/);
  assert.match(view.code, /id: 'chat\.new-thing'/, 'an id without a translation stays as written');

  const tableModule = plugin.transform.call(context, TABLE, table);
  assert.ok(tableModule);
  assert.doesNotMatch(tableModule.code, /'chat\.empty'/);

  // The chunk as rollup renders it: the table with the marked keys.
  const chunk = `const templates = {${tableModule.code.split('export const templates = {')[1]!.replace(/};\s*$/, '')}};\nexport { templates };`;
  const rendered = plugin.renderChunk.call(context, chunk, { fileName: 'we.js' });
  assert.ok(rendered);
  const entries = rendered.code.match(/^"[^"]*":/gm);
  assert.deepEqual(entries, ['"0":', '"2":']);
  assert.doesNotMatch(rendered.code, /我的会议|we-message:/);
  assert.doesNotThrow(() => parseAst(rendered.code));
  assert.deepEqual(plugin.api.stats, { calls: 3, kept: 2, dropped: 1 });
});

test('shortMessageIds() fails the build on a msg call whose id is not a string literal', () => {
  const { plugin, element } = setUp();
  assert.throws(() => plugin.transform.call(context, 'msg(text, { id: name });', element), /string literal id/);
  assert.throws(() => plugin.transform.call(context, "msg('Hello');", element), /string literal id/);
});

test('shortMessageIds() leaves modules outside the elements alone', () => {
  const { plugin } = setUp();
  assert.equal(plugin.transform.call(context, "msg('x', { id: 'chat.empty' });", '/project/src/core/x.ts'), null);
});
