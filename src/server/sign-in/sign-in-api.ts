import { randomInt, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from 'pino';
import * as v from 'valibot';
import {
  CodeRequestSchema,
  CreateMeetingSchema,
  MeetingTokenRequestSchema,
  VerifyRequestSchema,
  type CodeRequestAnswer,
  type CreatedMeeting,
  type MeetingTokenAnswer,
  type SignInSession,
} from '../../protocol/sign-in.js';
import { mintToken } from '../auth/dev-tokens.js';
import type { ServerConfig } from '../config.js';
import { HttpError, isLoopbackHost, isLoopbackRequest, sendJson } from '../http-response.js';
import type { Store } from '../store/store.js';
import { IdentifierError, normalizeIdentifier, subjectOf } from './identifier.js';
import { SendError } from './senders.js';
import { SESSION_COOKIE, SESSION_TTL_MS, SignInService, signInError, type AuthenticatedSession } from './sign-in-service.js';

/** What the sign-in routes need. */
export interface SignInApiContext {
  config: ServerConfig;
  store: Store;
  logger: Logger;
  service: SignInService;
  /** Secret the meeting tokens are signed with (HS256), the one the token verifier accepts. */
  tokenSecret: string;
  /** The client's address (behind trusted proxies, the one they name). */
  clientAddress(req: IncomingMessage): string;
  readJsonBody(req: IncomingMessage): Promise<unknown>;
}

const TOKEN_PATH = /^\/api\/meetings\/(\d{9})\/token$/;
const MEETING_TOKEN_TTL_SECONDS = 4 * 3600;

function parse<T extends v.GenericSchema>(schema: T, body: unknown): v.InferOutput<T> {
  const result = v.safeParse(schema, body);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue?.path?.map((item) => String(item.key)).join('.');
    throw signInError(400, 'invalid_request', `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid body'}`);
  }
  return result.output;
}

