import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { setPriority } from 'node:os';
import type { ManifestSegment, RecordingManifest } from './manifest.js';

/** The composite's picture size and rate. */
export const COMPOSITE_WIDTH = 1280;
export const COMPOSITE_HEIGHT = 720;
export const COMPOSITE_FPS = 25;
/** How much less CPU a render is given than the live meetings (a `nice` value). */
export const RENDER_NICENESS = 10;

/** One tile of the grid: one participant's camera or screen, placed in the picture. */
export interface CompositeTile {
  participantId: string;
  source: ManifestSegment['source'];
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is rendered: the timeline, the grid and the segments in it. */
export interface CompositeLayout {
  /** The recording's first media (ms since the epoch): the composite's time 0. */
  origin: number;
  /** From the first media to the last, in seconds. */
  duration: number;
  tiles: CompositeTile[];
  videos: ManifestSegment[];
  audios: ManifestSegment[];
}

/** Where a segment ends on the wall clock: its end, else the recording's, else its start. */
function segmentEnd(manifest: RecordingManifest, segment: ManifestSegment): number {
  return segment.endedAt ?? manifest.stoppedAt ?? segment.startedAt;
}

/**
 * The composite's layout from a manifest: from the earliest segment start to the latest
 * segment end; one tile per participant and video source, in the order they joined the
 * recording, in a grid of `ceil(sqrt(n))` columns filling the picture.
 */
export function compositeLayout(manifest: RecordingManifest): CompositeLayout {
  const segments = manifest.segments;
  if (segments.length === 0) return { origin: manifest.startedAt, duration: 0, tiles: [], videos: [], audios: [] };
  const origin = Math.min(...segments.map((segment) => segment.startedAt));
  const end = Math.max(...segments.map((segment) => segmentEnd(manifest, segment)));
  const videos = segments.filter((segment) => segment.kind === 'video');
  const audios = segments.filter((segment) => segment.kind === 'audio');
  const order = new Map(manifest.participants.map((participant, index) => [participant.participantId, index]));
  const keys: { participantId: string; source: ManifestSegment['source'] }[] = [];
  for (const segment of videos) {
    if (!keys.some((key) => key.participantId === segment.participantId && key.source === segment.source)) {
      keys.push({ participantId: segment.participantId, source: segment.source });
    }
  }
  keys.sort((a, b) => (order.get(a.participantId) ?? Infinity) - (order.get(b.participantId) ?? Infinity) || a.source.localeCompare(b.source));
  const columns = Math.ceil(Math.sqrt(keys.length));
  const rows = Math.ceil(keys.length / Math.max(columns, 1));
  // Even sizes: H.264 in yuv420p needs them.
  const width = 2 * Math.floor(COMPOSITE_WIDTH / Math.max(columns, 1) / 2);
  const height = 2 * Math.floor(COMPOSITE_HEIGHT / Math.max(rows, 1) / 2);
  const tiles = keys.map((key, index) => ({
    ...key,
    x: (index % columns) * width,
    y: Math.floor(index / columns) * height,
    width,
    height,
  }));
  return { origin, duration: (end - origin) / 1000, tiles, videos, audios };
}

/**
 * ffmpeg's arguments to render `layout` into `output` (MP4, H.264 yuv420p + AAC stereo 48 kHz,
 * index at the front). Each segment is one input whose own timeline starts at 0 and is moved
 * to its offset on the recording's; a tile shows black wherever none of its segments runs,
 * and the audio is silence wherever nobody's does.
 */
export function compositeArgs(layout: CompositeLayout, pathOf: (file: string) => string, output: string): string[] {
  const inputs: string[] = [];
  const filters: string[] = [];
  const duration = layout.duration.toFixed(3);
  const offsetOf = (segment: ManifestSegment) => Math.max(0, (segment.startedAt - layout.origin) / 1000);
  let index = 0;
  filters.push(`color=c=black:s=${COMPOSITE_WIDTH}x${COMPOSITE_HEIGHT}:r=${COMPOSITE_FPS}:d=${duration},format=yuv420p[base]`);
  let picture = 'base';
  for (const segment of layout.videos) {
    const tile = layout.tiles.find((candidate) => candidate.participantId === segment.participantId && candidate.source === segment.source)!;
    // A browser changes its picture size as the network allows: the scale follows the
    // frames' size instead of rebuilding the whole graph.
    inputs.push('-reinit_filter', '0', '-i', pathOf(segment.file));
    filters.push(
      `[${index}:v]scale=${tile.width}:${tile.height}:force_original_aspect_ratio=decrease:eval=frame,` +
        `pad=${tile.width}:${tile.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p,` +
        `setpts=PTS-STARTPTS+${offsetOf(segment).toFixed(3)}/TB[v${index}]`,
      `[${picture}][v${index}]overlay=x=${tile.x}:y=${tile.y}:eof_action=pass[p${index}]`,
    );
    picture = `p${index}`;
    index++;
  }
  filters.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${duration}[silence]`);
  const voices: string[] = [];
  for (const segment of layout.audios) {
    inputs.push('-i', pathOf(segment.file));
    const delay = Math.round(offsetOf(segment) * 1000);
    // async fills the file's own gaps (silence the sender did not send) with silence.
    filters.push(
      `[${index}:a]asetpts=PTS-STARTPTS,aresample=48000:async=1:first_pts=0,` +
        `aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo,adelay=${delay}:all=1[a${index}]`,
    );
    voices.push(`[a${index}]`);
    index++;
  }
  // The silence, exactly as long as the recording, sets the mix's length; nothing is divided down.
  filters.push(`[silence]${voices.join('')}amix=inputs=${voices.length + 1}:duration=first:normalize=0[mix]`);
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1',
    ...inputs,
    '-filter_complex', filters.join(';'),
    '-map', `[${picture}]`, '-map', '[mix]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', '-r', String(COMPOSITE_FPS),
    '-c:a', 'aac', '-b:a', '128k', '-ar', '48000', '-ac', '2',
    '-t', duration, '-movflags', '+faststart', '-f', 'mp4', '-y', output,
  ];
}

/** The composite could not be rendered. */
export class CompositeRenderError extends Error {
  override readonly name = 'CompositeRenderError';
}

/** What one render needs. */
export interface RenderOptions {
  ffmpegPath: string;
  manifest: RecordingManifest;
  /** Local path of a file of the recording. */
  pathOf: (file: string) => string;
  /** Where to write the MP4. */
  output: string;
  /** How far it has got, from 0 to 1, as ffmpeg reports it (several times a second). */
  onProgress?: (progress: number) => void;
  /** Stops the render (the process is killed and the promise rejects). */
  signal?: AbortSignal;
}

/**
 * Renders the manifest's composite into `options.output` with ffmpeg at a lower CPU priority
 * than the server's. Resolves with its duration in seconds; rejects with a
 * {@link CompositeRenderError} when a file is missing or ffmpeg fails.
 */
export async function renderComposite(options: RenderOptions): Promise<number> {
  const layout = compositeLayout(options.manifest);
  if (layout.duration <= 0) throw new CompositeRenderError('nothing was recorded');
  for (const segment of [...layout.videos, ...layout.audios]) {
    try {
      await access(options.pathOf(segment.file));
    } catch {
      throw new CompositeRenderError(`the file ${segment.file} is missing`);
    }
  }
  const args = compositeArgs(layout, options.pathOf, options.output);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(options.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, RENDER_NICENESS);
      } catch {
        // Not allowed here (some containers): it renders at the normal priority.
      }
    }
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^out_time_us=(\d+)$/u.exec(line.trim());
        if (match !== null) options.onProgress?.(Math.min(1, Number(match[1]) / 1e6 / layout.duration));
      }
    });
    child.once('error', (error) => reject(new CompositeRenderError(`ffmpeg could not run: ${error.message}`, { cause: error })));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new CompositeRenderError(`ffmpeg failed (${code ?? signal}): ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
  return layout.duration;
}
