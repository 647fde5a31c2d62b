import { LazyModule } from '../internal/lazy.js';

/** Id of the message list. */
export const LIST_ID = 'messages';
/** Id of the message box. */
export const DRAFT_ID = 'draft';

/** The chat's views (header and security panel, message list, composer): loaded when the element first renders. */
export const CHAT_VIEWS = new LazyModule('chat views', () => import('./chat-lazy-views.js'));
