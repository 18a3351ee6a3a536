import type { Contact } from '../context.js';
import type { CallSnapshot } from '../snapshot.js';

/** A call of a followed line ends after being answered. `detail.contact` when the other party is already known. */
export class KeyyoCallReleaseEvent extends CustomEvent<{ call: CallSnapshot; contact?: Contact }> {
  static readonly type = 'keyyo-call-release';

  constructor(call: CallSnapshot, contact?: Contact) {
    super(KeyyoCallReleaseEvent.type, { bubbles: true, composed: true, detail: contact ? { call, contact } : { call } });
  }
}
