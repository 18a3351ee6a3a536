import { defineElement } from '../define-element.js';
import { KeyyoAutoAnswer } from './auto-answer.js';

defineElement('keyyo-auto-answer', KeyyoAutoAnswer);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-auto-answer': KeyyoAutoAnswer;
  }
}
