import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { slimMediasoupClient } from './scripts/rollup-slim-mediasoup-client.mjs';

/** The self-contained `<script>` build: every element registered, API on `window.WeMeeting`. */
export default {
  input: 'src/iife.ts',
  output: {
    file: 'dist/we-meeting.iife.js',
    format: 'iife',
    name: 'WeMeeting',
    sourcemap: true,
  },
  plugins: [
    slimMediasoupClient(),
    nodeResolve({ browser: true, exportConditions: ['production'] }),
    // mediasoup-client and its helpers ship CommonJS.
    commonjs(),
    esbuild({ target: 'es2022', minify: true, legalComments: 'none', tsconfig: 'tsconfig.json' }),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
