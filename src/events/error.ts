import type { CtiError } from '../sdk/index.js';

/** A command or the connection failed. */
export class KeyyoErrorEvent extends CustomEvent<{ error: CtiError }> {
  static readonly type = 'keyyo-error';

  constructor(error: CtiError) {
    super(KeyyoErrorEvent.type, { bubbles: true, composed: true, detail: { error } });
  }
}
