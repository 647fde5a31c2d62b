import { spawn } from 'node:child_process';
import { rename, rm } from 'node:fs/promises';

/**
 * Rewrites a recorder's file into a complete one — duration and index written — by copying
 * its packets into a new file without re-encoding, for a recorder that was killed (or whose
 * server was); a file ended properly comes out the same. Resolves whether it holds playable
 * media; the original is kept when it does not.
 */
export function finalizeFile(ffmpegPath: string, file: string): Promise<boolean> {
  const extension = file.slice(file.lastIndexOf('.'));
  const temporary = `${file}.final${extension}`;
  return new Promise((resolve) => {
    const child = spawn(ffmpegPath, [
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-i', file, '-map', '0', '-c', 'copy', '-y', temporary,
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
