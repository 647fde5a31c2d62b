import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A person who signed in with a code, as stored: no phone number or e-mail address in clear. */
export interface SignInUser {
  /** Keyed hash of the identifier; the user id in meeting tokens and records. */
  subject: string;
  /** `138****5678`, `a***@example.com`. */
  masked: string;
  displayName: string | null;
}

/** An open session, found by the hash of its token. */
export interface StoredSession {
  subject: string;
  expiresAt: number;
}

/** What a meeting allows, for deciding who may get a token for it. */
export interface MeetingAccess {
  creatorUserId: string | null;
  allowGuests: boolean;
}

/** A meeting as a signed-in person creates it. */
export interface NewMeeting {
  id: string;
  topic: string | null;
  creatorUserId: string;
  allowGuests: boolean;
  at: number;
}

/** Storage of the standalone sign-in: people, sessions and the meetings they create. */
export interface SignInStore {
  /** Creates a meeting; resolves false when the id is taken. */
  createMeeting(meeting: NewMeeting): Promise<boolean>;
  /** Who created a meeting and whether it takes guests; undefined when there is no such meeting. */
  meetingAccess(id: string): Promise<MeetingAccess | undefined>;
  /** Creates or updates a person; a null display name keeps the one stored. */
  saveUser(user: SignInUser, at: number): Promise<SignInUser>;
  getUser(subject: string): Promise<SignInUser | undefined>;
  createSession(session: { tokenHash: string; subject: string; at: number; expiresAt: number }): Promise<void>;
  /** The session with this token hash, if it is open at `now`. */
  getSession(tokenHash: string, now: number): Promise<StoredSession | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  /** Removes a person and all their sessions; resolves with how many sessions were closed. */
  deleteUser(subject: string): Promise<number>;
}

/** {@link SignInStore} on the store's Kysely database. */
export class KyselySignInStore implements SignInStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async createMeeting(meeting: NewMeeting): Promise<boolean> {
    const result = await this.#db
      .insertInto('meetings')
      .values({
        id: meeting.id,
        topic: meeting.topic,
        creator_user_id: meeting.creatorUserId,
        started_at: meeting.at,
        ended_at: null,
        allow_guests: meeting.allowGuests ? 1 : 0,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async meetingAccess(id: string): Promise<MeetingAccess | undefined> {
    const row = await this.#db
      .selectFrom('meetings')
      .select(['creator_user_id', 'allow_guests'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : { creatorUserId: row.creator_user_id, allowGuests: Number(row.allow_guests) === 1 };
  }

  async saveUser(user: SignInUser, at: number): Promise<SignInUser> {
    await this.#db
      .insertInto('sign_in_users')
      .values({ subject: user.subject, masked: user.masked, display_name: user.displayName, created_at: at })
      .onConflict((oc) =>
        oc.column('subject').doUpdateSet((eb) => ({
          masked: eb.ref('excluded.masked'),
          display_name: user.displayName === null ? eb.ref('sign_in_users.display_name') : eb.ref('excluded.display_name'),
        })),
      )
      .execute();
    return (await this.getUser(user.subject))!;
  }

  async getUser(subject: string): Promise<SignInUser | undefined> {
    const row = await this.#db
      .selectFrom('sign_in_users')
      .select(['subject', 'masked', 'display_name'])
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row === undefined ? undefined : { subject: row.subject, masked: row.masked, displayName: row.display_name };
  }

  async createSession(session: { tokenHash: string; subject: string; at: number; expiresAt: number }): Promise<void> {
    await this.#db
      .insertInto('sign_in_sessions')
      .values({ token_hash: session.tokenHash, subject: session.subject, created_at: session.at, expires_at: session.expiresAt })
      .execute();
    // Sessions that have run out are not kept.
    await this.#db.deleteFrom('sign_in_sessions').where('expires_at', '<=', session.at).execute();
  }

  async getSession(tokenHash: string, now: number): Promise<StoredSession | undefined> {
    const row = await this.#db
      .selectFrom('sign_in_sessions')
      .select(['subject', 'expires_at'])
      .where('token_hash', '=', tokenHash)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row === undefined ? undefined : { subject: row.subject, expiresAt: Number(row.expires_at) };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.#db.deleteFrom('sign_in_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteUser(subject: string): Promise<number> {
    const sessions = await this.#db.deleteFrom('sign_in_sessions').where('subject', '=', subject).executeTakeFirst();
    await this.#db.deleteFrom('sign_in_users').where('subject', '=', subject).execute();
    return Number(sessions.numDeletedRows);
  }
}
