/** The service accepted a message sent from a `<keyyo-message>`. */
export class KeyyoMessageSentEvent extends CustomEvent<{ number: string; message: string }> {
  static readonly type = 'keyyo-message-sent';

  constructor(number: string, message: string) {
    super(KeyyoMessageSentEvent.type, { bubbles: true, composed: true, detail: { number, message } });
  }
}
