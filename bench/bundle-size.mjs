// What each size step of the `<script>` build buys, measured on the same sources in one run:
// the meeting script is built in memory as one file (every chunk inlined) with the steps of
// rollup.config.mjs added one at a time.
//
//   node bench/bundle-size.mjs
//
// Prints raw and gzip -9 bytes per variant and the difference from the previous row. The last
// row has every step `npm run build` applies to dist/we-meeting.js and its chunks.
import { rollup } from 'rollup';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { singleFileConfig } from '../rollup.config.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const NONE = { templates: false, messageIds: false, terser: false };
const VARIANTS = [
  { name: 'esbuild minify only', steps: NONE },
  { name: '+ Lit css/html minified', steps: { ...NONE, templates: true } },
  { name: '+ short message ids, unused dropped', steps: { ...NONE, templates: true, messageIds: true } },
  { name: '+ terser pass (shipped)', steps: {} },
];

async function sizeOf({ steps }) {
  const config = singleFileConfig(steps);
  const bundle = await rollup({ ...config, onwarn() {} });
  const { output } = await bundle.generate({ ...config.output, sourcemap: false });
  await bundle.close();
  const code = output[0].code;
  return { raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

console.log(`${'variant'.padEnd(40)}${'raw'.padStart(9)}${'gzip -9'.padStart(9)}${'Δ gzip'.padStart(9)}`);
let previous;
for (const variant of VARIANTS) {
  const { raw, gzip } = await sizeOf(variant);
  const delta = previous === undefined ? '' : String(gzip - previous);
  console.log(`${variant.name.padEnd(40)}${String(raw).padStart(9)}${String(gzip).padStart(9)}${delta.padStart(9)}`);
  previous = gzip;
}
