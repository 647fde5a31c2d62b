import { html, nothing, type TemplateResult } from 'lit';
import type { AuditEntry, ExportFormat, MeetingRecord, MeetingSummary, Participation } from '../../core/records/index.js';
import { maskPersonalData } from '../../core/masking.js';
import { formatNumber, msg, str } from '../internal/localize.js';
import { formatMeetingId } from '../meeting/format.js';
import { describeError, formatDuration, formatTime } from './format.js';
import { meetingPolls } from './history-polls-view.js';

/** Where a request stands. */
export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

export const DETAILS_HEADING_ID = 'details-heading';

function time(ms: number, seconds = false): TemplateResult {
  return html`<time datetime=${new Date(ms).toISOString()}>${formatTime(ms, seconds)}</time>`;
}

/** A table that scrolls sideways on narrow screens; focusable so keyboard users can scroll it. */
function scrollable(label: string, table: TemplateResult): TemplateResult {
  return html`<div class="table-wrap" role="group" aria-label=${label} tabindex="0">${table}</div>`;
}

function alert(error: unknown): TemplateResult {
  return html`<p part="error" class="error" role="alert">${describeError(error)}</p>`;
}

function isUnauthorized(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === 401;
}

export interface MeetingListProps {
  state: LoadState;
  error: unknown;
  meetings: readonly MeetingSummary[];
  hasMore: boolean;
  moreState: LoadState;
  moreError: unknown;
  selected: string | undefined;
  onSelect: (id: string) => void;
  onMore: () => void;
  onRetry: () => void;
}

/** "Your meetings": a table of the creator's meetings with paging, or its loading, empty and error states. */
export function meetingList(props: MeetingListProps): TemplateResult {
  return html`<section part="meetings" aria-labelledby="meetings-heading">
    <h2 id="meetings-heading" part="heading">${msg('Your meetings', { id: 'history.meetings' })}</h2>
    ${listBody(props)}
  </section>`;
}

function listBody(props: MeetingListProps): TemplateResult {
  switch (props.state) {
    case 'idle':
      return html`<p class="muted">${msg('Sign in to see your meetings.', { id: 'history.meetings.signed-out' })}</p>`;
    case 'loading':
      return html`<p role="status" class="muted">${msg('Loading your meetings…', { id: 'history.meetings.loading' })}</p>`;
    case 'error':
      return html`${alert(props.error)}
      ${isUnauthorized(props.error)
        ? nothing
        : html`<button type="button" part="retry" @click=${props.onRetry}>${msg('Try again', { id: 'history.retry' })}</button>`}`;
    case 'ready':
      break;
  }
  if (props.meetings.length === 0) return html`<p part="empty" class="muted">${msg('No meetings yet', { id: 'history.meetings.none' })}</p>`;
  const loadingMore = props.moreState === 'loading';
  return html`${scrollable(
      msg('Your meetings', { id: 'history.meetings' }),
      html`<table part="table" aria-busy=${loadingMore ? 'true' : 'false'}>
        <caption class="visually-hidden">
          ${msg('Your meetings, newest first. Choose a meeting to see who took part.', { id: 'history.meetings.caption' })}
        </caption>
        <thead>
          <tr>
            <th scope="col">${msg('Meeting', { id: 'history.meeting' })}</th>
            <th scope="col">${msg('Topic', { id: 'history.topic' })}</th>
            <th scope="col">${msg('Started', { id: 'history.started' })}</th>
            <th scope="col">${msg('Ended', { id: 'history.ended' })}</th>
            <th scope="col" class="number">${msg('Participants', { id: 'history.participants' })}</th>
          </tr>
        </thead>
        <tbody>
          ${props.meetings.map((meeting) => meetingRow(meeting, meeting.id === props.selected, props.onSelect))}
        </tbody>
      </table>`,
    )}
    ${props.moreState === 'error' ? alert(props.moreError) : nothing}
    ${props.hasMore
      ? html`<div class="actions">
          <button type="button" part="more" ?disabled=${loadingMore} @click=${props.onMore}>
            ${loadingMore ? msg('Loading…', { id: 'history.more.loading' }) : msg('Load more', { id: 'history.more' })}
          </button>
        </div>`
      : nothing}`;
}

