// What `<we-chat>` loads on demand (see `chat-modules.ts`): its views, with linkified and
// formatted messages and the safety numbers.
export { composer, messageList } from './chat-views.js';
export { securityHeader } from './security-view.js';
