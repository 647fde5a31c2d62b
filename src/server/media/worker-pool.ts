import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { MEDIA_CODECS } from './codecs.js';

/** Where the pool's WebRtcServers listen and what address they announce. */
export interface WorkerPoolOptions {
  workers: number;
  listenIp: string;
  announcedAddress?: string | undefined;
  /** First port; worker i listens on port + i (UDP and TCP). 0 lets each pick a free port. */
  basePort: number;
  logger: Logger;
  /** Called once when any worker dies; the pool is unusable after that. */
  onWorkerDied?: (error: Error) => void;
}

interface PoolWorker {
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  routers: number;
}

/** A mediasoup worker has died or the pool was used after close(). */
export class MediaUnavailableError extends Error {
  override readonly name = 'MediaUnavailableError';
}

/**
 * One mediasoup Worker per core, each with one WebRtcServer (a single port for all its
 * transports), and one Router per meeting placed on the least loaded worker.
 */
export class WorkerPool {
  readonly #entries: PoolWorker[];
  readonly #routers = new Map<string, Promise<types.Router>>();
  readonly #logger: Logger;
  #closed = false;

  private constructor(entries: PoolWorker[], logger: Logger) {
    this.#entries = entries;
    this.#logger = logger;
  }

  /** Starts the workers and their WebRtcServers. */
  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const entries: PoolWorker[] = [];
    try {
      for (let index = 0; index < options.workers; index++) {
        const worker = await mediasoup.createWorker({ logLevel: 'warn', appData: { index } });
        const port = options.basePort === 0 ? undefined : options.basePort + index;
        const listen = { ip: options.listenIp, announcedAddress: options.announcedAddress, port };
        const webRtcServer = await worker.createWebRtcServer({
          listenInfos: [
            { protocol: 'udp', ...listen },
            { protocol: 'tcp', ...listen },
          ],
        });
        entries.push({ worker, webRtcServer, routers: 0 });
      }
    } catch (error) {
      for (const entry of entries) entry.worker.close();
      throw error;
    }
    const pool = new WorkerPool(entries, options.logger);
    for (const entry of entries) {
      entry.worker.on('died', (error) => {
        options.logger.error({ err: error, pid: entry.worker.pid }, 'mediasoup worker died');
        pool.#closed = true;
        options.onWorkerDied?.(error);
      });
    }
    options.logger.info({ workers: entries.length, pids: entries.map((e) => e.worker.pid) }, 'mediasoup workers started');
    return pool;
  }

  /** Number of live workers. */
  get workerCount(): number {
    return this.#entries.filter((entry) => !entry.worker.closed && !entry.worker.died).length;
  }

  /** Number of meetings that currently have a router. */
  get routerCount(): number {
    return this.#routers.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The meeting's router, created on the least loaded worker on first use. */
  routerFor(meeting: string): Promise<types.Router> {
    if (this.#closed) return Promise.reject(new MediaUnavailableError('media workers are not running'));
    let router = this.#routers.get(meeting);
    if (router === undefined) {
      router = this.#createRouter(meeting);
      this.#routers.set(meeting, router);
      router.catch(() => this.#routers.delete(meeting));
    }
    return router;
  }

  /** Closes the meeting's router and every transport on it. */
  async closeRouter(meeting: string): Promise<void> {
    const router = this.#routers.get(meeting);
    if (router === undefined) return;
    this.#routers.delete(meeting);
    (await router.catch(() => undefined))?.close();
  }

  /** Creates a WebRTC transport on the meeting's router, served by its worker's WebRtcServer. */
  async createWebRtcTransport(meeting: string): Promise<types.WebRtcTransport> {
    const router = await this.routerFor(meeting);
    const entry = this.#entries.find((candidate) => candidate.worker.pid === (router.appData as { pid: number }).pid);
    if (entry === undefined) throw new MediaUnavailableError('the router\'s worker is gone');
    return router.createWebRtcTransport({
      webRtcServer: entry.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: 1_000_000,
    });
  }

  /** Closes every worker; idempotent. */
  close(): void {
    if (this.#closed && this.#entries.every((entry) => entry.worker.closed)) return;
    this.#closed = true;
    this.#routers.clear();
    for (const entry of this.#entries) entry.worker.close();
  }

  async #createRouter(meeting: string): Promise<types.Router> {
    const entry = this.#entries
      .filter((candidate) => !candidate.worker.closed && !candidate.worker.died)
      .sort((a, b) => a.routers - b.routers)[0];
    if (entry === undefined) throw new MediaUnavailableError('no mediasoup worker is running');
    const router = await entry.worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { meeting, pid: entry.worker.pid } });
    entry.routers++;
    router.observer.once('close', () => {
      entry.routers--;
    });
    this.#logger.debug({ meeting, pid: entry.worker.pid }, 'router created');
    return router;
  }
}
