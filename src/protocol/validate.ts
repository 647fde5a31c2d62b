import * as v from 'valibot';
import type { ErrorCode } from './errors.js';
import {
  RequestEnvelopeSchema,
  RequestIdSchema,
  ServerFrameSchema,
  isMethodName,
  methods,
  notifications,
  type MethodName,
  type NotificationData,
  type NotificationName,
  type RequestData,
  type ServerFrame,
} from './messages.js';
import { MAX_NAME_LENGTH } from './limits.js';

/** A frame or payload that failed validation, with the protocol error code to answer with. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ErrorCode;
  /** Request id the error answers, when the frame carried a readable one. */
  readonly requestId: number | null;

  /** With `rate_limited`: how long until the same request can succeed. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    requestId: number | null = null,
    options?: ErrorOptions & { retryAfterMs?: number },
  ) {
    super(message, options);
    this.code = code;
    this.requestId = requestId;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A validated request: method known, `data` matched against that method's schema. */
export type ParsedRequest = {
  [M in MethodName]: { id: number; method: M; data: v.InferOutput<(typeof methods)[M]['request']> };
}[MethodName];

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path?.map((item) => String(item.key)).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError('bad_json', 'frame is not valid JSON', null, { cause });
  }
}

/**
 * Parses one client → server text frame. Throws {@link ProtocolError} with `bad_json`,
 * `bad_request` or `unknown_method`; never returns unvalidated data.
 */
export function parseRequest(text: string): ParsedRequest {
  const json = parseJson(text);
  const envelope = v.safeParse(RequestEnvelopeSchema, json);
  if (!envelope.success) {
    // Echo an id only when it is one the schema accepts, never whatever the frame carried.
    const rawId = (json as { id?: unknown } | null)?.id;
    const id = v.is(RequestIdSchema, rawId) ? rawId : null;
    throw new ProtocolError('bad_request', `invalid request envelope: ${describeIssues(envelope.issues)}`, id);
  }
  const { id, method, data } = envelope.output;
  if (!isMethodName(method)) {
    throw new ProtocolError('unknown_method', `unknown method "${method.slice(0, MAX_NAME_LENGTH)}"`, id);
  }
  const payload = v.safeParse(methods[method].request, data);
  if (!payload.success) {
    throw new ProtocolError('bad_request', `invalid data for "${method}": ${describeIssues(payload.issues)}`, id);
  }
  return { id, method, data: payload.output } as ParsedRequest;
}

/** Parses one server → client frame; throws {@link ProtocolError} (`bad_json`/`bad_request`). */
export function parseServerFrame(text: string): ServerFrame {
  const frame = v.safeParse(ServerFrameSchema, parseJson(text));
  if (!frame.success) {
    throw new ProtocolError('bad_request', `invalid server frame: ${describeIssues(frame.issues)}`);
  }
  return frame.output;
}

/** A validated server notification: its name and the data its schema allows. */
export type Notification = { [N in NotificationName]: { name: N; data: NotificationData<N> } }[NotificationName];

/**
 * Validates a notification's data against its schema. Returns `undefined` for a
 * notification this client version does not know (newer servers may send more).
 */
export function parseNotification(name: string, data: unknown): Notification | undefined {
  if (!Object.prototype.hasOwnProperty.call(notifications, name)) return undefined;
  const result = v.safeParse(notifications[name as NotificationName], data);
  if (!result.success) {
    throw new ProtocolError('bad_request', `invalid "${name}" notification: ${describeIssues(result.issues)}`);
  }
  return { name, data: result.output } as never;
}

/** Validates the `data` of a request before it is sent, so a caller's mistake fails locally. */
export function checkRequestData<M extends MethodName>(method: M, data: RequestData<M>): void {
  const result = v.safeParse(methods[method].request, data);
  if (!result.success) {
    throw new TypeError(`invalid data for "${method}": ${describeIssues(result.issues)}`);
  }
}

/**
 * Validates the `data` of a success response against `method`'s response schema, so the
 * client never acts on an answer it did not check (the server is untrusted for what reaches
 * the roster and the end-to-end encryption). Throws {@link ProtocolError} (`bad_request`)
 * naming the method and the first issues; returns the parsed data (defaults applied).
 */
export function parseResponse<M extends MethodName>(method: M, data: unknown): v.InferOutput<(typeof methods)[M]['response']> {
  const result = v.safeParse(methods[method].response, data);
  if (!result.success) {
    throw new ProtocolError('bad_request', `invalid response to "${method}": ${describeIssues(result.issues)}`);
  }
  return result.output as v.InferOutput<(typeof methods)[M]['response']>;
}
