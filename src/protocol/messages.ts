import * as v from 'valibot';
import { ERROR_CODES } from './errors.js';

/** Version of the signaling protocol; sent by the client in `hello` and echoed by the server. */
export const PROTOCOL_VERSION = 1;

/** Largest frame, in bytes, the reference server accepts by default. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

/** A meeting id: nine digits, stored and sent without grouping. */
export const MeetingIdSchema = v.pipe(
  v.string(),
  v.regex(/^\d{9}$/, 'meeting id must be exactly 9 digits'),
);

/** Participant role carried by the token. */
export const RoleSchema = v.picklist(['host', 'participant']);

const RequestIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const EmptySchema = v.optional(v.strictObject({}), {});

/** The public identity of a participant, as other participants see it. */
export const ParticipantSchema = v.strictObject({
  id: v.string(),
  displayName: v.string(),
  avatarUrl: v.optional(v.string()),
  role: RoleSchema,
});

/**
 * Every request method: the schema of its `data` and of the `data` of its success response.
 * The server validates requests against `request`; the TypeScript types of both sides are
 * derived from these schemas, so there is no second source of truth.
 */
export const methods = {
  /** First message on every connection: proves identity and enters the meeting. */
  hello: {
    request: v.strictObject({
      protocolVersion: v.pipe(v.number(), v.integer()),
      meeting: MeetingIdSchema,
      token: v.pipe(v.string(), v.maxLength(8192)),
    }),
    response: v.strictObject({
      protocolVersion: v.number(),
      serverVersion: v.string(),
      meeting: MeetingIdSchema,
      self: ParticipantSchema,
    }),
  },
  /** Round-trip check; answers with the server's clock. */
  ping: {
    request: EmptySchema,
    response: v.strictObject({ serverTime: v.number() }),
  },
  /** The meeting router's RTP capabilities, needed to load a mediasoup-client Device. */
  getRouterRtpCapabilities: {
    request: EmptySchema,
    response: v.strictObject({ rtpCapabilities: v.record(v.string(), v.unknown()) }),
  },
} as const;

/** Name of a request method. */
export type MethodName = keyof typeof methods;
/** The `data` a client sends with method `M`. */
export type RequestData<M extends MethodName> = v.InferInput<(typeof methods)[M]['request']>;
/** The `data` the server answers method `M` with. */
export type ResponseData<M extends MethodName> = v.InferOutput<(typeof methods)[M]['response']>;
/** A participant as described by the server. */
export type Participant = v.InferOutput<typeof ParticipantSchema>;
/** `host` or `participant`. */
export type Role = v.InferOutput<typeof RoleSchema>;

/** Returns whether `name` is a method of this protocol version. */
export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

/** Envelope of every client → server frame. */
export const RequestEnvelopeSchema = v.strictObject({
  id: RequestIdSchema,
  method: v.pipe(v.string(), v.maxLength(64)),
  data: v.optional(v.unknown()),
});

/** Envelope of a server → client frame: a response (success or error) or a notification. */
export const ServerFrameSchema = v.union([
  v.strictObject({ id: RequestIdSchema, ok: v.literal(true), data: v.unknown() }),
  v.strictObject({
    id: v.nullable(RequestIdSchema),
    ok: v.literal(false),
    error: v.strictObject({ code: v.picklist(ERROR_CODES), message: v.string() }),
  }),
  v.strictObject({ notification: v.pipe(v.string(), v.maxLength(64)), data: v.optional(v.unknown()) }),
]);

/** A client → server request frame. */
export type RequestEnvelope = v.InferOutput<typeof RequestEnvelopeSchema>;
/** A server → client frame. */
export type ServerFrame = v.InferOutput<typeof ServerFrameSchema>;
