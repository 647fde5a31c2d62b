// What recording costs the server, in one run:
//   (a) CPU per track: a real mediasoup router with --tracks ffmpeg-fed producers (half
//       microphones, Opus; half cameras, VP8 320x240 at 20 fps), each with a consumer sending
//       to a local sink — forwarding alone — measured over --seconds; then the same with a
//       recorder (a TrackSegment: PlainTransport + consumer + ffmpeg copying into WebM) on every
//       track. CPU is the mediasoup worker's (getResourceUsage) plus, when recording, the
//       recorders' ffmpeg processes (/proc/<pid>/stat); the senders are not counted.
//   (b) composite render speed: recordings of 2 and 4 participants (camera VP8 640x480 at
//       30 fps and microphone Opus each, --media seconds long, made by ffmpeg), rendered into
//       the composite MP4 as the server does it; the speed is media seconds per wall second.
//
//   node --import tsx bench/recording.mjs [--tracks 4] [--seconds 10] [--media 30]
//
// Prints one table with both figures. The machine's other load counts: run it on a quiet one.
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mediasoup from 'mediasoup';
import pino from 'pino';
import { MEDIA_CODECS } from '../src/server/media/codecs.ts';
import { renderComposite } from '../src/server/recording/composite.ts';
import { TrackSegment } from '../src/server/recording/track-segment.ts';
import { sourceRtpParameters, sourceTransport, startSource } from '../test/server/fixtures/ffmpeg-source.ts';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const TRACKS = option('tracks', 4);
const SECONDS = option('seconds', 10);
const MEDIA_SECONDS = option('media', 30);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const logger = pino({ level: 'silent' });
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time (user + system, ms) a process has used, from /proc. */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

async function workerCpuMs(worker) {
  const usage = await worker.getResourceUsage();
  return usage.ru_utime + usage.ru_stime;
}

/** CPU used by the worker and the given processes over SECONDS, in ms. */
async function measure(worker, pids) {
  const worker0 = await workerCpuMs(worker);
  const pids0 = pids.map(processCpuMs);
  const started = performance.now();
  await sleep(SECONDS * 1000);
  const wall = (performance.now() - started) / 1000;
  const workerMs = (await workerCpuMs(worker)) - worker0;
  const recorderMs = pids.reduce((sum, pid, index) => sum + processCpuMs(pid) - pids0[index], 0);
  return { workerMs, recorderMs, wall };
}

async function cpuPerTrack(dir) {
  const worker = await mediasoup.createWorker({ logLevel: 'error' });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const sink = createSocket('udp4');
  sink.on('message', () => undefined);
  await new Promise((resolve) => sink.bind(0, '127.0.0.1', resolve));
  const sinkPort = sink.address().port;
  const senders = [];
  const producers = [];
  for (let i = 0; i < TRACKS; i++) {
    const kind = i % 2 === 0 ? 'audio' : 'video';
    const transport = await sourceTransport(router);
    const producer = await transport.produce({ kind, rtpParameters: sourceRtpParameters(kind, 5000 + i) });
    senders.push(startSource(kind, 5000 + i, transport));
    producers.push(producer);
    const out = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
    await out.connect({ ip: '127.0.0.1', port: sinkPort });
    await out.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
  }
  await sleep(2000); // the senders are up
  const forwarding = await measure(worker, []);
  const recorders = [];
  for (const [index, producer] of producers.entries()) {
    const file = join(dir, `track-${index}.webm`);
    recorders.push(await TrackSegment.open({ router, producer, file, ffmpegPath: 'ffmpeg', logger }));
  }
  await sleep(2000); // the recorders have written their headers
  const recording = await measure(worker, recorders.map((recorder) => recorder.pid).filter((pid) => pid !== undefined));
  for (const sender of senders) sender.kill('SIGKILL');
  await Promise.all(recorders.map((recorder) => recorder.stop()));
  worker.close();
  sink.close();
  const perTrack = ({ workerMs, recorderMs, wall }) => ({ worker: workerMs / wall / TRACKS, recorder: recorderMs / wall / TRACKS });
  return { forwarding: perTrack(forwarding), recording: perTrack(recording) };
}

/** A stopped recording of `people` participants, camera and microphone each, made by ffmpeg. */
function madeRecording(dir, people) {
  const segments = [];
  const participants = [];
  const t0 = Date.now();
  for (let p = 0; p < people; p++) {
    const participantId = `p${p}`;
    participants.push({ participantId, userId: participantId, displayName: participantId, participationId: null, consentedAt: t0 });
    for (const kind of ['video', 'audio']) {
      const file = `${people}-${p}-${kind}.webm`;
      const args = kind === 'video'
        ? ['-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=30', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k']
        : ['-f', 'lavfi', '-i', `sine=frequency=${300 + 100 * p}:sample_rate=48000`, '-c:a', 'libopus', '-ac', '2'];
      const made = spawnSync('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args, '-t', String(MEDIA_SECONDS), '-y', join(dir, file)]);
      if (made.status !== 0) throw new Error(`ffmpeg could not make ${file}: ${made.stderr}`);
      segments.push({
        id: String(segments.length + 1).padStart(4, '0'), participantId, userId: participantId, source: kind === 'video' ? 'camera' : 'mic', kind,
        codec: kind === 'video' ? 'video/VP8' : 'audio/opus', file, startedAt: t0, endedAt: t0 + MEDIA_SECONDS * 1000, endReason: 'stopped',
      });
    }
  }
  return {
    version: 1, id: crypto.randomUUID(), meeting: '990000001', createdBy: { userId: 'p0', displayName: 'p0' }, status: 'stopped',
    startedAt: t0, stoppedAt: t0 + MEDIA_SECONDS * 1000, participants, segments, gaps: [], composite: null,
  };
}

async function renderSpeed(dir, people) {
  const manifest = madeRecording(dir, people);
  const started = performance.now();
  const duration = await renderComposite({ ffmpegPath: 'ffmpeg', manifest, pathOf: (file) => join(dir, file), output: join(dir, `composite-${people}.mp4`) });
  return duration / ((performance.now() - started) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'we-bench-recording-'));
try {
  console.log(`recording bench: ${TRACKS} tracks over ${SECONDS} s; composites of ${MEDIA_SECONDS} s; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'})`);
  const cpu = await cpuPerTrack(dir);
  const two = await renderSpeed(dir, 2);
  const four = await renderSpeed(dir, 4);
  const ms = (value) => `${value.toFixed(2)} ms/s`;
  const rows = [
    ['server CPU per track, forwarding only', ms(cpu.forwarding.worker), 'mediasoup worker'],
    ['server CPU per track, forwarding + recording', ms(cpu.recording.worker + cpu.recording.recorder), `worker ${ms(cpu.recording.worker)} + recorder ${ms(cpu.recording.recorder)}`],
    ['  of which recording', ms(cpu.recording.worker + cpu.recording.recorder - cpu.forwarding.worker), ''],
    ['composite render speed, 2 participants', `${two.toFixed(2)}x real time`, '1280x720 H.264 + AAC, nice 10'],
    ['composite render speed, 4 participants', `${four.toFixed(2)}x real time`, '1280x720 H.264 + AAC, nice 10'],
  ];
  const width = [Math.max(...rows.map((row) => row[0].length)), Math.max(...rows.map((row) => row[1].length))];
  console.log(`${'measure'.padEnd(width[0])}  ${'value'.padStart(width[1])}  detail`);
  for (const [name, value, detail] of rows) console.log(`${name.padEnd(width[0])}  ${value.padStart(width[1])}  ${detail}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
