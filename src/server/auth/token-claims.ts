import * as v from 'valibot';
import { MeetingIdSchema, RoleSchema, type Role } from '../../protocol/index.js';

/**
 * User ids of deleted users start with this (see the store's `deleteUserData`): a token whose
 * subject starts with it is refused, so no token can act as a de-identified placeholder.
 */
export const DELETED_USER_PREFIX = 'deleted:';

/**
 * Claims a host application puts in the JWT it signs for each user.
 * `sub`, `name`, `meeting`, `role` and `exp` are required; `avatar` is optional.
 */
export const TokenClaimsSchema = v.object({
  sub: v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(256),
    v.check((sub) => !sub.startsWith(DELETED_USER_PREFIX), `a subject may not start with "${DELETED_USER_PREFIX}"`),
  ),
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  avatar: v.optional(v.pipe(v.string(), v.url(), v.maxLength(2048), v.regex(/^https?:/i, 'avatar must be http(s)'))),
  meeting: MeetingIdSchema,
  role: RoleSchema,
  exp: v.number(),
  /** The meeting's topic; a host's token sets it. */
  topic: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
});

/** The identity a verified token grants. */
export interface Identity {
  /** Stable user id in the host application (`sub`). */
  userId: string;
  /** Name shown to other participants (`name`). */
  displayName: string;
  /** Avatar image URL (`avatar`). */
  avatarUrl: string | undefined;
  /** The only meeting this token admits to (`meeting`). */
  meeting: string;
  /** `host` or `participant` (`role`). */
  role: Role;
  /** Expiry, seconds since the epoch (`exp`). */
  expiresAt: number;
  /** Topic named by the token (`topic`); only a host's sets the meeting's topic. */
  topic: string | undefined;
}
