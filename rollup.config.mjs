import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { minifyLitTemplates } from './scripts/rollup-minify-lit-templates.mjs';
import { scriptChunks } from './scripts/rollup-script-chunks.mjs';
import { shortMessageIds } from './scripts/rollup-short-message-ids.mjs';
import { terser } from './scripts/rollup-terser.mjs';

/**
 * The browsers the bundle is for: those with the WebRTC handlers mediasoup-client ships
 * (Chrome 111, Firefox 120) and ES2022 classes (Safari 15).
 */
const BROWSERS = ['chrome111', 'edge111', 'firefox120', 'safari15'];

/**
 * The meeting script: registers `<we-meeting>`, `<we-chat>`, `<we-poll>`, API on
 * `window.WeMeeting`. `manifest` lists its chunks (read by the size check and the tests);
 * `layers` are the chunks it loads on demand, each named by the modules its code is imported
 * through (see scripts/rollup-script-chunks.mjs).
 */
export const MEETING_SCRIPT = {
  input: 'src/iife.ts',
  entry: 'we-meeting.js',
  name: 'WeMeeting',
  manifest: 'we-meeting.chunks.json',
  layers: [
    // The client and mediasoup-client: what joining needs.
    { name: 'media', roots: /\/src\/core\/(meeting-api|meeting-client|media\/sfu-connection)\.ts$/ },
    // End-to-end encryption, which only the client's chat loads.
    { name: 'e2ee', roots: /\/src\/core\/e2ee\/index\.ts$/, after: ['media'] },
    // The elements' heavier views — the meeting screen, the chat's, the polls' — in one chunk:
    // a meeting shows all three, and together they compress 1.5 KB smaller than apart.
    { name: 'views', roots: /\/src\/elements\/(meeting\/meeting-view|chat\/chat-lazy-views|poll\/poll-lazy-views)\.ts$/ },
  ],
};
/** The records script for the creator's pages: `<we-history>`, API on `window.WeMeetingHistory`. */
export const HISTORY_SCRIPT = {
  input: 'src/history-iife.ts',
  entry: 'we-history.js',
  name: 'WeMeetingHistory',
  manifest: 'we-history.chunks.json',
};

/**
 * The translation tables lit-localize generates take `str` from the package's index, which
 * also holds its page-wide runtime (the elements use their own lookup, see
 * `src/elements/internal/localize.ts`): here they take it from the module that defines it.
 */
function localeTag() {
  return {
    name: 'locale-tag',
    resolveId(source, importer) {
      if (source !== '@lit/localize' || importer === undefined || !/[\\/]src[\\/]elements[\\/]locales[\\/]/.test(importer)) return null;
      return this.resolve('@lit/localize/internal/str-tag.js', importer, { skipSelf: true });
    },
  };
}

/** Which size steps a build applies (all by default; bench/bundle-size.mjs turns them off one by one). */
function plugins({ templates = true, messageIds = true, terser: useTerser = true } = {}, extra = []) {
  return [
    localeTag(),
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    // mediasoup-client and its helpers ship CommonJS.
    commonjs(),
    esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
    templates && minifyLitTemplates({ cssTarget: BROWSERS }),
    messageIds && shortMessageIds(),
    ...extra,
    minify({ target: 'es2022', legalComments: 'none' }),
    useTerser && terser(),
  ];
}

function onwarn(warning, warn) {
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
}

/**
 * A `<script>` build in layers (by default the meeting script): `dist/<entry>`, a classic
 * script that registers the elements and paints what they show first, and `dist/chunks/*.js`,
 * what it loads on demand (media, end-to-end encryption, heavier views, other languages),
 * content-hashed and resolved relative to the first script's URL. The gzip sizes have budgets:
 * `node scripts/check-size.mjs` (part of `npm test`).
 *
 * @param {{ templates?: boolean, messageIds?: boolean, terser?: boolean }} [steps]
 */
export function scriptConfig(steps = {}, script = MEETING_SCRIPT) {
  return {
    input: { [script.entry.replace(/\.js$/, '')]: script.input },
    // The first script also exports what its chunks share with it (Lit, base classes).
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: 'dist',
      entryFileNames: script.entry,
      sourcemap: true,
    },
    plugins: plugins(steps, [scriptChunks({ globalName: script.name, manifest: script.manifest, layers: script.layers })]),
    onwarn,
  };
}

/**
 * The same script as one self-contained file, everything loaded at once (the way the meeting
 * script shipped before it loaded in layers): what bench/join-latency.mjs compares the layered
 * build with, and what bench/bundle-size.mjs measures the size steps on.
 */
export function singleFileConfig(steps = {}, script = MEETING_SCRIPT) {
  return {
    input: script.input,
    output: {
      file: `dist/single/${script.entry}`,
      format: 'iife',
      name: script.name,
      inlineDynamicImports: true,
      sourcemap: false,
    },
    plugins: plugins(steps),
    onwarn,
  };
}

export default [scriptConfig(), scriptConfig({}, HISTORY_SCRIPT)];
