import { html, nothing, type TemplateResult } from 'lit';
import type { RecentMeeting } from '../../core/recent-meetings.js';
import { maskPersonalData } from '../../core/masking.js';
import { dateFormat, msg } from '../internal/localize.js';
import { formatMeetingId } from './format.js';

/** What the Recent meetings list shows and does. */
export interface RecentMeetingsProps {
  meetings: readonly RecentMeeting[];
  /** Whether choosing a meeting fills the Meeting ID field (else it joins that meeting). */
  fills: boolean;
  onChoose: (meeting: RecentMeeting) => void;
  onClear: () => void;
}

/**
 * The meetings this browser joined before, in a disclosure labelled "Recent meetings": each a
 * button showing the grouped id, the topic if known and the localized join time, and a Clear
 * history button. Nothing is rendered while the list is empty.
 */
export function recentMeetingsView(props: RecentMeetingsProps): TemplateResult | typeof nothing {
  if (props.meetings.length === 0) return nothing;
  const joinTime = dateFormat({ dateStyle: 'medium', timeStyle: 'short' });
  const title = props.fills
    ? msg('Use this meeting ID', { id: 'meeting.recent.use' })
    : msg('Join this meeting', { id: 'meeting.recent.join' });
  return html`<details part="recent" class="recent">
    <summary>${msg('Recent meetings', { id: 'meeting.recent' })}</summary>
    <ul class="recent-list" aria-label=${msg('Recent meetings', { id: 'meeting.recent' })}>
      ${props.meetings.map((meeting) => {
        const when = new Date(meeting.joinedAt);
        return html`<li>
          <button
            type="button"
            class="recent-meeting"
            data-meeting=${meeting.id}
            title=${title}
            @click=${() => props.onChoose(meeting)}
          >
            <span class="recent-id">${formatMeetingId(meeting.id)}</span>
            ${meeting.topic ? html`<span class="recent-topic">${maskPersonalData(meeting.topic)}</span>` : nothing}
            <time class="recent-time" datetime=${when.toISOString()}>${joinTime.format(when)}</time>
          </button>
        </li>`;
      })}
    </ul>
    <button part="clear-history" class="clear-history" type="button" @click=${props.onClear}>
      ${msg('Clear history', { id: 'meeting.recent.clear' })}
    </button>
  </details>`;
}
