import type { ErrorCode } from '../protocol/index.js';

/** The server answered a request with an error response. `code` says which. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  readonly code: ErrorCode;
  readonly method: string;
  /** With `rate_limited`: how long to wait before the same request can succeed; else `undefined`. */
  readonly retryAfterMs: number | undefined;

  constructor(method: string, code: ErrorCode, message: string, options?: { retryAfterMs?: number | undefined }) {
    super(`${method}: ${message}`);
    this.method = method;
    this.code = code;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/**
 * The server answered a request with success data that does not match the method's response
 * schema. The answer is dropped unread: the server is not trusted with what reaches the
 * roster or the end-to-end encryption.
 */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
  readonly method: string;

  constructor(method: string, message: string, options?: ErrorOptions) {
    super(`${method}: ${message}`, options);
    this.method = method;
  }
}

/** The signaling connection could not be opened, was lost, or timed out. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
  /** `timeout`, `closed` (socket closed before or while waiting) or `failed` (could not connect). */
  readonly reason: 'timeout' | 'closed' | 'failed';

  constructor(reason: ConnectionError['reason'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }

  static timeout(what: string, ms: number): ConnectionError {
    return new ConnectionError('timeout', `${what} timed out after ${ms} ms`);
  }
}

/** An operation was attempted in a state that does not allow it (e.g. after close()). */
export class InvalidStateError extends Error {
  override readonly name = 'InvalidStateError';
}
