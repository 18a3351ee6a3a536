import { html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { KeyyoMessageSentEvent } from '../../events/index.js';
import { Commands } from '../../shared/commands.js';
import { resolveNumber } from '../../shared/dialing.js';
import { displayNumber } from '../../shared/format.js';
import { addEnglish, messagesFor, statusText } from '../../shared/i18n.js';
import { messageTexts } from '../../shared/i18n-more.js';
import { panelStyles } from '../../shared/panel-styles.js';
import { frameStyles, tokens } from '../../shared/styles.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './message.styles.js';

/** The longest text sent: the simulator keeps 1000 characters of a message
 * (src/simulator/README.md), so nothing longer reaches anyone whole. */
export const MESSAGE_MAX_LENGTH = 1000;

/**
 * A composer for messages (`send_message`): the recipient, checked like the
 * dialer's number and filled in with the current call's party while the
 * user has not typed one; the text, with its count of characters (1000 at
 * most); a send button, busy while the service answers; and the result. An
 * empty or over-long text, or a number that is none, is refused before
 * anything is sent.
 *
 * @summary Sends a message to a number.
 * @fires keyyo-message-sent - The service accepted a message. `detail.number` (international), `detail.message`.
 * @fires keyyo-error - Sending failed. `detail.error`.
 * @csspart base - The composer's frame.
 * @csspart recipient - The recipient's number field.
 * @csspart text - The message field.
 * @csspart count - The count of characters, out of 1000.
 * @csspart send - The send button.
 * @csspart result - Says the message was sent.
 * @csspart message - Why the message was not sent, or why sending is disabled.
 * @cssprop --keyyo-message-background - Background of the composer.
 */
export class KeyyoMessage extends KeyyoElement {
  static {
    addEnglish(messageTexts);
  }

  static override styles = [tokens, frameStyles, panelStyles, styles];

  /** The recipient in the field: a short, national or international number. */
  @property() recipient = '';

  @state() private text = '';
  @state() private sent = '';
  /** One message at a time; why the last one failed. */
  #commands = new Commands(this, () => this.cti);

  /** What the current call's party last wrote into the recipient. */
  #filled?: string;

  /** The current call's party fills the recipient in (in the local form
   * once known), unless the user (or the page) wrote another. */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const current = this.cti.current;
    if (current && (this.recipient === '' || this.recipient === this.#filled)) {
      this.recipient = this.#filled = displayNumber(current.other, this.cti.localNumbers);
    }
  }

  override render() {
    const t = messagesFor(this);
    const length = this.text.length;
    const disabled = this.cti.status === 'connected' ? '' : statusText(this.cti, t);
    const busy = this.#commands.running() !== undefined;
    return html`
      <form part="base" class="base" aria-label=${t.sendMessage} novalidate @submit=${this.#send}>
        <label class="entry"
          >${t.to}
          <input
            part="recipient"
            class="field"
            name="recipient"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            .value=${this.recipient}
            @input=${(event: InputEvent) => (this.recipient = (event.target as HTMLInputElement).value)}
        /></label>
        <label class="entry"
          >${t.message}
          <textarea
            part="text"
            class="field"
            name="message"
            rows="3"
            aria-describedby="count"
            aria-invalid=${length > MESSAGE_MAX_LENGTH ? 'true' : 'false'}
            .value=${this.text}
            @input=${(event: InputEvent) => (this.text = (event.target as HTMLTextAreaElement).value)}
          ></textarea>
        </label>
        <div class="footer">
          <span part="count" id="count" class=${length > MESSAGE_MAX_LENGTH ? 'quiet over' : 'quiet'}>${length} / ${MESSAGE_MAX_LENGTH}</span>
          <button part="send" class="pill send" type="submit" aria-disabled=${disabled || busy ? 'true' : 'false'} aria-busy=${busy ? 'true' : 'false'}>
            ${busy ? t.sending : t.send}
          </button>
        </div>
        <p part="result" class="result" role="status">${this.sent}</p>
        <p part="message" class="message" role="alert">${disabled || this.#commands.said()}</p>
      </form>
    `;
  }

  async #send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const t = messagesFor(this);
    const session = this.session;
    const text = this.text;
    if (this.#commands.running() || !session?.connected) return;
    this.sent = '';
    if (!text.trim()) return this.#commands.say('', t.messageEmpty);
    if (text.length > MESSAGE_MAX_LENGTH) return this.#commands.say('', t.messageTooLong(MESSAGE_MAX_LENGTH));
    let number: string | undefined;
    const problem = await this.#commands.run('', 'send', async () => {
      number = await resolveNumber(session, this.recipient);
      return number ? session.send_message(number, text) : t.invalidNumber;
    });
    if (problem) return;
    this.sent = t.messageSent;
    this.text = '';
    this.dispatchEvent(new KeyyoMessageSentEvent(number!, text));
  }
}
