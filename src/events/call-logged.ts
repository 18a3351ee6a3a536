import type { CallRecord } from '../call-log/record.js';

/** An ended call of the session's line was logged: once per call across the
 * tabs sharing a connection, after its wrap-up when the provider asks for one. */
export class KeyyoCallLoggedEvent extends CustomEvent<{ record: CallRecord }> {
  static readonly type = 'keyyo-call-logged';

  constructor(record: CallRecord) {
    super(KeyyoCallLoggedEvent.type, { bubbles: true, composed: true, detail: { record } });
  }
}
