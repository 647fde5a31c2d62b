import { CHAT_VIEWS } from '../chat/chat-modules.js';
import { LazyModule } from '../internal/lazy.js';
import { POLL_VIEWS } from '../poll/poll-modules.js';

/**
 * What `<we-meeting>` loads on demand, each a chunk of the `<script>` build and a split point
 * for an application's bundler: the in-meeting screen (stage, toolbar, host controls, device
 * settings, side panel), and the meeting client with its media and end-to-end encryption
 * (see `meeting-session.ts`).
 */
export const STAGE_VIEWS = new LazyModule('meeting views', () => import('./meeting-view.js'));

/**
 * The recording's status and notice, loaded the first time a recording of the meeting is
 * under way (most meetings are never recorded).
 */
export const RECORDING_VIEWS = new LazyModule('recording views', () => import('./recording-view.js'));

/** Everything the meeting screen shows besides the client: the stage and the side panel's chat and polls. */
export const MEETING_SCREEN: readonly LazyModule<unknown>[] = [STAGE_VIEWS, CHAT_VIEWS, POLL_VIEWS];

/**
 * Runs `fetch` once the browser painted (after the next frame, or at once where frames do not
 * come): what Join needs loads while the user is still on the pre-join screen, and never
 * delays its first paint.
 */
export function afterPaint(fetch: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(fetch, 0);
    return;
  }
  requestAnimationFrame(() => setTimeout(fetch, 0));
}
