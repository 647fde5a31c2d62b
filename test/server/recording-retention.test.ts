// Recordings kept for a while and erased on request: retention deletes those that ended long
// enough ago (and never one under way); erasing a person removes their files, their segments
// and their name, and the composite that showed them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordingManifest } from '../../src/server/recording/manifest.js';
import { eraseFromRecordings } from '../../src/server/recording/erase.js';
import { DiskRecordingStorage } from '../../src/server/recording/recording-storage.js';
import { deleteExpiredRecordings } from '../../src/server/recording/retention.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 4);
let dataDir: string;
let storage: DiskRecordingStorage;

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'we-retention-'));
  storage = new DiskRecordingStorage(dataDir);
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

let next = 0;
/** A recording on disk with one audio file per user given, ended `endedDaysAgo` days before NOW. */
async function recording(status: RecordingManifest['status'], endedDaysAgo: number, users: string[] = ['hana']): Promise<RecordingManifest> {
  const id = `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
  await storage.create(id);
  const end = NOW - endedDaysAgo * DAY;
  const manifest: RecordingManifest = {
    version: 1,
    id,
    meeting: '620000001',
    createdBy: { userId: 'hana', displayName: 'Hana' },
    status,
    startedAt: end - 60_000,
    stoppedAt: status === 'stopped' ? end : null,
    participants: users.map((user) => ({ participantId: `p-${user}`, userId: user, displayName: user.toUpperCase(), participationId: null, consentedAt: end - 60_000 })),
    segments: users.map((user, index) => ({
      id: String(index),
      participantId: `p-${user}`,
      userId: user,
      source: 'mic',
      kind: 'audio',
      codec: 'audio/opus',
      file: `000${index}-mic-${user}.webm`,
      startedAt: end - 60_000,
      endedAt: status === 'recording' ? null : end,
      endReason: status === 'recording' ? null : 'stopped',
    })),
    gaps: [],
    composite: { file: 'composite.mp4', state: 'ready', progress: 1, duration: 60 },
  };
  for (const segment of manifest.segments) writeFileSync(storage.path(id, segment.file), 'media');
  writeFileSync(storage.path(id, 'composite.mp4'), 'media');
  await storage.writeManifest(manifest);
  return manifest;
}

test('retention deletes recordings that ended more than the days kept before now, and nothing else', async () => {
  const old = await recording('stopped', 31);
  const interruptedOld = await recording('interrupted', 40);
  const recent = await recording('stopped', 29);
  const underWay = await recording('recording', 90);
  const deleted = await deleteExpiredRecordings(storage, 30, NOW);
  assert.deepEqual(deleted.sort(), [old.id, interruptedOld.id].sort());
  const left = (await storage.list()).map((manifest) => manifest.id).sort();
  assert.deepEqual(left, [recent.id, underWay.id].sort());
  assert.equal(existsSync(join(dataDir, 'recordings', old.id)), false);
  for (const id of left) await storage.remove(id);
});

test('erasing a person removes their files, segments and name; the composite goes and is rendered anew', async () => {
  const shared = await recording('stopped', 1, ['hana', 'gus']);
  const notTheirs = await recording('stopped', 1, ['hana']);
  const changed: string[] = [];
  const deleted = await eraseFromRecordings(storage, 'gus', (id) => {
    changed.push(id);
  });
  assert.equal(deleted, 1);
  assert.deepEqual(changed, [shared.id]);
  const after = (await storage.readManifest(shared.id))!;
  assert.deepEqual(after.segments.map((segment) => segment.userId), ['hana']);
  assert.deepEqual(after.participants.map((participant) => participant.displayName), ['HANA', '']);
  assert.equal(after.composite, null);
  assert.equal(existsSync(storage.path(shared.id, '0001-mic-gus.webm')), false);
  assert.equal(existsSync(storage.path(shared.id, 'composite.mp4')), false);
  assert.equal(existsSync(storage.path(shared.id, '0000-mic-hana.webm')), true, 'the others\' files stay');
  assert.deepEqual(await storage.readManifest(notTheirs.id), notTheirs, 'a recording without them is untouched');
});
