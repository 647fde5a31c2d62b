import type { Logger } from 'pino';
import { ProtocolError, type RecordingState } from '../../protocol/index.js';
import { requireHost } from '../rooms/host-controls.js';
import type { Peer } from '../rooms/peer.js';
import type { Room } from '../rooms/room.js';
import type { CompositeRenderer } from './composite-renderer.js';
import type { RecorderAvailability } from './ffmpeg.js';
import { MeetingRecording } from './meeting-recording.js';
import type { RecordingStorage } from './recording-storage.js';

/** The state every participant sees while a meeting is not being recorded. */
const OFF: RecordingState = { state: 'off', recordingId: null, startedBy: null, startedAt: null, consentedAt: null };

/** What the recording service is built with. */
export interface RecordingServiceOptions {
  availability: RecorderAvailability;
  storage: RecordingStorage;
  logger: Logger;
  /** Free space to leave on the storage: below it no recording starts and those under way stop (default 0). */
  minFreeBytes?: number;
  /** How often the free space is checked while recording (default 2 s). */
  diskCheckMs?: number;
  /** Keeps a participant's consent with their participation (the meeting records). */
  onConsent?: (participationId: number, at: number) => void;
  /** Renders each recording's composite once it has stopped (none without one). */
  composites?: CompositeRenderer;
  /** Makes each recording's smart recording once it has stopped (none without one). */
  smart?: { enqueue(recordingId: string): Promise<void>; restart(recordingId: string): Promise<void> };
}

/**
 * The server's recordings: at most one per meeting, started and stopped by a host, joined by
 * each participant's consent. Where ffmpeg is missing every start is refused with
 * `recording_unavailable`, and nothing else of the meeting changes.
 */
export class RecordingService {
  readonly #options: RecordingServiceOptions;
  readonly #active = new Map<Room, MeetingRecording>();
  #diskWatch: ReturnType<typeof setInterval> | undefined;

  constructor(options: RecordingServiceOptions) {
    this.#options = options;
  }

  get availability(): RecorderAvailability {
    return this.#options.availability;
  }

  get storage(): RecordingStorage {
    return this.#options.storage;
  }

  async #diskFull(): Promise<boolean> {
    const { storage, minFreeBytes = 0 } = this.#options;
    return (await storage.freeBytes()) < minFreeBytes;
  }

  /**
   * While anything is recorded, checks the free space now and then; when it runs out, every
   * recording stops (its files finished, nothing written lost) and everyone is told why.
   */
  #watchDisk(): void {
    if (this.#diskWatch !== undefined) return;
    this.#diskWatch = setInterval(() => {
      if (this.#active.size === 0) {
        clearInterval(this.#diskWatch);
        this.#diskWatch = undefined;
        return;
      }
      void this.#diskFull().then((full) => {
        if (!full) return;
        for (const recording of this.#active.values()) {
          this.#options.logger.warn({ meeting: recording.room.meeting, recording: recording.id }, 'the disk is full: recording stops');
          void recording.stop('disk_full');
        }
      }, (error: unknown) => this.#options.logger.error({ err: error }, 'could not check the free disk space'));
    }, this.#options.diskCheckMs ?? 2000);
    this.#diskWatch.unref();
  }

  /** The room's recording under way, if any. */
  active(room: Room): MeetingRecording | undefined {
    return this.#active.get(room);
  }

  /** The room's recording as `peer` sees it. */
  stateFor(room: Room, peer: Peer): RecordingState {
    return this.#active.get(room)?.stateFor(peer) ?? OFF;
  }

  /** Host only: starts recording `room`; resolves with the recording's id once it is on. */
  async start(room: Room, host: Peer): Promise<string> {
    requireHost(host, 'start a recording');
    const { availability } = this.#options;
    if (!availability.available) {
      throw new ProtocolError('recording_unavailable', `recording is unavailable on this server: ${availability.reason ?? 'no recorder'}`);
    }
    if (this.#active.has(room)) throw new ProtocolError('conflict', 'this meeting is already being recorded');
    if (await this.#diskFull()) throw new ProtocolError('recording_unavailable', 'the server\'s disk is too full to record');
    const recording = new MeetingRecording(room, host, {
      storage: this.#options.storage,
      ffmpegPath: availability.path,
      onConsent: this.#options.onConsent,
      logger: this.#options.logger.child({ recording: undefined }),
      onOff: () => {
        if (this.#active.get(room) === recording) this.#active.delete(room);
        if (recording.manifest.status !== 'stopped') return;
        void this.#options.composites?.enqueue(recording.id);
        void this.#options.smart?.enqueue(recording.id);
      },
    });
    this.#active.set(room, recording);
    this.#watchDisk();
    try {
      await recording.start();
    } catch (error) {
      await recording.stop().catch(() => undefined);
      this.#active.delete(room);
      throw new ProtocolError('recording_unavailable', `the recording could not start: ${(error as Error).message}`, null, { cause: error });
    }
    this.#options.logger.info({ meeting: room.meeting, recording: recording.id }, 'recording started');
    return recording.id;
  }

  /** Host only: stops the room's recording and finalizes its files. */
  async stop(room: Room, host: Peer): Promise<void> {
    requireHost(host, 'stop a recording');
    const recording = this.#active.get(room);
    if (recording === undefined || recording.phase === 'stopping') throw new ProtocolError('conflict', 'this meeting is not being recorded');
    await recording.stop();
    this.#options.logger.info({ meeting: room.meeting, recording: recording.id }, 'recording stopped');
  }

  /** `peer` agrees to be recorded in the room's recording `recordingId`. */
  consent(room: Room, peer: Peer, recordingId: string): number {
    const recording = this.#active.get(room);
    if (recording === undefined) throw new ProtocolError('conflict', 'this meeting is not being recorded');
    return recording.consent(peer, recordingId);
  }

  /**
   * `peer` agreed to `recordingId` before joining: they are recorded from the moment they
   * enter, if that is the recording under way (otherwise they are asked in the meeting).
   */
  consentOnJoin(room: Room, peer: Peer, recordingId: string): void {
    const recording = this.#active.get(room);
    if (recording?.id !== recordingId || (recording.phase !== 'starting' && recording.phase !== 'on')) return;
    recording.consent(peer, recordingId);
  }

  /** The recording under way in `meeting`, if any: what a joiner is told before joining. */
  underWay(meeting: string): MeetingRecording | undefined {
    for (const recording of this.#active.values()) {
      if (recording.room.meeting === meeting && (recording.phase === 'starting' || recording.phase === 'on')) return recording;
    }
    return undefined;
  }

  /**
   * Makes a stopped recording's composite and smart recording again (someone's tracks were
   * deleted from it); resolves once both are queued.
   */
  async renderAgain(recordingId: string): Promise<void> {
    void this.#options.composites?.enqueue(recordingId);
    await this.#options.smart?.restart(recordingId);
  }

  /** Stops the room's recording, if any (the meeting is ending). */
  async roomClosing(room: Room): Promise<void> {
    await this.#active.get(room)?.stop();
  }

  /** Stops every recording (the server is shutting down). */
  async close(): Promise<void> {
    clearInterval(this.#diskWatch);
    await Promise.all([...this.#active.values()].map((recording) => recording.stop().catch(() => undefined)));
  }
}
