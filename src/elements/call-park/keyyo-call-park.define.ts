import { defineElement } from '../define-element.js';
import { KeyyoCallPark } from './call-park.js';

defineElement('keyyo-call-park', KeyyoCallPark);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-call-park': KeyyoCallPark;
  }
}
