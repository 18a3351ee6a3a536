import type { Contact } from '../context.js';
import type { CallSnapshot } from '../snapshot.js';

/** A call of a followed line ends without being answered. `detail.contact` when the other party is already known. */
export class KeyyoCallMissedEvent extends CustomEvent<{ call: CallSnapshot; contact?: Contact }> {
  static readonly type = 'keyyo-call-missed';

  constructor(call: CallSnapshot, contact?: Contact) {
    super(KeyyoCallMissedEvent.type, { bubbles: true, composed: true, detail: contact ? { call, contact } : { call } });
  }
}
