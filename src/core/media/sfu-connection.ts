import { Device, type types } from 'mediasoup-client';
import type { NotificationData, RequestData, TrackSource } from '../../protocol/index.js';
import type { SignalingLink } from '../connection/transport.js';
import type { MediaTransport } from './media-transport.js';

/** Simulcast layers for a camera of the given height: three where the resolution allows. */
export function cameraEncodings(height: number): types.RtpEncodingParameters[] {
  const layers: types.RtpEncodingParameters[] = [
    { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
    { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
    { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
  ];
  const count = height >= 360 ? 3 : height >= 180 ? 2 : 1;
  return layers.slice(3 - count).map((layer, index, kept) => ({
    ...layer,
    rid: `r${index}`,
    scaleResolutionDownBy: 2 ** (kept.length - 1 - index),
  }));
}

/** A consumed remote track. */
export interface SfuRemoteTrack {
  consumer: types.Consumer;
  participantId: string;
  source: TrackSource;
}

/**
 * The mediasoup side of a meeting: a loaded Device with one send and one receive transport,
 * wired to the signaling channel. Knows nothing of participants or UI. Loaded on demand
 * (see `lazy-modules.ts`): it brings mediasoup-client.
 */
export class SfuConnection implements MediaTransport {
  readonly device: Device;
  readonly #signaling: SignalingLink;
  readonly #send: types.Transport | undefined;
  readonly #recv: types.Transport;
  #closed = false;

  private constructor(signaling: SignalingLink, device: Device, send: types.Transport | undefined, recv: types.Transport) {
    this.#signaling = signaling;
    this.device = device;
    this.#send = send;
    this.#recv = recv;
  }

  /** Loads the device with the router's capabilities and creates both transports. */
  static async open(signaling: SignalingLink): Promise<SfuConnection> {
    const { rtpCapabilities } = await signaling.request('getRouterRtpCapabilities', {});
    const device = await Device.factory();
    await device.load({ routerRtpCapabilities: rtpCapabilities as unknown as types.RtpCapabilities });
    const canSend = device.canProduce('audio') || device.canProduce('video');
    const send = canSend ? await SfuConnection.#transport(signaling, device, 'send') : undefined;
    const recv = await SfuConnection.#transport(signaling, device, 'recv');
    return new SfuConnection(signaling, device, send, recv);
  }

  /**
   * Tells the server what this device can receive; it answers with a `newConsumer`
   * notification for every track already published, so be ready to consume first.
   */
  async startReceiving(): Promise<void> {
    await this.#signaling.request('setRtpCapabilities', {
      rtpCapabilities: this.device.rtpCapabilities as unknown as RequestData<'setRtpCapabilities'>['rtpCapabilities'],
    });
  }

  static async #transport(signaling: SignalingLink, device: Device, direction: 'send' | 'recv'): Promise<types.Transport> {
    const info = await signaling.request('createWebRtcTransport', { direction });
    const options = {
      id: info.id,
      iceParameters: info.iceParameters as unknown as types.IceParameters,
      iceCandidates: info.iceCandidates as unknown as types.IceCandidate[],
      dtlsParameters: info.dtlsParameters as unknown as types.DtlsParameters,
    };
    const transport = direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      signaling
        .request('connectWebRtcTransport', {
          transportId: transport.id,
          dtlsParameters: dtlsParameters as unknown as Record<string, unknown>,
        })
        .then(() => callback(), errback);
    });
    transport.on('connectionstatechange', (state) => {
      // A network change: ask for fresh ICE credentials and let ICE find a new path. On a
      // connection that has closed meanwhile the request fails, and the rejoin rebuilds this.
      if (state === 'disconnected') {
        signaling
          .request('restartIce', { transportId: transport.id })
          .then(({ iceParameters }) => transport.restartIce({ iceParameters: iceParameters as unknown as types.IceParameters }))
          .catch(() => undefined);
      }
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        signaling
          .request('produce', {
            transportId: transport.id,
            kind,
            source: appData.source as TrackSource,
            rtpParameters: rtpParameters as unknown as Record<string, unknown>,
            paused: Boolean(appData.paused),
          })
          .then(({ producerId }) => callback({ id: producerId }), errback);
      });
    }
    return transport;
  }

  /** Whether this browser can send media of `kind` to the router. */
  canSend(kind: 'audio' | 'video'): boolean {
    return this.#send !== undefined && this.device.canProduce(kind);
  }

  /** Publishes `track` as `source`. Video from a camera is sent as VP8 simulcast. */
  async produce(track: MediaStreamTrack, source: TrackSource, paused = false): Promise<types.Producer> {
    if (this.#send === undefined) throw new TypeError('this browser cannot send media');
    const options: types.ProducerOptions = { track, stopTracks: false, appData: { source, paused }, zeroRtpOnPause: true };
    if (source === 'camera') {
      options.encodings = cameraEncodings(track.getSettings().height ?? 480);
      options.codec = this.device.rtpCapabilities.codecs?.find((codec) => codec.mimeType.toLowerCase() === 'video/vp8');
      options.codecOptions = { videoGoogleStartBitrate: 1000 };
    } else if (source === 'screen') {
      options.encodings = [{ maxBitrate: 2_500_000 }];
    }
    const producer = await this.#send.produce(options);
    if (paused) producer.pause();
    return producer;
  }

  /** Receives the track the server offered, then asks the server to start sending it. */
  async consume(offer: NotificationData<'newConsumer'>): Promise<SfuRemoteTrack> {
    const consumer = await this.#recv.consume({
      id: offer.consumerId,
      producerId: offer.producerId,
      kind: offer.kind,
      rtpParameters: offer.rtpParameters as unknown as types.RtpParameters,
      appData: { participantId: offer.participantId, source: offer.source },
    });
    await this.#signaling.request('resumeConsumer', { consumerId: consumer.id });
    return { consumer, participantId: offer.participantId, source: offer.source };
  }

  /** Closes both transports (and every producer and consumer on them); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#send?.close();
    this.#recv.close();
  }
}
