import { spawn } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';

/** What ffmpeg reads of a media file. */
export interface MediaDescription {
  /** Whether it holds an audio or video stream that can be read. */
  playable: boolean;
  /** Its duration in seconds, when the file says (a file whose recorder was killed may not). */
  duration: number | undefined;
}

/** Describes a media file without changing it. */
export function describeMedia(ffmpegPath: string, file: string): Promise<MediaDescription> {
  return new Promise((resolve) => {
    let output = '';
    // No output file: ffmpeg describes its input and exits with an error, which is expected.
    const child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', '-i', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', () => resolve({ playable: false, duration: undefined }));
    child.on('close', () => {
      const playable = /Stream #0:\d+.*?: (Audio|Video):/u.test(output);
      const match = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/u.exec(output);
      const duration = match === null ? undefined : Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
      resolve({ playable, duration });
    });
  });
}

/**
 * Makes a recorder's file whole — duration and index written — by copying its packets into a
 * new file without re-encoding, for a recorder that was killed (or whose server was); a file
 * ended properly comes out the same. Resolves whether the file holds playable media. When the
 * copy cannot be written (a full disk), the original stays as it is: playable, if less handy.
 */
export async function finalizeFile(ffmpegPath: string, file: string): Promise<boolean> {
  if (!(await describeMedia(ffmpegPath, file)).playable) return false;
  const extension = file.slice(file.lastIndexOf('.'));
  const temporary = `${file}.final${extension}`;
  const copied = await new Promise<boolean>((resolve) => {
    const child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-map', '0', '-c', 'copy', '-y', temporary], {
      stdio: 'ignore',
    });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
  if (copied) await rename(temporary, file).catch(() => rm(temporary, { force: true }));
  else await rm(temporary, { force: true });
  return true;
}
