import { html, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { cleanNumber, requestDial } from '../../shared/dialing.js';
import { addEnglish, messagesFor, statusText } from '../../shared/i18n.js';
import { dialerTexts } from '../../shared/i18n-more.js';
import { rove } from '../../shared/roving.js';
import { frameStyles, tokens } from '../../shared/styles.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './dialer.styles.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

/**
 * A number field with a keypad and a call button. Short, national and
 * international numbers are accepted and turned into the international form
 * (through the service when connected); invalid numbers are refused before
 * anything is sent, with the reason next to the field. What became of a
 * phone link clicked on the page (`click-to-call`) shows there too.
 *
 * @summary Dials a number from the session's line.
 * @fires keyyo-dial-request - Before dialing; cancelable. `detail.number`: the international number; `detail.source`: `"dialer"`.
 * @fires keyyo-error - Dialing failed. `detail.error`.
 * @csspart base - The dialer's frame.
 * @csspart input - The number field.
 * @csspart keypad - The keypad.
 * @csspart key - Each key of the keypad.
 * @csspart call-button - The call button.
 * @csspart message - The reason a number is refused or the dialer disabled.
 * @cssprop --keyyo-dialer-background - Background of the dialer.
 * @cssprop --keyyo-dialer-call-background - Background of the call button.
 * @cssprop --keyyo-color-success - Global color of positive actions.
 */
export class KeyyoDialer extends KeyyoElement {
  static {
    addEnglish(dialerTexts);
  }

  static override styles = [tokens, frameStyles, styles];

  @state() private value = '';
  @state() private message = '';
  @state() private busy = false;
  /** What became of the last phone link clicked on the page. */
  @state() private notice = '';
  #noticeSeen = this.cti.dialNotice;
  /** The key of the keypad that Tab reaches. */
  #key = 0;

  /** The number in the field. */
  get number(): string {
    return this.value;
  }

  set number(value: string) {
    this.value = cleanNumber(String(value ?? ''));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.cti.dialNotice === this.#noticeSeen) return;
    this.#noticeSeen = this.cti.dialNotice;
    this.notice = this.#noticeSeen?.text ?? '';
  }

  override render() {
    const t = messagesFor(this);
    const disabledReason = this.cti.status === 'connected' ? '' : statusText(this.cti, t);
    const message = disabledReason || this.message || this.notice;
    return html`
      <form part="base" class="base" @submit=${this.#onSubmit} novalidate>
        <label class="visually-hidden" for="number">${t.number}</label>
        <input
          part="input"
          id="number"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          .value=${this.value}
          placeholder=${t.number}
          aria-invalid=${this.message ? 'true' : 'false'}
          aria-describedby="message"
          ?disabled=${Boolean(disabledReason)}
          @input=${this.#onInput}
          @paste=${this.#onPaste}
        />
        <div part="keypad" class="keypad" role="group" aria-label=${t.keypad} @keydown=${this.#onKeypadKeydown}>
          ${KEYS.map(
            (key, index) =>
              html`<button part="key" class="key" type="button" tabindex=${index === this.#key ? '0' : '-1'} ?disabled=${Boolean(disabledReason)} @click=${() => this.#press(key)}>
                ${key}
              </button>`,
          )}
        </div>
        <button part="call-button" class="call" type="submit" ?disabled=${Boolean(disabledReason) || this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
          ${this.busy ? t.calling : t.call}
        </button>
        <p part="message" id="message" class="message" role=${ifDefined(this.message ? 'alert' : this.notice ? 'status' : undefined)}>${message}</p>
      </form>
    `;
  }

  #onInput(event: InputEvent): void {
    this.value = (event.target as HTMLInputElement).value;
    this.message = this.notice = '';
  }

  /** Pasted numbers come with spaces, dots, brackets or words: keep the number. */
  #onPaste(event: ClipboardEvent): void {
    const pasted = event.clipboardData?.getData('text') ?? '';
    event.preventDefault();
    const input = event.target as HTMLInputElement;
    const start = input.selectionStart ?? this.value.length;
    const end = input.selectionEnd ?? start;
    this.value = cleanNumber(this.value.slice(0, start) + pasted + this.value.slice(end));
    this.message = this.notice = '';
  }

  /** The keypad is one tab stop, the key last moved to; the arrow keys
   * move on it, as on a phone's. */
  #onKeypadKeydown(event: KeyboardEvent): void {
    const keys = [...this.renderRoot.querySelectorAll<HTMLElement>('.key')];
    const key = rove(event, keys, 3);
    if (key) {
      this.#key = keys.indexOf(key);
      this.requestUpdate();
    }
  }

  #press(key: string): void {
    this.value += key;
    this.message = this.notice = '';
  }

  async #onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.busy = true;
    this.notice = '';
    this.message = await requestDial(this, this.session, this.cti, this.value, 'dialer');
    if (!this.message) this.value = '';
    this.busy = false;
  }
}
