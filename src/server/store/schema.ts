import type { Generated } from 'kysely';

/** Table `meetings`: one row per meeting id, created on first join. */
export interface MeetingsTable {
  id: string;
  topic: string | null;
  /** User id of the first host to join; only they may read the meeting's records. */
  creator_user_id: string | null;
  started_at: number;
  ended_at: number | null;
}

/** Table `participations`: one row per join (a person may join several times). */
export interface ParticipationsTable {
  id: Generated<number>;
  meeting_id: string;
  user_id: string;
  display_name: string;
  role: string;
  joined_at: number;
  left_at: number | null;
}

/** Table `audit_log`: who listed, read or exported which meeting records, and when. */
export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: string;
  /** `list`, `read` or `export`. */
  action: string;
  /** The meeting read or exported; null for a list. Not a foreign key: audit outlives records. */
  meeting_id: string | null;
  /** `csv` or `json` for an export, else null. */
  format: string | null;
  at: number;
}

/** The database as Kysely sees it. Times are milliseconds since the epoch. */
export interface Database {
  meetings: MeetingsTable;
  participations: ParticipationsTable;
  audit_log: AuditLogTable;
}
