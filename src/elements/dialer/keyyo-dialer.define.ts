import { defineElement } from '../define-element.js';
import { KeyyoDialer } from './dialer.js';

defineElement('keyyo-dialer', KeyyoDialer);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-dialer': KeyyoDialer;
  }
}
