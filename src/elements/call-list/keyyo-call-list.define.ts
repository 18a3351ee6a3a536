import { KeyyoCallList } from './call-list.js';

customElements.define('keyyo-call-list', KeyyoCallList);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-call-list': KeyyoCallList;
  }
}
