import { html, nothing, type TemplateResult } from 'lit';
import { maskPersonalData } from '../../core/masking.js';
import type { RecordingFile, RecordingSummary } from '../../core/records/index.js';
import { msg, str } from '../internal/localize.js';
import { describeError, formatDuration, formatTime } from './format.js';
import { smartStatus } from './history-smart-status.js';
import type { RecordingsState } from './recordings-controller.js';

/** What the recordings section shows and what its controls do. */
export interface RecordingsProps {
  current: RecordingsState;
  onConfirmDelete: (recordingId: string | undefined) => void;
  onDelete: (recordingId: string) => void;
  /** Queues a failed smart recording again. */
  onRetrySmart: (recordingId: string) => void;
  /** A recording's player moved to `seconds` (`timeupdate`). */
  onPlayhead: (recordingId: string, seconds: number) => void;
  /** A ready smart recording: its transcript, chapters, summaries, minutes, topics and exports. */
  smartDetails: (recording: RecordingSummary, player: boolean) => TemplateResult | typeof nothing;
}

function size(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function stateLabel(recording: RecordingSummary): string {
  switch (recording.state) {
    case 'recording':
      return msg('Recording now', { id: 'history.recordings.state-recording' });
    case 'rendering':
      return msg(str`Preparing the video: ${Math.round(recording.progress * 100)}%`, { id: 'history.recordings.state-rendering' });
    case 'interrupted':
      return msg('Interrupted (what was recorded plays)', { id: 'history.recordings.state-interrupted' });
    case 'failed':
      return msg('The video could not be made; the tracks are kept', { id: 'history.recordings.state-failed' });
    default:
      return msg('Ready', { id: 'history.recordings.state-ready' });
  }
}

function trackLabel(file: RecordingFile): string {
  const who = maskPersonalData(file.participant ?? '');
  return `${who} — ${file.source ?? file.media} (${size(file.size)})`;
}

/** A download link: the signed file link with `download=1`. */
function download(file: RecordingFile, label: string): TemplateResult {
  return html`<a href=${`${file.url}&download=1`} download=${file.name}>${label}</a>`;
}

/**
 * A meeting's recordings for its creator: each with its date, length, size and state (with
 * the composite's progress while it is made), a player for the composite, downloads of the
 * composite and of every track, its smart recording (its progress, or once ready what
 * `smartDetails` shows), and Delete recording with a confirmation.
 */
export function recordingsSection(props: RecordingsProps): TemplateResult | typeof nothing {
  const { current } = props;
  if (current.state === 'idle') return nothing;
  return html`<section part="recordings" aria-labelledby="recordings-heading">
    <h3 id="recordings-heading">${msg('Recordings', { id: 'history.recordings.heading' })}</h3>
    ${current.state === 'loading' ? html`<p role="status" class="muted">${msg('Loading the recordings…', { id: 'history.recordings.loading' })}</p>` : nothing}
    ${current.error === undefined ? nothing : html`<p part="error" class="error" role="alert">${describeError(current.error)}</p>`}
    ${current.state === 'ready' && current.recordings.length === 0
      ? html`<p class="muted">${msg('This meeting was not recorded.', { id: 'history.recordings.none' })}</p>`
      : nothing}
    ${current.recordings.map((recording) => recordingItem(recording, props))}
  </section>`;
}

function recordingItem(recording: RecordingSummary, props: RecordingsProps): TemplateResult {
  const composite = recording.files.find((file) => file.kind === 'composite');
  const tracks = recording.files.filter((file) => file.kind === 'track');
  const confirming = props.current.confirming === recording.id;
  const deleting = props.current.deleting === recording.id;
  const deleteName = msg('Delete recording', { id: 'history.recordings.delete' });
  return html`<article part="recording" class="recording" data-recording-id=${recording.id}>
    <p>
      <time datetime=${new Date(recording.startedAt).toISOString()}>${formatTime(recording.startedAt)}</time>
      · ${formatDuration(recording.duration * 1000)} · ${size(recording.size)}
    </p>
    <p part="recording-state" role="status">
      ${stateLabel(recording)}
      ${recording.state === 'rendering' ? html`<progress max="100" value=${Math.round(recording.progress * 100)}></progress>` : nothing}
    </p>
    ${composite === undefined
      ? nothing
      : html`<video part="player" controls preload="none" src=${composite.url}
          @timeupdate=${(event: Event) => props.onPlayhead(recording.id, (event.target as HTMLVideoElement).currentTime)}
          aria-label=${msg(str`Recording of ${formatTime(recording.startedAt)}`, { id: 'history.recordings.player' })}></video>`}
    ${recording.smart === null
      ? nothing
      : smartStatus({ status: recording.smart, retrying: props.current.retrying === recording.id, onRetry: () => props.onRetrySmart(recording.id) })}
    ${recording.smart?.state === 'ready' ? props.smartDetails(recording, composite !== undefined) : nothing}
    <ul class="downloads">
      ${composite === undefined ? nothing : html`<li>${download(composite, msg(str`Download the video (MP4, ${size(composite.size)})`, { id: 'history.recordings.download-video' }))}</li>`}
      ${tracks.map((file) => html`<li>${download(file, trackLabel(file))}</li>`)}
    </ul>
    ${confirming
      ? html`<div part="recording-confirm" role="group" aria-label=${msg('Delete this recording and all its files?', { id: 'history.recordings.confirm' })}>
          <p>${msg('Delete this recording and all its files?', { id: 'history.recordings.confirm' })}</p>
          <button type="button" class="danger" @click=${() => props.onDelete(recording.id)}>${deleteName}</button>
          <button type="button" @click=${() => props.onConfirmDelete(undefined)}>${msg('Cancel', { id: 'history.recordings.cancel' })}</button>
        </div>`
      : html`<button type="button" ?disabled=${deleting || recording.state === 'recording'} @click=${() => props.onConfirmDelete(recording.id)}>${deleteName}</button>`}
  </article>`;
}
