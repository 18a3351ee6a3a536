import { defineElement } from '../define-element.js';
import { KeyyoLineBoard } from './line-board.js';

defineElement('keyyo-line-board', KeyyoLineBoard);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-line-board': KeyyoLineBoard;
  }
}
