import { RecordsError } from '../../core/records/index.js';

/** A duration as `h:mm:ss` (`0:04:05`, `12:00:00`); negative durations count as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const preciseTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A moment in the viewer's locale and time zone; `seconds` for joins and leaves. */
export function formatTime(ms: number, seconds = false): string {
  return (seconds ? preciseTime : dateTime).format(ms);
}

/** What to tell the user about a failed records call. */
export function describeError(error: unknown): string {
  if (!(error instanceof RecordsError)) return error instanceof Error ? error.message : String(error);
  switch (error.status) {
    case 401:
      return 'Your session has expired or is invalid. Sign in again to see your meetings.';
    case 403:
      return 'Only the person who created this meeting can see its records.';
    case 404:
      return 'This meeting was not found.';
    case 0:
      return 'The server could not be reached. Check your connection and try again.';
    default:
      return `The server could not answer: ${error.message}`;
  }
}