function meetingRow(meeting: MeetingSummary, selected: boolean, onSelect: (id: string) => void): TemplateResult {
  return html`<tr data-meeting-id=${meeting.id} class=${selected ? 'selected' : ''}>
    <th scope="row">
      <button
        type="button"
        class="link"
        part="select"
        aria-current=${selected ? 'true' : 'false'}
        aria-controls=${selected ? 'details' : nothing}
        @click=${() => onSelect(meeting.id)}
      >${formatMeetingId(meeting.id)}</button>
    </th>
    <td>${meeting.topic || '—'}</td>
    <td>${time(meeting.startedAt)}</td>
    <td>${meeting.endedAt === null ? inProgress() : time(meeting.endedAt)}</td>
    <td class="number">${formatNumber(meeting.participantCount)}</td>
  </tr>`;
}

function inProgress(): string {
  return msg('In progress', { id: 'history.in-progress' });
}

export interface DetailsProps {
  id: string;
  state: LoadState;
  error: unknown;
  record: MeetingRecord | undefined;
  exporting: ExportFormat | undefined;
  exportError: unknown;
  onExport: (format: ExportFormat) => void;
  onClose: () => void;
  /** The meeting's recordings, rendered by their own view. */
  recordings?: TemplateResult | typeof nothing;
}

/** One meeting: its times, who took part, its polls' results, and the export buttons. */
export function meetingDetails(props: DetailsProps): TemplateResult {
  const record = props.state === 'ready' ? props.record : undefined;
  return html`<section id="details" part="details" aria-labelledby=${DETAILS_HEADING_ID}>
    <h2 id=${DETAILS_HEADING_ID} part="heading" tabindex="-1">${msg(str`Meeting ${formatMeetingId(props.id)}`, {
      id: 'history.details.heading',
    })}</h2>
    ${props.state === 'loading' ? html`<p role="status" class="muted">${msg('Loading the meeting…', { id: 'history.details.loading' })}</p>` : nothing}
    ${props.state === 'error' ? alert(props.error) : nothing}
    ${record === undefined ? nothing : detailsBody(record, props)}
    ${props.recordings ?? nothing}
    <div class="actions">
      ${record === undefined ? nothing : exportButtons(props)}
      <button type="button" part="close" @click=${props.onClose}>${msg('Close details', { id: 'history.details.close' })}</button>
    </div>
    ${props.exporting === undefined
      ? nothing
      : html`<p role="status" class="muted">
          ${msg(str`Preparing the ${props.exporting.toUpperCase()} file…`, { id: 'history.export.preparing' })}
        </p>`}
    ${props.exportError === undefined ? nothing : alert(props.exportError)}
  </section>`;
}

function exportButtons(props: DetailsProps): TemplateResult {
  const busy = props.exporting !== undefined;
  return html`<button type="button" part="export" class="primary" data-format="csv" ?disabled=${busy} @click=${() => props.onExport('csv')}>
      ${msg('Export CSV', { id: 'history.export.csv' })}
    </button>
    <button type="button" part="export" class="primary" data-format="json" ?disabled=${busy} @click=${() => props.onExport('json')}>
      ${msg('Export JSON', { id: 'history.export.json' })}
    </button>`;
}

