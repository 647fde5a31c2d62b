import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { minifyLitTemplates } from './scripts/rollup-minify-lit-templates.mjs';
import { shortMessageIds } from './scripts/rollup-short-message-ids.mjs';
import { terser } from './scripts/rollup-terser.mjs';

/**
 * The browsers the bundle is for: those with the WebRTC handlers mediasoup-client ships
 * (Chrome 111, Firefox 120) and ES2022 classes (Safari 15).
 */
const BROWSERS = ['chrome111', 'edge111', 'firefox120', 'safari15'];

/** The meeting script: `<we-meeting>`, `<we-chat>`, `<we-poll>`, API on `window.WeMeeting`. */
export const MEETING_SCRIPT = { input: 'src/iife.ts', file: 'dist/we-meeting.iife.js', name: 'WeMeeting' };
/** The records script for the creator's pages: `<we-history>`, API on `window.WeMeetingHistory`. */
export const HISTORY_SCRIPT = { input: 'src/history-iife.ts', file: 'dist/we-history.iife.js', name: 'WeMeetingHistory' };

/**
 * A self-contained `<script>` build (by default the meeting script) with its elements registered.
 * Its gzip size has a budget: `node scripts/check-size.mjs` (part of `npm test`).
 *
 * @param {{ templates?: boolean, messageIds?: boolean, terser?: boolean }} [steps]
 *   which size steps to apply (all by default; bench/bundle-size.mjs turns them off one by one)
 */
export function iifeConfig(steps = {}, script = MEETING_SCRIPT) {
  const { templates = true, messageIds = true, terser: useTerser = true } = steps;
  return {
    input: script.input,
    output: {
      file: script.file,
      format: 'iife',
      name: script.name,
      sourcemap: true,
    },
    plugins: [
      nodeResolve({ browser: true, exportConditions: ['production'] }),
      // mediasoup-client and its helpers ship CommonJS.
      commonjs(),
      esbuild({ target: 'es2022', tsconfig: 'tsconfig.json' }),
      templates && minifyLitTemplates({ cssTarget: BROWSERS }),
      messageIds && shortMessageIds(),
      minify({ target: 'es2022', legalComments: 'none' }),
      useTerser && terser(),
    ],
    onwarn(warning, warn) {
      if (warning.code === 'THIS_IS_UNDEFINED') return;
      warn(warning);
    },
  };
}

export default [iifeConfig(), iifeConfig({}, HISTORY_SCRIPT)];
