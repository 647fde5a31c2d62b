/**
 * A last compression pass with terser over a chunk esbuild has already minified: terser's
 * multi-pass compressor finds a few percent more (measured on the `<script>` bundle:
 * `node bench/bundle-size.mjs`). Output stays ASCII so that the bundle reads the same on a
 * host page in any encoding.
 *
 * It also shortens the properties named `_` and a lowercase letter: the internal fields of
 * mediasoup-client (`_pc`, `_remoteSdp`, …) and the elements' reactive state (`_panel`). No
 * code reaches them by a string name, and no API, message or DOM name has that form (Lit's own
 * cross-version fields are `_$…` and keep their names).
 */
import { minify } from 'terser';

export function terser() {
  return {
    name: 'terser',
    async renderChunk(code, chunk, outputOptions) {
      const result = await minify(code, {
        ecma: 2020,
        // An ES module's top level is private; an IIFE's is the page's (its global name).
        module: outputOptions.format === 'es',
        compress: { passes: 2 },
        mangle: { properties: { regex: /^_[a-z]/ } },
        format: { ascii_only: true, comments: false },
        sourceMap: outputOptions.sourcemap ? { asObject: true } : false,
      });
      return { code: result.code ?? '', map: result.map ?? null };
    },
  };
}
