import type { MeetingRecord } from '../store/store.js';

const COLUMNS = ['meeting_id', 'topic', 'user_id', 'display_name', 'role', 'joined_at', 'left_at', 'duration_seconds'];

/**
 * One CSV field: quoted when needed, and a leading = + - @ neutralised so that a display
 * name cannot become a spreadsheet formula.
 */
function field(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A meeting's participations as CSV (RFC 4180, CRLF line ends), one row per join. */
export function meetingToCsv(meeting: MeetingRecord): string {
  const rows = meeting.participations.map((p) =>
    [
      meeting.id,
      meeting.topic,
      p.userId,
      p.displayName,
      p.role,
      iso(p.joinedAt),
      iso(p.leftAt),
      p.durationMs === null ? null : Math.round(p.durationMs / 1000),
    ]
      .map(field)
      .join(','),
  );
  return [COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
