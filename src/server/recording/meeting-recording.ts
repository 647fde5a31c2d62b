import { randomUUID } from 'node:crypto';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { ProtocolError, type RecordingPhase, type RecordingState, type TrackSource } from '../../protocol/index.js';
import type { Peer } from '../rooms/peer.js';
import type { Room, RoomObserver } from '../rooms/room.js';
import type { ManifestSegment, RecordingManifest, SegmentEndReason } from './manifest.js';
import type { RecordingStorage } from './recording-storage.js';
import { finalizeFile } from './finalize.js';
import { containerFor } from './sdp.js';
import { TrackSegment } from './track-segment.js';

/** Most times one track's recorder is restarted after dying, per recording. */
const MAX_RESTARTS = 5;

/** What a recording needs besides its room. */
export interface MeetingRecordingOptions {
  storage: RecordingStorage;
  ffmpegPath: string;
  logger: Logger;
  /** Called with a participation and the time its participant agreed to be recorded. */
  onConsent?: ((participationId: number, at: number) => void) | undefined;
  /** Called once the recording is off again (stopped), so the room can record anew. */
  onOff?: () => void;
}

interface TrackState {
  peer: Peer;
  producer: types.Producer;
  source: TrackSource;
  segment: { recorder: TrackSegment; entry: ManifestSegment } | undefined;
  /** Serializes opening and closing, so a quick mute and unmute never overlap two recorders. */
  chain: Promise<void>;
  restarts: number;
  /** Why the next close happens (set by the event that causes it). */
  closing: SegmentEndReason;
  off: () => void;
}

/**
 * One recording of one meeting, from `startRecording` until its files are finalized. Records
 * only participants who agreed (the host who started it agrees by starting it): for each of
 * their tracks that is live — published, not muted — one {@link TrackSegment} at a time.
 * Muting, unpublishing and leaving end a segment; unmuting and publishing again start a new
 * one. The manifest lists every segment with its wall-clock start, participant and track, and
 * every participant's consent time; it is saved at every change.
 */
export class MeetingRecording implements RoomObserver {
  readonly id = randomUUID();
  readonly room: Room;
  readonly startedBy: Peer;
  readonly startedAt = Date.now();
  readonly #options: MeetingRecordingOptions;
  readonly #consents = new Map<string, number>();
  readonly #tracks = new Map<string, TrackState>();
  readonly #manifest: RecordingManifest;
  #phase: RecordingPhase = 'starting';
  #stoppedBecause: 'disk_full' | undefined;
  #saving: Promise<void> = Promise.resolve();
  #segmentCount = 0;
  /** Work the stop must wait for (files of dead recorders being finalized). */
  readonly #pending = new Set<Promise<unknown>>();

