import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { RecordingManifest } from '../recording/manifest.js';
import { SMART_OUTPUTS, type RecordingStorage } from '../recording/recording-storage.js';
import { HttpError, SECURITY_HEADERS, sendJson } from '../http-response.js';
import type { Store } from '../store/store.js';
import type { RecordingFile, RecordingListState, RecordingSummary } from '../../protocol/records.js';

/** How long a file link in a listing works: long enough to play a recording through. */
const LINK_TTL_MS = 6 * 60 * 60 * 1000;

const RECORDINGS_PATH = /^\/api\/meetings\/(\d{9})\/recordings(?:\/([0-9a-f-]{36})(?:\/files\/([A-Za-z0-9_.-]{1,100})|\/(smart)(\/retry)?)?)?$/u;

/** What the recordings routes need. */
export interface RecordingsApiContext {
  store: Store;
  storage: RecordingStorage;
  /** Signs file links; a fresh key per process when absent (links then end with the process). */
  linkKey?: Buffer;
  /** Runs a failed smart recording job again; false when it had not failed (none: no smart recordings). */
  retrySmart?: (recordingId: string) => Promise<boolean>;
}

/** The caller, as the records API authenticated them. */
export type Authenticate = (req: IncomingMessage, write: boolean) => Promise<{ userId: string }>;

/**
 * A meeting's recordings for its creator: `GET /api/meetings/<id>/recordings` lists them,
 * `GET …/recordings/<rid>/files/<file>` serves one file with range requests (so players can
 * seek), by bearer token or by the signed link the listing gives (a `<video>` cannot send a
 * header), and `DELETE …/recordings/<rid>` removes one. `GET …/recordings/<rid>/smart` gives its
 * smart recording (status, and once ready the document and links to its exports, which the
 * files route serves), `POST …/smart/retry` runs a failed one again. Unknown and someone
 * else's ids get the same 404. Returns false when the path is not one of its routes.
 */
