import type { NotificationData } from '../../protocol/index.js';
import type { SignalingLink } from '../connection/transport.js';
import { TypedEmitter } from '../emitter.js';
import type { InboundTrackStats, TrackSource } from '../meeting-types.js';
import type { MediaTransport, RemoteTrack } from './media-transport.js';
import { spatialLayerFor } from './simulcast.js';

/** Events of {@link RemoteMedia}. */
export type RemoteMediaEvents = {
  /** Someone publishes a track; its media follows with `trackadded`. */
  trackpublished: [participantId: string, source: TrackSource, paused: boolean];
  /** A remote track started arriving. */
  trackadded: [participantId: string, source: TrackSource, track: MediaStreamTrack, paused: boolean];
  /** A remote track ended: its sender stopped publishing it. */
  trackended: [participantId: string, source: TrackSource];
  /** Its sender muted or unmuted a remote track. */
  trackpaused: [participantId: string, source: TrackSource, paused: boolean];
  /** The loudest participant changed (`undefined`: silence). */
  activespeaker: [participantId: string | undefined];
  /** A track could not be received. */
  error: [error: Error];
};

interface Visibility {
  visible: boolean;
  layer: number;
}

/** One attachment to a join's media transport; a consumer made for an older one is dropped. */
interface Attachment {
  readonly link: SignalingLink;
  readonly transport: MediaTransport;
}

/**
 * Everyone else's media: receives every track the server offers, follows its sender's mute,
 * pauses what is not on screen and picks the simulcast layer for its size, and knows who
 * speaks loudest. Reads membership only through `isPresent`, so a track offered for someone
 * who left while it was being received is dropped.
 */
export class RemoteMedia extends TypedEmitter<RemoteMediaEvents> {
  readonly #isPresent: (participantId: string) => boolean;
  readonly #tracks = new Map<string, RemoteTrack>();
  readonly #visibility = new Map<string, Visibility>();
  #attachment: Attachment | undefined;
  #activeSpeakerId: string | undefined;

  /** `isPresent` says whether a participant is still in the meeting (the roster's `has`). */
  constructor(options: { isPresent: (participantId: string) => boolean }) {
    super();
    this.#isPresent = options.isPresent;
  }

  get activeSpeakerId(): string | undefined {
    return this.#activeSpeakerId;
  }

  /** A join's media transport is ready: offers are received on it until {@link detach}. */
  attach(link: SignalingLink, transport: MediaTransport): void {
    this.detach();
    this.#attachment = { link, transport };
  }

  /** The join is over: forgets every track (the transport closes them) and who speaks. */
  detach(): void {
    this.#attachment = undefined;
    for (const { consumer } of this.#tracks.values()) consumer.close();
    this.#tracks.clear();
    this.#visibility.clear();
    this.#setActiveSpeaker(undefined);
  }

  /** The server offers a track: receive it, unless its sender left or the join ended meanwhile. */
  handleNewConsumer(offer: NotificationData<'newConsumer'>): void {
    this.safeEmit('trackpublished', offer.participantId, offer.source, offer.producerPaused);
    const attachment = this.#attachment;
    if (attachment === undefined) return;
    attachment.transport
      .consume(offer)
      .then((remote) => {
        if (this.#attachment !== attachment || !this.#isPresent(remote.participantId)) return remote.consumer.close();
        this.#tracks.set(remote.consumer.id, remote);
        this.safeEmit('trackadded', remote.participantId, remote.source, remote.consumer.track, offer.producerPaused);
      })
      .catch((error: unknown) => {
        if (this.#attachment === attachment) this.safeEmit('error', error as Error);
      });
  }

  /** A received track ended (its producer closed). */
  handleConsumerClosed(consumerId: string): void {
    const remote = this.#tracks.get(consumerId);
    if (remote === undefined) return;
    this.#tracks.delete(consumerId);
    this.#visibility.delete(consumerId);
    remote.consumer.close();
    this.safeEmit('trackended', remote.participantId, remote.source);
  }

  /** Its sender muted (`paused`) or unmuted a received track. */
  handleConsumerPaused(consumerId: string, paused: boolean): void {
    const remote = this.#tracks.get(consumerId);
    if (remote !== undefined) this.safeEmit('trackpaused', remote.participantId, remote.source, paused);
  }

  /** Someone left: their tracks close with them. */
  handleParticipantLeft(participantId: string): void {
    for (const [id, remote] of this.#tracks) {
      if (remote.participantId !== participantId) continue;
      this.#tracks.delete(id);
      this.#visibility.delete(id);
      remote.consumer.close();
    }
    if (this.#activeSpeakerId === participantId) this.#setActiveSpeaker(undefined);
  }

  handleActiveSpeaker(participantId: string | undefined): void {
    this.#setActiveSpeaker(participantId);
  }

  /**
   * Whether a remote video is on screen and how tall: a hidden one stops arriving, a small
   * one arrives in a lower simulcast layer.
   */
  setVideoVisibility(participantId: string, source: 'camera' | 'screen', visible: boolean, height = 360): void {
    const remote = [...this.#tracks.values()].find((track) => track.participantId === participantId && track.source === source);
    const link = this.#attachment?.link;
    if (remote === undefined || link === undefined) return;
    const consumerId = remote.consumer.id;
    const wanted: Visibility = { visible, layer: spatialLayerFor(height) };
    const current = this.#visibility.get(consumerId) ?? { visible: true, layer: 2 };
    this.#visibility.set(consumerId, wanted);
    const ignore = () => undefined;
    if (wanted.visible !== current.visible) {
      link.request(visible ? 'resumeConsumer' : 'pauseConsumer', { consumerId }).catch(ignore);
    }
    if (visible && wanted.layer !== current.layer && remote.consumer.rtpParameters.encodings?.length) {
      link.request('setConsumerPreferredLayers', { consumerId, spatialLayer: wanted.layer }).catch(ignore);
    }
  }

  /** Receive statistics of every received track. */
  async getInboundStats(): Promise<InboundTrackStats[]> {
    const results: InboundTrackStats[] = [];
    for (const { consumer, participantId, source } of this.#tracks.values()) {
      const report = await consumer.getStats();
      report.forEach((stat: { type: string; bytesReceived?: number; packetsReceived?: number; framesDecoded?: number }) => {
        if (stat.type !== 'inbound-rtp') return;
        results.push({
          participantId,
          source,
          kind: consumer.kind,
          bytesReceived: stat.bytesReceived ?? 0,
          packetsReceived: stat.packetsReceived ?? 0,
          ...(consumer.kind === 'video' ? { framesDecoded: stat.framesDecoded ?? 0 } : {}),
        });
      });
    }
    return results;
  }

  #setActiveSpeaker(id: string | undefined): void {
    if (id === this.#activeSpeakerId) return;
    this.#activeSpeakerId = id;
    this.safeEmit('activespeaker', id);
  }
}
