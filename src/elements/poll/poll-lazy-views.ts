// What `<we-poll>` loads on demand (see `poll-modules.ts`): the views of a meeting's polls.
export { hostView } from './poll-host-view.js';
export { participantView } from './poll-vote-view.js';
