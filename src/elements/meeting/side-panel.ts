import { html, type TemplateResult } from 'lit';
import { msg } from '../internal/localize.js';

/** The companion panels `<we-meeting>` can show beside the stage. */
export type SidePanel = 'chat' | 'polls';

/** Id of the side panel, for the toolbar buttons' `aria-controls`. */
export const SIDE_PANEL_ID = 'we-side-panel';

const CHAT_PARTS = 'header lock verify security security-code show-safety safety-number messages note empty message own private sender private-tag text link notice unread composer status recipient input send counter error loading load-error retry';
const POLL_PARTS = 'polls heading new form list poll state privacy control results bar voters avatar vote confirmation empty error loading load-error retry';

/** `exportparts` that re-exports every part of a companion element as `<prefix>-<part>`. */
function prefixed(parts: string, prefix: string): string {
  return parts
    .split(' ')
    .map((part) => `${part}: ${prefix}-${part}`)
    .join(', ');
}

/**
 * The chat and polls beside the stage. Both stay rendered while hidden so that chat keeps
 * counting unread messages and a poll draft survives switching panels; they find the meeting
 * client through the context `<we-meeting>` provides. Their parts are re-exported with a
 * `chat-` or `poll-` prefix, so a page styles them as `we-meeting::part(chat-message)`.
 */
export function sidePanel(open: SidePanel | undefined): TemplateResult {
  return html`<aside id=${SIDE_PANEL_ID} part="panel" class="panel" ?hidden=${open === undefined}
    aria-label=${open === 'polls' ? msg('Polls', { id: 'meeting.polls' }) : msg('Chat', { id: 'meeting.chat' })}>
    <we-chat part="chat" exportparts=${prefixed(CHAT_PARTS, 'chat')} ?hidden=${open !== 'chat'}></we-chat>
    <we-poll part="polls" exportparts=${prefixed(POLL_PARTS, 'poll')} ?hidden=${open !== 'polls'}></we-poll>
  </aside>`;
}
