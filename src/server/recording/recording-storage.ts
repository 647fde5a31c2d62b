import { mkdir, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingManifest } from './manifest.js';

/** A recording id as the server makes them (a UUID); anything else names no recording. */
const RECORDING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A file name inside a recording's folder, as the recorder makes them. */
const FILE_NAME = /^[A-Za-z0-9_-]+\.(webm|mkv|mp4)$/;
const MANIFEST = 'manifest.json';

/**
 * Where recordings are kept: one folder per recording holding its manifest and files. An
 * interface, so that an object store can replace the local disk; the recorder itself always
 * writes to a local path first.
 */
export interface RecordingStorage {
  /** Creates the recording's folder; resolves with a local path for its files. */
  create(recordingId: string): Promise<void>;
  /** Local path of a file of the recording (for the recorder to write, or to serve). */
  path(recordingId: string, file: string): string;
  /** Saves the manifest so that a crash never leaves half of one. */
  writeManifest(manifest: RecordingManifest): Promise<void>;
  /** The recording's manifest, or undefined when there is none. */
  readManifest(recordingId: string): Promise<RecordingManifest | undefined>;
  /** Every recording's manifest. */
  list(): Promise<RecordingManifest[]>;
  /** Size in bytes of a file of the recording; undefined when it is missing. */
  size(recordingId: string, file: string): Promise<number | undefined>;
  /** Removes the recording and all its files. */
  remove(recordingId: string): Promise<void>;
  /** Removes one file of a recording. */
  removeFile(recordingId: string, file: string): Promise<void>;
  /** Bytes still free where recordings are written. */
  freeBytes(): Promise<number>;
}

/** {@link RecordingStorage} on the local disk, under `<data directory>/recordings/<id>/`. */
export class DiskRecordingStorage implements RecordingStorage {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'recordings');
  }

  async create(recordingId: string): Promise<void> {
    await mkdir(this.#dir(recordingId), { recursive: true });
  }

  path(recordingId: string, file: string): string {
    if (!FILE_NAME.test(file)) throw new TypeError(`"file" expected a recording file name, got "${file}"`);
    return join(this.#dir(recordingId), file);
  }

  async writeManifest(manifest: RecordingManifest): Promise<void> {
    const dir = this.#dir(manifest.id);
    const temporary = join(dir, `${MANIFEST}.${process.pid}.tmp`);
    await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
    await rename(temporary, join(dir, MANIFEST));
  }

  async readManifest(recordingId: string): Promise<RecordingManifest | undefined> {
    if (!RECORDING_ID.test(recordingId)) return undefined;
    try {
      return JSON.parse(await readFile(join(this.#dir(recordingId), MANIFEST), 'utf8')) as RecordingManifest;
    } catch {
      return undefined;
    }
  }

  async list(): Promise<RecordingManifest[]> {
    const names = await readdir(this.root).catch(() => [] as string[]);
    const manifests = await Promise.all(names.map((name) => this.readManifest(name)));
    return manifests.filter((manifest) => manifest !== undefined);
  }

  async size(recordingId: string, file: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(recordingId, file))).size;
    } catch {
      return undefined;
    }
  }

  async remove(recordingId: string): Promise<void> {
    await rm(this.#dir(recordingId), { recursive: true, force: true });
  }

  async removeFile(recordingId: string, file: string): Promise<void> {
    await rm(this.path(recordingId, file), { force: true });
  }

  async freeBytes(): Promise<number> {
    await mkdir(this.root, { recursive: true });
    const stats = await statfs(this.root);
    return stats.bavail * stats.bsize;
  }

  #dir(recordingId: string): string {
    if (!RECORDING_ID.test(recordingId)) throw new TypeError(`"recordingId" expected a recording id, got "${recordingId}"`);
    return join(this.root, recordingId);
  }
}
