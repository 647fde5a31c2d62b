import { html, nothing, type TemplateResult } from 'lit';
import type { AuditEntry, ExportFormat, MeetingRecord, MeetingSummary, Participation } from '../../core/records/index.js';
import { maskPersonalData } from '../../protocol/index.js';
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
    <h2 id="meetings-heading" part="heading">Your meetings</h2>
    ${listBody(props)}
  </section>`;
}

function listBody(props: MeetingListProps): TemplateResult {
  switch (props.state) {
    case 'idle':
      return html`<p class="muted">Sign in to see your meetings.</p>`;
    case 'loading':
      return html`<p role="status" class="muted">Loading your meetings…</p>`;
    case 'error':
      return html`${alert(props.error)}
      ${isUnauthorized(props.error) ? nothing : html`<button type="button" part="retry" @click=${props.onRetry}>Try again</button>`}`;
    case 'ready':
      break;
  }
  if (props.meetings.length === 0) return html`<p part="empty" class="muted">No meetings yet</p>`;
  const loadingMore = props.moreState === 'loading';
  return html`${scrollable(
      'Your meetings',
      html`<table part="table" aria-busy=${loadingMore ? 'true' : 'false'}>
        <caption class="visually-hidden">Your meetings, newest first. Choose a meeting to see who took part.</caption>
        <thead>
          <tr>
            <th scope="col">Meeting</th>
            <th scope="col">Topic</th>
            <th scope="col">Started</th>
            <th scope="col">Ended</th>
            <th scope="col" class="number">Participants</th>
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
            ${loadingMore ? 'Loading…' : 'Load more'}
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
    <td>${meeting.endedAt === null ? 'In progress' : time(meeting.endedAt)}</td>
    <td class="number">${meeting.participantCount}</td>
  </tr>`;
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
}

/** One meeting: its times, who took part, its polls' results, and the export buttons. */
export function meetingDetails(props: DetailsProps): TemplateResult {
  const record = props.state === 'ready' ? props.record : undefined;
  return html`<section id="details" part="details" aria-labelledby=${DETAILS_HEADING_ID}>
    <h2 id=${DETAILS_HEADING_ID} part="heading" tabindex="-1">Meeting ${formatMeetingId(props.id)}</h2>
    ${props.state === 'loading' ? html`<p role="status" class="muted">Loading the meeting…</p>` : nothing}
    ${props.state === 'error' ? alert(props.error) : nothing}
    ${record === undefined ? nothing : detailsBody(record, props)}
    <div class="actions">
      ${record === undefined ? nothing : exportButtons(props)}
      <button type="button" part="close" @click=${props.onClose}>Close details</button>
    </div>
    ${props.exporting === undefined
      ? nothing
      : html`<p role="status" class="muted">Preparing the ${props.exporting.toUpperCase()} file…</p>`}
    ${props.exportError === undefined ? nothing : alert(props.exportError)}
  </section>`;
}

function exportButtons(props: DetailsProps): TemplateResult {
  const busy = props.exporting !== undefined;
  return html`<button type="button" part="export" class="primary" data-format="csv" ?disabled=${busy} @click=${() => props.onExport('csv')}>
      Export CSV
    </button>
    <button type="button" part="export" class="primary" data-format="json" ?disabled=${busy} @click=${() => props.onExport('json')}>
      Export JSON
    </button>`;
}

function detailsBody(record: MeetingRecord, props: DetailsProps): TemplateResult {
  return html`<dl>
      <dt>Topic</dt>
      <dd>${record.topic || '—'}</dd>
      <dt>Started</dt>
      <dd>${time(record.startedAt)}</dd>
      <dt>Ended</dt>
      <dd>${record.endedAt === null ? 'In progress' : time(record.endedAt)}</dd>
    </dl>
    ${record.participations.length === 0
      ? html`<p class="muted">Nobody joined this meeting.</p>`
      : scrollable(
          'Participants',
          html`<table part="table">
            <caption class="visually-hidden">Who took part in meeting ${formatMeetingId(props.id)}, in join order</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Joined</th>
                <th scope="col">Left</th>
                <th scope="col" class="number">Duration</th>
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
    <td>${participation.role === 'host' ? 'Host' : 'Participant'}</td>
    <td>${time(participation.joinedAt, true)}</td>
    <td>${participation.leftAt === null ? 'Still in the meeting' : time(participation.leftAt, true)}</td>
    <td class="number">${participation.durationMs === null ? '—' : formatDuration(participation.durationMs)}</td>
  </tr>`;
}

const ACTIONS: Record<AuditEntry['action'], string> = {
  list: 'Listed meetings',
  read: 'Viewed meeting',
  export: 'Exported meeting',
};

export interface AuditProps {
  state: LoadState;
  error: unknown;
  entries: readonly AuditEntry[];
}

/** "Access log": every list, read and export of the creator's records. */
export function auditLog(props: AuditProps): TemplateResult {
  return html`<section part="audit" aria-labelledby="audit-heading">
    <h2 id="audit-heading" part="heading">Access log</h2>
    ${auditBody(props)}
  </section>`;
}

function auditBody(props: AuditProps): TemplateResult {
  if (props.state === 'error') return alert(props.error);
  // A refresh keeps the entries already shown; only the first load says so.
  if (props.state === 'loading' && props.entries.length === 0) return html`<p role="status" class="muted">Loading the access log…</p>`;
  if (props.entries.length === 0) return html`<p class="muted">Nothing yet</p>`;
  return scrollable(
    'Access log',
    html`<table part="table">
      <caption class="visually-hidden">Access log, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Action</th>
          <th scope="col">Meeting</th>
          <th scope="col">Format</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        ${props.entries.map(
          (entry) => html`<tr>
            <td>${ACTIONS[entry.action] ?? entry.action}</td>
            <td>${entry.meeting === null ? '—' : formatMeetingId(entry.meeting)}</td>
            <td>${entry.format === null ? '—' : entry.format.toUpperCase()}</td>
            <td>${time(entry.at, true)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`,
  );
}
