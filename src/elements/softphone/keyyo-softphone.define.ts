import { loadSoftphoneParts } from '../../shared/chunks.js';
import '../call-actions/keyyo-call-actions.define.js';
import { defineElement } from '../define-element.js';
import { KeyyoSoftphone } from './softphone.js';

defineElement('keyyo-softphone', KeyyoSoftphone);
// The dialer and the call list come in a chunk of their own, asked for at
// once: a call rings and is answered without them.
loadSoftphoneParts();

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-softphone': KeyyoSoftphone;
  }
}
