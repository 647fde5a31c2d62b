import { after, afterEach, before } from 'node:test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { serveDirectory, type StaticSite } from './demo-hosting.js';
import { launchChromium, startServerProcess, type ServerProcess } from './harness.js';

/** One file of the meeting script build, as `dist/we-meeting.chunks.json` lists it. */
export interface Chunk {
  file: string;
  entry: boolean;
  modules: string[];
}

/** The meeting script's files (after `npm run build`). */
export const MANIFEST = JSON.parse(readFileSync('dist/we-meeting.chunks.json', 'utf8')) as { chunks: Chunk[] };

/** The file of the build that holds `module` (a path such as `src/elements/meeting/meeting-view.ts`). */
export const chunkWith = (module: string): string => MANIFEST.chunks.find((chunk) => chunk.modules.includes(module))!.file;

/** What a test file of the script-tag demo works with; `cleanups` run after each test. */
export interface ScriptTagDemo {
  readonly server: ServerProcess;
  readonly browser: Browser;
  readonly site: StaticSite;
  readonly cleanups: (() => unknown)[];
}

/**
 * The script-tag demo on its own origin, loading dist/we-meeting.js from a meeting server's,
 * for the test file that calls this: started before its tests, closed after them.
 */
export function useScriptTagDemo(): ScriptTagDemo {
  const demo = { cleanups: [] as (() => unknown)[] } as { -readonly [K in keyof ScriptTagDemo]: ScriptTagDemo[K] };
  before(async () => {
    demo.server = await startServerProcess();
    demo.browser = await launchChromium();
    // The page names the meeting server literally, as a host site would; point it at this one.
    const dir = fileURLToPath(new URL('../../demo/script-tag/', import.meta.url));
    demo.site = await serveDirectory(dir, { rewrite: (html) => html.replaceAll('http://127.0.0.1:8080', demo.server.url) });
  });
  afterEach(async () => {
    for (const cleanup of demo.cleanups.splice(0).reverse()) await cleanup();
  });
  after(async () => {
    await demo.site?.close();
    await demo.browser?.close();
    await demo.server?.stop();
  });
  return demo;
}
