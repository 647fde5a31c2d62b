import type { Logger } from 'pino';
import type { WorkerPool } from '../media/worker-pool.js';
import { Room } from './room.js';

/** The live rooms, one per meeting, created on first join and closed when the last peer leaves. */
export class RoomRegistry {
  readonly #rooms = new Map<string, Promise<Room>>();
  /** Meetings a host ended, so that a later room for them starts ended. */
  readonly #ended = new Set<string>();
  readonly #pool: WorkerPool;
  readonly #logger: Logger;

  constructor(pool: WorkerPool, logger: Logger) {
    this.#pool = pool;
    this.#logger = logger;
  }

  /** The meeting's room, created on first use. */
  room(meeting: string): Promise<Room> {
    let room = this.#rooms.get(meeting);
    if (room === undefined) {
      room = this.#pool.routerFor(meeting).then(async (router) => {
        const created = await Room.create(meeting, router, this.#logger);
        created.ended = this.#ended.has(meeting);
        return created;
      });
      this.#rooms.set(meeting, room);
      room.catch(() => this.#rooms.delete(meeting));
    }
    return room;
  }

  /** Closes the room if nobody is left in it. */
  async releaseIfEmpty(room: Room): Promise<void> {
    if (room.size > 0 || (await this.#rooms.get(room.meeting)) !== room) return;
    this.#rooms.delete(room.meeting);
    if (room.ended) this.#ended.add(room.meeting);
    else this.#ended.delete(room.meeting);
    room.close();
    await this.#pool.closeRouter(room.meeting);
    this.#logger.debug({ meeting: room.meeting }, 'room closed');
  }
}
