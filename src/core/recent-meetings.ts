/**
 * The meetings this browser joined, kept only in the browser's own storage so the pre-join
 * screen can offer them again. Meeting ids are not personal data; a topic, if one is kept, is
 * masked where it is shown. Storage may be missing or refuse access (sandboxed iframes,
 * disabled cookies, a full quota): every function then does nothing rather than throw.
 */

/** localStorage key of the list. */
export const RECENT_MEETINGS_KEY = 'we-meeting:recent';

/** How many meetings the list keeps. */
export const RECENT_MEETINGS_LIMIT = 10;

/** One meeting this browser joined. */
export interface RecentMeeting {
  /** Nine-digit meeting id, without spaces. */
  readonly id: string;
  /** The meeting's topic, when it was known at join time. */
  readonly topic?: string | undefined;
  /** When it was joined, in milliseconds since the epoch. */
  readonly joinedAt: number;
}

/** The page's localStorage, or `undefined` where reading the property itself throws. */
function defaultStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

function isRecentMeeting(value: unknown): value is RecentMeeting {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry['id'] === 'string' &&
    entry['id'] !== '' &&
    typeof entry['joinedAt'] === 'number' &&
    Number.isFinite(entry['joinedAt']) &&
    (entry['topic'] === undefined || typeof entry['topic'] === 'string')
  );
}

/** The remembered meetings, newest first; empty when nothing usable is stored. */
export function loadRecentMeetings(storage: Storage | undefined = defaultStorage()): RecentMeeting[] {
  let parsed: unknown;
  try {
    const raw = storage?.getItem(RECENT_MEETINGS_KEY);
    if (raw === null || raw === undefined) return [];
    parsed = JSON.parse(raw);
  } catch {
    return []; // Unreadable storage or corrupt JSON: as if nothing were stored.
  }
  if (!Array.isArray(parsed)) return [];
  const seen = new Set<string>();
  const meetings: RecentMeeting[] = [];
  for (const value of parsed) {
    if (!isRecentMeeting(value) || seen.has(value.id)) continue;
    seen.add(value.id);
    meetings.push(value.topic === undefined ? { id: value.id, joinedAt: value.joinedAt } : { id: value.id, topic: value.topic, joinedAt: value.joinedAt });
  }
  return meetings.sort((a, b) => b.joinedAt - a.joinedAt).slice(0, RECENT_MEETINGS_LIMIT);
}

/**
 * Puts `entry` first (replacing an older entry with the same id) and keeps the newest
 * {@link RECENT_MEETINGS_LIMIT}. Returns the list as stored, or as it would have been when
 * storage refused the write.
 */
export function rememberMeeting(entry: RecentMeeting, storage: Storage | undefined = defaultStorage()): RecentMeeting[] {
  if (typeof entry.id !== 'string' || entry.id === '') {
    throw new TypeError(`"id" expected non-empty string, got ${typeof entry.id === 'string' ? 'empty string' : `type=${typeof entry.id}`}`);
  }
  const meetings = [entry, ...loadRecentMeetings(storage).filter((meeting) => meeting.id !== entry.id)].slice(
    0,
    RECENT_MEETINGS_LIMIT,
  );
  try {
    storage?.setItem(RECENT_MEETINGS_KEY, JSON.stringify(meetings));
  } catch {
    // Storage refused (quota, sandbox): the list is simply not remembered.
  }
  return meetings;
}

/** Forgets every remembered meeting. */
export function clearRecentMeetings(storage: Storage | undefined = defaultStorage()): void {
  try {
    storage?.removeItem(RECENT_MEETINGS_KEY);
  } catch {
    // Nothing was remembered where storage cannot be reached.
  }
}
