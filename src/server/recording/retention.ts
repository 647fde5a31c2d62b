import type { Logger } from 'pino';
import type { RecordingManifest } from './manifest.js';
import type { RecordingStorage } from './recording-storage.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often expired recordings are looked for. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** When a recording ended: stopped, or (interrupted) its last media; one under way has not. */
function endOf(manifest: RecordingManifest): number | undefined {
  if (manifest.status === 'recording') return undefined;
  return manifest.stoppedAt ?? Math.max(manifest.startedAt, ...manifest.segments.map((segment) => segment.endedAt ?? 0));
}

/** Deletes every recording that ended more than `days` days before `now`; resolves with their ids. */
export async function deleteExpiredRecordings(storage: RecordingStorage, days: number, now = Date.now()): Promise<string[]> {
  const deleted: string[] = [];
  for (const manifest of await storage.list()) {
    const end = endOf(manifest);
    if (end === undefined || end > now - days * DAY_MS) continue;
    await storage.remove(manifest.id);
    deleted.push(manifest.id);
  }
  return deleted;
}

/**
 * Keeps recordings for `days` days after they end (`WE_RECORDING_RETENTION_DAYS`): deletes the
 * expired ones now and then every hour. Returns a function that stops it.
 */
export function keepRecordingsFor(storage: RecordingStorage, days: number, logger: Logger): () => void {
  const sweep = () =>
    void deleteExpiredRecordings(storage, days).then(
      (ids) => ids.length > 0 && logger.info({ recordings: ids, days }, 'recordings past their retention deleted'),
      (error: unknown) => logger.error({ err: error }, 'could not delete expired recordings'),
    );
  sweep();
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
