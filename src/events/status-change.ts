import type { ConnectionStatus } from '../context.js';

/** The provider's connection status changed. */
export class KeyyoStatusChangeEvent extends CustomEvent<{ status: ConnectionStatus }> {
  static readonly type = 'keyyo-status-change';

  constructor(status: ConnectionStatus) {
    super(KeyyoStatusChangeEvent.type, { bubbles: true, composed: true, detail: { status } });
  }
}
