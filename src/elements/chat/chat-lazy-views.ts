// What `<we-chat>` loads on demand (see `chat-modules.ts`): everything it does and shows
// besides its public surface — the client's chat, linkified and formatted messages, the
// composer, the safety numbers — with the styles for it.
export { ChatView, type ChatShell } from './chat-view.js';
