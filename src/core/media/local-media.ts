import type { SignalingLink } from '../connection/transport.js';
import { TypedEmitter } from '../emitter.js';
import { InvalidStateError } from '../errors.js';
import type { TrackSource } from '../meeting-types.js';
import type { LocalTrackState } from '../roster.js';
import { openCamera, openMicrophone, openScreen } from './devices.js';
import { MediaAccessError } from './media-errors.js';
import type { LocalProducer, MediaTransport } from './media-transport.js';

/** Where local media comes from; tests pass fakes. */
export interface LocalDevices {
  openMicrophone(deviceId?: string): Promise<MediaStreamTrack>;
  openCamera(deviceId?: string): Promise<MediaStreamTrack>;
  openScreen(): Promise<MediaStream>;
}

/** The browser's devices (`devices.ts`). */
export const browserDevices: LocalDevices = { openMicrophone, openCamera, openScreen };

/** Events of {@link LocalMedia}. */
export type LocalMediaEvents = {
  /** A local track was published, replaced, muted or unmuted, or (`undefined`) unpublished. */
  trackchange: [source: TrackSource, state: LocalTrackState | undefined];
  /** A local device could not be used; the meeting goes on without it. */
  mediaissue: [issue: MediaAccessError];
  /** A failure nobody awaits (a track that could not be published again after a rejoin). */
  error: [error: Error];
};

/** A track kept over a lost connection, to publish again once rejoined. */
interface Kept {
  source: TrackSource;
  track: MediaStreamTrack;
  paused: boolean;
}

/**
 * This participant's own media: opens the microphone, camera and screen, publishes them on the
 * join's media transport, mutes, switches devices, and follows a host's mute. Keeps its live
 * tracks over a lost connection and publishes them again after the rejoin.
 */
export class LocalMedia extends TypedEmitter<LocalMediaEvents> {
  readonly #devices: LocalDevices;
  readonly #producers = new Map<TrackSource, LocalProducer>();
  readonly #issues: MediaAccessError[] = [];
  #attached: { link: SignalingLink; transport: MediaTransport } | undefined;
  #kept: Kept[] = [];

  constructor(options: { devices?: LocalDevices | undefined } = {}) {
    super();
    this.#devices = options.devices ?? browserDevices;
  }

  /** Local devices that could not be used, newest last. */
  get mediaIssues(): readonly MediaAccessError[] {
    return this.#issues;
  }

  /** A join's media transport is ready: publishing works until {@link detach}. */
  attach(link: SignalingLink, transport: MediaTransport): void {
    this.#attached = { link, transport };
  }

