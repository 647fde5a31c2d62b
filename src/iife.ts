/** Entry of the `<script>` build: registers every element and exposes the API as `WeMeeting`. */
import './elements/define-all.js';

export * from './index.js';
