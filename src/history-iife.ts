/**
 * Entry of the records `<script>` build (`we-history.js`): registers `<we-history>`, the
 * meeting creator's history view, and `<we-sign-in>`, the standalone server's sign-in, and
 * exposes their classes as `WeMeetingHistory`. Other
 * languages are chunks it loads when a page asks for them.
 */
import './elements/history/we-history.js';
import './elements/sign-in/we-sign-in.js';

export { WeHistoryElement } from './elements/history/history-element.js';
export { WeExportEvent } from './elements/history/export-event.js';
export { RecordsClient, RecordsError } from './core/records/index.js';
export { WeSignInElement } from './elements/sign-in/sign-in-element.js';
export { WeSignInEvent, WeSignOutEvent } from './elements/sign-in/sign-in-events.js';
export { SignInClient, SignInError } from './core/sign-in/index.js';
