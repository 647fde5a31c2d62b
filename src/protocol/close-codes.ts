/**
 * WebSocket close codes the server ends a signaling connection with (4000–4999 are
 * application codes). Codes from 4400 to 4499 mean "do not come back": the client stops.
 * Any other code lets a client reconnect with backoff.
 */
export const CLOSE_CODES = {
  /** The token was refused or has expired. */
  unauthorized: 4401,
  /** A host removed this participant. */
  removed: 4403,
  /** No `hello` arrived within the server's deadline. */
  helloTimeout: 4408,
  /** The same user joined the same meeting on another connection, which replaced this one. */
  replaced: 4409,
  /** A host ended the meeting for everyone. */
  meetingEnded: 4410,
  /** The client stopped reading: its send buffer reached the server's bound. A reconnect may follow. */
  slowConsumer: 4508,
} as const;

/** One of {@link CLOSE_CODES}. */
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** Whether a close with `code` ends the session for good (no reconnect). */
export function isFinalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500;
}
