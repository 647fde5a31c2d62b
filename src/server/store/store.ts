import type { Role } from '../../protocol/index.js';

/** What a join records. */
export interface JoinRecord {
  meeting: string;
  userId: string;
  displayName: string;
  role: Role;
  at: number;
}

/**
 * Persistent storage of meeting records. One interface; the SQLite implementation is the
 * default, and every implementation shares the same Kysely queries.
 */
export interface Store {
  /** Records a join, creating the meeting row on its first join. Returns the participation id. */
  recordJoin(join: JoinRecord): Promise<number>;
  /** Records the end of a participation. */
  recordLeave(participationId: number, at: number): Promise<void>;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  /** Closes the connection; idempotent. */
  close(): Promise<void>;
}
