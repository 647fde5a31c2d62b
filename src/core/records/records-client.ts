import { MAX_AUDIT_PAGE, MAX_MEETINGS_PAGE, MEETING_ID_PATTERN } from '../../protocol/limits.js';
import { RecordsError, type RecordsErrorCode } from './records-error.js';
import type { AuditEntry, ExportFormat, MeetingExport, MeetingPage, MeetingRecord, MeetingSummary, RecordingFile, RecordingSummary } from './records-types.js';
import type { SmartAnswer, SmartStatus } from '../../protocol/smart-recording.js';

/** The part of `fetch` the client uses; tests and stories pass stubs. */
export type RecordsFetch = (input: string, init: RequestInit) => Promise<Response>;

/** Options of {@link RecordsClient}. */
export interface RecordsClientOptions {
  /** Server base URL (`https://meet.example.com`); an empty string means the page's own origin. */
  server: string;
  /** The caller's JWT (any meeting's token identifies its user). */
  token: string;
  /** Replaces the global `fetch`. */
  fetch?: RecordsFetch;
}

/** Options of {@link RecordsClient.listMeetings}. */
export interface ListMeetingsOptions {
  /** Meetings per page, 1–100; the server's default (20) when absent. */
  limit?: number;
  /** The `next` cursor of the previous page. */
  before?: string;
}

const TOKEN_CODES: readonly RecordsErrorCode[] = ['token_missing', 'token_expired', 'token_invalid'];

function typeOf(value: unknown): string {
  return value === null ? 'null' : typeof value;
}

function checkLimit(limit: unknown, max: number): void {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new RangeError(`"limit" expected integer 1–${max}, got ${typeof limit === 'number' ? limit : `type=${typeOf(limit)}`}`);
  }
}

function checkRecordingId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !RECORDING_ID.test(id)) {
    throw new TypeError(`"recordingId" expected a recording id, got ${typeof id === 'string' ? JSON.stringify(id) : `type=${typeOf(id)}`}`);
  }
}

