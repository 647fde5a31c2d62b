import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { CSRF_HEADER, SESSION_TOKEN_PREFIX } from '../../protocol/sign-in-types.js';
import type { SignInChannel, SignInErrorCode } from '../../protocol/sign-in-types.js';
import type { ServerConfig } from '../config.js';
import { HttpError } from '../http-response.js';
import type { SignInUser, Store } from '../store/store.js';
import { CODE_RULES, CodeBook, KeyedLimit, type CodeRules } from './code-book.js';
import { ConsoleSender, SmtpSender, WebhookSmsSender, type CodeSender } from './senders.js';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'we_session';
/** How long a session lasts. */
export const SESSION_TTL_MS = 30 * 24 * 3600_000;

/** An HTTP error of the sign-in API, with its typed code. */
export function signInError(status: number, code: SignInErrorCode, message: string): HttpError {
  return new HttpError(status, message, code);
}

/**
 * The key of the sign-in hashes: `WE_SIGN_IN_SECRET`, or else `sign-in.key` in the data
 * directory, made (readable by this user only) on first start.
 */
export function loadSignInKey(config: Pick<ServerConfig, 'dataDir' | 'signIn'>): Uint8Array {
  if (config.signIn.secret !== undefined) return createHash('sha256').update(config.signIn.secret).digest();
  const file = join(config.dataDir, 'sign-in.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64url'), { mode: 0o600, flag: 'wx' });
  return key;
}

/** The secret a standalone server signs its meeting tokens with: derived from the sign-in key. */
export function meetingTokenSecret(key: Uint8Array): string {
  return createHmac('sha256', key).update('meeting-tokens').digest('base64url');
}

/** A request's signed-in session. */
export interface AuthenticatedSession {
  user: SignInUser;
  tokenHash: string;
  /** The session came in the cookie (not a bearer token). */
  viaCookie: boolean;
  /** The session's CSRF token. */
  csrf: string;
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Options of {@link SignInService}. */
export interface SignInServiceOptions {
  config: ServerConfig;
  store: Store;
  logger: Logger;
  key: Uint8Array;
  now?: () => number;
  rules?: CodeRules;
  /** Replaces the configured senders (tests). */
  senders?: Partial<Record<SignInChannel, CodeSender>>;
}

/**
 * One-time codes, sessions and their limits. The HTTP routes are in `sign-in-api.ts`.
 */
export class SignInService {
  readonly key: Uint8Array;
  readonly codes: CodeBook;
  readonly rules: CodeRules;
  readonly senders: Partial<Record<SignInChannel, CodeSender>>;
  /** Code requests per client address: 20 in 15 minutes. */
  readonly codeRequestsPerIp: KeyedLimit;
  /** Codes per identifier: 5 in an hour (besides the wait between two). */
  readonly codesPerIdentifier: KeyedLimit;
  /** Verifications per client address: 50 in 15 minutes. */
  readonly verificationsPerIp: KeyedLimit;
  /** Meeting tokens and created meetings per client address: 120 in 15 minutes. */
  readonly meetingCallsPerIp: KeyedLimit;
  readonly #store: Store;
  readonly #now: () => number;
  readonly #closers: (() => void)[] = [];

  constructor(options: SignInServiceOptions) {
    const { config, key } = options;
    this.key = key;
    this.#store = options.store;
    this.#now = options.now ?? Date.now;
    this.rules = options.rules ?? CODE_RULES;
    this.codes = new CodeBook(key, { rules: this.rules, now: this.#now });
    const window = 15 * 60_000;
    this.codeRequestsPerIp = new KeyedLimit(20, window, this.#now);
    this.codesPerIdentifier = new KeyedLimit(5, 3600_000, this.#now);
    this.verificationsPerIp = new KeyedLimit(50, window, this.#now);
    this.meetingCallsPerIp = new KeyedLimit(120, window, this.#now);
    const { signIn } = config;
    const senders: Partial<Record<SignInChannel, CodeSender>> = {};
    if (signIn.smtpUrl !== undefined && signIn.mailFrom !== undefined) {
      const smtp = new SmtpSender(signIn.smtpUrl, signIn.mailFrom);
      this.#closers.push(() => smtp.close());
      senders.email = smtp;
    }
    if (signIn.smsWebhookUrl !== undefined) {
      senders.phone = new WebhookSmsSender({ url: signIn.smsWebhookUrl, authorization: signIn.smsAuthorization, template: signIn.smsTemplate });
    }
    // Development mode only: codes for channels without a sender go to the console.
    if (config.devTokens) {
      const console = new ConsoleSender(options.logger);
      senders.email ??= console;
      senders.phone ??= console;
    }
    this.senders = { ...senders, ...options.senders };
  }

  now(): number {
    return this.#now();
  }

  /** SHA-256 of a session token, as sessions are stored. */
  static hashToken(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  /** The CSRF token bound to a session token. */
  csrfFor(token: string): string {
    return createHmac('sha256', this.key).update(`csrf\0${token}`).digest('base64url');
  }

  /** Opens a session for `user`; returns its bearer token. */
  async openSession(user: SignInUser): Promise<string> {
    const token = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const at = this.#now();
    await this.#store.signIn.createSession({ tokenHash: SignInService.hashToken(token), subject: user.subject, at, expiresAt: at + SESSION_TTL_MS });
    return token;
  }

  /**
   * The request's session: a bearer session token, or else the session cookie. A write
   * authenticated by the cookie must carry the session's CSRF token in `X-WE-CSRF`, or it is
   * refused. Resolves undefined when the request carries no session at all; a session token
   * that is not (or no longer) valid is refused with 401.
   */
  async authenticate(req: IncomingMessage, write: boolean): Promise<AuthenticatedSession | undefined> {
    const header = req.headers.authorization ?? '';
    let token: string | undefined;
    let viaCookie = false;
    if (header.startsWith(`Bearer ${SESSION_TOKEN_PREFIX}`)) {
      token = header.slice(7).trim();
    } else if (header === '') {
      token = cookieValue(req, SESSION_COOKIE);
      viaCookie = token !== undefined;
    }
    if (token === undefined || token === '') return undefined;
    const tokenHash = SignInService.hashToken(token);
    const session = await this.#store.signIn.getSession(tokenHash, this.#now());
    const user = session === undefined ? undefined : await this.#store.signIn.getUser(session.subject);
    if (user === undefined) throw signInError(401, 'not_signed_in', 'the session has ended; sign in again');
    if (viaCookie && write) {
      const given = Buffer.from(String(req.headers[CSRF_HEADER] ?? ''));
      const expected = Buffer.from(this.csrfFor(token));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw signInError(403, 'csrf_failed', `a write with the session cookie needs the ${CSRF_HEADER} header`);
      }
    }
    return { user, tokenHash, viaCookie, csrf: this.csrfFor(token) };
  }

  close(): void {
    for (const close of this.#closers.splice(0)) close();
  }
}
