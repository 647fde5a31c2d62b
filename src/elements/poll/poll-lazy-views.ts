// What `<we-poll>` loads on demand (see `poll-modules.ts`): everything it does and shows with a
// client — a meeting's polls, a host's form and controls, a participant's ballots — with the
// styles for it.
export { PollView, type PollShell } from './poll-view.js';
