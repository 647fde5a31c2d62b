import type { ChatMessage } from '../../../core/chat/chat-types.js';

/** Fired by `<we-chat>` when a message from someone else arrived and was decrypted. */
export class WeMessageEvent extends Event {
  static readonly eventName = 'we-message';
  /** The decrypted message. */
  readonly detail: ChatMessage;

  constructor(message: ChatMessage) {
    super(WeMessageEvent.eventName, { bubbles: true, composed: true });
    this.detail = message;
  }
}
