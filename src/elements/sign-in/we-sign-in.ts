import { defineElement } from '../internal/define.js';
import { WeSignInElement } from './sign-in-element.js';

defineElement('we-sign-in', WeSignInElement);

declare global {
  interface HTMLElementTagNameMap {
    'we-sign-in': WeSignInElement;
  }
}
