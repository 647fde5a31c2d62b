// The meeting's side panel shows these two.
import '../chat/we-chat.js';
import '../poll/we-poll.js';
import { defineElement } from '../internal/define.js';
import { WeMeetingElement } from './meeting-element.js';

defineElement('we-meeting', WeMeetingElement);

declare global {
  interface HTMLElementTagNameMap {
    'we-meeting': WeMeetingElement;
  }
}
