import { LazyModule } from '../internal/lazy.js';

/** Id of the Polls heading, in every view. */
export const POLLS_HEADING_ID = 'polls-heading';
/** Id of a host's New poll button. */
export const NEW_POLL_ID = 'new-poll';

/** The polls' views during a meeting (a host's polls and form, a participant's ballots, results). */
export const POLL_VIEWS = new LazyModule('poll views', () => import('./poll-lazy-views.js'));
