import { defineElement } from '../define-element.js';
import { KeyyoCtiProvider } from './provider.js';

defineElement('keyyo-cti-provider', KeyyoCtiProvider);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-cti-provider': KeyyoCtiProvider;
  }
}
