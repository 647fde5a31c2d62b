import { html, nothing, type TemplateResult } from 'lit';
import { maskPersonalData } from '../../core/masking.js';
import type { SmartRecording, Transcript } from '../../core/records/index.js';
import { formatNumber, msg, str } from '../internal/localize.js';
import { describeError } from './format.js';
import { clock, exportLinks, minutesSection, seek, speakersSection, topicsSection } from './history-smart-summary.js';
import type { SmartEntry } from './smart-controller.js';

// A chunk of its own, loaded the first time a ready smart recording is shown.
export { smartStyles } from './history-smart.styles.js';

/** What a recording's smart recording shows and what its controls do. */
export interface SmartViewProps {
  recordingId: string;
  entry: SmartEntry;
  /** The recording has a player (its composite) that chapters and lines seek. */
  player: boolean;
  /** The transcript search now holds `query`. */
  onSearch: (query: string) => void;
}

/** Case-insensitive and width-insensitive (full-width Latin letters match), any script. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * A recording's smart recording: chapters (each seeks the player and plays), the transcript
 * (the line being played marked, each line seeks, a search that filters the lines), speaker
 * summaries, minutes, topics and the exports. Names people gave are masked.
 */
export function smartView(props: SmartViewProps): TemplateResult {
  const { entry } = props;
  const result = entry.answer?.result ?? null;
  let body: TemplateResult | typeof nothing = nothing;
  if (entry.state === 'loading') body = html`<p role="status" class="muted">${msg('Loading the transcript and minutes…', { id: 'history.smart.loading' })}</p>`;
  else if (entry.state === 'error') body = html`<p part="error" class="error" role="alert">${describeError(entry.error)}</p>`;
  else if (result !== null) {
    const id = `smart-${props.recordingId}`;
    body = html`${chapters(result, props, id)} ${transcript(result, props, id)} ${speakersSection(result, id)} ${minutesSection(result.minutes, id)}
      ${topicsSection(result.topics, id)} ${entry.answer?.exports ? exportLinks(entry.answer.exports, id) : nothing}`;
  }
  return html`<div part="smart" class="smart">${body}</div>`;
}

function chapters(result: SmartRecording, props: SmartViewProps, id: string): TemplateResult | typeof nothing {
  if (result.chapters.length === 0) return nothing;
  return html`<section part="smart-chapters" aria-labelledby=${`${id}-chapters`}>
    <h4 id=${`${id}-chapters`} part="heading">${msg('Chapters', { id: 'history.smart.chapters' })}</h4>
    <ol class="plain">
      ${result.chapters.map((chapter) => {
        const content = html`<span class="when">${clock(chapter.start)}</span> <span>${chapter.title}</span>`;
        return html`<li>
          ${props.player ? html`<button type="button" part="smart-chapter" class="seek" @click=${(event: Event) => seek(event, chapter.start)}>${content}</button>` : content}
        </li>`;
      })}
    </ol>
  </section>`;
}

function transcriptNotes(transcript: Transcript): TemplateResult | typeof nothing {
  if (!transcript.available) {
    const reason = transcript.reason ?? '';
    return html`<p part="smart-note" class="muted">
      ${msg(str`The transcript is unavailable. ${reason}`, { id: 'history.smart.transcript-unavailable' })}
      ${msg('Who spoke when, and the chapters, are still shown.', { id: 'history.smart.transcript-unavailable-rest' })}
    </p>`;
  }
  if (!transcript.weak) return nothing;
  return html`<p part="smart-note" class="muted">
    ${msg('Low confidence: this transcript was written by an engine that often gets words wrong. Read it with care.', { id: 'history.smart.transcript-weak' })}
  </p>`;
}

function transcript(result: SmartRecording, props: SmartViewProps, id: string): TemplateResult {
  const { transcript } = result;
  const { entry } = props;
  const names = new Map(result.speakers.map((speaker) => [speaker.id, maskPersonalData(speaker.name)]));
  const query = fold(entry.query.trim());
  const shown = transcript.lines.flatMap((line, index) => (query === '' || fold(line.text).includes(query) ? [{ line, index }] : []));
  const label = msg('Transcript', { id: 'history.smart.transcript' });
  return html`<section part="smart-transcript" aria-labelledby=${`${id}-transcript`}>
    <h4 id=${`${id}-transcript`} part="heading">${label}</h4>
    ${transcriptNotes(transcript)}
    ${transcript.lines.length === 0
      ? nothing
      : html`<label class="search">
            <span>${msg('Search the transcript', { id: 'history.smart.search' })}</span>
            <input type="search" part="smart-search" .value=${entry.query}
              @input=${(event: Event) => props.onSearch((event.target as HTMLInputElement).value)} />
          </label>
          ${query === ''
            ? nothing
            : html`<p role="status" class="muted">
                ${msg(str`${formatNumber(shown.length)} of ${formatNumber(transcript.lines.length)} lines match`, { id: 'history.smart.matches' })}
              </p>`}
          <div class="lines" role="group" aria-label=${label} tabindex="0">
            <ol class="plain">
              ${shown.map(({ line, index }) => {
                const current = index === entry.line;
                const content = html`<span class="when">${clock(line.start)}</span>
                  <strong>${names.get(line.speaker) ?? '—'}</strong> <span>${line.text}</span>`;
                return html`<li part=${current ? 'smart-line smart-line-current' : 'smart-line'} aria-current=${current ? 'time' : nothing}>
                  ${props.player ? html`<button type="button" class="seek" @click=${(event: Event) => seek(event, line.start)}>${content}</button>` : content}
                </li>`;
              })}
            </ol>
          </div>`}
  </section>`;
}
