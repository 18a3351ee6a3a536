import type { WrapUp } from '../call-log/record.js';

/** The person saved or skipped a call's wrap-up; the provider delivers the
 * record with it. `detail.id`: the record's id. */
export class KeyyoWrapUpEvent extends CustomEvent<WrapUp & { id: string }> {
  static readonly type = 'keyyo-wrap-up';

  constructor(id: string, wrapUp: WrapUp) {
    super(KeyyoWrapUpEvent.type, { bubbles: true, composed: true, detail: { id, ...wrapUp } });
  }
}
