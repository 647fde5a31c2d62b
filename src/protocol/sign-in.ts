/**
 * The standalone sign-in API of the reference server (`docs/sign-in.md`): request a one-time
 * code for a phone number or an e-mail address, verify it, sign out, create a meeting and get a
 * meeting token. The schemas validate the request bodies on the server; the browser checks the
 * answers with the small guards of `src/core/sign-in`.
 */
import * as v from 'valibot';
export * from './sign-in-types.js';
import type { SignInChannel } from './sign-in-types.js';
import { MAX_DISPLAY_NAME_LENGTH, MAX_SIGN_IN_IDENTIFIER_LENGTH, MAX_TOPIC_LENGTH, SIGN_IN_CODE_LENGTH } from './limits.js';

/** How a code travels: by SMS to a phone number or by e-mail. */
export const SignInChannelSchema = v.picklist(['phone', 'email'] satisfies SignInChannel[]);

const IdentifierSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_SIGN_IN_IDENTIFIER_LENGTH));
/** ISO 3166 region a phone number without `+` is read in (`CN`, `US`). */
const RegionSchema = v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, 'region must be two capital letters'));
const DisplayNameSchema = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_DISPLAY_NAME_LENGTH));

/** Body of `POST /api/sign-in/code`. */
export const CodeRequestSchema = v.strictObject({
  channel: SignInChannelSchema,
  identifier: IdentifierSchema,
  region: v.optional(RegionSchema),
  locale: v.optional(v.picklist(['en', 'zh-Hans'])),
});

/** Body of `POST /api/sign-in/verify`. */
export const VerifyRequestSchema = v.strictObject({
  channel: SignInChannelSchema,
  identifier: IdentifierSchema,
  region: v.optional(RegionSchema),
  code: v.pipe(v.string(), v.regex(new RegExp(`^\\d{${SIGN_IN_CODE_LENGTH}}$`), `code must be ${SIGN_IN_CODE_LENGTH} digits`)),
  /** The name shown in meetings; kept from an earlier sign-in when absent. */
  name: v.optional(DisplayNameSchema),
});

/** Body of `POST /api/meetings`. */
export const CreateMeetingSchema = v.strictObject({
  topic: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(MAX_TOPIC_LENGTH))),
  /** Whether people who are not signed in may join with a name only (default true). */
  allowGuests: v.optional(v.boolean(), true),
});

/** Body of `POST /api/meetings/<id>/token`. */
export const MeetingTokenRequestSchema = v.strictObject({
  /** Required of a guest; a signed-in person joins under their own name unless this is given. */
  name: v.optional(DisplayNameSchema),
  /**
   * Development mode only, for a page on the server's machine: the user a meeting nobody
   * created yet is opened for (its first joiner, as host, as development tokens do).
   */
  devUserId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
});
