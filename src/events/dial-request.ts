/** Where a request to dial comes from. */
export type DialSource = 'dialer' | 'call-back' | 'link' | 'line-board';

/** The user asked to dial; the page may veto it with `preventDefault()`. */
export class KeyyoDialRequestEvent extends CustomEvent<{ number: string; source: DialSource }> {
  static readonly type = 'keyyo-dial-request';

  constructor(number: string, source: DialSource) {
    super(KeyyoDialRequestEvent.type, { bubbles: true, composed: true, cancelable: true, detail: { number, source } });
  }
}
