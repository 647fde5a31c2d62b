import { spawn } from 'node:child_process';

/** Whether the recorder can run: its path, and if it cannot, why not. */
export interface RecorderAvailability {
  available: boolean;
  /** The ffmpeg executable asked for. */
  path: string;
  /** Why recording is unavailable (absent when it is available). */
  reason?: string;
}

/**
 * Checks that `path` is an ffmpeg that runs (`ffmpeg -version`), without ever throwing:
 * a server without ffmpeg still serves meetings, it only cannot record them.
 */
export function checkFfmpeg(path: string, timeoutMs = 10_000): Promise<RecorderAvailability> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (availability: RecorderAvailability) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(availability);
    };
    let output = '';
    const child = spawn(path, ['-hide_banner', '-version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done({ available: false, path, reason: `${path} -version did not answer` });
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => done({ available: false, path, reason: `${path} cannot run: ${error.message}` }));
    child.on('exit', (code) => {
      if (code === 0 && output.startsWith('ffmpeg')) done({ available: true, path });
      else done({ available: false, path, reason: `${path} is not a working ffmpeg (exit ${code})` });
    });
  });
}
