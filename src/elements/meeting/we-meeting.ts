import { defineElement } from '../internal/define.js';
import { WeMeetingElement } from './meeting-element.js';

defineElement('we-meeting', WeMeetingElement);

declare global {
  interface HTMLElementTagNameMap {
    'we-meeting': WeMeetingElement;
  }
}
