/**
 * Entry of the records `<script>` build (`we-history.js`): registers `<we-history>`, the
 * meeting creator's history view, and exposes its classes as `WeMeetingHistory`. Other
 * languages are chunks it loads when a page asks for them.
 */
import './elements/history/we-history.js';

export { WeHistoryElement } from './elements/history/history-element.js';
export { WeExportEvent } from './elements/history/export-event.js';
export { RecordsClient, RecordsError } from './core/records/index.js';
