import type { CallSnapshot } from '../snapshot.js';

/** A call of a followed line ends without being answered. */
export class KeyyoCallMissedEvent extends CustomEvent<{ call: CallSnapshot }> {
  static readonly type = 'keyyo-call-missed';

  constructor(call: CallSnapshot) {
    super(KeyyoCallMissedEvent.type, { bubbles: true, composed: true, detail: { call } });
  }
}
