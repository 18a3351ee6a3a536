import { defineElement } from '../define-element.js';
import { KeyyoMessage } from './message.js';

defineElement('keyyo-message', KeyyoMessage);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-message': KeyyoMessage;
  }
}
