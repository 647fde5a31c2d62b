/**
 * Error codes carried by failed responses (`{ id, ok: false, error: { code, message } }`)
 * and by WebSocket close reasons. One list shared by server and client so both sides
 * switch on the same literals.
 */
export const ERROR_CODES = [
  /** The frame was not valid JSON. */
  'bad_json',
  /** The frame was JSON but not a request envelope, or its data did not match the method's schema. */
  'bad_request',
  /** The method is not part of this protocol version. */
  'unknown_method',
  /** The frame exceeded the server's size limit. */
  'frame_too_large',
  /** The client speaks a protocol version the server does not. */
  'unsupported_version',
  /** A method other than `hello` was sent before `hello` succeeded. */
  'hello_required',
  /** `hello` was sent twice on one connection. */
  'already_joined',
  /** No token was given. */
  'token_missing',
  /** The token's signature, algorithm or claims are not acceptable. */
  'token_invalid',
  /** The token has expired. */
  'token_expired',
  /** The token was issued for another meeting. */
  'token_wrong_meeting',
  /** The caller is authenticated but not allowed to do this. */
  'forbidden',
  /** The transport, producer or consumer named does not exist (or is not the caller's). */
  'not_found',
  /** The request conflicts with the meeting's state (e.g. someone else is already sharing a screen). */
  'conflict',
  /** The meeting is locked: no new joins. */
  'meeting_locked',
  /** The meeting has ended; only a host can reopen it by joining. */
  'meeting_ended',
  /** The meeting has as many participants as the server allows. */
  'meeting_full',
  /** Too many requests of this kind in a short time. */
  'rate_limited',
  /** The media cannot be sent or received with the negotiated capabilities. */
  'unsupported_media',
  /** The server cannot record (no recorder installed, or no room to write files). */
  'recording_unavailable',
  /** The server failed while handling a valid request. */
  'internal',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The `error` member of a failed response. */
export interface ProtocolErrorBody {
  code: ErrorCode;
  message: string;
  /** With `rate_limited`: how long to wait before the same request can succeed. */
  retryAfterMs?: number;
}

/** Returns whether `value` is a known {@link ErrorCode}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
