import type { ManifestSegment, RecordingManifest } from './manifest.js';
import { COMPOSITE_FILE, SMART_OUTPUTS, smartWorkFile, type RecordingStorage } from './recording-storage.js';

/**
 * Removes everything of `userId` from every recording (their right to erasure): the files of
 * their segments, the segments themselves, and their name next to their consent. The composite
 * and the smart recording hold them, so they go too (their words with them) and `onChanged` is
 * awaited to make them anew without them. Resolves with how many segment files were deleted.
 */
export async function eraseFromRecordings(storage: RecordingStorage, userId: string, onChanged?: (recordingId: string) => Promise<void> | void): Promise<number> {
  let deleted = 0;
  for (const listed of await storage.list()) {
    let theirs: ManifestSegment[] = [];
    const manifest = await storage.updateManifest(listed.id, (current) => {
      theirs = current.segments.filter((segment) => segment.userId === userId);
      const named = current.participants.some((participant) => participant.userId === userId);
      if (theirs.length === 0 && !named) return undefined;
      return withoutUser(current, userId);
    });
    if (manifest === undefined || theirs.length === 0) continue;
    // The composite shows them and the smart recording quotes them: both go at once.
    for (const file of [listed.composite?.file ?? COMPOSITE_FILE, ...Object.values(SMART_OUTPUTS)]) await storage.removeFile(manifest.id, file);
    for (const segment of theirs) {
      await storage.removeFile(manifest.id, segment.file);
      await storage.removeFile(manifest.id, smartWorkFile(segment.file));
    }
    deleted += theirs.length;
    if (manifest.status !== 'recording') await onChanged?.(manifest.id);
  }
  return deleted;
}

/** `manifest` without `userId`'s segments and name, nor what was made from them. */
function withoutUser(manifest: RecordingManifest, userId: string): RecordingManifest {
  const theirs = manifest.segments.some((segment) => segment.userId === userId);
  const participants = manifest.participants.map((participant) =>
    participant.userId === userId ? { ...participant, userId: '', displayName: '' } : participant,
  );
  const changed = { ...manifest, participants, segments: manifest.segments.filter((segment) => segment.userId !== userId) };
  if (!theirs) return changed;
  const { smart: _smart, ...rest } = changed;
  return { ...rest, composite: null };
}
