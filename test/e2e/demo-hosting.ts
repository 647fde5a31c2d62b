import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** A static web site on its own origin, standing in for a host application's server. */
export interface StaticSite {
  /** `http://localhost:<port>`: another host and port than the meeting server's 127.0.0.1. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `dir` over HTTP on a free port. `rewrite` edits HTML as it is served (a page that
 * names its meeting server literally is pointed at the one under test).
 */
export async function serveDirectory(dir: string, options: { rewrite?: (html: string) => string } = {}): Promise<StaticSite> {
  const root = normalize(dir + sep);
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const file = normalize(join(root, decodeURIComponent(path.endsWith('/') ? `${path}index.html` : path)));
      const type = CONTENT_TYPES[extname(file)];
      if (!file.startsWith(root) || type === undefined) {
        res.writeHead(404).end();
        return;
      }
      try {
        let body: string | Buffer = await readFile(file);
        if (type.startsWith('text/html') && options.rewrite) body = options.rewrite(body.toString('utf8'));
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Builds `demo/<name>` with vite into a fresh temporary directory and returns it. `development`
 * builds the frameworks' development variants (React's StrictMode checks, Vue's warnings).
 */
export async function buildDemo(name: 'react' | 'vue', mode: 'development' | 'production'): Promise<string> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), `we-meeting-demo-${name}-`));
  // vite sets NODE_ENV for the build; servers started later by this process must not inherit it.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({
      configFile: join(packageRoot, 'demo', name, 'vite.config.ts'),
      mode,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}