  /**
   * The join is over. `keepTracks` (a lost connection) keeps the live tracks for
   * {@link republish}; otherwise every track stops.
   */
  detach(keepTracks: boolean): void {
    this.#attached = undefined;
    const live = [...this.#producers]
      .filter(([, producer]) => producer.track?.readyState === 'live')
      .map(([source, producer]) => ({ source, track: producer.track!, paused: producer.paused }));
    this.#producers.clear();
    if (keepTracks) {
      this.#kept = [...this.#kept, ...live];
      return;
    }
    for (const { track } of [...this.#kept, ...live]) track.stop();
    this.#kept = [];
  }

  /** Rejoined: publishes the tracks kept over the loss, as they were (muted or not). */
  async republish(): Promise<void> {
    const kept = this.#kept;
    this.#kept = [];
    for (const { source, track, paused } of kept) {
      await this.#publish(source, track, paused).catch((error: unknown) => this.safeEmit('error', error as Error));
    }
  }

  /**
   * Publishes the microphone and camera right after joining (`true`: open the default
   * device; a track: use it). A device that cannot be opened becomes a media issue.
   */
  async publishInitial(audio: boolean | MediaStreamTrack, video: boolean | MediaStreamTrack): Promise<void> {
    await Promise.all([this.#publishInitial('mic', audio), this.#publishInitial('camera', video)]);
  }

  async setMicMuted(muted: boolean): Promise<void> {
    const producer = this.#producers.get('mic');
    if (producer === undefined) {
      if (!muted) await this.#publish('mic', await this.#open('mic'));
      return;
    }
    if (producer.paused === muted) return;
    const { link } = this.#require();
    if (muted) producer.pause();
    else producer.resume();
    await link.request(muted ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id });
    this.#changed('mic', producer);
  }

  async setCameraOff(off: boolean): Promise<void> {
    this.#require();
    if (off) {
      // Closing, not pausing: the camera light goes off.
      await this.#unpublish('camera');
    } else if (!this.#producers.has('camera')) {
      await this.#publish('camera', await this.#open('camera'));
    }
  }

  async startScreenShare(): Promise<void> {
    this.#require();
    if (this.#producers.has('screen')) return;
    let stream: MediaStream;
    try {
      stream = await this.#devices.openScreen();
    } catch (error) {
      this.#reportIssue(MediaAccessError.from('screen', error));
      throw error;
    }
    const [video] = stream.getVideoTracks();
    const [audio] = stream.getAudioTracks();
    try {
      if (video === undefined) throw new MediaAccessError('screen', 'failed', 'the shared screen has no video');
      await this.#publish('screen', video);
      if (audio !== undefined) await this.#publish('screen-audio', audio);
      // The browser's own "Stop sharing" button ends the track.
      video.addEventListener('ended', () => void this.stopScreenShare().catch(() => undefined), { once: true });
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      await this.#unpublish('screen').catch(() => undefined);
      throw error;
    }
  }

  async stopScreenShare(): Promise<void> {
    await this.#unpublish('screen-audio');
    await this.#unpublish('screen');
  }

  async switchDevice(kind: 'audioinput' | 'videoinput', deviceId: string): Promise<void> {
    this.#require();
    const source = kind === 'audioinput' ? 'mic' : 'camera';
    const producer = this.#producers.get(source);
    if (producer === undefined) {
      if (source === 'camera') return; // Camera off: the choice applies when it is turned on.
      await this.#publish(source, await this.#open(source, deviceId));
      return;
    }
    const track = await this.#open(source, deviceId);
    const old = producer.track;
    await producer.replaceTrack({ track });
    old?.stop();
    this.#changed(source, producer);
  }

  /** A host muted this participant: the server paused the producer; pause ours so both sides agree. */
  handleMutedByHost(): void {
    const mic = this.#producers.get('mic');
    if (mic === undefined || mic.paused) return;
    mic.pause();
    this.#changed('mic', mic);
  }

  #require(): { link: SignalingLink; transport: MediaTransport } {
    if (this.#attached === undefined) throw new InvalidStateError('not in a meeting');
    return this.#attached;
  }

  async #publishInitial(source: 'mic' | 'camera', wanted: boolean | MediaStreamTrack): Promise<void> {
    if (wanted === false) return;
    try {
      const track = wanted === true ? await this.#open(source) : wanted;
      if (this.#attached === undefined) return track.stop();
      await this.#publish(source, track);
    } catch (error) {
      if (!(error instanceof MediaAccessError)) this.safeEmit('error', error as Error);
    }
  }

  /** Opens a device; a failure is recorded as a media issue and rethrown. */
  async #open(source: 'mic' | 'camera', deviceId?: string): Promise<MediaStreamTrack> {
    try {
      return source === 'mic' ? await this.#devices.openMicrophone(deviceId) : await this.#devices.openCamera(deviceId);
    } catch (error) {
      const issue = MediaAccessError.from(source === 'mic' ? 'audio' : 'video', error);
      this.#reportIssue(issue);
      throw issue;
    }
  }

  #reportIssue(issue: MediaAccessError): void {
    this.#issues.push(issue);
    this.safeEmit('mediaissue', issue);
  }

  async #publish(source: TrackSource, track: MediaStreamTrack, paused = false): Promise<void> {
    const { transport } = this.#require();
    const kind = track.kind as 'audio' | 'video';
    if (!transport.canSend(kind)) {
      track.stop();
      this.#reportIssue(new MediaAccessError(kind, 'unsupported', `this browser cannot send ${kind} to the meeting`));
      return;
    }
    const producer = await transport.produce(track, source, paused).catch((error: unknown) => {
      track.stop();
      throw error;
    });
    this.#producers.set(source, producer);
    this.#changed(source, producer);
  }

  async #unpublish(source: TrackSource): Promise<void> {
    const producer = this.#producers.get(source);
    if (producer === undefined) return;
    this.#producers.delete(source);
    producer.close();
    producer.track?.stop();
    this.safeEmit('trackchange', source, undefined);
    await this.#attached?.link.request('closeProducer', { producerId: producer.id }).catch(() => undefined);
  }

  #changed(source: TrackSource, producer: LocalProducer): void {
    this.safeEmit('trackchange', source, { paused: producer.paused, track: producer.track ?? undefined });
  }
}
