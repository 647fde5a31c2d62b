// The end-to-end encryption a chat loads on demand (see `lazy-modules.ts`): the only way in
// for code outside `e2ee/`, which imports its types alone statically.
export { E2eeSession, type WireFrame, type RosterMember, type GroupCipherFactory } from './e2ee-session.js';
export { SessionKeys } from './session-keys.js';
