import type { Role } from '../../protocol/index.js';

/** Formats a meeting record can be exported in. */
export type ExportFormat = 'csv' | 'json';

/** What the audit log records: a list of meetings, a read of one, or an export. */
export type AuditAction = 'list' | 'read' | 'export';

/** A meeting as listed, without its participations. Times are milliseconds since the epoch. */
export interface MeetingSummary {
  /** Nine-digit meeting id. */
  id: string;
  topic: string | null;
  creatorUserId: string | null;
  startedAt: number;
  /** Null while the meeting is in progress. */
  endedAt: number | null;
  /** Distinct users who joined at least once. */
  participantCount: number;
}

/** One join of one person to a meeting. */
export interface Participation {
  userId: string;
  /** As the person gave it: mask it (`maskPersonalData`) before showing it. */
  displayName: string;
  role: Role;
  joinedAt: number;
  /** Null while the person is still in the meeting. */
  leftAt: number | null;
  /** `leftAt - joinedAt`; null while the person is still in the meeting. */
  durationMs: number | null;
}

/** A meeting with every participation, in join order. */
export interface MeetingRecord extends MeetingSummary {
  participations: Participation[];
}

/** One page of the caller's meetings, newest first. */
export interface MeetingPage {
  meetings: MeetingSummary[];
  /** Cursor for the next (older) page: pass it as `before`. Absent on the last page. */
  next?: string;
}

/** One access to meeting records. */
export interface AuditEntry {
  actorUserId: string;
  action: AuditAction;
  /** The meeting read or exported; null for a list. */
  meeting: string | null;
  /** The export format; null unless `action` is `export`. */
  format: ExportFormat | null;
  at: number;
}

/** A downloaded export: the file's content and the name the server gave it. */
export interface MeetingExport {
  blob: Blob;
  filename: string;
}
