import { defineElement } from '../internal/define.js';
import { WeChatElement } from './chat-element.js';

defineElement('we-chat', WeChatElement);

declare global {
  interface HTMLElementTagNameMap {
    'we-chat': WeChatElement;
  }
}
