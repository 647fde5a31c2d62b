import { mkdir, readdir, readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordingManifest } from './manifest.js';

/** A recording id as the server makes them (a UUID); anything else names no recording. */
const RECORDING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A file name inside a recording's folder, as the recorder makes them. */
const FILE_NAME = /^[A-Za-z0-9_-]+\.(webm|mkv|mp4|wav|json|md|vtt)$/;
const MANIFEST = 'manifest.json';

/** The composite's file in a recording's folder. */
export const COMPOSITE_FILE = 'composite.mp4';
/** What a smart recording makes, in the recording's folder. */
export const SMART_OUTPUTS = { json: 'smart.json', markdown: 'minutes.md', vtt: 'captions.vtt' } as const;

/**
 * The file the smart recording keeps a track segment's work in while it is being made (its
 * speech turns and what was heard in them): named after the segment's file, so that whatever
 * removes a segment removes this too.
 */
export function smartWorkFile(segmentFile: string): string {
  return `smart-${segmentFile.replace(/\.[a-z0-9]+$/u, '')}.json`;
}

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
  /**
   * Changes the recording's manifest: `change` gets it as it is now and returns the new one
   * (undefined: no change). Changes to one recording are applied one after another, so two
   * writers never undo each other. Resolves with the manifest as written.
   */
  updateManifest(recordingId: string, change: (manifest: RecordingManifest) => RecordingManifest | undefined): Promise<RecordingManifest | undefined>;
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
  /** Writes a text file of the recording (what is derived from it) whole: a crash leaves the old one or the new one. */
  writeFile(recordingId: string, file: string, text: string): Promise<void>;
  /** A text file of the recording; undefined when it is missing. */
  readFile(recordingId: string, file: string): Promise<string | undefined>;
  /** Bytes still free where recordings are written. */
  freeBytes(): Promise<number>;
}

/** {@link RecordingStorage} on the local disk, under `<data directory>/recordings/<id>/`. */
export class DiskRecordingStorage implements RecordingStorage {
  readonly root: string;
  /** The last change queued for each recording's manifest. */
  readonly #changes = new Map<string, Promise<unknown>>();

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

  updateManifest(recordingId: string, change: (manifest: RecordingManifest) => RecordingManifest | undefined): Promise<RecordingManifest | undefined> {
    const previous = this.#changes.get(recordingId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const manifest = await this.readManifest(recordingId);
      const changed = manifest === undefined ? undefined : change(manifest);
      if (changed === undefined) return manifest;
      await this.writeManifest(changed);
      return changed;
    });
    const settled = next.catch(() => undefined);
    this.#changes.set(recordingId, settled);
    void settled.then(() => {
      if (this.#changes.get(recordingId) === settled) this.#changes.delete(recordingId);
    });
    return next;
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

  async writeFile(recordingId: string, file: string, text: string): Promise<void> {
    const path = this.path(recordingId, file);
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, path);
  }

  async readFile(recordingId: string, file: string): Promise<string | undefined> {
    try {
      return await readFile(this.path(recordingId, file), 'utf8');
    } catch {
      return undefined;
    }
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
