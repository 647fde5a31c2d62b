/**
 * Types and names of the standalone sign-in API (`docs/sign-in.md`), without the schemas, so a
 * browser module can use them without taking valibot along.
 */

/** How a code travels: `phone` (SMS) or `email`. */
export type SignInChannel = 'phone' | 'email';

/** The answer to a code request: the same whether or not the identifier was seen before. */
export interface CodeRequestAnswer {
  /** Seconds before another code may be requested for this identifier. */
  resendAfterSeconds: number;
  /** Seconds the code stays valid. */
  expiresInSeconds: number;
}

/** Who is signed in, as the server shows them: never the identifier in clear. */
export interface SignedInUser {
  /** `138****5678` or `a***@example.com`. */
  masked: string;
  displayName: string | null;
}

/** The answer to a successful verification. */
export interface SignInSession {
  /** Bearer token for pages on other origins (`Authorization: Bearer …`). */
  token: string;
  /** Value of the `X-WE-CSRF` header on writes authenticated by the session cookie. */
  csrf: string;
  user: SignedInUser;
}

/** A meeting created by a signed-in person. */
export interface CreatedMeeting {
  id: string;
  topic: string | null;
  allowGuests: boolean;
}

/** The answer to a meeting token request. */
export interface MeetingTokenAnswer {
  token: string;
  role: 'host' | 'participant';
}

/** Error codes of the sign-in API (`{ "error": message, "code": … }`). */
export type SignInErrorCode =
  | 'invalid_request'
  | 'invalid_identifier'
  | 'rate_limited'
  | 'code_invalid'
  | 'code_expired'
  | 'too_many_attempts'
  | 'send_failed'
  | 'not_signed_in'
  | 'csrf_failed'
  | 'meeting_unknown'
  | 'guests_not_allowed'
  | 'sign_in_unavailable';

/** Name of the header that carries the CSRF token. */
export const CSRF_HEADER = 'x-we-csrf';
/** Prefix of sign-in session tokens, which tells them apart from host-signed JWTs. */
export const SESSION_TOKEN_PREFIX = 'wes_';
