/**
 * A last compression pass with terser over a chunk esbuild has already minified: terser's
 * multi-pass compressor finds a few percent more (measured on the `<script>` bundle:
 * `node bench/bundle-size.mjs`). Output stays ASCII so that the bundle reads the same on a
 * host page in any encoding. It renames no property: the chunk holds third-party code as
 * published, and no property name of ours or theirs is the build's to change.
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
        compress: { passes: 3 },
        format: { ascii_only: true, comments: false },
        sourceMap: outputOptions.sourcemap ? { asObject: true } : false,
      });
      return { code: result.code ?? '', map: result.map ?? null };
    },
  };
}
