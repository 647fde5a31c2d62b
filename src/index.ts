/**
 * WE Meeting SDK, browser entry: element classes and the headless core, without
 * registering any element (import `we-meeting/elements.js` for that).
 */
export * from './core/index.js';
export * from './elements/index.js';
export { PROTOCOL_VERSION, type Participant, type Role, type ErrorCode } from './protocol/index.js';
