/**
 * Shortens the ids of the translated messages in a `<script>` bundle and leaves out the
 * translations that bundle never shows:
 *
 * - every `msg(…, { id: 'chat.composer' })` of the elements gets a short id (`'2k'`), the same
 *   one its entry in each translation table (`src/elements/locales/*.ts`) gets;
 * - entries no `msg` call of the bundle asks for are dropped from the tables (the meeting
 *   script does not carry the records view's translations, and the other way round).
 *
 * The ids are numbered in the sorted order of all translated ids, so a build is reproducible.
 * Every `msg` call must name its id as a string literal: an id made at run time could not be
 * matched with the shortened tables, so it fails the build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spliceWithSourceMap, walk } from './rollup-minify-lit-templates.mjs';

/** Marks the table keys between the transform and the chunk, where the unused ones are known. */
const MARK = 'we-message:';

/**
 * @param {{ localesDir?: string, include?: RegExp }} [options]
 *   localesDir: the generated translation tables (default `src/elements/locales`);
 *   include: the modules whose `msg` calls are rewritten (default: our TypeScript elements)
 */
export function shortMessageIds({ localesDir = 'src/elements/locales', include = /\/src\/elements\/.*\.ts$/ } = {}) {
  const tablesDir = resolve(localesDir);
  /** @type {Map<string, string>} */
  let shortIds = new Map();
  /** @type {Set<string>} */
  const asked = new Set();
  const stats = { calls: 0, kept: 0, dropped: 0 };

  return {
    name: 'short-message-ids',
    buildStart() {
      const ids = new Set();
      for (const file of readdirSync(tablesDir).filter((name) => /\.[jt]s$/.test(name))) {
        const path = join(tablesDir, file);
        for (const property of tableProperties(this.parse(readFileSync(path, 'utf8')), path, this)) ids.add(property.key.value);
      }
      shortIds = new Map([...ids].sort().map((id, index) => [id, index.toString(36)]));
      asked.clear();
      Object.assign(stats, { calls: 0, kept: 0, dropped: 0 });
    },
    transform(code, id) {
      if (!include.test(id)) return null;
      const edits = [];
      if (resolve(id).startsWith(tablesDir)) {
        for (const property of tableProperties(this.parse(code), id, this)) {
          const short = shortIds.get(property.key.value);
          if (short !== undefined) edits.push(replace(property.key, JSON.stringify(MARK + short)));
        }
      } else {
        if (!/\bmsg\(/.test(code)) return null;
        for (const call of msgCalls(this.parse(code))) {
          const idLiteral = messageId(call);
          if (idLiteral === undefined) this.error({ message: 'msg() needs a string literal id: { id: \'…\' }', id, pos: call.start });
          const short = shortIds.get(idLiteral.value);
          stats.calls += 1;
          if (short === undefined) continue; // No translation: the lookup falls back to the text itself.
          asked.add(short);
          edits.push(replace(idLiteral, JSON.stringify(short)));
        }
      }
      return edits.length === 0 ? null : spliceWithSourceMap(code, edits, id);
    },
    renderChunk(code, chunk) {
      if (!code.includes(MARK)) return null;
      const edits = [];
      for (const { properties } of objectsWithMarkedKeys(this.parse(code))) {
        properties.forEach((property, index) => {
          if (!isMarked(property)) return;
          const short = property.key.value.slice(MARK.length);
          if (asked.has(short)) {
            edits.push(replace(property.key, JSON.stringify(short)));
            stats.kept += 1;
          } else {
            // Up to the next entry, so that its comma goes too.
            edits.push({ start: property.start, end: properties[index + 1]?.start ?? property.end, text: '' });
            stats.dropped += 1;
          }
        });
      }
      return edits.length === 0 ? null : spliceWithSourceMap(code, edits, chunk.fileName);
    },
    api: { stats },
  };
}

const replace = (node, text) => ({ start: node.start, end: node.end, text });

const isStringLiteral = (node) => node?.type === 'Literal' && typeof node.value === 'string';

const isMarked = (property) =>
  property.type === 'Property' && isStringLiteral(property.key) && property.key.value.startsWith(MARK);

/** The entries of `export const templates = { … }` in a translation table. */
function tableProperties(program, id, context) {
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : undefined;
    const table = declaration?.declarations?.find((declarator) => declarator.id.name === 'templates')?.init;
    if (table?.type === 'ObjectExpression') {
      return table.properties.filter((property) => property.type === 'Property' && isStringLiteral(property.key));
    }
  }
  return context.error({ message: `no "export const templates = { … }" in ${id}` });
}

/** The string literal id of a `msg(template, { id })` call, if it has one. */
function messageId(call) {
  const options = call.arguments[1];
  if (options?.type !== 'ObjectExpression') return undefined;
  const property = options.properties.find(
    (entry) => entry.type === 'Property' && !entry.computed && (entry.key.name ?? entry.key.value) === 'id',
  );
  return isStringLiteral(property?.value) ? property.value : undefined;
}

function* msgCalls(program) {
  for (const node of walk(program)) {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'msg') yield node;
  }
}

function* objectsWithMarkedKeys(program) {
  for (const node of walk(program)) {
    if (node.type === 'ObjectExpression' && node.properties.some(isMarked)) yield node;
  }
}