function checkMeetingId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || !MEETING_ID_PATTERN.test(id)) {
    throw new TypeError(`"id" expected nine-digit meeting id, got ${typeof id === 'string' ? JSON.stringify(id) : `type=${typeOf(id)}`}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSummary(value: unknown): value is MeetingSummary {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['startedAt'] === 'number';
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

function isBallot(value: unknown): boolean {
  return isRecord(value) && typeof value['displayName'] === 'string' && isNumberArray(value['choices']);
}

// Checks what the history view reads, so a malformed poll fails the call instead of the render.
function isPoll(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const options = value['options'];
  const ballots = value['ballots'];
  return (
    typeof value['question'] === 'string' &&
    Array.isArray(options) &&
    options.every((option) => typeof option === 'string') &&
    isNumberArray(value['counts']) &&
    typeof value['voters'] === 'number' &&
    typeof value['anonymous'] === 'boolean' &&
    (ballots === undefined || (Array.isArray(ballots) && ballots.every(isBallot)))
  );
}

function isMeetingRecord(value: unknown): value is MeetingRecord {
  if (!isSummary(value) || !Array.isArray((value as Partial<MeetingRecord>).participations)) return false;
  const polls: unknown = (value as Partial<MeetingRecord>).polls;
  return polls === undefined || (Array.isArray(polls) && polls.every(isPoll));
}

const RECORDING_STATES = ['recording', 'rendering', 'ready', 'interrupted', 'failed'];
const RECORDING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

// Checks what the recordings view reads, links included: only links to this server's recording files.
function isRecordingFile(value: unknown): value is RecordingFile {
  return (
    isRecord(value) &&
    typeof value['name'] === 'string' &&
    (value['kind'] === 'composite' || value['kind'] === 'track') &&
    (value['media'] === 'audio' || value['media'] === 'video') &&
    typeof value['size'] === 'number' &&
    typeof value['offset'] === 'number' &&
    (value['duration'] === null || typeof value['duration'] === 'number') &&
    (value['participant'] === undefined || typeof value['participant'] === 'string') &&
    (value['source'] === undefined || typeof value['source'] === 'string') &&
    typeof value['url'] === 'string' &&
    value['url'].startsWith('/api/meetings/')
  );
}

const SMART_STATES = ['queued', 'processing', 'ready', 'failed'];
const SMART_STAGES = ['decoding', 'voice-activity', 'transcribing', 'analysing'];

// The protocol's SmartStatusSchema, checked by hand: valibot stays out of the records script.
function isSmartStatus(value: unknown): value is SmartStatus {
  if (!isRecord(value)) return false;
  const progress = value['progress'];
  return (
    SMART_STATES.includes(value['state'] as string) &&
    (value['stage'] === null || SMART_STAGES.includes(value['stage'] as string)) &&
    typeof progress === 'number' &&
    progress >= 0 &&
    progress <= 1 &&
    (value['error'] === undefined || typeof value['error'] === 'string') &&
    typeof value['updatedAt'] === 'number'
  );
}

function isRecordingSummary(value: unknown): value is RecordingSummary {
  if (!isRecord(value)) return false;
  const participants = value['participants'];
  const files = value['files'];
  const smart = value['smart'];
  return (
    // Absent from servers without smart recordings: read as not queued.
    (smart === undefined || smart === null || isSmartStatus(smart)) &&
    typeof value['id'] === 'string' &&
    RECORDING_ID.test(value['id']) &&
    RECORDING_STATES.includes(value['state'] as string) &&
    typeof value['progress'] === 'number' &&
    typeof value['startedAt'] === 'number' &&
    (value['stoppedAt'] === null || typeof value['stoppedAt'] === 'number') &&
    typeof value['duration'] === 'number' &&
    typeof value['size'] === 'number' &&
    typeof value['startedBy'] === 'string' &&
    Array.isArray(participants) &&
    participants.every((participant) => isRecord(participant) && typeof participant['displayName'] === 'string' && typeof participant['consentedAt'] === 'number') &&
    Array.isArray(files) &&
    files.every(isRecordingFile)
  );
}

/** The smart recording's parser, in a chunk of its own (valibot and the schema). */
function smartParser(): Promise<typeof import('./smart-answer.js')> {
  return import('./smart-answer.js').catch((cause: unknown) => {
    throw new RecordsError(0, 'network_error', 'the smart recording\'s reader could not be loaded', { cause });
  });
}

function codeFor(status: number, bodyCode: unknown): RecordsErrorCode {
  if (status === 401) return TOKEN_CODES.includes(bodyCode as RecordsErrorCode) ? (bodyCode as RecordsErrorCode) : 'token_invalid';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 400) return 'bad_request';
  if (status === 409) return 'conflict';
  return 'server_error';
}

/** The file name in a `Content-Disposition` header, without any path; undefined when none. */
export function filenameFromDisposition(header: string | null): string | undefined {
  if (header === null) return undefined;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended !== null) {
    try {
      name = decodeURIComponent(extended[1]!.trim());
    } catch {
      name = undefined;
    }
  }
  name ??= /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header)?.slice(1).find((part) => part !== undefined);
  // A name is a name, never a path: keep what follows the last separator.
  const base = name?.replace(/\\(.)/g, '$1').split(/[/\\]/).pop()?.trim();
  return base === undefined || base === '' || base === '.' || base === '..' ? undefined : base;
}

/**
 * Reads the caller's meeting records from a WE Meeting server: the meetings they created,
 * each one's participations and poll results, CSV and JSON exports, and the audit log of those accesses.
 * Every call sends the token as a bearer token and rejects with {@link RecordsError}.
 */
export class RecordsClient {
  readonly server: string;
  readonly #token: string;
  readonly #fetch: RecordsFetch;

  constructor(options: RecordsClientOptions) {
    if (typeof options?.server !== 'string') throw new TypeError(`"server" expected string, got type=${typeOf(options?.server)}`);
    if (typeof options.token !== 'string') throw new TypeError(`"token" expected string, got type=${typeOf(options.token)}`);
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw new TypeError(`"fetch" expected function, got type=${typeOf(options.fetch)}`);
    }
    this.server = options.server.replace(/\/+$/, '');
    this.#token = options.token;
    // Called through a closure: window.fetch throws "Illegal invocation" when detached.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** One page of the caller's meetings, newest first. */
  async listMeetings(options: ListMeetingsOptions = {}): Promise<MeetingPage> {
    const params = new URLSearchParams();
    if (options.limit !== undefined) {
      checkLimit(options.limit, MAX_MEETINGS_PAGE);
      params.set('limit', String(options.limit));
    }
    if (options.before !== undefined) {
      if (typeof options.before !== 'string' || options.before === '') {
        throw new TypeError(`"before" expected non-empty string, got type=${typeOf(options.before)}`);
      }
      params.set('before', options.before);
    }
    const query = params.toString() === '' ? '' : `?${params.toString()}`;
    const body = await this.#json(`/api/meetings${query}`);
    if (!isRecord(body) || !Array.isArray(body['meetings']) || !body['meetings'].every(isSummary)) {
      throw new RecordsError(200, 'invalid_response', 'the meetings list is malformed');
    }
    const next = body['next'];
    return typeof next === 'string' && next !== '' ? { meetings: body['meetings'], next } : { meetings: body['meetings'] };
  }

  /**
   * A meeting the caller created, with every participation and every poll's results (`polls`
   * is absent when the server keeps no polls).
   */
  async getMeeting(id: string): Promise<MeetingRecord> {
    checkMeetingId(id);
    const body = await this.#json(`/api/meetings/${id}`);
    if (!isMeetingRecord(body)) throw new RecordsError(200, 'invalid_response', 'the meeting record is malformed');
    return body;
  }

  /** Downloads a meeting's record as CSV or JSON, with the file name the server suggests. */
  async exportMeeting(id: string, format: ExportFormat): Promise<MeetingExport> {
    checkMeetingId(id);
    if (format !== 'csv' && format !== 'json') throw new RangeError(`"format" expected csv or json, got ${JSON.stringify(format)}`);
    const response = await this.#request(`/api/meetings/${id}/export?format=${format}`);
    const blob = await response.blob();
    const filename = filenameFromDisposition(response.headers.get('content-disposition')) ?? `meeting-${id}.${format}`;
    return { blob, filename };
  }

  /**
   * A meeting's recordings, newest first: state, size, who agreed, and every file with a link
   * (absolute, on this server) that plays without the token.
   */
  async listRecordings(meetingId: string): Promise<RecordingSummary[]> {
    checkMeetingId(meetingId);
    const body = await this.#json(`/api/meetings/${meetingId}/recordings`);
    if (!isRecord(body) || !Array.isArray(body['recordings']) || !body['recordings'].every(isRecordingSummary)) {
      throw new RecordsError(200, 'invalid_response', 'the recordings list is malformed');
    }
    const recordings = body['recordings'];
    for (const recording of recordings) {
      recording.smart ??= null;
      for (const file of recording.files) file.url = `${this.server}${file.url}`;
    }
    return recordings;
  }

  /** Deletes one of a meeting's recordings with all its files. */
  async deleteRecording(meetingId: string, recordingId: string): Promise<void> {
    checkMeetingId(meetingId);
    checkRecordingId(recordingId);
    await this.#request(`/api/meetings/${meetingId}/recordings/${recordingId}`, 'DELETE');
  }

  /**
   * A recording's smart recording: where its processing stands and, once it is ready, the
   * transcript, chapters, speaker summaries, minutes and topics, with links (absolute, on this
   * server, working without the token) to its Markdown, JSON and WebVTT exports.
   */
  async getSmartRecording(meetingId: string, recordingId: string): Promise<SmartAnswer> {
    checkMeetingId(meetingId);
    checkRecordingId(recordingId);
    const path = `/api/meetings/${meetingId}/recordings/${recordingId}/smart`;
    const [body, parser] = await Promise.all([this.#json(path), smartParser()]);
    return parser.parseSmartAnswer(body, this.server);
  }

  /** Queues a failed smart recording again; resolves with its new status. A job that has not failed rejects with `conflict`. */
  async retrySmartRecording(meetingId: string, recordingId: string): Promise<SmartStatus> {
    checkMeetingId(meetingId);
    checkRecordingId(recordingId);
    const body = await this.#json(`/api/meetings/${meetingId}/recordings/${recordingId}/smart/retry`, 'POST');
    if (!isRecord(body) || !isSmartStatus(body['status'])) throw new RecordsError(202, 'invalid_response', 'the smart recording\'s status is malformed');
    return body['status'];
  }

  /** The audit log: reads and exports by the caller and of the caller's meetings, newest first. */
  async listAudit(limit?: number): Promise<AuditEntry[]> {
    if (limit !== undefined) checkLimit(limit, MAX_AUDIT_PAGE);
    const body = await this.#json(limit === undefined ? '/api/audit' : `/api/audit?limit=${limit}`);
    if (!isRecord(body) || !Array.isArray(body['entries'])) {
      throw new RecordsError(200, 'invalid_response', 'the audit log is malformed');
    }
    return body['entries'] as AuditEntry[];
  }

  async #json(path: string, method: 'GET' | 'POST' = 'GET'): Promise<unknown> {
    const response = await this.#request(path, method);
    try {
      return await response.json();
    } catch (error) {
      throw new RecordsError(response.status, 'invalid_response', `${path}: the answer is not JSON`, { cause: error });
    }
  }

  async #request(path: string, method: 'GET' | 'POST' | 'DELETE' = 'GET'): Promise<Response> {
    let response: Response;
    try {
      response = await this.#fetch(`${this.server}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.#token}`, accept: 'application/json, text/csv' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (error) {
      throw new RecordsError(0, 'network_error', `${path}: the server could not be reached`, { cause: error });
    }
    if (response.ok) return response;
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    // `{ error: 'why', code }`, or `{ error: { code, message } }` from the smart recording's routes.
    const error = isRecord(body) ? body['error'] : undefined;
    const detail = isRecord(error) ? error : isRecord(body) ? body : {};
    const text = typeof error === 'string' ? error : detail['message'];
    const message = typeof text === 'string' ? text : `HTTP ${response.status}`;
    throw new RecordsError(response.status, codeFor(response.status, detail['code']), message);
  }
}
