import { spawn } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';

/**
 * Rewrites a recorder's file into a complete one — duration and index written — by copying
 * its packets into a new file without re-encoding: for a recorder that was killed (or whose
 * server was), and to end a file at its segment's wall-clock end (`seconds`): a recorder
 * told to stop while no media arrives stamps the last frame it held with the time it stopped.
 * Resolves whether it worked; the original is kept when it did not.
 */
export function finalizeFile(ffmpegPath: string, file: string, seconds?: number): Promise<boolean> {
  const extension = file.slice(file.lastIndexOf('.'));
  const temporary = `${file}.final${extension}`;
  return new Promise((resolve) => {
    const child = spawn(ffmpegPath, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file,
      ...(seconds === undefined ? [] : ['-t', seconds.toFixed(3)]),
      '-map', '0', '-c', 'copy', '-y', temporary,
    ], {
      stdio: 'ignore',
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => {
      if (code !== 0) {
        void rm(temporary, { force: true }).then(() => resolve(false));
        return;
      }
      rename(temporary, file).then(
        () => resolve(true),
        () => resolve(false),
      );
    });
  });
}
