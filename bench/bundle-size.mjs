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
  const later = new Set(['./DataProducer', './DataConsumer', 'events-alias', 'awaitqueue']);
  return {
    ...plugin,
    resolveId(source, importer) {
      if (importer === undefined || !importer.includes('/node_modules/mediasoup-client/lib/')) return null;
      if (later.has(source.replace(/\.js$/, ''))) return null;
      return plugin.resolveId.call(this, source, importer);
    },
  };
}

/** The three elements the budget counts (`<we-meeting>`, `<we-chat>`, `<we-poll>`), without `<we-history>`. */
function threeElementsEntry() {
  const id = '\0three-elements';
  const src = (path) => JSON.stringify(join(root, 'src', path));
  return {
    name: 'three-elements-entry',
    resolveId: (source) => (source === id ? id : null),
    load: (source) =>
      source === id
        ? [
            `import ${src('elements/meeting/we-meeting.ts')};`,
            `import ${src('elements/chat/we-chat.ts')};`,
            `import ${src('elements/poll/we-poll.ts')};`,
            `export * from ${src('core/index.ts')};`,
            `export { WeMeetingElement } from ${src('elements/meeting/meeting-element.ts')};`,
            `export { WeChatElement } from ${src('elements/chat/chat-element.ts')};`,
            `export { WePollElement } from ${src('elements/poll/poll-element.ts')};`,
            `export * from ${src('elements/internal/events/index.ts')};`,
          ].join('\n')
        : null,
  };
}

const VARIANTS = [
  { name: 'esbuild minify only', steps: { slim: false, templates: false, terser: false } },
  { name: '+ first mediasoup-client slimming', steps: { slim: false, templates: false, terser: false }, extra: firstSlimming },
  { name: '+ data channels, emitter, queue, debug', steps: { templates: false, terser: false } },
  { name: '+ Lit css/html minified', steps: { terser: false } },
  { name: '+ terser pass (shipped)', steps: {} },
  { name: 'shipped, without <we-history>', steps: {}, entry: threeElementsEntry },
];

async function sizeOf({ steps, extra, entry }) {
  const config = iifeConfig(steps);
  const plugins = [...(entry ? [entry()] : []), ...(extra ? [extra()] : []), ...config.plugins];
  const bundle = await rollup({ ...config, ...(entry ? { input: '\0three-elements' } : {}), plugins, onwarn() {} });
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
