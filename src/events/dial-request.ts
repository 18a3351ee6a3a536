/** The user asked to dial; the page may veto it with `preventDefault()`. */
export class KeyyoDialRequestEvent extends CustomEvent<{ number: string }> {
  static readonly type = 'keyyo-dial-request';

  constructor(number: string) {
    super(KeyyoDialRequestEvent.type, { bubbles: true, composed: true, cancelable: true, detail: { number } });
  }
}
