import type { MeetingRecord } from '../store/store.js';

type Cell = string | number | boolean | null;

const PARTICIPATION_COLUMNS = ['meeting_id', 'topic', 'user_id', 'display_name', 'role', 'joined_at', 'left_at', 'duration_seconds', 'recording_consented_at'];
const POLL_COLUMNS = ['poll_id', 'question', 'multiple', 'anonymous', 'state', 'voters', 'option_index', 'option', 'votes'];
const BALLOT_COLUMNS = ['poll_id', 'question', 'user_id', 'display_name', 'option_index', 'option'];

/**
 * One CSV field: quoted when needed, and a leading = + - @ neutralised so that a display
 * name, question or option cannot become a spreadsheet formula.
 */
function field(value: Cell): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function table(columns: string[], rows: Cell[][]): string[] {
  return [columns.join(','), ...rows.map((row) => row.map(field).join(','))];
}

/**
 * A meeting's record as CSV (RFC 4180, CRLF line ends). First one row per join; then, when
 * the meeting had polls and after an empty line, one row per poll option with its votes;
 * then, when named polls had ballots and after another empty line, one row per option each
 * named voter chose. Anonymous polls appear only in the second table.
 */
export function meetingToCsv(meeting: MeetingRecord): string {
  const sections = [
    table(
      PARTICIPATION_COLUMNS,
      meeting.participations.map((p) => [
        meeting.id,
        meeting.topic,
        p.userId,
        p.displayName,
        p.role,
        iso(p.joinedAt),
        iso(p.leftAt),
        p.durationMs === null ? null : Math.round(p.durationMs / 1000),
        iso(p.recordingConsentedAt),
      ]),
    ),
  ];
  const polls = meeting.polls ?? [];
  if (polls.length > 0) {
    sections.push(
      table(
        POLL_COLUMNS,
        polls.flatMap((poll) =>
          poll.options.map((option, index) => [
            poll.id,
            poll.question,
            poll.multiple,
            poll.anonymous,
            poll.state,
            poll.voters,
            index,
            option,
            poll.counts[index] ?? 0,
          ]),
        ),
      ),
    );
  }
  const ballots = polls.flatMap((poll) =>
    (poll.anonymous ? [] : (poll.ballots ?? [])).flatMap((ballot) =>
      ballot.choices.map((index) => [poll.id, poll.question, ballot.userId, ballot.displayName, index, poll.options[index] ?? null]),
    ),
  );
  if (ballots.length > 0) sections.push(table(BALLOT_COLUMNS, ballots));
  return sections.map((lines) => lines.join('\r\n') + '\r\n').join('\r\n');
}
