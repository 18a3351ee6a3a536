import '../call-actions/keyyo-call-actions.define.js';
import '../call-list/keyyo-call-list.define.js';
import '../dialer/keyyo-dialer.define.js';
import { defineElement } from '../define-element.js';
import { KeyyoSoftphone } from './softphone.js';

defineElement('keyyo-softphone', KeyyoSoftphone);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-softphone': KeyyoSoftphone;
  }
}
