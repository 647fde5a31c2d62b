import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import * as v from 'valibot';
import { DevTokenRequestSchema, mintToken } from './auth/dev-tokens.js';
import type { ServerConfig } from './config.js';
import type { WorkerPool } from './media/worker-pool.js';
import type { Store } from './store/store.js';
import {
  CORS_PREFLIGHT_HEADERS,
  HttpError,
  SECURITY_HEADERS,
  corsHeaders,
  isLoopbackOrigin,
  isLoopbackRequest,
  originAllowed,
  sendJson,
} from './http-response.js';
import { AuthError, type TokenVerifier } from './auth/token-verifier.js';
import type { RecordingNotice } from '../protocol/index.js';
import { createRecordsApi } from './records/records-api.js';
import type { SmartProcessor } from './smart/smart-processor.js';
import type { RecordingService } from './recording/recording-service.js';
import { createSignInApi } from './sign-in/sign-in-api.js';
import type { SignInService } from './sign-in/sign-in-service.js';
import { parseRequestTarget } from './request-target.js';

/** What the HTTP routes read. */
export interface HttpContext {
  config: ServerConfig;
  pool: WorkerPool;
  store: Store;
  logger: Logger;
  serverVersion: string;
  verifier: TokenVerifier;
  recordings: RecordingService;
  /** Makes the smart recordings (absent where recording is unavailable or smart recording is off). */
  smart?: SmartProcessor | undefined;
  /** Standalone sign-in, when it is on. */
  signIn?: { service: SignInService; tokenSecret: string } | undefined;
  /** The client's address (behind trusted proxies, the one they name). */
  clientAddress(req: IncomingMessage): string;
}

const MAX_JSON_BODY_BYTES = 4096;

/** Files served as they are: URL path → [directory key, file name, content type]. */
const STATIC_FILES: Record<string, ['demoDir' | 'staticDir', string, string]> = {
  '/': ['demoDir', 'index.html', 'text/html; charset=utf-8'],
  '/demo.js': ['demoDir', 'demo.js', 'text/javascript; charset=utf-8'],
  '/we-meeting.js': ['staticDir', 'we-meeting.js', 'text/javascript; charset=utf-8'],
  '/we-meeting.js.map': ['staticDir', 'we-meeting.js.map', 'application/json'],
  '/we-history.js': ['staticDir', 'we-history.js', 'text/javascript; charset=utf-8'],
  '/we-history.js.map': ['staticDir', 'we-history.js.map', 'application/json'],
  // The names the scripts had when each was one file; pages that still use them keep working.
  '/we-meeting.iife.js': ['staticDir', 'we-meeting.js', 'text/javascript; charset=utf-8'],
  '/we-history.iife.js': ['staticDir', 'we-history.js', 'text/javascript; charset=utf-8'],
};

/**
 * The chunks the scripts load on demand (`dist/chunks/<name>-<hash>.js`) and their source
 * maps. A chunk's name changes with its content, so browsers may keep it for good.
 */
const CHUNK_PATH = /^\/chunks\/([A-Za-z0-9_-]+\.js)(\.map)?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * What a page on another origin (a host application embedding the elements) may call: the
 * APIs under /api/, the scripts and their chunks (so that `crossorigin` and `integrity` work
 * on the script tag, and chunks load in the same CORS mode as the script that asks for them).
 */
function isCrossOriginPath(path: string): boolean {
  return path.startsWith('/api/') || /^\/we-(meeting|history)(\.iife)?\.js(\.map)?$/.test(path) || CHUNK_PATH.test(path);
}

