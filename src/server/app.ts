import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import pino, { type Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { createTokenVerifier } from './auth/token-verifier.js';
import type { ServerConfig } from './config.js';
import { createHttpHandler } from './http.js';
import { originAllowed } from './http-response.js';
import { WorkerPool } from './media/worker-pool.js';
import { parseRequestTarget } from './request-target.js';
import { RoomRegistry } from './rooms/room-registry.js';
import { ConnectionGuard } from './signaling/connection-guard.js';
import { InternalErrors } from './signaling/internal-errors.js';
import { SignalingSession } from './signaling/session.js';
import { openStore } from './store/open-store.js';
import { CompositeRenderer } from './recording/composite-renderer.js';
import { checkFfmpeg } from './recording/ffmpeg.js';
import { RecordingService } from './recording/recording-service.js';
import { DiskRecordingStorage } from './recording/recording-storage.js';
import { recoverInterrupted } from './recording/recover.js';
import { createSmartProcessor } from './smart/smart-setup.js';
import { keepRecordingsFor } from './recording/retention.js';
import { SignInService, loadSignInKey, meetingTokenSecret } from './sign-in/sign-in-service.js';
import type { Store } from './store/store.js';

/** A running reference server. */
export interface MeetingServer {
  /** Base HTTP URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly pool: WorkerPool;
  readonly store: Store;
  readonly logger: Logger;
  /** Stops accepting, closes sockets, workers and storage; idempotent. */
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  503: 'Service Unavailable',
};

/** Answers an upgrade that will not become a WebSocket, and closes its socket. */
function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
  );
}

/** Path of the WebSocket signaling endpoint. */
export const SIGNALING_PATH = '/ws';

