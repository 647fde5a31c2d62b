import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DEFAULT_MAX_FRAME_BYTES } from '../protocol/index.js';

/** A configuration value that cannot be used; the server refuses to start with it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Everything the reference server reads from its environment, validated. */
export interface ServerConfig {
  /** HTTP/WebSocket port (`PORT`, default 8080; 0 picks a free port). */
  port: number;
  /** Interface the HTTP server binds (`HOST`, default 127.0.0.1). */
  host: string;
  /** `NODE_ENV=production`: development mode may not be turned on. */
  production: boolean;
  /**
   * Development mode: mints demo tokens at `POST /api/dev/token` for pages on this machine,
   * signed with a secret made for this process (`WE_DEV_TOKENS=true` or `--dev`, default off;
   * refused together with `WE_JWT_SECRET`, `WE_JWKS_URL` or `NODE_ENV=production`).
   */
  devTokens: boolean;
  /** Number of mediasoup workers (`WE_WORKERS`, default one per core). */
  workers: number;
  /** IP the WebRtcServers listen on (`WE_RTC_LISTEN_IP`, default 127.0.0.1). */
  rtcListenIp: string;
  /** Address announced in ICE candidates (`WE_RTC_ANNOUNCED_ADDRESS`, default the listen IP). */
  rtcAnnouncedAddress: string | undefined;
  /** First WebRtcServer port; worker i uses port + i (`WE_RTC_PORT`, default 40000; 0 picks free ports). */
  rtcPort: number;
  /** Directory for the SQLite file and other state (`WE_DATA_DIR`, default ./data). */
  dataDir: string;
  /** PostgreSQL URL (`WE_DATABASE_URL`, `postgres://` or `postgresql://`); unset stores in SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  /** HS256 secret for host-signed tokens (`WE_JWT_SECRET`). */
  jwtSecret: string | undefined;
  /** JWKS URL for asymmetric host-signed tokens (`WE_JWKS_URL`). */
  jwksUrl: string | undefined;
  /** Required `iss` claim, if set (`WE_JWT_ISSUER`). */
  jwtIssuer: string | undefined;
  /** Required `aud` claim, if set (`WE_JWT_AUDIENCE`). */
  jwtAudience: string | undefined;
  /** How long an empty meeting waits before it ends (`WE_END_GRACE_SECONDS`, default 120). */
  endGraceMs: number;
  /** Largest accepted WebSocket frame in bytes (`WE_MAX_FRAME_BYTES`, default 65536). */
  maxFrameBytes: number;
  /** pino log level (`LOG_LEVEL`, default info). */
  logLevel: string;
  /** Current privacy-policy version users must acknowledge (`WE_POLICY_VERSION`). */
  policyVersion: string | undefined;
  /** Where that policy is published (`WE_POLICY_URL`, http(s)). */
  policyUrl: string | undefined;
  /** Ask users to confirm they are 14 or older or have guardian consent (`WE_AGE_GATE`, default off). */
  ageGate: boolean;
  /**
   * Web origins whose pages may call the browser APIs (`WE_ALLOWED_ORIGINS`, comma-separated;
   * default `*`, any origin: those APIs take bearer tokens, never cookies).
   */
  allowedOrigins: '*' | readonly string[];
  /** Time a client has to send a request's headers (`WE_HTTP_HEADERS_TIMEOUT_SECONDS`, default 10). */
  httpHeadersTimeoutMs: number;
  /** Time a client has to send a whole request (`WE_HTTP_REQUEST_TIMEOUT_SECONDS`, default 30). */
  httpRequestTimeoutMs: number;
  /** Signaling limits (see docs/security.md, "Server limits"). */
  limits: SignalingLimits;
  /** The ffmpeg executable that records meetings (`WE_FFMPEG_PATH`, default `ffmpeg` on the PATH). */
  ffmpegPath: string;
  /**
   * Free disk space recordings leave in the data directory (`WE_RECORDING_MIN_FREE_MB`, default
   * 256): below it no recording starts, and those under way stop with a notice to the host.
   */
  recordingMinFreeBytes: number;
  /** Days a recording is kept after it ends (`WE_RECORDING_RETENTION_DAYS`); unset: until its creator deletes it. */
  recordingRetentionDays: number | undefined;
  /** Smart recording: transcript, chapters, summaries, minutes (docs/smart-recording.md). */
  smart: SmartConfig;
  /** Standalone sign-in with a one-time code (docs/sign-in.md). */
  signIn: SignInConfig;
  /** Directory of the built browser bundle served to the demo page. */
  staticDir: string;
  /** Directory holding the demo page. */
  demoDir: string;
}

