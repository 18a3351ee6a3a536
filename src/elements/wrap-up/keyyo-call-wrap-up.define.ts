import { defineElement } from '../define-element.js';
import { KeyyoCallWrapUp } from './wrap-up.js';

defineElement('keyyo-call-wrap-up', KeyyoCallWrapUp);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-call-wrap-up': KeyyoCallWrapUp;
  }
}
