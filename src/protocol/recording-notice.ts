import * as v from 'valibot';
import { IdSchema } from './messages.js';

/**
 * `GET /api/meetings/<id>/recording-notice` (with the join token as a bearer token): the
 * recording under way in that meeting, if any, so that the pre-join screen asks for consent
 * before joining. `recording` is `null` when nothing is being recorded.
 */
export const RecordingNoticeSchema = v.strictObject({
  recording: v.nullable(
    v.strictObject({
      recordingId: IdSchema,
      /** The host who started it. */
      startedBy: v.strictObject({ displayName: v.pipe(v.string(), v.maxLength(200)) }),
      /** When it started (ms since the epoch, the server's clock). */
      startedAt: v.number(),
    }),
  ),
});

/** The answer of `GET /api/meetings/<id>/recording-notice`. */
export type RecordingNotice = v.InferOutput<typeof RecordingNoticeSchema>;
/** A recording under way, as a joiner is told of it before joining. */
export type RecordingUnderWay = NonNullable<RecordingNotice['recording']>;
