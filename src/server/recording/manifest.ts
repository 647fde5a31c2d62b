import type { TrackSource } from '../../protocol/index.js';
import type { SmartStatus } from '../../protocol/smart-recording.js';

/** Where a recording stands as its manifest says. */
export type RecordingStatus = 'recording' | 'stopped' | 'interrupted';

/** Someone in a recording: who, in which participation, and when they agreed to be recorded. */
export interface ManifestParticipant {
  participantId: string;
  userId: string;
  displayName: string;
  /** The participation (join) in the meeting records this consent belongs to. */
  participationId: number | null;
  /** When they agreed (ms since the epoch); before this nothing of theirs was recorded. */
  consentedAt: number;
}

/** Why a segment ended. */
export type SegmentEndReason = 'muted' | 'track-ended' | 'left' | 'stopped' | 'recorder-died' | 'server-restart';

/** One continuous piece of one participant's track, in one file. */
export interface ManifestSegment {
  id: string;
  participantId: string;
  userId: string;
  source: TrackSource;
  kind: 'audio' | 'video';
  /** The codec copied into the file (`audio/opus`, `video/VP8`, …). */
  codec: string;
  /** File name inside the recording's folder. */
  file: string;
  /** Wall-clock time of the file's first media (ms since the epoch, the server's clock). */
  startedAt: number;
  /** Wall-clock time the segment ended; `null` while it is being written. */
  endedAt: number | null;
  endReason: SegmentEndReason | null;
}

/** A time a track that should have been recorded was not (its recorder failed). */
export interface ManifestGap {
  participantId: string;
  source: TrackSource;
  from: number;
  to: number | null;
  reason: string;
}

/** Where the composite of a stopped recording stands. */
export type CompositeState = 'rendering' | 'ready' | 'failed';

/**
 * The composite: everyone's video in a grid with the audio mixed, one MP4 (H.264/AAC) rendered
 * in the background once the recording has stopped.
 */
export interface ManifestComposite {
  /** File name inside the recording's folder. */
  file: string;
  state: CompositeState;
  /** How much is rendered, from 0 to 1. */
  progress: number;
  /** Its length in seconds (the recording's, from its first to its last media). */
  duration: number;
  /** Why rendering failed (only when it did). */
  error?: string;
}

/** Everything later alignment, rendering and the records need about one recording. */
export interface RecordingManifest {
  version: 1;
  id: string;
  meeting: string;
  /** The host who started it: the only person who may read, download or delete it. */
  createdBy: { userId: string; displayName: string };
  status: RecordingStatus;
  startedAt: number;
  stoppedAt: number | null;
  participants: ManifestParticipant[];
  segments: ManifestSegment[];
  gaps: ManifestGap[];
  /** The composite, once rendering has begun; `null` before. */
  composite: ManifestComposite | null;
  /** Its smart recording's processing job, once queued (absent before, and in older manifests). */
  smart?: SmartStatus;
}
