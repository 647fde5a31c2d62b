// Where the bytes of a file of the `<script>` builds come from: every character of
// dist/we-meeting.js (or of the file named, such as a chunk) is given to the source its source
// map names, and the sources are grouped by package (node_modules) or by folder (src/). Prints
// raw and gzip -9 bytes per group, each group compressed on its own, beside the whole file
// compressed as shipped (the sum of the groups is larger: gzip finds less to share inside one
// group).
//
//   npm run build && node bench/bundle-breakdown.mjs [dist/chunks/<name>.js]
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, process.argv[2] ?? 'dist/we-meeting.js');
const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The values of one source map segment (base64 VLQ). */
function decodeSegment(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * `node_modules/lit-html/…` → `lit-html`; `src/elements/chat/…` → `src/elements/chat`.
 */
function groupOf(source) {
  const path = source.replace(/^(\.\.\/)+/, '');
  const dependency = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path);
  if (dependency) return dependency[1];
  const own = /(src\/[^/]+\/[^/]+)\/|(src\/[^/]+)/.exec(path);
  if (own) return own[1] ?? own[2];
  return path.startsWith('\0') || path === '' ? '(generated)' : path;
}

const groups = new Map();
const lines = code.split('\n');
let source = 0;
map.mappings.split(';').forEach((line, index) => {
  const text = lines[index] ?? '';
  let column = 0;
  const segments = line === '' ? [] : line.split(',').map(decodeSegment);
  segments.forEach((values, position) => {
    column += values[0];
    if (values.length > 1) source += values[1];
    const end = position + 1 < segments.length ? column + segments[position + 1][0] : text.length;
    const group = values.length > 1 ? groupOf(map.sources[source]) : '(generated)';
    groups.set(group, (groups.get(group) ?? '') + text.slice(column, end));
  });
});

const gzip = (text) => gzipSync(text, { level: 9 }).length;
const whole = gzip(code);
const rows = [...groups].map(([name, text]) => ({ name, raw: Buffer.byteLength(text), gzip: gzip(text) }));
rows.sort((a, b) => b.gzip - a.gzip);
const sum = rows.reduce((total, row) => total + row.gzip, 0);

console.log(`${'group'.padEnd(32)}${'raw'.padStart(9)}${'gzip -9'.padStart(9)}${'share'.padStart(8)}`);
for (const row of rows) {
  const share = `${((row.gzip / sum) * 100).toFixed(1)}%`;
  console.log(`${row.name.padEnd(32)}${String(row.raw).padStart(9)}${String(row.gzip).padStart(9)}${share.padStart(8)}`);
}
console.log(`${'groups, each compressed alone'.padEnd(32)}${''.padStart(9)}${String(sum).padStart(9)}`);
console.log(`${'the file, compressed as shipped'.padEnd(32)}${String(Buffer.byteLength(code)).padStart(9)}${String(whole).padStart(9)}`);
