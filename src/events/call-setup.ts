import type { Contact } from '../context.js';
import type { CallSnapshot } from '../snapshot.js';

/** A call of a followed line rings. `detail.contact` when the other party is already known. */
export class KeyyoCallSetupEvent extends CustomEvent<{ call: CallSnapshot; contact?: Contact }> {
  static readonly type = 'keyyo-call-setup';

  constructor(call: CallSnapshot, contact?: Contact) {
    super(KeyyoCallSetupEvent.type, { bubbles: true, composed: true, detail: contact ? { call, contact } : { call } });
  }
}
