import { html, type TemplateResult } from 'lit';
import { msg } from '../internal/localize.js';

/** The companion panels `<we-meeting>` can show beside the stage. */
export type SidePanel = 'chat' | 'polls';

/** Id of the side panel, for the toolbar buttons' `aria-controls`. */
export const SIDE_PANEL_ID = 'we-side-panel';

/**
 * The chat and polls beside the stage. Both stay rendered while hidden so that chat keeps
 * counting unread messages and a poll draft survives switching panels; they find the meeting
 * client through the context `<we-meeting>` provides.
 */
export function sidePanel(open: SidePanel | undefined): TemplateResult {
  return html`<aside id=${SIDE_PANEL_ID} part="panel" class="panel" ?hidden=${open === undefined}
    aria-label=${open === 'polls' ? msg('Polls', { id: 'meeting.polls' }) : msg('Chat', { id: 'meeting.chat' })}>
    <we-chat part="chat" ?hidden=${open !== 'chat'}></we-chat>
    <we-poll part="polls" ?hidden=${open !== 'polls'}></we-poll>
  </aside>`;
}
