import { spawn, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { recorderRtpCapabilities, recorderSdp } from './sdp.js';
import { freeRtpPorts, releaseRtpPorts, udpPortBound } from './udp-ports.js';

/** How long a recorder has to open its ports, and to finish its file once told to stop. */
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5000;
/** When, after resuming, key frames are asked for again: the first may be lost while ffmpeg probes. */
const KEY_FRAME_RETRIES_MS = [500, 1500];

/** What one segment records and where. */
export interface SegmentOptions {
  router: types.Router;
  producer: types.Producer;
  /** The file to write (its extension chooses the container). */
  file: string;
  ffmpegPath: string;
  logger: Logger;
  /** Called once if the recorder process ends before `stop()` asked it to. */
  onDied?: (reason: string) => void;
}

/** The recorder could not be started. */
export class RecorderStartError extends Error {
  override readonly name = 'RecorderStartError';
}

/**
 * One continuous piece of one track in a file: a PlainTransport on the meeting's router, a
 * consumer created paused on it, and an ffmpeg process copying the RTP it receives into the
 * file without re-encoding. Only once ffmpeg listens is the consumer resumed (and, for video,
 * a key frame requested), so the file starts with the first packet and a picture that decodes.
 * `startedAt` is that moment on the wall clock.
 */
export class TrackSegment {
  readonly file: string;
  readonly codec: string;
  readonly kind: types.MediaKind;
  /** When the consumer was resumed: the wall-clock time of the file's start (ms since the epoch). */
  readonly startedAt: number;
  readonly #transport: types.PlainTransport;
  readonly #process: ChildProcess;
  readonly #sdpFile: string;
  readonly #exited: Promise<number | null>;
  readonly #timers: ReturnType<typeof setTimeout>[] = [];
  #stopping: Promise<number> | undefined;

  private constructor(
    options: SegmentOptions,
    parts: { transport: types.PlainTransport; consumer: types.Consumer; process: ChildProcess; sdpFile: string; exited: Promise<number | null> },
  ) {
    this.file = options.file;
    this.codec = parts.consumer.rtpParameters.codecs[0]?.mimeType ?? '';
    this.kind = parts.consumer.kind;
    this.#transport = parts.transport;
    this.#process = parts.process;
    this.#sdpFile = parts.sdpFile;
    this.#exited = parts.exited;
    this.startedAt = Date.now();
    void this.#exited.then((code) => {
      if (this.#stopping === undefined) {
        this.#transport.close();
        options.onDied?.(`the recorder exited (${code ?? 'killed'})`);
      }
    });
    if (this.kind === 'video') {
      void parts.consumer.requestKeyFrame().catch(() => undefined);
      for (const delay of KEY_FRAME_RETRIES_MS) {
        const timer = setTimeout(() => void parts.consumer.requestKeyFrame().catch(() => undefined), delay);
        timer.unref();
        this.#timers.push(timer);
      }
    }
  }

  /** Sets up the transport, the paused consumer and the recorder; resolves once media flows into the file. */
  static async open(options: SegmentOptions): Promise<TrackSegment> {
    const { router, producer, logger } = options;
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: false,
      appData: { recorder: true },
    });
    const sdpFile = `${options.file}.sdp`;
    let process: ChildProcess | undefined;
    let port: number | undefined;
    try {
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: recorderRtpCapabilities(router),
        paused: true,
        appData: { recorder: true },
      });
      port = await freeRtpPorts();
      const rtpPort = port;
      await writeFile(sdpFile, recorderSdp(consumer, port));
      const spawned = spawn(
        options.ffmpegPath,
        [
          '-hide_banner', '-nostdin', '-loglevel', 'error',
          '-protocol_whitelist', 'file,rtp,udp',
          // Timestamps from the arrival clock: the file's timeline is the wall clock from its
          // start. No reordering queue (the media comes over loopback in order): a packet held in
          // one would be stamped when the queue is flushed, seconds after it arrived.
          '-fflags', '+genpts', '-use_wallclock_as_timestamps', '1', '-reorder_queue_size', '0',
          // Up to 2 s of media to find a video's size (it needs a key frame) before writing the header.
          '-analyzeduration', '2000000', '-probesize', '2000000',
          '-i', sdpFile,
          // Clusters of at most a second, each flushed to disk at once: a recorder or server
          // killed mid-way loses at most that last second.
          '-map', '0', '-c', 'copy', '-avoid_negative_ts', 'make_zero',
          '-cluster_time_limit', '1000', '-flush_packets', '1', '-y', options.file,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      process = spawned;
      let stderr = '';
      spawned.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
      });
      const exited = new Promise<number | null>((resolve) => {
        spawned.once('exit', (code) => resolve(code));
        spawned.once('error', () => resolve(null));
      });
      void exited.then(() => releaseRtpPorts(rtpPort));
      void exited.then(() => {
        if (stderr.trim() !== '') logger.debug({ file: options.file, stderr: stderr.trim() }, 'recorder output');
      });
      await transport.connect({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
      await waitUntilListening(port, exited);
      await consumer.resume();
      return new TrackSegment(options, { transport, consumer, process: spawned, sdpFile, exited });
    } catch (error) {
      transport.close();
      if (process === undefined && port !== undefined) releaseRtpPorts(port);
      process?.kill('SIGKILL');
      await rm(sdpFile, { force: true });
      throw error instanceof RecorderStartError ? error : new RecorderStartError(`the recorder could not start: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The recorder's process id. */
  get pid(): number | undefined {
    return this.#process.pid;
  }

  /**
   * Lets ffmpeg finish the file (SIGINT, then SIGKILL after a while), then stops the media:
   * ffmpeg notices the signal soonest while packets still arrive. Resolves with the
   * wall-clock end. Idempotent.
   */
  stop(): Promise<number> {
    this.#stopping ??= (async () => {
      const endedAt = Date.now();
      for (const timer of this.#timers) clearTimeout(timer);
      if (this.#process.exitCode === null && this.#process.signalCode === null) {
        this.#process.kill('SIGINT');
        const kill = setTimeout(() => this.#process.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await this.#exited;
        clearTimeout(kill);
      }
      this.#transport.close();
      await rm(this.#sdpFile, { force: true });
      return endedAt;
    })();
    return this.#stopping;
  }
}

async function waitUntilListening(port: number, exited: Promise<number | null>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await udpPortBound(port))) {
    if (gone) throw new RecorderStartError('the recorder exited before it listened');
    if (Date.now() > deadline) throw new RecorderStartError(`the recorder did not listen within ${READY_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
