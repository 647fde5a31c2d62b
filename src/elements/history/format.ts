import { RecordsError } from '../../core/records/index.js';
import { dateFormat, msg, str } from '../internal/localize.js';

/** A duration as `h:mm:ss` (`0:04:05`, `12:00:00`); negative durations count as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** A moment in the element's locale and the viewer's time zone; `seconds` for joins and leaves. */
export function formatTime(ms: number, seconds = false): string {
  return dateFormat({ dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(ms);
}

/** What to tell the user about a failed records call. */
export function describeError(error: unknown): string {
  if (!(error instanceof RecordsError)) return error instanceof Error ? error.message : String(error);
  switch (error.status) {
    case 401:
      return msg('Your session has expired or is invalid. Sign in again to see your meetings.', { id: 'history.error.unauthorized' });
    case 403:
      return msg('Only the person who created this meeting can see its records.', { id: 'history.error.forbidden' });
    case 404:
      return msg('This meeting was not found.', { id: 'history.error.not-found' });
    case 0:
      return msg('The server could not be reached. Check your connection and try again.', { id: 'history.error.unreachable' });
    default:
      return msg(str`The server could not answer: ${error.message}`, { id: 'history.error.server' });
  }
}
