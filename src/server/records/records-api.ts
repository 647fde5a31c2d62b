import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AuthError, type TokenVerifier } from '../auth/token-verifier.js';
import type { Identity } from '../auth/token-claims.js';
import { HttpError, SECURITY_HEADERS, sendJson } from '../http-response.js';
import type { MeetingCursor, MeetingRecord, Store } from '../store/store.js';
import { meetingToCsv } from './records-csv.js';
import type { SignInService } from '../sign-in/sign-in-service.js';
import type { RecordingStorage } from '../recording/recording-storage.js';
import { createRecordingsApi } from './recordings-api.js';
import { eraseFromRecordings } from '../recording/erase.js';

/** What the records API needs. */
export interface RecordsContext {
  verifier: TokenVerifier;
  store: Store;
  logger: Logger;
  /** Sign-in sessions, accepted like tokens when standalone sign-in is on. */
  sessions?: SignInService | undefined;
  /** Where recordings are kept: their creator lists, plays, downloads and deletes them here. */
  recordingStorage?: RecordingStorage | undefined;
  /** A recording lost someone's tracks (DELETE /api/me): its composite is to be rendered anew. */
  onRecordingChanged?: ((recordingId: string) => Promise<void> | void) | undefined;
  /** Runs a failed smart recording job again; false when it had not failed. */
  retrySmart?: ((recordingId: string) => Promise<boolean>) | undefined;
}

const MEETING_PATH = /^\/api\/meetings\/(\d{9})(\/export)?$/;

/** The value of query parameter `name`, or null when absent; given twice, it is a 400. */
function queryParam(url: URL, name: string): string | null {
  const values = url.searchParams.getAll(name);
  if (values.length > 1) throw new HttpError(400, `${name} may be given once`);
  return values[0] ?? null;
}

/** `limit`: plain decimal digits from 1 to `max` (no sign, exponent, fraction or spaces). */
function limitParam(url: URL, fallback: number, max: number): number {
  const raw = queryParam(url, 'limit');
  if (raw === null) return fallback;
  const limit = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= max)) throw new HttpError(400, `limit must be 1–${max}`);
  return limit;
}

/** Cursors travel as `<startedAt>.<meetingId>`. */
function cursorParam(url: URL): MeetingCursor | undefined {
  const raw = queryParam(url, 'before');
  if (raw === null) return undefined;
  const match = /^(\d{1,16})\.(\d{9})$/.exec(raw);
  const startedAt = Number(match?.[1]);
  if (match === null || !Number.isSafeInteger(startedAt)) throw new HttpError(400, 'before must be a cursor from a previous page');
  return { startedAt, id: match[2]! };
}

async function caller(req: IncomingMessage, verifier: TokenVerifier, sessions: SignInService | undefined, write = false): Promise<Identity> {
  // A person signed in here: their session (a bearer session token, or the cookie with its CSRF token on writes).
  const session = await sessions?.authenticate(req, write);
  if (session !== undefined) {
    const { subject, displayName, masked } = session.user;
    return { userId: subject, displayName: displayName ?? masked, avatarUrl: undefined, meeting: '', role: 'participant', expiresAt: 0, topic: undefined };
  }
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  try {
    return await verifier.identify(token);
  } catch (error) {
    if (error instanceof AuthError) throw new HttpError(401, error.message, error.code);
    throw error;
  }
}

/**
 * Meeting records for their creator only: list, details (participations and poll results),
 * CSV/JSON export and the audit log of who read what; and `DELETE /api/me`, which
 * de-identifies the caller in every record. Every read and export is written to the audit
 * log before it is answered. Returns false when the path is not one of its routes.
 */
export function createRecordsApi(context: RecordsContext) {
  const { store, verifier, sessions } = context;

  async function ownMeeting(identity: Identity, id: string): Promise<MeetingRecord> {
    const meeting = await store.getMeeting(id);
    // One answer for "no such meeting" and "not yours", so nobody can probe which ids exist.
    if (meeting === undefined || meeting.creatorUserId !== identity.userId) {
      throw new HttpError(404, 'no meeting with this id among your meetings');
    }
    return meeting;
  }

  const recordings =
    context.recordingStorage === undefined
      ? undefined
      : createRecordingsApi({ store, storage: context.recordingStorage, retrySmart: context.retrySmart }, (req, write) => caller(req, verifier, sessions, write));

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    if (recordings !== undefined && (await recordings(req, res, url))) return true;
    if (path === '/api/me') {
      if (req.method !== 'DELETE') throw new HttpError(405, 'use DELETE');
      const identity = await caller(req, verifier, sessions, true);
      const { participations, meetings, auditEntries, pollBallots } = await store.deleteUserData(identity.userId);
      // A person who signed in here: their masked identifier, name and sessions go too.
      await store.signIn.deleteUser(identity.userId);
      // Their voice and picture in recordings, and their name next to their consent.
      const recordingTracks =
        context.recordingStorage === undefined ? 0 : await eraseFromRecordings(context.recordingStorage, identity.userId, context.onRecordingChanged);
      context.logger.info({ participations, meetings, auditEntries, pollBallots, recordingTracks }, 'personal data deleted on request');
      sendJson(res, 200, { deleted: { participations, meetings, auditEntries, pollBallots, recordingTracks } });
      return true;
    }
    const isRecords = path === '/api/meetings' || path === '/api/audit' || MEETING_PATH.test(path);
    if (!isRecords) return false;
    if (req.method !== 'GET') throw new HttpError(405, 'use GET');
    const identity = await caller(req, verifier, sessions);
    const at = Date.now();

    if (path === '/api/meetings') {
      const page = await store.listMeetingsByCreator(identity.userId, {
        limit: limitParam(url, 20, 100),
        before: cursorParam(url),
      });
      await store.recordAudit({ actorUserId: identity.userId, action: 'list', at });
      sendJson(res, 200, {
        meetings: page.meetings,
        ...(page.next === undefined ? {} : { next: `${page.next.startedAt}.${page.next.id}` }),
      });
      return true;
    }
    if (path === '/api/audit') {
      sendJson(res, 200, { entries: await store.listAudit(identity.userId, { limit: limitParam(url, 50, 500) }) });
      return true;
    }
    const [, id, exporting] = MEETING_PATH.exec(path)!;
    const meeting = await ownMeeting(identity, id!);
    if (exporting === undefined) {
      await store.recordAudit({ actorUserId: identity.userId, action: 'read', meeting: meeting.id, at });
      sendJson(res, 200, meeting);
      return true;
    }
    const format = queryParam(url, 'format') ?? 'json';
    if (format !== 'csv' && format !== 'json') throw new HttpError(400, 'format must be csv or json');
    await store.recordAudit({ actorUserId: identity.userId, action: 'export', meeting: meeting.id, format, at });
    const body = format === 'csv' ? meetingToCsv(meeting) : JSON.stringify(meeting, null, 2);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="meeting-${meeting.id}.${format}"`,
      'cache-control': 'no-store',
    });
    res.end(body);
    return true;
  };
}
