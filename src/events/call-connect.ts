import type { CallSnapshot } from '../snapshot.js';

/** A call of a followed line is answered. */
export class KeyyoCallConnectEvent extends CustomEvent<{ call: CallSnapshot }> {
  static readonly type = 'keyyo-call-connect';

  constructor(call: CallSnapshot) {
    super(KeyyoCallConnectEvent.type, { bubbles: true, composed: true, detail: { call } });
  }
}
