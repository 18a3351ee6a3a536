import type { Contact } from '../context.js';
import type { CallSnapshot } from '../snapshot.js';

/** Once per call ringing in on the session's line, when the look-up of the
 * caller settled: the moment a CRM opens the caller's record. `contact` is
 * undefined when nobody was found (or no resolver is set). */
export class KeyyoScreenPopEvent extends CustomEvent<{ call: CallSnapshot; contact: Contact | undefined }> {
  static readonly type = 'keyyo-screen-pop';

  constructor(call: CallSnapshot, contact: Contact | undefined) {
    super(KeyyoScreenPopEvent.type, { bubbles: true, composed: true, detail: { call, contact } });
  }
}
