import { defineElement } from '../internal/define.js';
import { WeHistoryElement } from './history-element.js';

defineElement('we-history', WeHistoryElement);

declare global {
  interface HTMLElementTagNameMap {
    'we-history': WeHistoryElement;
  }
}
