// What each size step of the `<script>` bundle buys, measured on the same sources in one run:
// the bundle is built in memory with the steps of rollup.config.mjs added one at a time.
//
//   node bench/bundle-size.mjs
//
// Prints raw and gzip -9 bytes per variant and the difference from the previous row. The last
// full row is what `npm run build` writes to dist/we-meeting.iife.js.
import { rollup } from 'rollup';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iifeConfig } from '../rollup.config.mjs';
import { slimMediasoupClient } from '../scripts/rollup-slim-mediasoup-client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

/** The slimming as it first was: only mediasoup-client's own handlers, fakes and `debug`. */
function firstSlimming() {
  const plugin = slimMediasoupClient();
  const later = new Set(['./DataProducer', './DataConsumer', 'events-alias', 'awaitqueue', 'h264-profile-level-id']);
  return {
    ...plugin,
    resolveId(source, importer) {
      if (importer === undefined || !importer.includes('/node_modules/mediasoup-client/lib/')) return null;
      const key = source.replace(/\.js$/, '');
      if (later.has(key) || key.endsWith('/Logger')) return null;
      return plugin.resolveId.call(this, source, importer);
    },
    transform: undefined,
  };
}

const NONE = { slim: false, templates: false, messageIds: false, terser: false };
const VARIANTS = [
  { name: 'esbuild minify only', steps: NONE },
  { name: '+ first mediasoup-client slimming', steps: NONE, extra: firstSlimming },
  { name: '+ data channels, stand-ins, debug calls', steps: { ...NONE, slim: true } },
  { name: '+ Lit css/html minified', steps: { ...NONE, slim: true, templates: true } },
  { name: '+ short message ids, unused dropped', steps: { ...NONE, slim: true, templates: true, messageIds: true } },
  { name: '+ terser pass, _fields (shipped)', steps: {} },
];

async function sizeOf({ steps, extra }) {
  const config = iifeConfig(steps);
  const plugins = [...(extra ? [extra()] : []), ...config.plugins];
  const bundle = await rollup({ ...config, plugins, onwarn() {} });
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