/** What the signaling endpoint allows each client and all of them together. */
export interface SignalingLimits {
  /** Most participants in one meeting (`WE_MAX_PARTICIPANTS`, default 100). */
  maxParticipants: number;
  /** Most signaling connections in total (`WE_MAX_CONNECTIONS`, default 5000). */
  maxConnections: number;
  /** Most signaling connections from one address (`WE_MAX_CONNECTIONS_PER_IP`, default 50). */
  maxConnectionsPerIp: number;
  /** Time a new connection has to send `hello` (`WE_HELLO_TIMEOUT_SECONDS`, default 10). */
  helloTimeoutMs: number;
  /** Ping interval; a socket that misses one ping is dropped (`WE_HEARTBEAT_SECONDS`, default 20). */
  heartbeatMs: number;
  /** Unread bytes a client may let pile up before it is dropped (`WE_MAX_SEND_BUFFER_BYTES`, default 1 MiB). */
  maxSendBufferBytes: number;
  /** Requests a client may have waiting for an answer (`WE_MAX_QUEUED_REQUESTS`, default 32). */
  maxQueuedRequests: number;
  /** How long a closing socket may take to answer the close frame (`WE_CLOSE_GRACE_MS`, default 1000). */
  closeGraceMs: number;
  /** Reverse proxies whose `X-Forwarded-For` names the client (`WE_TRUSTED_PROXIES`, comma-separated IPs). */
  trustedProxies: readonly string[];
}

/**
 * How people sign in with a one-time code (docs/sign-in.md). Sign-in is on when a sender is
 * configured, and in development mode, where codes are printed on the console.
 */
export interface SignInConfig {
  /** Whether the sign-in API is served. */
  enabled: boolean;
  /** SMTP server for e-mailed codes (`WE_SMTP_URL`, `smtp://user:pass@host:port` or `smtps://…`). */
  smtpUrl: string | undefined;
  /** Sender of those e-mails (`WE_MAIL_FROM`, required with `WE_SMTP_URL`). */
  mailFrom: string | undefined;
  /** HTTP SMS gateway that receives `{ to, template, params, text }` (`WE_SMS_WEBHOOK_URL`). */
  smsWebhookUrl: string | undefined;
  /** `Authorization` header sent to the SMS gateway (`WE_SMS_WEBHOOK_AUTHORIZATION`). */
  smsAuthorization: string | undefined;
  /** Template id sent to the SMS gateway (`WE_SMS_TEMPLATE`, default `we-meeting-sign-in`). */
  smsTemplate: string | undefined;
  /**
   * Key of the identifier hashes, codes and session checks (`WE_SIGN_IN_SECRET`, 32+ characters);
   * unset, one is made on first start and kept in `sign-in.key` in the data directory.
   */
  secret: string | undefined;
}

/** An OpenAI-compatible endpoint the operator configured. */
export interface SmartEndpoint {
  /** Base URL up to its version (`http://whisper:8000/v1`). */
  url: string;
  apiKey: string | undefined;
  model: string;
  timeoutMs: number;
}

