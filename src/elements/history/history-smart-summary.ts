import { html, nothing, type TemplateResult } from 'lit';
import { maskPersonalData } from '../../core/masking.js';
import type { Minutes, SmartExports, SmartRecording, Topic } from '../../core/records/index.js';
import { formatNumber, msg, str } from '../internal/localize.js';
import { formatDuration, formatTime } from './format.js';

/** A time on the recording: `4:05`, `1:02:03`. */
export function clock(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Plays the recording of the clicked control from `seconds`: its article's player. */
export function seek(event: Event, seconds: number): void {
  const player = (event.currentTarget as Element).closest('article')?.querySelector('video');
  if (player == null) return;
  player.currentTime = seconds;
  // A player that cannot play (no source, a browser's autoplay rules) still shows the place.
  player.play().catch(() => undefined);
}

function heading(id: string, text: string): TemplateResult {
  return html`<h4 id=${id} part="heading">${text}</h4>`;
}

/** Phrases as a row of chips. */
function phrases(list: readonly string[], label: string): TemplateResult | typeof nothing {
  return list.length === 0 ? nothing : html`<ul class="chips" aria-label=${label}>${list.map((phrase) => html`<li>${phrase}</li>`)}</ul>`;
}

/** What each participant said, in short: talk time and share, turns, key phrases and sentences. */
export function speakersSection(result: SmartRecording, id: string): TemplateResult | typeof nothing {
  if (result.speakerSummaries.length === 0) return nothing;
  const keyPhrases = msg('Key phrases', { id: 'history.smart.key-phrases' });
  return html`<section part="smart-speakers" aria-labelledby=${`${id}-speakers`}>
    ${heading(`${id}-speakers`, msg('Speakers', { id: 'history.smart.speakers' }))}
    ${result.speakerSummaries.map(
      (summary) => html`<article class="speaker">
        <h5>${maskPersonalData(summary.name)}</h5>
        <ul class="facts">
          <li>${msg(str`Talk time ${formatDuration(summary.talkTime * 1000)}`, { id: 'history.smart.talk-time' })}</li>
          <li>${msg(str`${Math.round(summary.share * 100)}% of the speech`, { id: 'history.smart.share' })}</li>
          <li>${msg(str`Turns: ${formatNumber(summary.turns)}`, { id: 'history.smart.turns' })}</li>
        </ul>
        ${phrases(summary.keyPhrases, keyPhrases)}
        ${summary.keySentences.length === 0
          ? nothing
          : html`<ul aria-label=${msg('Key sentences', { id: 'history.smart.key-sentences' })}>
              ${summary.keySentences.map((sentence) => html`<li>${sentence}</li>`)}
            </ul>`}
      </article>`,
    )}
  </section>`;
}

function list<T>(title: string, items: readonly T[], item: (value: T) => TemplateResult | string): TemplateResult {
  return html`<h5>${title}</h5>
    ${items.length === 0 ? html`<p class="muted">${msg('None', { id: 'history.smart.none' })}</p>` : html`<ul>${items.map((value) => html`<li>${item(value)}</li>`)}</ul>`}`;
}

function writtenBy(minutes: Minutes): string {
  if (minutes.writtenBy === 'extractive') return msg('Sentences taken from the transcript as it is.', { id: 'history.smart.extractive' });
  const model = minutes.writtenBy.replace(/^llm:/u, '');
  return msg(str`Written by a language model (${model}): check it before you share it.`, { id: 'history.smart.llm' });
}

/** The minutes: attendees (masked), agenda, key points, decisions and action items. */
export function minutesSection(minutes: Minutes, id: string): TemplateResult {
  const when = (seconds: number) => html` <span class="when">(${clock(seconds)})</span>`;
  return html`<section part="smart-minutes" aria-labelledby=${`${id}-minutes`}>
    ${heading(`${id}-minutes`, msg('Minutes', { id: 'history.smart.minutes' }))}
    <p><strong>${minutes.title}</strong> · ${formatTime(minutes.date)} · ${formatDuration(minutes.duration * 1000)}</p>
    ${list(msg('Attendees', { id: 'history.smart.attendees' }), minutes.attendees, maskPersonalData)}
    ${list(msg('Agenda', { id: 'history.smart.agenda' }), minutes.agenda, (topic) => html`<span class="when">${clock(topic.start)}</span> ${topic.title}`)}
    ${list(msg('Key points', { id: 'history.smart.key-points' }), minutes.keyPoints, (point) => point)}
    ${list(msg('Decisions', { id: 'history.smart.decisions' }), minutes.decisions, (decision) => html`${decision.text}${when(decision.at)}`)}
    ${list(
      msg('Action items', { id: 'history.smart.action-items' }),
      minutes.actionItems,
      (action) => html`<strong>${action.who === null ? msg('Unassigned', { id: 'history.smart.unassigned' }) : maskPersonalData(action.who)}</strong>:
        ${action.what}${when(action.at)}`,
    )}
    <p class="muted">${writtenBy(minutes)}</p>
  </section>`;
}

/** The meeting's key phrases, most telling first. */
export function topicsSection(topics: readonly Topic[], id: string): TemplateResult | typeof nothing {
  if (topics.length === 0) return nothing;
  const title = msg('Topics', { id: 'history.smart.topics' });
  return html`<section part="smart-topics" aria-labelledby=${`${id}-topics`}>
    ${heading(`${id}-topics`, title)} ${phrases(topics.map((topic) => topic.phrase), title)}
  </section>`;
}

/** A signed export link as a download (`download=1`, as the recording files' links). */
function download(url: string, label: string): TemplateResult {
  return html`<li><a href=${`${url}${url.includes('?') ? '&' : '?'}download=1`} download>${label}</a></li>`;
}

/** Links to the Markdown minutes, the JSON and the WebVTT captions. */
export function exportLinks(exports: SmartExports, id: string): TemplateResult {
  return html`<section part="smart-exports" aria-labelledby=${`${id}-exports`}>
    ${heading(`${id}-exports`, msg('Download', { id: 'history.smart.exports' }))}
    <ul class="downloads">
      ${download(exports.markdown, msg('Minutes (Markdown)', { id: 'history.smart.export-markdown' }))}
      ${download(exports.json, msg('Everything (JSON)', { id: 'history.smart.export-json' }))}
      ${download(exports.vtt, msg('Captions (WebVTT)', { id: 'history.smart.export-vtt' }))}
    </ul>
  </section>`;
}
