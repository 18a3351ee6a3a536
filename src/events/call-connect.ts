import type { Contact } from '../context.js';
import type { CallSnapshot } from '../snapshot.js';

/** A call of a followed line is answered. `detail.contact` when the other party is already known. */
export class KeyyoCallConnectEvent extends CustomEvent<{ call: CallSnapshot; contact?: Contact }> {
  static readonly type = 'keyyo-call-connect';

  constructor(call: CallSnapshot, contact?: Contact) {
    super(KeyyoCallConnectEvent.type, { bubbles: true, composed: true, detail: contact ? { call, contact } : { call } });
  }
}
