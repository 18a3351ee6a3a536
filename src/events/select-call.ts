/** The user chose a call in a list; the provider makes it the selection. */
export class KeyyoSelectCallEvent extends CustomEvent<{ callref: string | undefined }> {
  static readonly type = 'keyyo-select-call';

  constructor(callref: string | undefined) {
    super(KeyyoSelectCallEvent.type, { bubbles: true, composed: true, detail: { callref } });
  }
}