/** The file a static path names: where it is, its content type, whether it never changes. */
function staticFile(config: ServerConfig, path: string): { path: string; name: string; type: string; immutable: boolean } | undefined {
  const chunk = CHUNK_PATH.exec(path);
  if (chunk !== null) {
    const [, name, map] = chunk as unknown as [string, string, string | undefined];
    const file = map === undefined ? name : `${name}.map`;
    const type = map === undefined ? 'text/javascript; charset=utf-8' : 'application/json';
    return { path: join(config.staticDir, 'chunks', file), name: file, type, immutable: map === undefined };
  }
  const entry = STATIC_FILES[path];
  if (entry === undefined) return undefined;
  const [dirKey, name, type] = entry;
  return { path: join(config[dirKey], name), name, type, immutable: false };
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'content-type must be application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY_BYTES) throw new HttpError(413, `body exceeds ${MAX_JSON_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

/** Builds the request listener for the HTTP server (WebSocket upgrades are handled apart). */
export function createHttpHandler(context: HttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  const { config } = context;

  const records = createRecordsApi({ ...context, sessions: context.signIn?.service, recordingStorage: context.recordings.storage,
    onRecordingChanged: (recordingId) => context.recordings.renderAgain(recordingId),
    retrySmart: context.smart === undefined ? undefined : (recordingId) => context.smart!.retry(recordingId),
  });
  const signIn =
    context.signIn === undefined
      ? undefined
      : createSignInApi({ ...context, ...context.signIn, readJsonBody });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = parseRequestTarget(req.url);
    if (url === undefined) throw new HttpError(400, 'the request target is not a valid URL');
    const path = url.pathname;
    if (isCrossOriginPath(path)) {
      const origin = req.headers.origin;
      // Development tokens name any user: with the default "*" only pages on this machine may mint them.
      const allowed =
        path === '/api/dev/token' && config.allowedOrigins === '*'
          ? isLoopbackOrigin(origin) ? [origin!.toLowerCase()] : []
          : config.allowedOrigins;
      for (const [name, value] of Object.entries(corsHeaders(allowed, origin))) res.setHeader(name, value);
      if (req.method === 'OPTIONS') {
        if (!originAllowed(allowed, origin)) throw new HttpError(403, 'origin not allowed');
        res.writeHead(204, { ...SECURITY_HEADERS, ...CORS_PREFLIGHT_HEADERS });
        res.end();
        return;
      }
    }
    if (signIn !== undefined && (await signIn(req, res, url))) return;
    if (await records(req, res, url)) return;
    if (path === '/healthz' && req.method === 'GET') {
      let storage = 'ok';
      await context.store.ping().catch(() => (storage = 'unavailable'));
      const healthy = storage === 'ok' && context.pool.workerCount > 0;
      sendJson(res, healthy ? 200 : 503, {
        status: healthy ? 'ok' : 'degraded',
        version: context.serverVersion,
        workers: context.pool.workerCount,
        meetings: context.pool.routerCount,
        storage,
        // Recording is an extra: without a recorder meetings still run, so health is unaffected.
        recording: context.recordings.availability.available ? 'available' : 'unavailable',
        // Likewise what writes the smart recordings' transcripts (`off` without smart recordings).
        transcription: context.smart?.transcription ?? 'off',
        uptimeSeconds: Math.round(process.uptime()),
      });
      return;
    }
    if (path === '/api/client-config' && req.method === 'GET') {
      // What the pre-join screen must ask before joining; public, no personal data.
      sendJson(res, 200, {
        policy: config.policyVersion === undefined ? null : { version: config.policyVersion, url: config.policyUrl },
        ageGate: config.ageGate,
      });
      return;
    }
    const notice = /^\/api\/meetings\/(\d{9})\/recording-notice$/u.exec(path);
    if (notice !== null) {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      await sendRecordingNotice(req, res, context, notice[1]!);
      return;
    }
    if (path === '/api/dev/token') {
      if (!config.devTokens || config.jwtSecret === undefined) throw new HttpError(404, 'not found');
      // Only this machine: a loopback peer, addressed by a loopback name (no DNS rebinding), from a loopback page if any.
      if (!isLoopbackRequest(req)) throw new HttpError(403, 'development tokens are only for pages on this machine');
      if (req.method !== 'POST') throw new HttpError(405, 'use POST');
      const body = v.safeParse(DevTokenRequestSchema, await readJsonBody(req));
      if (!body.success) throw new HttpError(400, body.issues[0]?.message ?? 'invalid body');
      const { meeting, name, role, userId, topic } = body.output;
      const token = await mintToken(
        config.jwtSecret,
        { meeting, name, role, userId: userId ?? `dev-${crypto.randomUUID()}`, ...(topic ? { topic } : {}) },
        { issuer: config.jwtIssuer, audience: config.jwtAudience },
      );
      sendJson(res, 200, { token });
      return;
    }
    const file = staticFile(config, path);
    if (file !== undefined && (req.method === 'GET' || req.method === 'HEAD')) {
      let body: Buffer;
      try {
        body = await readFile(file.path);
      } catch {
        throw new HttpError(404, `${file.name} is missing; run npm run build`);
      }
      // Hashed chunks never change; everything else is checked again (cheaply, by its ETag).
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const headers = { ...SECURITY_HEADERS, 'content-type': file.type, 'cache-control': file.immutable ? IMMUTABLE : 'no-cache', etag };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        res.end();
        return;
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    throw new HttpError(404, 'not found');
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.message, ...(error.code === undefined ? {} : { code: error.code }) });
      } else if (req.socket.destroyed) {
        // The client left, or was cut off by a timeout, mid-request: nobody to answer, nothing to report.
        res.destroy();
      } else {
        context.logger.error({ err: error, url: req.url }, 'http request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal server error' });
        else res.destroy();
      }
    });
  };
}

/**
 * The recording under way in `meeting`, for someone about to join it with a token for it: the
 * pre-join screen asks for consent before joining. Only a token for that meeting is answered.
 */
async function sendRecordingNotice(req: IncomingMessage, res: ServerResponse, context: HttpContext, meeting: string): Promise<void> {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  try {
    await context.verifier.verify(token, meeting);
  } catch (error) {
    if (error instanceof AuthError) throw new HttpError(401, error.message, error.code);
    throw error;
  }
  const recording = context.recordings.underWay(meeting);
  const answer: RecordingNotice = {
    recording:
      recording === undefined
        ? null
        : { recordingId: recording.id, startedBy: { displayName: recording.startedBy.participant.displayName }, startedAt: recording.startedAt },
  };
  sendJson(res, 200, answer);
}
