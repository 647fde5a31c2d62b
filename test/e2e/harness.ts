import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The built server (`dist/server/main.js`) running as its own process on free ports. */
export interface ServerProcess {
  url: string;
  process: ChildProcess;
  /** Log lines the server printed (parsed pino JSON). */
  logs: Record<string, unknown>[];
  /** Everything the server printed on stdout, line by line, as printed. */
  output: string[];
  /** The server's data directory (its SQLite database). */
  dataDir: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the built server. Without a signing key in `env` it runs in development mode (`--dev`,
 * as `npm start` does), so the demo page mints its own tokens.
 */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'we-meeting-e2e-'));
  const keyed = env.WE_JWT_SECRET !== undefined || env.WE_JWKS_URL !== undefined || env.NODE_ENV === 'production';
  const child = spawn(process.execPath, ['dist/server/main.js', ...(keyed ? [] : ['--dev'])], {
    cwd: packageRoot,
    env: { ...process.env, PORT: '0', WE_RTC_PORT: '0', WE_WORKERS: '1', WE_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Record<string, unknown>[] = [];
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 20 s')), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.url === 'string' && entry.msg === 'we-meeting server listening') {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // Not a log line.
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  return {
    url,
    process: child,
    logs,
    output,
    dataDir,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Debian's Chromium, headless, with fake media devices. With `answerPrompts: false` permission
 * prompts are not auto-accepted, so whatever a context has not been granted is denied; `args`
 * adds flags (a file to play as the fake microphone, say).
 */
export function launchChromium(options: { answerPrompts?: boolean; args?: string[] } = {}): Promise<Browser> {
  const args = options.answerPrompts === false ? CHROMIUM_ARGS.filter((arg) => arg !== '--use-fake-ui-for-media-stream') : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...args, ...(options.args ?? [])] });
}

/** Options of {@link joinWithToken}. */
export interface TokenJoin {
  meeting: string;
  token: string;
  /** Join without camera and microphone (saves CPU when many pages share two cores). */
  noMedia?: boolean;
}

/** Opens the demo page of `serverUrl` and joins `meeting` with a token minted by the test. */
export async function joinWithToken(context: BrowserContext, serverUrl: string, join: TokenJoin): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${serverUrl}/`);
  await page.locator('we-meeting').evaluate(
    (element: HTMLElement & { meeting: string; token: string; autojoin: boolean; noVideo: boolean; noAudio: boolean }, options) => {
      element.noVideo = options.noMedia ?? false;
      element.noAudio = options.noMedia ?? false;
      element.meeting = options.meeting;
      element.token = options.token;
      element.autojoin = true;
    },
    join,
  );
  await page.locator('we-meeting[state="joined"]').waitFor({ timeout: 20_000 });
  return page;
}
