import { defineElement } from '../define-element.js';
import { KeyyoCallList } from './call-list.js';

defineElement('keyyo-call-list', KeyyoCallList);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-call-list': KeyyoCallList;
  }
}