function packageVersion(): string {
  const file = fileURLToPath(new URL('../../package.json', import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Starts workers, storage, HTTP and signaling, and listens. */
export async function startServer(config: ServerConfig, logger?: Logger): Promise<MeetingServer> {
  const log = logger ?? pino({ level: config.logLevel, base: { service: 'we-meeting' } });
  const serverVersion = packageVersion();
  const store = await openStore(config, log);
  let server: MeetingServer | undefined;
  let pool: WorkerPool;
  try {
    pool = await WorkerPool.create({
      workers: config.workers,
      listenIp: config.rtcListenIp,
      announcedAddress: config.rtcAnnouncedAddress,
      basePort: config.rtcPort,
      logger: log,
      onWorkerDied: () => void server?.close().finally(() => (process.exitCode = 1)),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const availability = await checkFfmpeg(config.ffmpegPath);
  if (!availability.available) log.warn({ reason: availability.reason }, 'recording is unavailable');
  const recordingStorage = new DiskRecordingStorage(config.dataDir);
  const composites = availability.available ? new CompositeRenderer({ storage: recordingStorage, ffmpegPath: availability.path, logger: log }) : undefined;
  void composites?.resumeUnfinished().catch((error: unknown) => log.error({ err: error }, 'could not resume rendering composites'));
  const smart = availability.available ? await createSmartProcessor(config.smart, recordingStorage, availability.path, log) : undefined;
  void smart?.resumeUnfinished().catch((error: unknown) => log.error({ err: error }, 'could not resume making smart recordings'));
  const recordings = new RecordingService({
    availability,
    storage: recordingStorage,
    logger: log,
    composites,
    smart,
    minFreeBytes: config.recordingMinFreeBytes,
    onConsent: (participationId, at) =>
      void store.recordRecordingConsent(participationId, at).catch((error: unknown) => log.error({ err: error }, 'could not keep a recording consent')),
  });
  const stopRetention =
    config.recordingRetentionDays === undefined ? undefined : keepRecordingsFor(recordingStorage, config.recordingRetentionDays, log);
  // Recordings this server was writing when it last died are made whole and listed as
  // interrupted, in the background (their recorders may still be finishing), then rendered.
  if (availability.available) {
    void recoverInterrupted(recordingStorage, availability.path, log).then((ids) => {
      for (const id of ids) {
        void composites?.enqueue(id);
        void smart?.enqueue(id);
      }
    });
  }
  // Standalone sign-in: its key, and the secret its meeting tokens are signed with (a host's
  // secret when there is one, else one derived from the sign-in key).
  let signIn: { service: SignInService; tokenSecret: string } | undefined;
  if (config.signIn.enabled) {
    const key = loadSignInKey(config);
    signIn = { service: new SignInService({ config, store, logger: log, key }), tokenSecret: config.jwtSecret ?? meetingTokenSecret(key) };
  }
  const verifier = createTokenVerifier({
    secret: config.jwtSecret ?? signIn?.tokenSecret,
    jwksUrl: config.jwksUrl,
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
  });

  const guard = new ConnectionGuard(config.limits);
  const http: Server = createServer(
    {
      // Against slowloris: a client gets this long to send its headers, and its whole request.
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      // How often those timeouts are checked (Node's default, 30 s, would let a drip live that long).
      connectionsCheckingInterval: 1000,
      // An idle keep-alive connection is closed after this long.
      keepAliveTimeout: 5000,
    },
    createHttpHandler({ config, pool, store, logger: log, serverVersion, verifier, recordings, smart, signIn, clientAddress: (req) => guard.clientAddress(req) }),
  );
  // A request Node cannot parse or that came too slowly: answer 4xx (or just close), never throw.
  http.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    // As Node does: no answer in the middle of a response already being sent on this socket.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    try {
      if (socket.writable && error.code !== 'ECONNRESET' && inFlight?.headersSent !== true) {
        socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      }
    } finally {
      socket.destroy();
    }
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes });
  const { limits } = config;
  const rooms = new RoomRegistry({
    pool,
    store,
    logger: log,
    endGraceMs: config.endGraceMs,
    maxParticipants: limits.maxParticipants,
    recordings,
  });
  const internalErrors = new InternalErrors();
  const sessionContext = { verifier, pool, rooms, store, recordings, logger: log, serverVersion, limits, internalErrors };
  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const path = parseRequestTarget(req.url)?.pathname;
    if (path === undefined) return refuseUpgrade(socket, 400, 'the request target is not a valid URL');
    if (path !== SIGNALING_PATH) return refuseUpgrade(socket, 404, 'not found');
    // Browsers always send Origin: a page on an origin not allowed may not open a session.
    if (req.headers.origin !== undefined && !originAllowed(config.allowedOrigins, req.headers.origin)) {
      return refuseUpgrade(socket, 403, 'origin not allowed');
    }
    const address = guard.clientAddress(req);
    const refusal = guard.check(address);
    if (refusal !== undefined) return refuseUpgrade(socket, refusal.status, refusal.reason);
    wss.handleUpgrade(req, socket, head, (ws) => {
      guard.track(ws, address);
      new SignalingSession(ws, sessionContext);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url, devTokens: config.devTokens, dataDir: config.dataDir }, 'we-meeting server listening');
  if (config.devTokens) {
    log.warn(
      { url },
      'development mode: POST /api/dev/token mints demo tokens for pages on this machine; not for production ' +
        '(set WE_JWT_SECRET or WE_JWKS_URL and start without --dev)',
    );
  }

  let closing: Promise<void> | undefined;
  server = {
    url,
    pool,
    store,
    logger: log,
    close() {
      closing ??= (async () => {
        for (const client of wss.clients) client.close(1001, 'server shutting down');
        wss.close();
        guard.close();
        rooms.close();
        // Recorders finish their files while the media workers still run.
        await recordings.close();
        stopRetention?.();
        await composites?.close();
        await smart?.close();
        http.closeAllConnections();
        await new Promise<void>((resolve) => http.close(() => resolve()));
        pool.close();
        signIn?.service.close();
        // Sessions record their leave on socket close; give those writes a moment.
        await new Promise((resolve) => setTimeout(resolve, 50));
        await store.close();
        log.info('we-meeting server stopped');
      })();
      return closing;
    },
  };
  return server;
}
