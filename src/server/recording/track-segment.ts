import { spawn, type ChildProcess } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { recorderRtpCapabilities, recorderSdp } from './sdp.js';
import { freeRtpPorts, releaseRtpPorts, udpPortBound } from './udp-ports.js';

/** How long a recorder has to open its ports. */
const READY_TIMEOUT_MS = 10_000;
/**
 * How long a recorder whose media was stopped has to finish its file. It does so by itself
 * once its input has been quiet for 10 s (ffmpeg's RTP input timeout), after writing all it
 * received: a signal would make it drop what it has not read yet, seconds of media on a busy
 * machine.
 */
const STOP_TIMEOUT_MS = 20_000;
/** How often the recorder reports how far its file has got (ffmpeg's -stats_period). */
const PROGRESS_PERIOD_S = 0.25;
/**
 * A live video whose file has not grown for this long has lost a packet: the recorder drops
 * pictures until the next key frame, which a browser sends only when asked, so one is asked for.
 */
const STALL_MS = 1500;
/** The recorder's socket buffer: seconds of video while the machine is busy. */
const SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

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
 * The file's timeline is the media's own (RTP timestamps), so a busy machine that reads
 * packets late never stretches or squeezes it; `startedAt` places it on the wall clock.
 */
export class TrackSegment {
  readonly file: string;
  readonly codec: string;
  readonly kind: types.MediaKind;
  readonly #transport: types.PlainTransport;
  readonly #consumer: types.Consumer;
  readonly #producer: types.Producer;
  readonly #process: ChildProcess;
  readonly #sdpFile: string;
  readonly #exited: Promise<number | null>;
  readonly #resumedAt = Date.now();
  #firstMediaAt: number | undefined;
  /** The file's media time (µs) in the recorder's last report, and when it last moved on. */
  #written = { time: -1, movedAt: Date.now() };
  #stallCheck: ReturnType<typeof setInterval> | undefined;
  #endedAt: number | undefined;
  #stopping: Promise<void> | undefined;

  private constructor(
    options: SegmentOptions,
    parts: { transport: types.PlainTransport; consumer: types.Consumer; process: ChildProcess; sdpFile: string; exited: Promise<number | null> },
  ) {
    this.file = options.file;
    this.codec = parts.consumer.rtpParameters.codecs[0]?.mimeType ?? '';
    this.kind = parts.consumer.kind;
    this.#transport = parts.transport;
    this.#consumer = parts.consumer;
    this.#producer = options.producer;
    this.#process = parts.process;
    this.#sdpFile = parts.sdpFile;
    this.#exited = parts.exited;
    void this.#exited.then((code) => {
      if (this.#endedAt === undefined) {
        this.#transport.close();
        options.onDied?.(`the recorder exited (${code ?? 'killed'})`);
      }
    });
    readProgress(parts.process, (time) => {
      const now = Date.now();
      if (time !== this.#written.time) this.#written = { time, movedAt: now };
      // The file's first media arrived no later than this report less the media written since:
      // the report that lags least tells best (the recorder may fall behind on a busy machine).
      // Reports after the end tell nothing: no media arrives any more.
      if (time > 0 && this.#endedAt === undefined) {
        this.#firstMediaAt = Math.max(this.#resumedAt, Math.min(this.#firstMediaAt ?? now, now - time / 1000));
      }
    });
    if (this.kind === 'video') this.#watchVideo();
  }

  /**
   * When the file's first media arrived (ms since the epoch), as the recorder's progress tells:
   * a video's file starts with the first key frame it received whole, which may be a second
   * or two after the consumer resumed. Until the recorder has written anything, when the
   * consumer resumed.
   */
  get startedAt(): number {
    return this.#firstMediaAt ?? this.#resumedAt;
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
          '-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats',
          '-progress', 'pipe:1', '-stats_period', String(PROGRESS_PERIOD_S),
          '-protocol_whitelist', 'file,rtp,udp', '-buffer_size', String(SOCKET_BUFFER_BYTES),
          // No reordering queue: the media comes over loopback in order, and a queue would hold
          // back the last packets until more arrive.
          '-reorder_queue_size', '0',
          // Up to 2 s of media to find a video's size (it needs a key frame) before writing the header.
          '-analyzeduration', '2000000', '-probesize', '2000000',
          '-i', sdpFile,
          // Clusters of at most a second, each flushed to disk at once: a recorder or server
          // killed mid-way loses at most that last second.
          '-map', '0', '-c', 'copy',
          '-cluster_time_limit', '1000', '-flush_packets', '1', '-y', options.file,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
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
      const segment = new TrackSegment(options, { transport, consumer, process: spawned, sdpFile, exited });
      await consumer.resume();
      return segment;
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

  /** When the segment was ended (ms since the epoch), once {@link stop} was called. */
  get endedAt(): number | undefined {
    return this.#endedAt;
  }

  /**
   * Ends the segment now: the media stops, and the recorder finishes the file once it has
   * written everything it received (SIGKILL if it takes too long, after which the file is
   * finalized like a crashed one). Resolves once the file is closed. Idempotent.
   */
  stop(): Promise<void> {
    this.#endedAt ??= Date.now();
    this.#stopping ??= (async () => {
      clearInterval(this.#stallCheck);
      this.#transport.close();
      if (this.#process.exitCode === null && this.#process.signalCode === null) {
        const kill = setTimeout(() => this.#process.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await this.#exited;
        clearTimeout(kill);
      }
      await rm(this.#sdpFile, { force: true });
    })();
    return this.#stopping;
  }

  /** Asks for a key frame at the start, and again whenever the live video's file stops growing. */
  #watchVideo(): void {
    const consumer = this.#consumer;
    const requestKeyFrame = () => void consumer.requestKeyFrame().catch(() => undefined);
    requestKeyFrame();
    this.#stallCheck = setInterval(() => {
      const stalled = Date.now() - this.#written.movedAt >= STALL_MS;
      if (stalled && !consumer.closed && !this.#producer.paused) {
        requestKeyFrame();
        this.#written.movedAt = Date.now();
      }
    }, STALL_MS / 3);
    this.#stallCheck.unref();
  }
}

/** Calls `onTime` with the media time written so far (µs) from each of ffmpeg's progress reports. */
function readProgress(process: ChildProcess, onTime: (microseconds: number) => void): void {
  let pending = '';
  process.stdout?.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^out_time_us=(\d+)$/u.exec(line.trim());
      if (match !== null) onTime(Number(match[1]));
    }
  });
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
