import type { MeetingSummary } from '../../protocol/records.js';

// The records as the records API sends them: defined once, in the protocol, for the server too.
export type * from '../../protocol/records.js';

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
