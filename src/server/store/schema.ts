import type { Generated } from 'kysely';

/** Table `meetings`: one row per meeting id, created on first join. */
export interface MeetingsTable {
  id: string;
  topic: string | null;
  /** User id of the first host to join; only they may read the meeting's records. */
  creator_user_id: string | null;
  started_at: number;
  ended_at: number | null;
  /** 1 when people who are not signed in may join with a name only (the default), else 0. */
  allow_guests: Generated<number>;
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
  /** When the person agreed to be recorded in this participation (the latest time); null: never. */
  recording_consented_at: number | null;
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

/**
 * Table `polls`: one row per poll. Booleans are 0 or 1 on both dialects. `voter_count` is how
 * many ballots were cast; it says nothing about who cast them.
 */
export interface PollsTable {
  /** Random id, also used on the wire. */
  id: string;
  meeting_id: string;
  question: string;
  multiple: number;
  anonymous: number;
  results_shared: number;
  /** `draft`, `open` or `closed`. */
  state: string;
  voter_count: number;
  created_at: number;
}

/**
 * Table `poll_options`: a poll's options and the tally. Every vote updates every option row
 * of its poll, so not even the physical order of row versions tells which option a vote chose.
 */
export interface PollOptionsTable {
  poll_id: string;
  /** Index of the option, from 0. */
  position: number;
  text: string;
  votes: number;
}

/**
 * Table `poll_voters`: who has voted in which poll, and nothing else — no time, no order, no
 * choice. Keyed by (poll, user); its rows are kept in key order, never in voting order.
 */
export interface PollVotersTable {
  poll_id: string;
  user_id: string;
}

/** Table `poll_ballots`: named polls only, who chose what, in the order ballots were cast. */
export interface PollBallotsTable {
  id: Generated<number>;
  poll_id: string;
  user_id: string;
  display_name: string;
  avatar_url: string | null;
  /** JSON array of option indexes, e.g. `[0,2]`. */
  choices: string;
}

/** Table `sign_in_users`: people who signed in with a code, by keyed hash of their identifier. */
export interface SignInUsersTable {
  subject: string;
  /** Masked phone number or e-mail address, for display only. */
  masked: string;
  display_name: string | null;
  created_at: number;
}

/** Table `sign_in_sessions`: open sessions by the SHA-256 of their token. */
export interface SignInSessionsTable {
  token_hash: string;
  subject: string;
  created_at: number;
  expires_at: number;
}

/** The database as Kysely sees it. Times are milliseconds since the epoch. */
export interface Database {
  meetings: MeetingsTable;
  participations: ParticipationsTable;
  audit_log: AuditLogTable;
  polls: PollsTable;
  poll_options: PollOptionsTable;
  poll_voters: PollVotersTable;
  poll_ballots: PollBallotsTable;
  sign_in_users: SignInUsersTable;
  sign_in_sessions: SignInSessionsTable;
}
