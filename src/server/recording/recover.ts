import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { describeMedia, finalizeFile } from './finalize.js';
import type { RecordingManifest } from './manifest.js';
import type { RecordingStorage } from './recording-storage.js';

/** How long a recorder goes on after its media stops (its input timeout), with some margin. */
const RECORDER_QUIET_MS = 12_000;

/**
 * Recordings a server was writing when it died (killed, crashed, powered off) say so in their
 * manifest: status `recording`, segments without an end. On the next start each such segment's
 * file is made whole — the recorder flushes every cluster, so all but the last second or so is
 * there — and ends where its media ends; a file with nothing playable becomes a gap. The
 * recording is then `interrupted`: listed, playable, and rendered like a stopped one.
 * Resolves with the ids of the recordings recovered.
 */
export async function recoverInterrupted(storage: RecordingStorage, ffmpegPath: string, logger: Logger): Promise<string[]> {
  const recovered: string[] = [];
  for (const manifest of await storage.list()) {
    if (manifest.status !== 'recording') continue;
    try {
      await recoverOne(manifest, storage, ffmpegPath);
      recovered.push(manifest.id);
      logger.warn({ recording: manifest.id, meeting: manifest.meeting }, 'a recording interrupted by a server stop was recovered');
    } catch (error) {
      logger.error({ err: error, recording: manifest.id }, 'could not recover an interrupted recording');
    }
  }
  return recovered;
}

async function recoverOne(manifest: RecordingManifest, storage: RecordingStorage, ffmpegPath: string): Promise<void> {
  for (const segment of [...manifest.segments]) {
    if (segment.endedAt !== null) continue;
    const file = storage.path(manifest.id, segment.file);
    await quiet(file);
    const playable = await finalizeFile(ffmpegPath, file);
    const seconds = playable ? (await describeMedia(ffmpegPath, file)).duration : undefined;
    if (seconds === undefined) {
      manifest.segments.splice(manifest.segments.indexOf(segment), 1);
      await storage.removeFile(manifest.id, segment.file);
      const { participantId, source, startedAt: from } = segment;
      manifest.gaps.push({ participantId, source, from, to: null, reason: 'the server stopped before anything playable was written' });
      continue;
    }
    segment.endedAt = segment.startedAt + Math.round(seconds * 1000);
    segment.endReason = 'server-restart';
  }
  for (const gap of manifest.gaps) gap.to ??= Math.max(gap.from, ...manifest.segments.map((segment) => segment.endedAt ?? 0));
  manifest.status = 'interrupted';
  manifest.stoppedAt = Math.max(manifest.startedAt, ...manifest.segments.map((segment) => segment.endedAt ?? 0));
  await storage.writeManifest(manifest);
}

/**
 * Resolves once nobody has written `file` for a while. A recorder outlives a server killed
 * outright: it writes what it still receives, then finishes the file once its input has been
 * quiet for 10 s; finalizing under it would lose that.
 */
async function quiet(file: string): Promise<void> {
  for (;;) {
    const modified = await stat(file).then((stats) => stats.mtimeMs, () => 0);
    const wait = modified + RECORDER_QUIET_MS - Date.now();
    if (wait <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
