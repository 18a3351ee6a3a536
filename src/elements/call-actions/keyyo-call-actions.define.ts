import { KeyyoCallActions } from './call-actions.js';

customElements.define('keyyo-call-actions', KeyyoCallActions);

declare global {
  interface HTMLElementTagNameMap {
    'keyyo-call-actions': KeyyoCallActions;
  }
}