  constructor(room: Room, host: Peer, options: MeetingRecordingOptions) {
    this.room = room;
    this.startedBy = host;
    this.#options = options;
    this.#manifest = {
      version: 1,
      id: this.id,
      meeting: room.meeting,
      createdBy: { userId: host.userId, displayName: host.participant.displayName },
      status: 'recording',
      startedAt: this.startedAt,
      stoppedAt: null,
      participants: [],
      segments: [],
      gaps: [],
      composite: null,
    };
  }

  get phase(): RecordingPhase {
    return this.#phase;
  }

  get manifest(): Readonly<RecordingManifest> {
    return this.#manifest;
  }

  /** Process ids of the recorders running now (for operators and fault tests). */
  get recorderPids(): number[] {
    return [...this.#tracks.values()].flatMap((track) => (track.segment?.recorder.pid === undefined ? [] : [track.segment.recorder.pid]));
  }

  /** When `participantId` agreed to this recording, if they did. */
  consentOf(participantId: string): number | undefined {
    return this.#consents.get(participantId);
  }

  /** The recording as `peer` sees it. */
  stateFor(peer: Peer): RecordingState {
    const on = this.#phase !== 'off';
    return {
      state: this.#phase,
      recordingId: on ? this.id : null,
      startedBy: on ? { id: this.startedBy.participant.id, displayName: this.startedBy.participant.displayName } : null,
      startedAt: on ? this.startedAt : null,
      consentedAt: on ? (this.#consents.get(peer.participant.id) ?? null) : null,
      ...(this.#stoppedBecause === undefined ? {} : { stoppedBecause: this.#stoppedBecause }),
    };
  }

  /** Creates the folder and manifest, records the starting host's tracks, and turns on. */
  async start(): Promise<void> {
    await this.#options.storage.create(this.id);
    this.#broadcast();
    this.room.observers.add(this);
    this.#consent(this.startedBy, this.startedAt);
    await this.#save();
    await Promise.all([...this.#tracks.values()].map((track) => track.chain));
    this.#phase = 'on';
    this.#broadcast();
  }

  /** `peer` agrees to be recorded: from now on their live tracks are. Returns the consent time. */
  consent(peer: Peer, recordingId: string): number {
    if (recordingId !== this.id || (this.#phase !== 'starting' && this.#phase !== 'on')) {
      throw new ProtocolError('conflict', 'that recording is not under way');
    }
    const earlier = this.#consents.get(peer.participant.id);
    if (earlier !== undefined) return earlier;
    const at = Date.now();
    this.#consent(peer, at);
    peer.notify('recordingState', this.stateFor(peer));
    void this.#save();
    return at;
  }

  /**
   * Stops every recorder, finalizes the manifest and turns off; idempotent. `because` says why
   * when the host did not stop it (everyone is told).
   */
  async stop(because?: 'disk_full'): Promise<void> {
    if (this.#phase === 'stopping' || this.#phase === 'off') return;
    this.#stoppedBecause = because;
    this.#phase = 'stopping';
    this.room.observers.delete(this);
    this.#broadcast();
    for (const track of this.#tracks.values()) {
      track.off();
      track.closing = 'stopped';
      this.#reconcile(track);
    }
    await Promise.all([...this.#tracks.values()].map((track) => track.chain));
    await Promise.all(this.#pending);
    this.#manifest.status = 'stopped';
    this.#manifest.stoppedAt = Date.now();
    await this.#save();
    this.#phase = 'off';
    this.#broadcast();
    this.#options.onOff?.();
  }

  trackPublished(peer: Peer, producer: types.Producer, source: TrackSource): void {
    if (this.#consents.has(peer.participant.id)) this.#track(peer, producer, source);
  }

  #consent(peer: Peer, at: number): void {
    this.#consents.set(peer.participant.id, at);
    if (peer.participationId !== null) this.#options.onConsent?.(peer.participationId, at);
    this.#manifest.participants.push({
      participantId: peer.participant.id,
      userId: peer.userId,
      displayName: peer.participant.displayName,
      participationId: peer.participationId,
      consentedAt: at,
    });
    for (const { producer, source } of peer.published.values()) this.#track(peer, producer, source);
  }

  /** Follows one consenting participant's track: a segment whenever it is live. */
  #track(peer: Peer, producer: types.Producer, source: TrackSource): void {
    if (this.#tracks.has(producer.id) || producer.closed) return;
    const onPause = () => {
      track.closing = 'muted';
      this.#reconcile(track);
    };
    const onResume = () => this.#reconcile(track);
    const onClose = () => {
      track.closing = peer.closed ? 'left' : 'track-ended';
      this.#reconcile(track);
    };
    producer.observer.on('pause', onPause);
    producer.observer.on('resume', onResume);
    producer.observer.on('close', onClose);
    const track: TrackState = {
      peer,
      producer,
      source,
      segment: undefined,
      chain: Promise.resolve(),
      restarts: 0,
      closing: 'stopped',
      off: () => {
        producer.observer.off('pause', onPause);
        producer.observer.off('resume', onResume);
        producer.observer.off('close', onClose);
      },
    };
    this.#tracks.set(producer.id, track);
    this.#reconcile(track);
  }

  /** Brings the track's recorder in line with whether it should record now, after what is queued. */
  #reconcile(track: TrackState): void {
    track.chain = track.chain.then(async () => {
      const wanted =
        (this.#phase === 'starting' || this.#phase === 'on') &&
        !track.producer.closed &&
        !track.producer.paused &&
        !track.peer.closed &&
        this.#consents.has(track.peer.participant.id);
      if (wanted && track.segment === undefined) await this.#open(track);
      else if (!wanted && track.segment !== undefined) this.#close(track, track.closing);
    }).catch((error: unknown) => {
      this.#options.logger.error({ err: error, recording: this.id, source: track.source }, 'recording a track failed');
    });
  }

  async #open(track: TrackState): Promise<void> {
    const { peer, producer, source } = track;
    const index = String(++this.#segmentCount).padStart(4, '0');
    const file = `${index}-${source}-${peer.participant.id.slice(0, 8)}.${containerFor(producer.rtpParameters.codecs[0]?.mimeType ?? '')}`;
    // The recorder can die while it is still being opened, before it is this segment's.
    let opened: TrackSegment | undefined;
    let diedWhileOpening: string | undefined;
    const recorder = await TrackSegment.open({
      router: this.room.router,
      producer,
      file: this.#options.storage.path(this.id, file),
      ffmpegPath: this.#options.ffmpegPath,
      logger: this.#options.logger,
      onDied: (reason) => {
        if (opened === undefined) diedWhileOpening = reason;
        else this.#died(track, opened, reason);
      },
    });
    opened = recorder;
    const entry: ManifestSegment = {
      id: index,
      participantId: peer.participant.id,
      userId: peer.userId,
      source,
      kind: recorder.kind,
      codec: recorder.codec,
      file,
      startedAt: recorder.startedAt,
      endedAt: null,
      endReason: null,
    };
    track.segment = { recorder, entry };
    this.#manifest.segments.push(entry);
    await this.#save();
    if (diedWhileOpening !== undefined) this.#died(track, recorder, diedWhileOpening);
  }

  /**
   * Ends the track's segment now. Its recorder finishes the file in the background (up to
   * seconds when the track went quiet), so that a new segment of the track can start meanwhile.
   */
  #close(track: TrackState, reason: SegmentEndReason): void {
    const segment = track.segment;
    if (segment === undefined) return;
    track.segment = undefined;
    const { recorder, entry } = segment;
    const stopped = recorder.stop();
    entry.endedAt = recorder.endedAt ?? Date.now();
    entry.endReason = reason;
    this.#finishing(stopped.then(async () => {
      const playable = await finalizeFile(this.#options.ffmpegPath, recorder.file);
      this.#settleStart(entry, recorder.startedAt);
      if (!playable) {
        // Ended before the recorder could write anything (a stretch too short to hold a
        // picture): no file, and the time is a gap.
        this.#manifest.segments.splice(this.#manifest.segments.indexOf(entry), 1);
        await this.#options.storage.removeFile(this.id, entry.file);
        const { participantId, startedAt: from, endedAt: to } = entry;
        this.#manifest.gaps.push({ participantId, source: track.source, from, to, reason: 'nothing playable was written' });
      }
      await this.#save();
    }));
  }

  /** Work the stop waits for: a file being finished in the background. */
  #finishing(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.#options.logger.error({ err: error, recording: this.id }, 'finishing a recording file failed'));
    this.#pending.add(tracked);
    void tracked.then(() => this.#pending.delete(tracked));
  }

  /**
   * The segment's media starts at `at`, which a video learns with its first key frame; a gap
   * noted up to the segment's start now ends there too.
   */
  #settleStart(entry: ManifestSegment, at: number): void {
    for (const gap of this.#manifest.gaps) {
      if (gap.participantId === entry.participantId && gap.source === entry.source && gap.to === entry.startedAt) gap.to = at;
    }
    entry.startedAt = at;
  }

  /** A recorder died: the segment ends there, the gap is noted, and a new recorder takes over. */
  #died(track: TrackState, recorder: TrackSegment, reason: string): void {
    const segment = track.segment;
    if (segment?.recorder !== recorder) return;
    const at = Date.now();
    track.segment = undefined;
    this.#settleStart(segment.entry, recorder.startedAt);
    segment.entry.endedAt = at;
    segment.entry.endReason = 'recorder-died';
    const gap = { participantId: track.peer.participant.id, source: track.source, from: at, to: null as number | null, reason };
    this.#manifest.gaps.push(gap);
    this.#options.logger.warn({ recording: this.id, source: track.source, reason }, 'a recorder died; restarting it');
    void this.#save();
    // What it wrote stays: made whole in the background, alongside the new recorder.
    this.#finishing(recorder.stop().then(() => finalizeFile(this.#options.ffmpegPath, recorder.file)));
    if (++track.restarts > MAX_RESTARTS) return;
    this.#reconcile(track);
    void track.chain.then(() => {
      if (track.segment !== undefined) gap.to = track.segment.entry.startedAt;
      return this.#save();
    });
  }

  #broadcast(): void {
    for (const peer of this.room.peers()) peer.notify('recordingState', this.stateFor(peer));
  }

  /** Saves the manifest after any save under way, never two at once. */
  #save(): Promise<void> {
    this.#saving = this.#saving
      .then(() => this.#options.storage.writeManifest(this.#manifest))
      .catch((error: unknown) => this.#options.logger.error({ err: error, recording: this.id }, 'could not save the manifest'));
    return this.#saving;
  }
}