/** How smart recordings are made (docs/smart-recording.md). */
export interface SmartConfig {
  /** Whether a smart recording is made of each recording (`WE_SMART_RECORDING`, default true). */
  enabled: boolean;
  /** The meetings' language (`WE_SMART_LANGUAGE`, default `en`). */
  language: string;
  /** `pocketsphinx` (default, English), `openai` (any OpenAI-compatible endpoint) or `off` (`WE_SMART_STT`). */
  speechToText: 'pocketsphinx' | 'openai' | 'off';
  /** `WE_SMART_STT_URL`, `_KEY`, `_MODEL` (default `whisper-1`), `_TIMEOUT_SECONDS` (default 120); `_LANGUAGES` below. */
  transcription: SmartEndpoint | undefined;
  /** The languages the transcription endpoint takes (`WE_SMART_STT_LANGUAGES`, comma-separated; default `any`). */
  transcriptionLanguages: 'any' | string[];
  /** Abstractive minutes: `WE_SMART_MINUTES_URL`, `_KEY`, `_MODEL` (default `gpt-4o-mini`), `_TIMEOUT_SECONDS`; unset, the built-in extractive minutes. */
  minutes: SmartEndpoint | undefined;
}

type Env = Record<string, string | undefined>;

function endpoint(env: Env, prefix: string, model: string): SmartEndpoint | undefined {
  const url = optional(env, `${prefix}_URL`);
  if (url === undefined) return undefined;
  if (!/^https?:\/\/[^/]/.test(url)) throw new ConfigError(`${prefix}_URL must be an http(s) URL`);
  return {
    url: url.replace(/\/+$/u, ''),
    apiKey: optional(env, `${prefix}_KEY`),
    model: optional(env, `${prefix}_MODEL`) ?? model,
    timeoutMs: integer(env, `${prefix}_TIMEOUT_SECONDS`, 120, 1, 3600) * 1000,
  };
}

function smartConfig(env: Env): SmartConfig {
  const language = optional(env, 'WE_SMART_LANGUAGE') ?? 'en';
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/u.test(language)) throw new ConfigError(`WE_SMART_LANGUAGE must be a language tag such as en or zh, got "${language}"`);
  const speechToText = optional(env, 'WE_SMART_STT') ?? 'pocketsphinx';
  if (speechToText !== 'pocketsphinx' && speechToText !== 'openai' && speechToText !== 'off') {
    throw new ConfigError(`WE_SMART_STT must be pocketsphinx, openai or off, got "${speechToText}"`);
  }
  const transcription = endpoint(env, 'WE_SMART_STT', 'whisper-1');
  if (speechToText === 'openai' && transcription === undefined) throw new ConfigError('WE_SMART_STT=openai needs WE_SMART_STT_URL');
  const languages = optional(env, 'WE_SMART_STT_LANGUAGES') ?? 'any';
  return {
    enabled: flag(env, 'WE_SMART_RECORDING', true),
    language,
    speechToText,
    transcription,
    transcriptionLanguages: languages === 'any' ? 'any' : languages.split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''),
    minutes: endpoint(env, 'WE_SMART_MINUTES', 'gpt-4o-mini'),
  };
}

function signInConfig(env: Env, devTokens: boolean): SignInConfig {
  const smtpUrl = optional(env, 'WE_SMTP_URL');
  const mailFrom = optional(env, 'WE_MAIL_FROM');
  const smsWebhookUrl = optional(env, 'WE_SMS_WEBHOOK_URL');
  const secret = optional(env, 'WE_SIGN_IN_SECRET');
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^/]/.test(smtpUrl)) {
    // Never repeat the URL: it may hold a password.
    throw new ConfigError('WE_SMTP_URL must be an smtp:// or smtps:// URL, such as smtp://user:pass@host:587');
  }
  if ((smtpUrl === undefined) !== (mailFrom === undefined)) throw new ConfigError('set WE_SMTP_URL and WE_MAIL_FROM together');
  if (mailFrom !== undefined && !/^[^\r\n]{1,200}$/.test(mailFrom)) throw new ConfigError('WE_MAIL_FROM must be one line');
  if (smsWebhookUrl !== undefined && !/^https?:\/\/[^/]/.test(smsWebhookUrl)) {
    throw new ConfigError('WE_SMS_WEBHOOK_URL must be an http(s) URL');
  }
  if (secret !== undefined && secret.length < 32) throw new ConfigError('WE_SIGN_IN_SECRET must be at least 32 characters');
  return {
    enabled: devTokens || smtpUrl !== undefined || smsWebhookUrl !== undefined,
    smtpUrl,
    mailFrom,
    smsWebhookUrl,
    smsAuthorization: optional(env, 'WE_SMS_WEBHOOK_AUTHORIZATION'),
    smsTemplate: optional(env, 'WE_SMS_TEMPLATE'),
    secret,
  };
}