function detailsBody(record: MeetingRecord, props: DetailsProps): TemplateResult {
  return html`<dl>
      <dt>${msg('Topic', { id: 'history.topic' })}</dt>
      <dd>${record.topic || '—'}</dd>
      <dt>${msg('Started', { id: 'history.started' })}</dt>
      <dd>${time(record.startedAt)}</dd>
      <dt>${msg('Ended', { id: 'history.ended' })}</dt>
      <dd>${record.endedAt === null ? inProgress() : time(record.endedAt)}</dd>
    </dl>
    ${record.participations.length === 0
      ? html`<p class="muted">${msg('Nobody joined this meeting.', { id: 'history.details.nobody' })}</p>`
      : scrollable(
          msg('Participants', { id: 'history.participants' }),
          html`<table part="table">
            <caption class="visually-hidden">
              ${msg(str`Who took part in meeting ${formatMeetingId(props.id)}, in join order`, { id: 'history.details.caption' })}
            </caption>
            <thead>
              <tr>
                <th scope="col">${msg('Name', { id: 'history.details.name' })}</th>
                <th scope="col">${msg('Role', { id: 'history.details.role' })}</th>
                <th scope="col">${msg('Joined', { id: 'history.details.joined' })}</th>
                <th scope="col">${msg('Left', { id: 'history.details.left' })}</th>
                <th scope="col" class="number">${msg('Duration', { id: 'history.details.duration' })}</th>
                <th scope="col">${msg('Agreed to recording', { id: 'history.details.recording-consent' })}</th>
              </tr>
            </thead>
            <tbody>
              ${record.participations.map(participationRow)}
            </tbody>
          </table>`,
        )}
    ${meetingPolls(record.polls ?? [])}`;
}

function participationRow(participation: Participation): TemplateResult {
  return html`<tr>
    <th scope="row">${maskPersonalData(participation.displayName)}</th>
    <td>
      ${participation.role === 'host'
        ? msg('Host', { id: 'history.details.host' })
        : msg('Participant', { id: 'history.details.participant' })}
    </td>
    <td>${time(participation.joinedAt, true)}</td>
    <td>${participation.leftAt === null ? msg('Still in the meeting', { id: 'history.details.present' }) : time(participation.leftAt, true)}</td>
    <td class="number">${participation.durationMs === null ? '—' : formatDuration(participation.durationMs)}</td>
    <td>${participation.recordingConsentedAt === null ? '—' : time(participation.recordingConsentedAt, true)}</td>
  </tr>`;
}

function actionLabel(action: AuditEntry['action']): string {
  switch (action) {
    case 'list':
      return msg('Listed meetings', { id: 'history.audit.list' });
    case 'read':
      return msg('Viewed meeting', { id: 'history.audit.read' });
    case 'export':
      return msg('Exported meeting', { id: 'history.audit.export' });
    case 'recording-download':
      return msg('Played or downloaded a recording', { id: 'history.audit.recording-download' });
    case 'recording-delete':
      return msg('Deleted a recording', { id: 'history.audit.recording-delete' });
    default:
      return action;
  }
}

export interface AuditProps {
  state: LoadState;
  error: unknown;
  entries: readonly AuditEntry[];
}

/** "Access log": every list, read and export of the creator's records. */
export function auditLog(props: AuditProps): TemplateResult {
  return html`<section part="audit" aria-labelledby="audit-heading">
    <h2 id="audit-heading" part="heading">${msg('Access log', { id: 'history.audit' })}</h2>
    ${auditBody(props)}
  </section>`;
}

function auditBody(props: AuditProps): TemplateResult {
  if (props.state === 'error') return alert(props.error);
  // A refresh keeps the entries already shown; only the first load says so.
  if (props.state === 'loading' && props.entries.length === 0) {
    return html`<p role="status" class="muted">${msg('Loading the access log…', { id: 'history.audit.loading' })}</p>`;
  }
  if (props.entries.length === 0) return html`<p class="muted">${msg('Nothing yet', { id: 'history.audit.none' })}</p>`;
  return scrollable(
    msg('Access log', { id: 'history.audit' }),
    html`<table part="table">
      <caption class="visually-hidden">${msg('Access log, newest first', { id: 'history.audit.caption' })}</caption>
      <thead>
        <tr>
          <th scope="col">${msg('Action', { id: 'history.audit.action' })}</th>
          <th scope="col">${msg('Meeting', { id: 'history.meeting' })}</th>
          <th scope="col">${msg('Format', { id: 'history.audit.format' })}</th>
          <th scope="col">${msg('Time', { id: 'history.audit.time' })}</th>
        </tr>
      </thead>
      <tbody>
        ${props.entries.map(
          (entry) => html`<tr>
            <td>${actionLabel(entry.action)}</td>
            <td>${entry.meeting === null ? '—' : formatMeetingId(entry.meeting)}</td>
            <td>${entry.format === null ? '—' : entry.format.toUpperCase()}</td>
            <td>${time(entry.at, true)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`,
  );
}
