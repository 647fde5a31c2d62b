import type { types } from 'mediasoup';

/**
 * The SDP that tells ffmpeg what arrives on `port` (RTP) and `port + 1` (RTCP) from the
 * recording consumer: its one codec, with the payload type and parameters the consumer sends.
 */
export function recorderSdp(consumer: Pick<types.Consumer, 'kind' | 'rtpParameters'>, port: number): string {
  const codec = consumer.rtpParameters.codecs[0];
  if (codec === undefined) throw new TypeError('the consumer has no codec');
  const [, name = ''] = codec.mimeType.split('/');
  const channels = consumer.kind === 'audio' ? `/${codec.channels ?? 2}` : '';
  const fmtp = Object.entries(codec.parameters ?? {})
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(';');
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=WE Meeting recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${consumer.kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    ...(fmtp === '' ? [] : [`a=fmtp:${codec.payloadType} ${fmtp}`]),
    'a=recvonly',
    '',
  ].join('\n');
}

/** The file extension of a copy of `mimeType` without re-encoding: WebM for Opus, VP8 and VP9, Matroska otherwise. */
export function containerFor(mimeType: string): 'webm' | 'mkv' {
  return /^(audio\/opus|video\/vp8|video\/vp9)$/i.test(mimeType) ? 'webm' : 'mkv';
}

/** What the recorder consumes: the router's codecs without retransmission (ffmpeg takes one stream). */
export function recorderRtpCapabilities(router: Pick<types.Router, 'rtpCapabilities'>): types.RtpCapabilities {
  const { codecs = [] } = router.rtpCapabilities;
  // No header extensions either: ffmpeg needs none, and fewer bytes reach it.
  return { codecs: codecs.filter((codec) => !/\/rtx$/i.test(codec.mimeType)), headerExtensions: [] };
}