function signalingLimits(env: Env): SignalingLimits {
  return {
    maxParticipants: integer(env, 'WE_MAX_PARTICIPANTS', 100, 2, 100_000),
    maxConnections: integer(env, 'WE_MAX_CONNECTIONS', 5000, 1, 1_000_000),
    maxConnectionsPerIp: integer(env, 'WE_MAX_CONNECTIONS_PER_IP', 50, 1, 1_000_000),
    helloTimeoutMs: integer(env, 'WE_HELLO_TIMEOUT_SECONDS', 10, 1, 600) * 1000,
    heartbeatMs: integer(env, 'WE_HEARTBEAT_SECONDS', 20, 1, 3600) * 1000,
    maxSendBufferBytes: integer(env, 'WE_MAX_SEND_BUFFER_BYTES', 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    maxQueuedRequests: integer(env, 'WE_MAX_QUEUED_REQUESTS', 32, 1, 10_000),
    closeGraceMs: integer(env, 'WE_CLOSE_GRACE_MS', 1000, 10, 60_000),
    trustedProxies: (optional(env, 'WE_TRUSTED_PROXIES') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  };
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function optional(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

/** `*` or a list of origins (`https://app.example.com`, no path); throws on anything else. */
function origins(env: Env, name: string): '*' | readonly string[] {
  const raw = optional(env, name)?.trim();
  if (raw === undefined || raw === '' || raw === '*') return '*';
  const list = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of list) {
    let origin: string | undefined;
    try {
      const url = new URL(entry);
      origin = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
    } catch {
      origin = undefined;
    }
    if (origin !== entry.toLowerCase()) {
      throw new ConfigError(`${name} must be * or comma-separated origins such as https://app.example.com, got "${entry}"`);
    }
  }
  return list.map((entry) => entry.toLowerCase());
}

/** Throws unless `url` is a PostgreSQL URL; the message never repeats it, as it may hold a password. */
function checkDatabaseUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new ConfigError('WE_DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
}

/**
 * Reads and validates the server configuration from environment variables
 * (documented in docs/configuration.md). Throws {@link ConfigError} on a bad value.
 * @param packageRoot directory containing `dist/` and `demo/`.
 */
export function loadConfig(env: Env, packageRoot: string): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const devTokens = flag(env, 'WE_DEV_TOKENS', false);
  let jwtSecret = optional(env, 'WE_JWT_SECRET');
  const jwksUrl = optional(env, 'WE_JWKS_URL');
  // Development tokens are signed with whatever secret the server holds: never a real one.
  if (devTokens && production) {
    throw new ConfigError('development mode (WE_DEV_TOKENS or --dev) cannot run with NODE_ENV=production');
  }
  if (devTokens && (jwtSecret !== undefined || jwksUrl !== undefined)) {
    throw new ConfigError(
      'development mode (WE_DEV_TOKENS or --dev, as in npm start) cannot run with WE_JWT_SECRET or WE_JWKS_URL: ' +
        'start the server without it (node dist/server/main.js) to use host-signed tokens',
    );
  }
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('WE_JWT_SECRET must be at least 32 characters');
  }
  if (jwksUrl !== undefined && !/^https?:\/\//.test(jwksUrl)) {
    throw new ConfigError(`WE_JWKS_URL must be an http(s) URL, got "${jwksUrl}"`);
  }
  const databaseUrl = optional(env, 'WE_DATABASE_URL');
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl);
  const signIn = signInConfig(env, devTokens);
  if (jwtSecret === undefined && jwksUrl === undefined) {
    if (!devTokens && !signIn.enabled) {
      throw new ConfigError(
        'set WE_JWT_SECRET or WE_JWKS_URL, configure sign-in (WE_SMTP_URL or WE_SMS_WEBHOOK_URL), ' +
          'or run in development mode (WE_DEV_TOKENS=true or --dev): otherwise nobody could join',
      );
    }
    // Development only: a per-process secret, so demo tokens die with the process. (A standalone
    // server signs its meeting tokens with a key derived from the sign-in key instead.)
    if (devTokens) jwtSecret = randomBytes(32).toString('base64url');
  }
  const policyVersion = optional(env, 'WE_POLICY_VERSION');
  const policyUrl = optional(env, 'WE_POLICY_URL');
  if (policyVersion !== undefined && !/^[\w.-]{1,32}$/.test(policyVersion)) {
    throw new ConfigError('WE_POLICY_VERSION must be 1–32 letters, digits, dots, dashes or underscores');
  }
  if (policyUrl !== undefined && !/^https?:\/\//.test(policyUrl)) {
    throw new ConfigError(`WE_POLICY_URL must be an http(s) URL, got "${policyUrl}"`);
  }
  if ((policyVersion === undefined) !== (policyUrl === undefined)) {
    throw new ConfigError('set WE_POLICY_VERSION and WE_POLICY_URL together');
  }
  const httpHeadersTimeoutMs = integer(env, 'WE_HTTP_HEADERS_TIMEOUT_SECONDS', 10, 1, 600) * 1000;
  const httpRequestTimeoutMs = integer(env, 'WE_HTTP_REQUEST_TIMEOUT_SECONDS', 30, 1, 3600) * 1000;
  if (httpRequestTimeoutMs < httpHeadersTimeoutMs) {
    throw new ConfigError('WE_HTTP_REQUEST_TIMEOUT_SECONDS must not be shorter than WE_HTTP_HEADERS_TIMEOUT_SECONDS');
  }
  return {
    policyVersion,
    policyUrl,
    ageGate: flag(env, 'WE_AGE_GATE', false),
    allowedOrigins: origins(env, 'WE_ALLOWED_ORIGINS'),
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: optional(env, 'HOST') ?? '127.0.0.1',
    production,
    devTokens,
    workers: integer(env, 'WE_WORKERS', availableParallelism(), 1, 256),
    rtcListenIp: optional(env, 'WE_RTC_LISTEN_IP') ?? '127.0.0.1',
    rtcAnnouncedAddress: optional(env, 'WE_RTC_ANNOUNCED_ADDRESS'),
    rtcPort: integer(env, 'WE_RTC_PORT', 40000, 0, 65535),
    dataDir: resolve(optional(env, 'WE_DATA_DIR') ?? 'data'),
    databaseUrl,
    jwtSecret,
    jwksUrl,
    jwtIssuer: optional(env, 'WE_JWT_ISSUER'),
    jwtAudience: optional(env, 'WE_JWT_AUDIENCE'),
    endGraceMs: integer(env, 'WE_END_GRACE_SECONDS', 120, 0, 86_400) * 1000,
    maxFrameBytes: integer(env, 'WE_MAX_FRAME_BYTES', DEFAULT_MAX_FRAME_BYTES, 1024, 16 * 1024 * 1024),
    logLevel: optional(env, 'LOG_LEVEL') ?? 'info',
    httpHeadersTimeoutMs,
    httpRequestTimeoutMs,
    limits: signalingLimits(env),
    ffmpegPath: optional(env, 'WE_FFMPEG_PATH') ?? 'ffmpeg',
    recordingMinFreeBytes: integer(env, 'WE_RECORDING_MIN_FREE_MB', 256, 0, 1_048_576) * 1024 * 1024,
    recordingRetentionDays: optional(env, 'WE_RECORDING_RETENTION_DAYS') === undefined ? undefined : integer(env, 'WE_RECORDING_RETENTION_DAYS', 0, 1, 36_500),
    smart: smartConfig(env),
    signIn,
    staticDir: resolve(packageRoot, 'dist'),
    demoDir: resolve(packageRoot, 'demo'),
  };
}
