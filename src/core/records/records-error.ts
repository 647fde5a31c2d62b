/**
 * Why a records call failed. The three `token_*` codes come from the server with a 401;
 * the others are derived from the HTTP status (`forbidden` 403, `not_found` 404,
 * `bad_request` 400, `conflict` 409, `server_error` any other) or from the transport (`network_error`,
 * `invalid_response`).
 */
export type RecordsErrorCode =
  | 'token_missing'
  | 'token_expired'
  | 'token_invalid'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'conflict'
  | 'server_error'
  | 'network_error'
  | 'invalid_response';

/** A records API call failed. `status` is the HTTP status, 0 when no answer arrived. */
export class RecordsError extends Error {
  override readonly name = 'RecordsError';
  readonly status: number;
  readonly code: RecordsErrorCode;

  constructor(status: number, code: RecordsErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = code;
  }

  /** True when the token is missing, expired or forged: the user must sign in again. */
  get unauthorized(): boolean {
    return this.status === 401;
  }
}
