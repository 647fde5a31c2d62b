import type {
  AuditAction,
  AuditEntry,
  ExportFormat,
  MeetingRecord,
  MeetingSummary,
  Participation,
  PollBallotRecord,
  PollRecord,
  Role,
} from '../../protocol/index.js';

import type { MeetingAccess, NewMeeting, SignInStore, SignInUser, StoredSession } from './sign-in-queries.js';

export type { MeetingAccess, NewMeeting, SignInStore, SignInUser, StoredSession };
export type { AuditAction, AuditEntry, ExportFormat, MeetingRecord, MeetingSummary, Participation, PollBallotRecord, PollRecord };

/** What a join records. */
export interface JoinRecord {
  meeting: string;
  userId: string;
  displayName: string;
  role: Role;
  at: number;
}

/** One access to meeting records, as recorded. */
export interface AuditRecord {
  actorUserId: string;
  action: AuditAction;
  /** The meeting read or exported; absent for a list. */
  meeting?: string | undefined;
  /** The export format; only for `export`. */
  format?: ExportFormat | undefined;
  at: number;
}

/** Where a page of meetings stops; pass it as `before` to get the next (older) page. */
export interface MeetingCursor {
  startedAt: number;
  id: string;
}

/** One page of a creator's meetings, newest first. */
export interface MeetingPage {
  meetings: MeetingSummary[];
  /** Cursor for the next (older) page; absent on the last page. */
  next?: MeetingCursor | undefined;
}

/** What {@link Store.deleteUserData} de-identified. */
export interface DeletionResult {
  /** The placeholder that now stands for the user in every record. */
  placeholder: string;
  participations: number;
  meetings: number;
  auditEntries: number;
  /** Named-poll ballots removed; their votes stay in the tallies as anonymous counts. */
  pollBallots: number;
}

/** A poll as a host creates it. */
export interface NewPoll {
  /** Random and unique; also the id clients use. */
  id: string;
  meeting: string;
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  resultsShared: boolean;
  createdAt: number;
}

/** A poll as stored, with its results (named ballots only for named polls). */
export type StoredPoll = PollRecord;

/** One ballot to record. */
export interface BallotRecord {
  pollId: string;
  /** Marks this user as having voted; never stored next to the choices of an anonymous poll. */
  userId: string;
  /** Indexes of the chosen options, distinct. */
  choices: number[];
  /** The voter's name and avatar, for a named poll only; must be absent for an anonymous one. */
  named?: { displayName: string; avatarUrl: string | null } | undefined;
}

/** How {@link Store.recordVote} went. */
export type VoteOutcome = 'recorded' | 'already_voted' | 'not_open';

/** What {@link Store.recoverAfterCrash} closed. */
export interface RecoveryResult {
  meetings: number;
  participations: number;
}

/**
 * Persistent storage of meeting records. One interface; the SQLite implementation is the
 * default, PostgreSQL is chosen by URL, and both share the same Kysely queries.
 * Authorisation is the caller's job: these methods trust the user ids they are given.
 */
export interface Store {
  /** People who signed in with a code, their sessions and the meetings they create. */
  readonly signIn: SignInStore;
  /**
   * Records a join, creating the meeting row on its first join (a first host becomes its
   * creator) and reopening the meeting if it had ended. Returns the participation id.
   */
  recordJoin(join: JoinRecord): Promise<number>;
  /** Records that the person agreed, in this participation, to be recorded (at `at`). */
  recordRecordingConsent(participationId: number, at: number): Promise<void>;
  /** Records the end of a participation; a participation already ended is left as it is. */
  recordLeave(participationId: number, at: number): Promise<void>;
  /**
   * Ends an open meeting at `at`, ending its open participations and closing its open polls.
   * Resolves false when the meeting does not exist or had already ended.
   */
  endMeeting(meeting: string, at: number): Promise<boolean>;
  /** Sets (or with null clears) a meeting's topic. Resolves false when the meeting does not exist. */
  setTopic(meeting: string, topic: string | null): Promise<boolean>;
  /** The meetings `userId` created, newest first, `limit` at a time. */
  listMeetingsByCreator(userId: string, page: { limit: number; before?: MeetingCursor | undefined }): Promise<MeetingPage>;
  /** A meeting with its participations and polls, or undefined when there is no such meeting. */
  getMeeting(meeting: string): Promise<MeetingRecord | undefined>;
  /**
   * Removes a user's personal data from the records (user id and display name), replacing
   * it with one de-identified placeholder so that counts and durations stay true. Their
   * named-poll ballots are removed while the tallies keep their votes.
   */
  deleteUserData(userId: string): Promise<DeletionResult>;
  /** Stores a new draft poll of an existing meeting, with zeroed tallies. */
  createPoll(poll: NewPoll): Promise<void>;
  /** Sets a poll's state. Resolves false when there is no such poll. */
  setPollState(pollId: string, state: 'open' | 'closed'): Promise<boolean>;
  /** Shows or hides a poll's results to participants. Resolves false when there is no such poll. */
  setPollResultsShared(pollId: string, shared: boolean): Promise<boolean>;
  /** Deletes a poll with its tallies, voters and ballots. Resolves false when there is no such poll. */
  deletePoll(pollId: string): Promise<boolean>;
  /**
   * Records one ballot of an open poll in one transaction: marks the user as having voted,
   * adds the choices to the tally and, for a named poll only, keeps the ballot with the
   * voter's name. For an anonymous poll nothing stored links the user to the choices.
   */
  recordVote(ballot: BallotRecord): Promise<VoteOutcome>;
  /** A meeting's polls with their results, oldest first. */
  listPolls(meeting: string): Promise<StoredPoll[]>;
  /** Who has voted in each of a meeting's polls (poll id → user ids, sorted), to refuse second ballots. */
  listPollVoters(meeting: string): Promise<Map<string, string[]>>;
  /** Appends to the audit log. */
  recordAudit(entry: AuditRecord): Promise<void>;
  /**
   * The newest `limit` audit entries a creator may see: those by them and those about
   * meetings they created, newest first.
   */
  listAudit(creatorUserId: string, page: { limit: number }): Promise<AuditEntry[]>;
  /**
   * Closes what a previous process left open when it died: each meeting started by `at`
   * and still open ends, and each open participation leaves, at that meeting's last known
   * time (its latest join or leave, else its start), and its open polls close. Run once on
   * start, before serving.
   */
  recoverAfterCrash(at: number): Promise<RecoveryResult>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Closes the connection; idempotent. */
  close(): Promise<void>;
}
