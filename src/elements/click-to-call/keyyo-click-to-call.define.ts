import { defineElement } from '../define-element.js';
import { KeyyoClickToCall } from './click-to-call.js';

defineElement('keyyo-click-to-call', KeyyoClickToCall);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-click-to-call': KeyyoClickToCall;
  }
}
