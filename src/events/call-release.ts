import type { CallSnapshot } from '../snapshot.js';

/** A call of a followed line ends after being answered. */
export class KeyyoCallReleaseEvent extends CustomEvent<{ call: CallSnapshot }> {
  static readonly type = 'keyyo-call-release';

  constructor(call: CallSnapshot) {
    super(KeyyoCallReleaseEvent.type, { bubbles: true, composed: true, detail: { call } });
  }
}
