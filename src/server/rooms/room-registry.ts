import type { Logger } from 'pino';
import type { WorkerPool } from '../media/worker-pool.js';
import type { RecordingService } from '../recording/recording-service.js';
import type { Store } from '../store/store.js';
import { Room } from './room.js';

/** What the registry needs besides the worker pool. */
export interface RoomRegistryOptions {
  pool: WorkerPool;
  store: Store;
  logger: Logger;
  /** How long an empty meeting waits for someone to come back before it ends. */
  endGraceMs: number;
  /** Most participants in one meeting. */
  maxParticipants?: number;
  /** Recordings, stopped when their meeting ends. */
  recordings?: RecordingService;
}

/**
 * The live rooms, one per meeting. A room is created on first join; when the last person
 * leaves it waits `endGraceMs` and then ends the meeting (a host's "end for all" ends it at
 * once). An ended meeting admits only a host, whose join reopens it.
 */
export class RoomRegistry {
  readonly #rooms = new Map<string, Promise<Room>>();
  /** Meetings that ended while this process ran (the store knows the older ones). */
  readonly #ended = new Set<string>();
  readonly #graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #options: RoomRegistryOptions;

  constructor(options: RoomRegistryOptions) {
    this.#options = options;
  }

  /** The meeting's room, created on first use. */
  room(meeting: string): Promise<Room> {
    clearTimeout(this.#graceTimers.get(meeting));
    this.#graceTimers.delete(meeting);
    let room = this.#rooms.get(meeting);
    if (room === undefined) {
      room = this.#create(meeting);
      this.#rooms.set(meeting, room);
      room.catch(() => this.#rooms.delete(meeting));
    }
    return room;
  }

  /** Called after someone left: an empty room ends now (host ended it) or after the grace period. */
  async releaseIfEmpty(room: Room): Promise<void> {
    if (room.size > 0 || (await this.#rooms.get(room.meeting)) !== room) return;
    if (room.ended) {
      await this.#close(room, Date.now());
      return;
    }
    const lastLeave = Date.now();
    clearTimeout(this.#graceTimers.get(room.meeting));
    this.#graceTimers.set(
      room.meeting,
      setTimeout(() => {
        this.#graceTimers.delete(room.meeting);
        if (room.size > 0) return;
        room.ended = true;
        void this.#close(room, lastLeave).catch((error: unknown) =>
          this.#options.logger.error({ err: error, meeting: room.meeting }, 'could not end the meeting'),
        );
      }, this.#options.endGraceMs),
    );
  }

  /** Stops pending grace timers (server shutdown). */
  close(): void {
    for (const timer of this.#graceTimers.values()) clearTimeout(timer);
    this.#graceTimers.clear();
  }

  async #create(meeting: string): Promise<Room> {
    const { store } = this.#options;
    const [router, record, polls, voters] = await Promise.all([
      this.#options.pool.routerFor(meeting),
      this.#ended.has(meeting) ? undefined : store.getMeeting(meeting),
      // A reopened meeting gets its earlier polls back (closed when it ended).
      store.listPolls(meeting),
      store.listPollVoters(meeting),
    ]);
    const room = await Room.create(meeting, router, this.#options.logger, { store, polls, voters }, this.#options.maxParticipants);
    room.ended = this.#ended.has(meeting) || (record !== undefined && record.endedAt !== null);
    room.topic = record?.topic ?? null;
    return room;
  }

  async #close(room: Room, endedAt: number): Promise<void> {
    if ((await this.#rooms.get(room.meeting)) !== room) return;
    this.#rooms.delete(room.meeting);
    this.#ended.add(room.meeting);
    await this.#options.recordings?.roomClosing(room);
    room.close();
    await this.#options.pool.closeRouter(room.meeting);
    await this.#options.store.endMeeting(room.meeting, endedAt);
    this.#options.logger.info({ meeting: room.meeting }, 'meeting ended');
  }
}
