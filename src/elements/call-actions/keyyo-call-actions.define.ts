import { defineElement } from '../define-element.js';
import { KeyyoCallActions } from './call-actions.js';

defineElement('keyyo-call-actions', KeyyoCallActions);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-call-actions': KeyyoCallActions;
  }
}
