import { defineElement } from '../internal/define.js';
import { WePollElement } from './poll-element.js';

defineElement('we-poll', WePollElement);

declare global {
  interface HTMLElementTagNameMap {
    'we-poll': WePollElement;
  }
}