export function createRecordingsApi(context: RecordingsApiContext, authenticate: Authenticate) {
  const { store, storage } = context;
  const key = context.linkKey ?? randomBytes(32);

  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

  async function ownRecording(userId: string, meeting: string, recordingId: string): Promise<RecordingManifest> {
    const record = await store.getMeeting(meeting);
    const manifest = record?.creatorUserId === userId ? await storage.readManifest(recordingId) : undefined;
    if (manifest === undefined || manifest.meeting !== meeting) throw new HttpError(404, 'no recording with this id among your recordings');
    return manifest;
  }

  async function listing(userId: string, meeting: string) {
    const record = await store.getMeeting(meeting);
    if (record?.creatorUserId !== userId) throw new HttpError(404, 'no meeting with this id among your meetings');
    const manifests = (await storage.list()).filter((manifest) => manifest.meeting === meeting);
    manifests.sort((a, b) => b.startedAt - a.startedAt);
    return Promise.all(manifests.map((manifest) => describe(manifest, userId)));
  }

  /** Makes links to the recording's files, signed for `userId`, that work for a while without the token. */
  function linkFor(manifest: RecordingManifest, userId: string): (file: string) => string {
    const expires = Date.now() + LINK_TTL_MS;
    const user = Buffer.from(userId).toString('base64url');
    return (file) => {
      const access = `${expires}.${user}.${sign(`${manifest.id}/${file}/${expires}/${userId}`)}`;
      return `/api/meetings/${manifest.meeting}/recordings/${manifest.id}/files/${file}?access=${access}`;
    };
  }

  async function describe(manifest: RecordingManifest, userId: string): Promise<RecordingSummary> {
    const link = linkFor(manifest, userId);
    const names = new Map(manifest.participants.map((participant) => [participant.participantId, participant.displayName]));
    const files: RecordingFile[] = [];
    const composite = manifest.composite;
    if (composite?.state === 'ready') {
      const size = await storage.size(manifest.id, composite.file);
      if (size !== undefined) {
        files.push({ name: composite.file, kind: 'composite', media: 'video', size, offset: 0, duration: composite.duration, url: link(composite.file) });
      }
    }
    for (const segment of manifest.segments) {
      const size = await storage.size(manifest.id, segment.file);
      if (size === undefined) continue;
      files.push({
        name: segment.file,
        kind: 'track',
        participant: names.get(segment.participantId) ?? '',
        source: segment.source,
        media: segment.kind,
        size,
        offset: Math.max(0, (segment.startedAt - manifest.startedAt) / 1000),
        duration: segment.endedAt === null ? null : (segment.endedAt - segment.startedAt) / 1000,
        url: link(segment.file),
      });
    }
    return {
      id: manifest.id,
      state: listState(manifest),
      progress: composite?.state === 'rendering' ? composite.progress : composite?.state === 'ready' ? 1 : 0,
      startedAt: manifest.startedAt,
      stoppedAt: manifest.stoppedAt,
      duration: ((manifest.stoppedAt ?? Date.now()) - manifest.startedAt) / 1000,
      size: files.reduce((total, file) => total + file.size, 0),
      startedBy: manifest.createdBy.displayName,
      participants: manifest.participants.map(({ displayName, consentedAt }) => ({ displayName, consentedAt })),
      files,
      smart: manifest.smart ?? null,
    };
  }

  /** The user a signed link was made for, if `access` is a valid, unexpired link to this very file. */
  function linkUser(access: string, recordingId: string, file: string): string | undefined {
    const [expires, user, signature] = access.split('.');
    if (expires === undefined || user === undefined || signature === undefined || !/^\d{1,16}$/u.test(expires)) return undefined;
    if (Number(expires) < Date.now()) return undefined;
    const userId = Buffer.from(user, 'base64url').toString();
    const expected = Buffer.from(sign(`${recordingId}/${file}/${expires}/${userId}`));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected) ? userId : undefined;
  }

  async function handleSmart(req: IncomingMessage, res: ServerResponse, meeting: string, recordingId: string, retry: boolean): Promise<void> {
    if (retry) {
      if (req.method !== 'POST') throw new HttpError(405, 'use POST');
      const { userId } = await authenticate(req, true);
      await ownRecording(userId, meeting, recordingId);
      if (context.retrySmart === undefined || !(await context.retrySmart(recordingId))) {
        throw new HttpError(409, 'the smart recording has not failed: there is nothing to try again');
      }
      // Already checked as theirs: only its new status is read.
      sendJson(res, 202, { status: (await storage.readManifest(recordingId))?.smart });
      return;
    }
    if (req.method !== 'GET') throw new HttpError(405, 'use GET');
    const { userId } = await authenticate(req, false);
    const manifest = await ownRecording(userId, meeting, recordingId);
    if (manifest.smart === undefined) throw new HttpError(404, 'this recording has no smart recording');
    await store.recordAudit({ actorUserId: userId, action: 'read', meeting, at: Date.now() });
    const ready = manifest.smart.state === 'ready';
    const document = ready ? await storage.readFile(recordingId, SMART_OUTPUTS.json) : undefined;
    if (ready && document === undefined) throw new HttpError(404, 'the smart recording is missing');
    const link = linkFor(manifest, userId);
    sendJson(res, 200, {
      status: manifest.smart,
      result: document === undefined ? null : (JSON.parse(document) as unknown),
      exports: ready ? { markdown: link(SMART_OUTPUTS.markdown), json: link(SMART_OUTPUTS.json), vtt: link(SMART_OUTPUTS.vtt) } : null,
    });
  }

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const match = RECORDINGS_PATH.exec(url.pathname);
    if (match === null) return false;
    const [, meeting, recordingId, file, smart, retry] = match as unknown as [string, string, string | undefined, string | undefined, string | undefined, string | undefined];
    if (smart !== undefined && recordingId !== undefined) {
      await handleSmart(req, res, meeting, recordingId, retry !== undefined);
      return true;
    }
    if (file !== undefined && recordingId !== undefined) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET');
      const access = url.searchParams.get('access');
      const userId = access === null ? (await authenticate(req, false)).userId : linkUser(access, recordingId, file);
      if (userId === undefined) throw new HttpError(404, 'no recording with this id among your recordings');
      const manifest = await ownRecording(userId, meeting, recordingId);
      const known =
        manifest.segments.some((segment) => segment.file === file) ||
        (manifest.composite?.state === 'ready' && manifest.composite.file === file) ||
        (manifest.smart?.state === 'ready' && Object.values(SMART_OUTPUTS).includes(file as never));
      if (!known) throw new HttpError(404, 'no such file in this recording');
      await store.recordAudit({ actorUserId: userId, action: 'recording-download', meeting, at: Date.now() });
      await serveFile(req, res, storage.path(recordingId, file), url.searchParams.get('download') === '1' ? `meeting-${meeting}-${file}` : undefined);
      return true;
    }
    if (recordingId !== undefined) {
      if (req.method !== 'DELETE') throw new HttpError(405, 'use DELETE');
      const { userId } = await authenticate(req, true);
      const manifest = await ownRecording(userId, meeting, recordingId);
      if (manifest.status === 'recording') throw new HttpError(409, 'the recording is still under way: stop it first');
      await store.recordAudit({ actorUserId: userId, action: 'recording-delete', meeting, at: Date.now() });
      await storage.remove(recordingId);
      res.writeHead(204, { ...SECURITY_HEADERS, 'cache-control': 'no-store' }).end();
      return true;
    }
    if (req.method !== 'GET') throw new HttpError(405, 'use GET');
    const { userId } = await authenticate(req, false);
    const recordings = await listing(userId, meeting);
    await store.recordAudit({ actorUserId: userId, action: 'read', meeting, at: Date.now() });
    sendJson(res, 200, { recordings });
    return true;
  };
}

function listState(manifest: RecordingManifest): RecordingListState {
  if (manifest.status === 'recording') return 'recording';
  if (manifest.composite === null || manifest.composite.state === 'rendering') return 'rendering';
  if (manifest.composite.state === 'failed') return 'failed';
  return manifest.status === 'interrupted' ? 'interrupted' : 'ready';
}

const TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  json: 'application/json; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
};

/** Streams `path`, honouring one `Range: bytes=…` (206, or 416 when it cannot be met). */
async function serveFile(req: IncomingMessage, res: ServerResponse, path: string, downloadName: string | undefined): Promise<void> {
  const size = (await stat(path).catch(() => undefined))?.size;
  if (size === undefined) throw new HttpError(404, 'no such file in this recording');
  const headers: Record<string, string | number> = {
    ...SECURITY_HEADERS,
    'content-type': TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
    ...(downloadName === undefined ? {} : { 'content-disposition': `attachment; filename="${downloadName}"` }),
  };
  const range = parseRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
    return;
  }
  const [start, end] = range ?? [0, size - 1];
  res.writeHead(range === undefined ? 200 : 206, {
    ...headers,
    'content-length': Math.max(0, end - start + 1),
    ...(range === undefined ? {} : { 'content-range': `bytes ${start}-${end}/${size}` }),
  });
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  await pipeline(createReadStream(path, { start, end }), res).catch(() => res.destroy());
}

/** One byte range of a `Range` header: `[start, end]` inclusive, undefined for none, or unsatisfiable. */
export function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/u.exec(header.trim());
  if (match === null || (match[1] === '' && match[2] === '')) return 'unsatisfiable';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return [start, end];
}
