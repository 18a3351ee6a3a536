import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { displayNumber, partyOf } from '../../shared/format.js';
import { closestAround, messagesFor, statusText, type Messages } from '../../shared/i18n.js';
import { tokens } from '../../shared/styles.js';
import type { CallSnapshot } from '../../snapshot.js';
import type { CallListFilter } from '../call-list/call-list.js';
import { phoneIcon } from '../../shared/icons.js';
import { KeyyoMissedSeenEvent } from '../../events/missed-seen.js';
import { rove } from '../../shared/roving.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './softphone.styles.js';

export type SoftphonePlacement = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

// The children's parts, re-exported under the same names (their `base`
// under the child's name), so the page themes the softphone as it themes
// the separate elements.
const DIALER_PARTS = 'base: dialer, input, keypad, key, call-button, message';
const CARD_PARTS = [
  'base: card, summary, avatar, party, number, state, link, actions, button, prompt, error',
  ...['answer', 'reject', 'hang-up', 'transfer', 'supervised-transfer', 'merge', 'pause', 'park', 'unpark'].map((action) => `button-${action}`),
].join(', ');
const WRAP_UP_PARTS = 'base: wrap-up, heading: wrap-up-heading, disposition, notes, save, skip, hint, message: wrap-up-message';
const LIST_PARTS = 'base: call-list, list, call, call-active, call-missed, call-selected, select, avatar, party, number, meta, time, call-back, message, empty, more';

/** A softphone outside any provider was said in the console (once a page). */
let warnedAlone = false;

const keypadIcon = svg`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><g fill="currentColor">${[5, 12, 19].flatMap((y) => [5, 12, 19].map((x) => svg`<circle cx=${x} cy=${y} r="2.2"/>`))}</g></svg>`;

/**
 * The whole phone in one tag, inside a `<keyyo-cti-provider>`: the line and
 * its connection, the dialer, a card with the current call (who, state,
 * time, actions), and the calls of the session's line (colleagues' lines
 * followed by a line board stay on the board) with tabs for all and missed
 * calls and a missed-call count the user can clear (with the provider's
 * history, in every tab and after a reload). With the provider's `wrap-up`,
 * the wrap-up form of the call that ended shows under the card. A call ringing in shows
 * Answer and Reject at once; nothing takes the keyboard focus. Its dialer
 * and call list come in a chunk of their own, asked for as its module
 * runs: the phone shows and answers a call without waiting for them.
 *
 * With `floating`, the phone folds into a launcher button fixed to a corner
 * of the page (`placement`), with a badge counting missed calls; it opens by
 * itself, without taking the focus, when a call rings in or is dialled (a
 * phone link clicked) and when a phone link could not be dialled, and folds
 * again when the call that opened it is missed; the user closes it with its
 * close button or Escape. The panel follows the launcher in the focus order.
 *
 * Outside a `<keyyo-cti-provider>` it shows "Not connected" and says why in
 * the console, once.
 *
 * @summary The whole phone: dialer, current call, calls.
 * @fires keyyo-dial-request - Before dialing from its dialer or calling back from its list; cancelable. `detail.number`, `detail.source`.
 * @fires keyyo-select-call - A call was chosen in its list. `detail.callref`.
 * @fires keyyo-error - Dialing, calling back or a command on the current call failed. `detail.error`.
 * @fires keyyo-missed-seen - The person marked the missed calls as seen; the provider remembers it (in every tab, and after a reload, with its history). `detail.until`: the end of the newest one (the service's time, seconds).
 * @csspart base - The phone's frame.
 * @csspart header - The line and connection status.
 * @csspart status - The connection status.
 * @csspart line - The session's line.
 * @csspart close - The button folding the floating phone.
 * @csspart keypad-toggle - The button showing or hiding the keypad.
 * @csspart notifications - With the provider's `notify-incoming`: the button allowing desktop notifications, or the word that the browser blocks them.
 * @csspart tabs - The tabs choosing all or missed calls.
 * @csspart tab - Each tab.
 * @csspart tab-selected - The tab shown (with `tab`).
 * @csspart badge - The count of missed calls, on the tab and the launcher.
 * @csspart clear - The button marking missed calls as seen.
 * @csspart launcher - The floating phone's button.
 * @csspart launcher-ringing - The launcher while a call rings in (with `launcher`).
 * @csspart panel - The floating phone's panel.
 * @csspart pending-logs - With a call log: how many call logs wait to be delivered, when any do.
 * @exportparts keyyo-dialer base: dialer, input, keypad, key, call-button, message
 * @exportparts keyyo-call-actions base: card, summary, avatar, party, number, state, link, actions, button, button-answer, button-reject, button-hang-up, button-transfer, button-supervised-transfer, button-merge, button-pause, button-park, button-unpark, prompt, error
 * @exportparts keyyo-call-wrap-up base: wrap-up, heading: wrap-up-heading, disposition, notes, save, skip, hint, message: wrap-up-message
 * @exportparts keyyo-call-list base: call-list, list, call, call-active, call-missed, call-selected, select, avatar, party, number, meta, time, call-back, message, empty, more
 * @cssprop --keyyo-softphone-width - Width of the phone (default 22rem; it works from 280px).
 * @cssprop --keyyo-softphone-background - Background of the phone.
 * @cssprop --keyyo-softphone-offset - Distance of the floating phone from the corner (default 1rem).
 * @cssprop --keyyo-softphone-z-index - Stacking of the floating phone (default 1000).
 * @cssprop --keyyo-color-surface - Global surface color.
 * @cssprop --keyyo-color-primary - Global accent color, of the launcher.
 * @cssprop --keyyo-color-success - Global color of a ringing launcher.
 * @cssprop --keyyo-color-danger - Global color of the missed-call badge.
 */
