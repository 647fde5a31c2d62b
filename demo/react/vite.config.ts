import { existsSync } from 'node:fs';
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

// `vite build --mode development` builds React's development variant, where StrictMode
// double-invokes effects; the default build is production.
export default defineConfig(({ mode }) => ({
  root,
  resolve: {
    alias: [
      { find: /^we-meeting$/, replacement: weMeeting('index.js') },
      { find: /^we-meeting\/elements\.js$/, replacement: weMeeting('elements/define-all.js') },
      { find: /^we-meeting\/react$/, replacement: weMeeting('react.js') },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
  define: mode === 'development' ? { 'process.env.NODE_ENV': JSON.stringify('development') } : {},
  server: { port: 5173 },
  preview: { port: 5173 },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1024 },
}));