function limited(waitMs: number, what: string): void {
  if (waitMs > 0) {
    const error = signInError(429, 'rate_limited', `too many ${what}; try again in ${Math.ceil(waitMs / 1000)} s`);
    throw Object.assign(error, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
  }
}

/** The session cookie: HttpOnly, SameSite=Lax, and Secure except on plain-http localhost. */
function sessionCookie(req: IncomingMessage, value: string, maxAgeSeconds: number): string {
  const plainLocalhost = isLoopbackHost(req.headers.host) && (req.socket as Partial<TLSSocket>).encrypted !== true;
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${plainLocalhost ? '' : '; Secure'}`;
}

/**
 * The standalone sign-in routes (docs/sign-in.md): `POST /api/sign-in/code`,
 * `POST /api/sign-in/verify`, `GET /api/session`, `POST /api/sign-out`, `POST /api/meetings`
 * and `POST /api/meetings/<id>/token`. Returns false when the request is not one of them.
 */
export function createSignInApi(context: SignInApiContext) {
  const { service, store } = context;

  async function requireSession(req: IncomingMessage, write: boolean): Promise<AuthenticatedSession> {
    const session = await service.authenticate(req, write);
    if (session === undefined) throw signInError(401, 'not_signed_in', 'sign in first');
    return session;
  }

  function identifierOf(channel: 'phone' | 'email', identifier: string, region: string | undefined) {
    try {
      return normalizeIdentifier(channel, identifier, region);
    } catch (error) {
      if (error instanceof IdentifierError) throw signInError(400, 'invalid_identifier', error.message);
      throw error;
    }
  }

  async function requestCode(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = parse(CodeRequestSchema, await context.readJsonBody(req));
    const identifier = identifierOf(body.channel, body.identifier, body.region);
    const sender = service.senders[body.channel];
    if (sender === undefined) throw signInError(503, 'sign_in_unavailable', `sign-in by ${body.channel} is not configured on this server`);
    limited(service.codeRequestsPerIp.take(context.clientAddress(req)), 'code requests from this address');
    const subject = subjectOf(service.key, identifier);
    limited(service.codes.retryAfterMs(subject), 'codes for this identifier');
    limited(service.codesPerIdentifier.take(subject), 'codes for this identifier');
    // Every identifier gets the same treatment, whether or not it was ever seen: no account is
    // looked up, a code is always made and sent.
    const code = service.codes.issue(subject);
    const validMinutes = Math.round(service.rules.ttlMs / 60_000);
    try {
      await sender.send({ channel: body.channel, to: identifier.address, code, locale: body.locale ?? 'en', validMinutes });
    } catch (error) {
      context.logger.warn({ channel: body.channel, err: error instanceof SendError ? error.message : 'send failed' }, 'sign-in code not delivered');
      throw signInError(502, 'send_failed', 'the code could not be sent; try again later');
    }
    const answer: CodeRequestAnswer = {
      resendAfterSeconds: Math.round(service.rules.resendAfterMs / 1000),
      expiresInSeconds: Math.round(service.rules.ttlMs / 1000),
    };
    sendJson(res, 202, answer);
  }

  async function verify(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = parse(VerifyRequestSchema, await context.readJsonBody(req));
    const identifier = identifierOf(body.channel, body.identifier, body.region);
    limited(service.verificationsPerIp.take(context.clientAddress(req)), 'sign-in attempts from this address');
    const subject = subjectOf(service.key, identifier);
    const check = service.codes.check(subject, body.code);
    if (check === 'expired') throw signInError(401, 'code_expired', 'the code has expired; ask for a new one');
    if (check === 'too_many_attempts') throw signInError(429, 'too_many_attempts', 'too many wrong codes; ask for a new one');
    if (check !== 'ok') throw signInError(401, 'code_invalid', 'the code is not right');
    const user = await store.signIn.saveUser({ subject, masked: identifier.masked, displayName: body.name ?? null }, service.now());
    const token = await service.openSession(user);
    const answer: SignInSession = { token, csrf: service.csrfFor(token), user: { masked: user.masked, displayName: user.displayName } };
    sendJson(res, 200, answer, { 'set-cookie': sessionCookie(req, token, SESSION_TTL_MS / 1000) });
  }

  async function createMeeting(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = await requireSession(req, true);
    const body = parse(CreateMeetingSchema, await context.readJsonBody(req));
    limited(service.meetingCallsPerIp.take(context.clientAddress(req)), 'meeting requests from this address');
    const topic = body.topic === undefined || body.topic === '' ? null : body.topic;
    for (let attempt = 0; attempt < 8; attempt++) {
      const id = String(randomInt(100_000_000, 1_000_000_000));
      const created = await store.signIn.createMeeting({
        id,
        topic,
        creatorUserId: session.user.subject,
        allowGuests: body.allowGuests,
        at: service.now(),
      });
      if (created) {
        const answer: CreatedMeeting = { id, topic, allowGuests: body.allowGuests };
        sendJson(res, 201, answer);
        return;
      }
    }
    throw new HttpError(503, 'no free meeting id; try again');
  }

  async function meetingToken(req: IncomingMessage, res: ServerResponse, meeting: string): Promise<void> {
    const session = await service.authenticate(req, true);
    const body = parse(MeetingTokenRequestSchema, await context.readJsonBody(req));
    limited(service.meetingCallsPerIp.take(context.clientAddress(req)), 'meeting requests from this address');
    const access = await store.signIn.meetingAccess(meeting);
    // Development mode, for a page on this machine: the demo's user stands for a person who
    // did not sign in, and a meeting nobody created opens on its first join, as development
    // tokens do, so that `?meeting=<id>&name=<name>` joins with no other step.
    const devMode = context.config.devTokens && isLoopbackRequest(req);
    if (access === undefined && !devMode) throw signInError(404, 'meeting_unknown', 'no meeting with this id');
    const devUser = devMode ? body.devUserId : undefined;
    let claims: { userId: string; name: string; role: 'host' | 'participant' };
    if (session !== undefined) {
      const name = body.name ?? session.user.displayName;
      if (name === null) throw signInError(400, 'invalid_request', 'name: a name is needed to join');
      const creator = access === undefined || access.creatorUserId === session.user.subject;
      claims = { userId: session.user.subject, name, role: creator ? 'host' : 'participant' };
    } else {
      if (access !== undefined && !access.allowGuests) throw signInError(403, 'guests_not_allowed', 'this meeting is for signed-in people only');
      if (body.name === undefined) throw signInError(400, 'invalid_request', 'name: a name is needed to join');
      const creator = access === undefined || (devUser !== undefined && access.creatorUserId === devUser);
      claims = { userId: devUser ?? `guest:${randomUUID()}`, name: body.name, role: creator ? 'host' : 'participant' };
    }
    const token = await mintToken(
      context.tokenSecret,
      { ...claims, meeting },
      { ttlSeconds: MEETING_TOKEN_TTL_SECONDS, issuer: context.config.jwtIssuer, audience: context.config.jwtAudience },
    );
    const answer: MeetingTokenAnswer = { token, role: claims.role };
    sendJson(res, 200, answer);
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    const token = TOKEN_PATH.exec(path);
    const routes = ['/api/sign-in/code', '/api/sign-in/verify', '/api/sign-out', '/api/session'];
    if (!routes.includes(path) && token === null && !(path === '/api/meetings' && req.method === 'POST')) return false;
    if (path === '/api/session') {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      const session = await requireSession(req, false);
      // The CSRF token goes to the page that holds the cookie (other origins never send it).
      sendJson(res, 200, { user: { masked: session.user.masked, displayName: session.user.displayName }, ...(session.viaCookie ? { csrf: session.csrf } : {}) });
      return true;
    }
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    if (path === '/api/sign-in/code') await requestCode(req, res);
    else if (path === '/api/sign-in/verify') await verify(req, res);
    else if (path === '/api/sign-out') {
      const session = await requireSession(req, true);
      await store.signIn.deleteSession(session.tokenHash);
      res.setHeader('set-cookie', sessionCookie(req, '', 0));
      sendJson(res, 200, { signedOut: true });
    } else if (path === '/api/meetings') await createMeeting(req, res);
    else await meetingToken(req, res, token![1]!);
    return true;
  };
}
