import { KeyyoDialer } from './dialer.js';

customElements.define('keyyo-dialer', KeyyoDialer);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-dialer': KeyyoDialer;
  }
}
