import type { CallSnapshot } from '../snapshot.js';

/** A call of a followed line rings. */
export class KeyyoCallSetupEvent extends CustomEvent<{ call: CallSnapshot }> {
  static readonly type = 'keyyo-call-setup';

  constructor(call: CallSnapshot) {
    super(KeyyoCallSetupEvent.type, { bubbles: true, composed: true, detail: { call } });
  }
}
