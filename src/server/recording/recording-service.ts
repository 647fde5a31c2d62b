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
  /** Renders each recording's composite once it has stopped (none without one). */
  composites?: CompositeRenderer;
}

/**
 * The server's recordings: at most one per meeting, started and stopped by a host, joined by
 * each participant's consent. Where ffmpeg is missing every start is refused with
 * `recording_unavailable`, and nothing else of the meeting changes.
 */
export class RecordingService {
  readonly #options: RecordingServiceOptions;
  readonly #active = new Map<Room, MeetingRecording>();

  constructor(options: RecordingServiceOptions) {
    this.#options = options;
  }

  get availability(): RecorderAvailability {
    return this.#options.availability;
  }

  get storage(): RecordingStorage {
    return this.#options.storage;
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
    const recording = new MeetingRecording(room, host, {
      storage: this.#options.storage,
      ffmpegPath: availability.path,
      logger: this.#options.logger.child({ recording: undefined }),
      onOff: () => {
        if (this.#active.get(room) === recording) this.#active.delete(room);
        if (recording.manifest.status === 'stopped') void this.#options.composites?.enqueue(recording.id);
      },
    });
    this.#active.set(room, recording);
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

  /** Stops the room's recording, if any (the meeting is ending). */
  async roomClosing(room: Room): Promise<void> {
    await this.#active.get(room)?.stop();
  }

  /** Stops every recording (the server is shutting down). */
  async close(): Promise<void> {
    await Promise.all([...this.#active.values()].map((recording) => recording.stop().catch(() => undefined)));
  }
}