export class KeyyoSoftphone extends KeyyoElement {
  static override styles = [tokens, styles];

  /** Folds the phone into a launcher button fixed to a corner of the page. */
  @property({ type: Boolean, reflect: true }) floating = false;
  /** The floating phone's corner: `bottom-right`, `bottom-left`, `top-right` or `top-left`. */
  @property({ reflect: true }) placement: SoftphonePlacement = 'bottom-right';
  /** Whether the floating phone is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private tab: CallListFilter = 'all';
  @state() private keypad = false;
  /** Missed calls the user marked as seen. */
  @state() private seenMissed = new Set<string>();
  /** The call that last opened the floating phone. */
  #openedFor?: string;
  /** The call that opened the closed floating phone, which folds again if
   * nobody answers it, until the user opens or closes the phone. */
  #foldIfMissed?: string;
  #noticeSeen = this.cti.dialNotice;

  #missed(): CallSnapshot[] {
    const seenAt = this.cti.missedSeenAt ?? 0;
    return this.cti.calls.filter((call) => call.missed && call.direction === 'inbound' && !this.seenMissed.has(call.callref) && call.release_date! > seenAt);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Everything it shows comes from a provider around it.
    if (warnedAlone || closestAround(this, (node) => node.localName === 'keyyo-cti-provider')) return;
    warnedAlone = true;
    console.warn('<keyyo-softphone> shows "Not connected" outside a <keyyo-cti-provider>.');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const current = this.cti.current;
    // A call ringing in or dialled (a phone link clicked) opens the floating
    // phone once, and so does a word about a link; the user may close it.
    if (this.floating && current?.state === 'SETUP' && this.#openedFor !== current.callref) {
      this.#openedFor = current.callref;
      if (!this.open) this.#foldIfMissed = current.callref;
      this.open = true;
    }
    // Missed: the launcher's badge tells it; the page is the user's again.
    // (Unless the user is in it.)
    if (this.cti.calls.find((call) => call.callref === this.#foldIfMissed)?.missed) {
      this.#foldIfMissed = undefined;
      this.open &&= Boolean(this.shadowRoot!.activeElement);
    }
    if (this.floating && this.cti.dialNotice !== this.#noticeSeen) {
      this.#noticeSeen = this.cti.dialNotice;
      this.open = true;
    }
  }

  override render() {
    return this.floating ? this.#renderFloating() : this.#renderPhone();
  }

