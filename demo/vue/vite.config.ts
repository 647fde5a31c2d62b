import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const packageDist = fileURLToPath(new URL('../../dist/', import.meta.url));

// A host app installs we-meeting from npm and imports it by name. Inside this repository
// the names point at the package's own build in dist/ (`npm run build`).
const weMeeting = (file: string) => {
  const path = packageDist + file;
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  return path;
};

// `vite build --mode development` keeps Vue's development warnings (such as "Failed to
// resolve component"); the default build is production.
export default defineConfig(({ mode }) => ({
  root,
  resolve: {
    alias: [
      { find: /^we-meeting$/, replacement: weMeeting('index.js') },
      { find: /^we-meeting\/elements\.js$/, replacement: weMeeting('elements/define-all.js') },
      // The build with the template compiler: the app's templates are strings.
      { find: /^vue$/, replacement: createRequire(import.meta.url).resolve('vue/dist/vue.esm-bundler.js') },
    ],
  },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    ...(mode === 'development' ? { 'process.env.NODE_ENV': JSON.stringify('development') } : {}),
  },
  server: { port: 5174 },
  preview: { port: 5174 },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1024 },
}));
