import type { Role } from './messages.js';
import type { SmartStatus } from './smart-recording.js';

// Meeting records as the records API sends them (JSON). The server's storage produces them
// and the browser's RecordsClient reads them: one definition for both.

/** Actions on meeting records that the audit log keeps. */
export type AuditAction = 'list' | 'read' | 'export' | 'recording-download' | 'recording-delete';

/** Formats meeting records are exported in. */
export type ExportFormat = 'csv' | 'json';

/** An audit log entry as stored. */
export interface AuditEntry {
  id: number;
  actorUserId: string;
  action: AuditAction;
  meeting: string | null;
  format: ExportFormat | null;
  at: number;
}

/** A meeting as listed: no participations. */
export interface MeetingSummary {
  id: string;
  topic: string | null;
  creatorUserId: string | null;
  startedAt: number;
  /** Null while the meeting is open. */
  endedAt: number | null;
  /** Distinct users who joined at least once. */
  participantCount: number;
}

/** One join of one person to a meeting. */
export interface Participation {
  id: number;
  userId: string;
  /** As the person gave it: mask it (`maskPersonalData`) before showing it. */
  displayName: string;
  role: Role;
  joinedAt: number;
  /** Null while the person is still in the meeting. */
  leftAt: number | null;
  /** `leftAt - joinedAt`; null while the person is still in the meeting. */
  durationMs: number | null;
  /** When the person agreed, in this participation, to be recorded (the latest time); null: never. */
  recordingConsentedAt: number | null;
}

/** A meeting with every participation, in join order, and its polls. */
export interface MeetingRecord extends MeetingSummary {
  participations: Participation[];
  /** Every poll, oldest first. Absent only in records from servers without polls. */
  polls?: PollRecord[];
}

/** One named ballot as the meeting's creator reads it in the records. */
export interface PollBallotRecord {
  userId: string;
  /** As the voter gave it: mask it (`maskPersonalData`) before showing it. */
  displayName: string;
  avatarUrl: string | null;
  /** Indexes into the poll's options. */
  choices: number[];
}

/** A poll of a meeting with its results, as the meeting's creator reads it. */
export interface PollRecord {
  id: string;
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  resultsShared: boolean;
  /** `draft` (never opened), `open` or `closed`; a meeting's polls close when it ends. */
  state: 'draft' | 'open' | 'closed';
  createdAt: number;
  /** How many people voted. */
  voters: number;
  /** Votes per option, in option order. */
  counts: number[];
  /**
   * Named polls only: who chose what, in the order the ballots were cast. Absent for an
   * anonymous poll, whose records never name a voter. A voter who deleted their data is
   * still counted in `voters` and `counts` but has no ballot here.
   */
  ballots?: PollBallotRecord[];
}

/** Where a recording stands for its creator (see docs/records-api.md, Recordings). */
export type RecordingListState = 'recording' | 'rendering' | 'ready' | 'interrupted' | 'failed';

/** One file of a recording: the composite, or one participant's track. */
export interface RecordingFile {
  name: string;
  kind: 'composite' | 'track';
  /** For a track: whose it is (as they gave their name; mask it before showing it). */
  participant?: string;
  /** For a track: `mic`, `camera`, `screen` or `screen-audio`. */
  source?: string;
  media: 'audio' | 'video';
  /** Bytes. */
  size: number;
  /** Seconds from the recording's start to the file's start. */
  offset: number;
  /** Seconds; null while unknown. */
  duration: number | null;
  /** A link to the file, relative to the server, signed for the caller and this file only. */
  url: string;
}

/** A meeting's recording as its creator lists it. */
export interface RecordingSummary {
  id: string;
  state: RecordingListState;
  /** How much of the composite is rendered, 0 to 1. */
  progress: number;
  startedAt: number;
  stoppedAt: number | null;
  /** Seconds. */
  duration: number;
  /** Bytes, all files together. */
  size: number;
  /** Who started it (as they gave their name). */
  startedBy: string;
  /** Who agreed to be recorded, and when. */
  participants: { displayName: string; consentedAt: number }[];
  files: RecordingFile[];
  /** Its smart recording's processing (transcript, chapters, minutes); `null` before it is queued. */
  smart: SmartStatus | null;
}
