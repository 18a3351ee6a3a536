import { css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { dialLink } from '../../shared/dialing.js';
import { clip } from '../../shared/format.js';
import { phoneIcon } from '../../shared/icons.js';
import { messagesFor, statusText } from '../../shared/i18n.js';
import { tokens } from '../../shared/styles.js';
import { KeyyoElement } from '../keyyo-element.js';

/**
 * A button calling one number from the session's line, for a page with no
 * phone link to click. The number goes through the checks of a phone link
 * (`click-to-call` on the provider): read as a `tel:` link would be,
 * validated, offered to the page as a cancelable `keyyo-dial-request`, and
 * what went wrong shows beside the button.
 *
 * @summary Calls one number.
 * @slot - The button's label; default the contact's name, else the number.
 * @fires keyyo-dial-request - Before dialing; cancelable. `detail.number`: the international number; `detail.source`: `"link"`.
 * @fires keyyo-error - Dialing failed. `detail.error`.
 * @csspart button - The button.
 * @csspart message - Why the number was not dialled, or what of it was not.
 * @cssprop --keyyo-click-to-call-background - Background of the button.
 * @cssprop --keyyo-color-success - Global color of positive actions.
 */
export class KeyyoClickToCall extends KeyyoElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: inline-flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--_space);
      }

      .button {
        display: inline-flex;
        align-items: center;
        gap: calc(var(--_space) * 0.5);
        padding: calc(var(--_space) * 0.5) var(--_space);
        border: 0;
        border-radius: var(--_radius);
        background: var(--keyyo-click-to-call-background, var(--_success));
        color: var(--_on-primary);
        font-weight: 600;
      }

      .message:empty {
        display: none;
      }

      .message {
        margin: 0;
        color: var(--_muted);
      }
    `,
  ];

  /** The number to call: international, national, the organisation's local form, or a `tel:` link. */
  @property() number = '';

  @state() private message = '';
  @state() private busy = false;

  override render() {
    const t = messagesFor(this);
    const why = this.cti.status === 'connected' ? '' : statusText(this.cti, t);
    const name = this.cti.contacts.get(this.number)?.name;
    return html`<button
        part="button"
        class="button"
        type="button"
        aria-disabled=${why || this.busy ? 'true' : 'false'}
        aria-busy=${this.busy ? 'true' : 'false'}
        aria-describedby="message"
        title=${why || t.call}
        @click=${this.#dial}
      >
        ${phoneIcon}<slot>${clip(name ?? this.number)}</slot>
      </button>
      <p part="message" id="message" class="message" role="status">${this.message}</p>`;
  }

  async #dial(): Promise<void> {
    if (this.busy || this.cti.status !== 'connected') return;
    this.busy = true;
    this.message = '';
    this.message = (await dialLink(this, this.session, this.cti, this.number))?.text ?? '';
    this.busy = false;
  }
}
