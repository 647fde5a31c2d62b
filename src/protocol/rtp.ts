import * as v from 'valibot';
import { jsonBoundsViolation, type JsonBounds } from './bounded-json.js';

/**
 * Schemas of the mediasoup parameter objects a client sends. mediasoup checks their meaning;
 * these bound their shape first, so that no client can hand the SFU a value deep or large
 * enough to break it for everyone. Known members are typed; unknown members are let through
 * (newer mediasoup-client versions add some) within the same depth and size bounds.
 */

/** Bounds of every RTP or DTLS parameter object from a client. */
export const RTP_JSON_BOUNDS: JsonBounds = { maxDepth: 6, maxNodes: 2000, maxStringLength: 512 };

/** Most codecs one side may list (browsers offer about 30 with their RTX entries). */
export const MAX_RTP_CODECS = 64;
/** Most RTP header extensions one side may list. */
export const MAX_RTP_HEADER_EXTENSIONS = 32;
/** Most encodings one producer may send (simulcast uses up to 4). */
export const MAX_RTP_ENCODINGS = 8;

function bounded<T extends v.GenericSchema>(schema: T) {
  return v.pipe(
    v.unknown(),
    v.rawCheck(({ dataset, addIssue }) => {
      const violation = jsonBoundsViolation(dataset.value, RTP_JSON_BOUNDS);
      if (violation !== undefined) addIssue({ message: `parameters too large or too deep: ${violation}` });
    }),
    schema,
  );
}

const shortString = v.pipe(v.string(), v.maxLength(RTP_JSON_BOUNDS.maxStringLength));
const uint = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff));
const payloadType = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(127));
const mimeType = v.pipe(v.string(), v.maxLength(64), v.regex(/^(audio|video)\/[\w.+-]+$/i, 'expected a MIME type such as audio/opus'));
/** Codec format parameters (`a=fmtp`): flat name → value pairs. */
const codecParameters = v.optional(
  v.pipe(v.record(v.pipe(v.string(), v.maxLength(64)), v.union([shortString, v.number(), v.boolean()])), v.check((record) => Object.keys(record).length <= 32, 'at most 32 codec parameters')),
);
const rtcpFeedback = v.optional(
  v.pipe(v.array(v.looseObject({ type: v.pipe(v.string(), v.maxLength(64)), parameter: v.optional(v.pipe(v.string(), v.maxLength(64))) })), v.maxLength(16)),
);

/** What a client can receive: mediasoup-client's `device.rtpCapabilities`. */
export const RtpCapabilitiesSchema = bounded(
  v.looseObject({
    codecs: v.pipe(
      v.array(
        v.looseObject({
          kind: v.picklist(['audio', 'video']),
          mimeType,
          preferredPayloadType: v.optional(payloadType),
          clockRate: uint,
          channels: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8))),
          parameters: codecParameters,
          rtcpFeedback,
        }),
      ),
      v.maxLength(MAX_RTP_CODECS),
    ),
    headerExtensions: v.optional(
      v.pipe(
        v.array(
          v.looseObject({
            kind: v.picklist(['audio', 'video']),
            uri: shortString,
            preferredId: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(255)),
          }),
        ),
        v.maxLength(MAX_RTP_HEADER_EXTENSIONS),
      ),
    ),
  }),
);

/** What a producer sends: mediasoup-client's `rtpParameters` in the transport's `produce` event. */
export const RtpParametersSchema = bounded(
  v.looseObject({
    mid: v.optional(v.pipe(v.string(), v.maxLength(32))),
    codecs: v.pipe(
      v.array(v.looseObject({ mimeType, payloadType, clockRate: uint, channels: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(8))), parameters: codecParameters, rtcpFeedback })),
      v.minLength(1, 'at least one codec'),
      v.maxLength(MAX_RTP_CODECS),
    ),
    headerExtensions: v.optional(
      v.pipe(v.array(v.looseObject({ uri: shortString, id: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(255)) })), v.maxLength(MAX_RTP_HEADER_EXTENSIONS)),
    ),
    encodings: v.optional(
      v.pipe(
        v.array(
          v.looseObject({
            ssrc: v.optional(uint),
            rid: v.optional(v.pipe(v.string(), v.maxLength(32))),
            rtx: v.optional(v.looseObject({ ssrc: uint })),
          }),
        ),
        v.maxLength(MAX_RTP_ENCODINGS),
      ),
    ),
    rtcp: v.optional(v.looseObject({ cname: v.optional(v.pipe(v.string(), v.maxLength(256))) })),
  }),
);

/** A DTLS endpoint's role and certificate fingerprints. */
export const DtlsParametersSchema = bounded(
  v.looseObject({
    role: v.optional(v.picklist(['auto', 'client', 'server'])),
    fingerprints: v.pipe(
      v.array(v.looseObject({ algorithm: v.pipe(v.string(), v.maxLength(16)), value: v.pipe(v.string(), v.maxLength(256)) })),
      v.minLength(1, 'at least one fingerprint'),
      v.maxLength(8),
    ),
  }),
);
