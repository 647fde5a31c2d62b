import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AudioLevelMeter } from '../../core/media/audio-level.js';
import { listDevices, openCamera, openMicrophone, type DeviceList } from '../../core/media/devices.js';
import { MediaAccessError } from '../../core/media/media-errors.js';

const streams = new WeakMap<MediaStreamTrack, MediaStream>();

/**
 * One MediaStream per track, reused across renders: Lit only sets `srcObject` when the value
 * changes, so a video keeps playing instead of restarting on every update.
 */
export function streamOf(track: MediaStreamTrack): MediaStream {
  let stream = streams.get(track);
  if (stream === undefined) {
    stream = new MediaStream([track]);
    streams.set(track, stream);
  }
  return stream;
}

/** Local tracks handed over to the meeting client when joining. */
export interface PreviewTracks {
  audio: MediaStreamTrack | undefined;
  video: MediaStreamTrack | undefined;
}

/**
 * The pre-join camera preview, microphone level and device choice. Owns its tracks until
 * {@link MediaPreview.take} hands them over; everything else is released by stop(), which
 * also runs when the host disconnects.
 */
export class MediaPreview implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  /** Bumped by every start/stop so that a track arriving after a stop is released at once. */
  #generation = 0;
  #meter: AudioLevelMeter | undefined;
  #frame: number | undefined;
  #options = { audio: true, video: true };

  active = false;
  camera: MediaStreamTrack | undefined;
  mic: MediaStreamTrack | undefined;
  cameraError: MediaAccessError | undefined;
  micError: MediaAccessError | undefined;
  devices: DeviceList = { audioinput: [], videoinput: [], audiooutput: [] };
  cameraId = '';
  micId = '';
  /** Chosen speaker (`''`: the system default). Survives stop(): it applies in the meeting too. */
  speakerId = '';
  /** Microphone level, 0–100. */
  level = 0;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Opens the camera and microphone (those asked for) and starts the level meter. */
  start(options: { audio: boolean; video: boolean }): void {
    if (this.active) return;
    this.active = true;
    this.#options = options;
    const generation = ++this.#generation;
    globalThis.navigator?.mediaDevices?.addEventListener?.('devicechange', this.#refreshDevices);
    const opening: Promise<unknown>[] = [];
    if (options.video) opening.push(this.#open('videoinput', generation));
    if (options.audio) opening.push(this.#open('audioinput', generation));
    // Device labels are only readable once a permission was granted: list after opening.
    void Promise.allSettled(opening).then(() => {
      if (generation === this.#generation) this.#refreshDevices();
    });
    this.#host.requestUpdate();
  }

  /** Switches the previewed camera or microphone, or chooses the speaker. */
  async choose(kind: 'audioinput' | 'videoinput' | 'audiooutput', deviceId: string): Promise<void> {
    if (kind === 'audiooutput') {
      this.speakerId = deviceId;
      this.#host.requestUpdate();
      return;
    }
    if (kind === 'videoinput') {
      this.cameraId = deviceId;
      this.camera?.stop();
      this.camera = undefined;
    } else {
      this.micId = deviceId;
      this.#stopMeter();
      this.mic?.stop();
      this.mic = undefined;
    }
    if (this.active) await this.#open(kind, this.#generation);
  }

  /** Hands the open tracks over (the caller must stop them) and releases everything else. */
  take(): PreviewTracks {
    const tracks = { audio: this.mic, video: this.camera };
    this.mic = undefined;
    this.camera = undefined;
    this.stop();
    return tracks;
  }

  /** Stops the tracks, the level meter and its animation frame; idempotent. */
  stop(): void {
    this.#generation++;
    globalThis.navigator?.mediaDevices?.removeEventListener?.('devicechange', this.#refreshDevices);
    this.#stopMeter();
    this.camera?.stop();
    this.mic?.stop();
    this.camera = undefined;
    this.mic = undefined;
    this.cameraError = undefined;
    this.micError = undefined;
    if (this.active) {
      this.active = false;
      this.#host.requestUpdate();
    }
  }

  /** Restarts with other options (e.g. `no-video` was set while previewing). */
  restart(options: { audio: boolean; video: boolean }): void {
    if (options.audio === this.#options.audio && options.video === this.#options.video) return;
    this.stop();
    this.start(options);
  }

  async #open(kind: 'audioinput' | 'videoinput', generation: number): Promise<void> {
    const video = kind === 'videoinput';
    try {
      const track = video ? await openCamera(this.cameraId || undefined) : await openMicrophone(this.micId || undefined);
      if (generation !== this.#generation) {
        track.stop();
        return;
      }
      const deviceId = track.getSettings?.().deviceId ?? '';
      if (video) {
        this.camera?.stop();
        this.camera = track;
        this.cameraId = deviceId;
        this.cameraError = undefined;
      } else {
        this.mic?.stop();
        this.mic = track;
        this.micId = deviceId;
        this.micError = undefined;
        this.#startMeter(track);
      }
    } catch (error) {
      if (generation !== this.#generation) return;
      const issue = MediaAccessError.from(video ? 'video' : 'audio', error);
      if (video) this.cameraError = issue;
      else this.micError = issue;
    }
    this.#host.requestUpdate();
  }

  readonly #refreshDevices = (): void => {
    const generation = this.#generation;
    listDevices().then(
      (devices) => {
        if (generation !== this.#generation) return;
        this.devices = devices;
        this.#host.requestUpdate();
      },
      () => {
        // No device list: the pickers stay empty and the defaults are used.
      },
    );
  };

  #startMeter(track: MediaStreamTrack): void {
    this.#stopMeter();
    if (typeof AudioContext === 'undefined' || typeof requestAnimationFrame === 'undefined') return;
    try {
      this.#meter = new AudioLevelMeter(track);
    } catch {
      return; // No audio graph (e.g. too many contexts): the meter stays at 0.
    }
    const tick = (): void => {
      const level = Math.round((this.#meter?.level ?? 0) * 100);
      if (level !== this.level) {
        this.level = level;
        this.#host.requestUpdate();
      }
      this.#frame = requestAnimationFrame(tick);
    };
    this.#frame = requestAnimationFrame(tick);
  }

  #stopMeter(): void {
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    this.#frame = undefined;
    this.#meter?.close();
    this.#meter = undefined;
    this.level = 0;
  }
}
