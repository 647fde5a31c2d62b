/** Why a local track could not be had. */
export type MediaIssueReason = 'denied' | 'not-found' | 'in-use' | 'unsupported' | 'timeout' | 'failed';

/** Which local media a {@link MediaAccessError} is about. */
export type MediaIssueKind = 'audio' | 'video' | 'screen';

/** A microphone, camera or screen could not be opened. The meeting goes on without it. */
export class MediaAccessError extends Error {
  override readonly name = 'MediaAccessError';
  readonly kind: MediaIssueKind;
  readonly reason: MediaIssueReason;

  constructor(kind: MediaIssueKind, reason: MediaIssueReason, message: string, options?: ErrorOptions) {
    super(message, options);
    this.kind = kind;
    this.reason = reason;
  }

  /** Maps a getUserMedia/getDisplayMedia DOMException onto a reason the UI can show. */
  static from(kind: MediaIssueKind, error: unknown): MediaAccessError {
    if (error instanceof MediaAccessError) return error;
    const name = (error as { name?: string } | null)?.name ?? '';
    const what = kind === 'audio' ? 'microphone' : kind === 'video' ? 'camera' : 'screen';
    switch (name) {
      case 'NotAllowedError':
      case 'SecurityError':
        return new MediaAccessError(kind, 'denied', `permission to use the ${what} was denied`, { cause: error });
      case 'NotFoundError':
      case 'OverconstrainedError':
        return new MediaAccessError(kind, 'not-found', `no ${what} was found`, { cause: error });
      case 'NotReadableError':
      case 'AbortError':
        return new MediaAccessError(kind, 'in-use', `the ${what} is in use by another application`, { cause: error });
      case 'TypeError':
        return new MediaAccessError(kind, 'unsupported', `this browser cannot capture the ${what}`, { cause: error });
      default:
        return new MediaAccessError(kind, 'failed', `the ${what} could not be opened`, { cause: error });
    }
  }
}
