import { KeyyoCtiProvider } from './provider.js';

customElements.define('keyyo-cti-provider', KeyyoCtiProvider);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-cti-provider': KeyyoCtiProvider;
  }
}
