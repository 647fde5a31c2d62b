import type {
  AuditAction,
  AuditEntry,
  ExportFormat,
  MeetingRecord,
  MeetingSummary,
  Participation,
  PollBallotRecord,
  PollRecord,
} from '../../protocol/index.js';

export type { AuditAction, AuditEntry, ExportFormat, MeetingRecord, MeetingSummary, Participation, PollBallotRecord, PollRecord };

/** One page of the caller's meetings, newest first. */
export interface MeetingPage {
  meetings: MeetingSummary[];
  /** Cursor for the next (older) page: pass it as `before`. Absent on the last page. */
  next?: string;
}

/** A downloaded export: the file's content and the name the server gave it. */
export interface MeetingExport {
  blob: Blob;
  filename: string;
}
