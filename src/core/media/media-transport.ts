import type { NotificationData, TrackSource } from '../../protocol/index.js';
import type { SignalingLink } from '../connection/transport.js';

/** A published local track, as mediasoup-client's Producer is. */
export interface LocalProducer {
  readonly id: string;
  readonly paused: boolean;
  readonly track: MediaStreamTrack | null;
  pause(): void;
  resume(): void;
  close(): void;
  replaceTrack(options: { track: MediaStreamTrack | null }): Promise<void>;
}

/** A received remote track, as mediasoup-client's Consumer is. */
export interface RemoteConsumer {
  readonly id: string;
  readonly kind: 'audio' | 'video';
  readonly track: MediaStreamTrack;
  readonly rtpParameters: { readonly encodings?: readonly unknown[] | undefined };
  close(): void;
  getStats(): Promise<RTCStatsReport>;
}

/** A consumed remote track and whose it is. */
export interface RemoteTrack {
  consumer: RemoteConsumer;
  participantId: string;
  source: TrackSource;
}

/**
 * The media side of one join: one send and one receive transport to the SFU
 * (`SfuConnection`, over mediasoup-client). Local and remote media share it; a fake stands in
 * for it in tests.
 */
export interface MediaTransport {
  /** Whether this browser can send media of `kind` to the meeting. */
  canSend(kind: 'audio' | 'video'): boolean;
  /** Publishes `track` as `source`. */
  produce(track: MediaStreamTrack, source: TrackSource, paused?: boolean): Promise<LocalProducer>;
  /** Receives the track the server offered, then asks the server to start sending it. */
  consume(offer: NotificationData<'newConsumer'>): Promise<RemoteTrack>;
  /** Tells the server what this device can receive; every published track is offered then. */
  startReceiving(): Promise<void>;
  /** Closes both transports, and every producer and consumer on them; idempotent. */
  close(): void;
}

/** Opens the media transport of a join, its requests going through `link`. */
export type MediaTransportFactory = (link: SignalingLink) => Promise<MediaTransport>;
