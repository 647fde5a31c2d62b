import type { ChatMessage } from '../../../core/chat/chat-types.js';

/** Fired by `<we-chat>` when the user sent a message from it and the server accepted it. */
export class WeMessageSentEvent extends Event {
  static readonly eventName = 'we-message-sent';
  /** The message as sent (`isSelf` true; `privateWith` set for a private message). */
  readonly detail: ChatMessage;

  constructor(message: ChatMessage) {
    super(WeMessageSentEvent.eventName, { bubbles: true, composed: true });
    this.detail = message;
  }
}
