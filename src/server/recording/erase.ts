import type { RecordingStorage } from './recording-storage.js';

/**
 * Removes everything of `userId` from every recording (their right to erasure): the files of
 * their segments, the segments themselves, and their name next to their consent. The composite
 * shows them, so it goes too and `onChanged` is called to render it anew without them.
 * Resolves with how many segment files were deleted.
 */
export async function eraseFromRecordings(storage: RecordingStorage, userId: string, onChanged?: (recordingId: string) => void): Promise<number> {
  let deleted = 0;
  for (const manifest of await storage.list()) {
    const theirs = manifest.segments.filter((segment) => segment.userId === userId);
    const named = manifest.participants.some((participant) => participant.userId === userId);
    if (theirs.length === 0 && !named) continue;
    for (const segment of theirs) await storage.removeFile(manifest.id, segment.file);
    deleted += theirs.length;
    manifest.segments = manifest.segments.filter((segment) => segment.userId !== userId);
    for (const participant of manifest.participants) {
      if (participant.userId !== userId) continue;
      participant.userId = '';
      participant.displayName = '';
    }
    if (theirs.length > 0 && manifest.composite !== null) {
      await storage.removeFile(manifest.id, manifest.composite.file);
      manifest.composite = null;
    }
    await storage.writeManifest(manifest);
    if (theirs.length > 0 && manifest.status !== 'recording') onChanged?.(manifest.id);
  }
  return deleted;
}