  #renderFloating() {
    const t = messagesFor(this);
    const current = this.cti.current;
    const ringing = current?.state === 'SETUP' && current.direction === 'inbound';
    const missed = this.#missed().length;
    const who = current ? (partyOf(current.other, this.cti).name ?? displayNumber(current.other, this.cti.localNumbers)) : '';
    const label = [ringing ? t.ringingFrom(who) : this.open ? t.closePhone : t.openPhone, missed ? t.missedCount(missed) : ''].filter(Boolean).join(', ');
    // The launcher comes first, so that the panel it opens is next in the
    // focus order; the styles put the panel above it (below it at the top).
    return html`
      <button
        part=${ringing ? 'launcher launcher-ringing' : 'launcher'}
        class=${ringing ? 'launcher ringing' : 'launcher'}
        type="button"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="panel"
        aria-label=${label}
        title=${label}
        @click=${() => ((this.#foldIfMissed = undefined), (this.open = !this.open))}
        @keydown=${this.#onKeydown}
      >
        ${phoneIcon} ${missed ? html`<span part="badge" class="badge" aria-hidden="true">${missed}</span>` : nothing}
      </button>
      <div id="panel" part="panel" class="panel" ?hidden=${!this.open} @keydown=${this.#onKeydown}>${this.#renderPhone()}</div>
    `;
  }

  #renderPhone() {
    const t = messagesFor(this);
    const { status, number } = this.cti;
    const missed = this.#missed().length;
    const tab = (filter: CallListFilter, label: string, count = 0) =>
      html`<button
        part=${this.tab === filter ? 'tab tab-selected' : 'tab'}
        class="tab"
        role="tab"
        id=${`tab-${filter}`}
        type="button"
        aria-selected=${this.tab === filter ? 'true' : 'false'}
        aria-controls="calls"
        tabindex=${this.tab === filter ? '0' : '-1'}
        @click=${() => (this.tab = filter)}
        @keydown=${this.#onTabKeydown}
      >
        ${label}${count ? html` <span part="badge" class="badge">${count}</span>` : nothing}
      </button>`;
    return html`
      <section part="base" class="base" aria-label=${t.phone}>
        <header part="header" class="header">
          <span part="status" class=${`status ${status}`} role="status">${statusText(this.cti, t)}</span>
          ${number ? html`<span part="line" class="line">${t.line(displayNumber(number, this.cti.localNumbers))}</span>` : nothing}
          <button
            part="keypad-toggle"
            class="icon-button"
            type="button"
            aria-expanded=${this.keypad ? 'true' : 'false'}
            title=${t.keypad}
            aria-label=${t.keypad}
            @click=${() => (this.keypad = !this.keypad)}
          >
            ${keypadIcon}
          </button>
          ${
            this.floating ? html`<button part="close" class="icon-button" type="button" aria-label=${t.closePhone} title=${t.closePhone} @click=${this.#close}>×</button>` : nothing
          }
        </header>
        ${this.#renderNotifications(t)}
        ${this.cti.pendingLogs ? html`<p part="pending-logs" class="pending-logs">${t.pendingLogs} ${this.cti.pendingLogs}</p>` : nothing}
        <keyyo-dialer class=${this.keypad ? 'with-keypad' : ''} exportparts=${DIALER_PARTS}></keyyo-dialer>
        <keyyo-call-actions exportparts=${CARD_PARTS}></keyyo-call-actions>
        ${this.cti.wrapUps?.length ? html`<keyyo-call-wrap-up exportparts=${WRAP_UP_PARTS}></keyyo-call-wrap-up>` : nothing}
        <div class="calls-header">
          <div part="tabs" class="tabs" role="tablist" aria-label=${t.calls}>${tab('all', t.allCalls)} ${tab('missed', t.missedCalls, missed)}</div>
          ${missed ? html`<button part="clear" class="clear" type="button" @click=${this.#clearMissed}>${t.clearMissed}</button>` : nothing}
        </div>
        <keyyo-call-list
          id="calls"
          role="tabpanel"
          aria-labelledby=${`tab-${this.tab}`}
          filter=${this.tab}
          .number=${number}
          exportparts=${LIST_PARTS}
        ></keyyo-call-list>
      </section>
    `;
  }

  /** With the provider's `notify-incoming`: a control to allow desktop
   * notifications (a permission asked only from the user's own click), or
   * a plain word when the browser blocks them. */
  #renderNotifications(t: Messages) {
    const permission = this.cti.notifyIncoming && typeof Notification !== 'undefined' ? Notification.permission : 'granted';
    if (permission === 'denied') return html`<p part="notifications" class="notifications">${t.notificationsBlocked}</p>`;
    if (permission !== 'default') return nothing;
    return html`<button part="notifications" class="notifications" type="button" @click=${this.#allowNotifications}>${t.enableNotifications}</button>`;
  }

  async #allowNotifications(): Promise<void> {
    await Notification.requestPermission();
    this.requestUpdate();
  }

  /** Seen here at once, and in every tab and after a reload with the provider's history. */
  #clearMissed(): void {
    const missed = this.cti.calls.filter((call) => call.missed);
    this.seenMissed = new Set(missed.map((call) => call.callref));
    this.dispatchEvent(new KeyyoMissedSeenEvent(Math.max(...missed.map((call) => call.release_date ?? 0))));
  }

  /** Arrow keys move between the tabs, as in any tab list. */
  #onTabKeydown(event: KeyboardEvent): void {
    const tab = rove(event, [...this.renderRoot.querySelectorAll<HTMLElement>('.tab')]);
    if (tab) this.tab = tab.id.slice(4) as CallListFilter;
  }

  /** Escape folds the open phone, from the launcher or inside it. */
  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.open) this.#close();
  }

  /** The user folds the phone: the focus goes back to the launcher. */
  #close(): void {
    this.#foldIfMissed = undefined;
    this.open = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus());
  }
}
