import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { selectionContext } from '../../context.js';
import { KeyyoSelectCallEvent } from '../../events/index.js';
import { renderAvatar } from '../../shared/avatar.js';
import { requestDial } from '../../shared/dialing.js';
import { startedAt } from '../../shared/dates.js';
import { callTime, partyOf, tickingFrom } from '../../shared/format.js';
import { addEnglish, languageOf, messagesFor, type Messages } from '../../shared/i18n.js';
import { callListTexts } from '../../shared/i18n-more.js';
import { PressGuard } from '../../shared/press-guard.js';
import { rove } from '../../shared/roving.js';
import { avatarStyles, tokens } from '../../shared/styles.js';
import { clockSkew, TickController, ticking } from '../../shared/ticker.js';
import type { CallSnapshot } from '../../snapshot.js';
import { FollowController } from '../../shared/following.js';
import { phoneIcon } from '../../shared/icons.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './call-list.styles.js';

export type CallListFilter = 'all' | 'active' | 'missed';

/** A call ringing in that nobody answered; a call placed that nobody
 * answered is not missed, it had no answer. */
const missedCall = (call: CallSnapshot) => call.missed && call.direction !== 'outbound';

/** Calls shown at first, and added by each "more": what arrives at once,
 * however much, costs one page of rows. */
const PAGE = 50;

/**
 * The calls of the session's lines: active calls first (ringing, then in
 * conversation), then recent calls, newest first, with who the other party
 * is and live ringing and talk times. Choosing a call (click, arrow keys,
 * Enter) makes it the target of `<keyyo-call-actions>`; an ended call has a
 * call-back button, which dials like the dialer does.
 *
 * @summary Active and recent calls, live.
 * @fires keyyo-select-call - A call was chosen. `detail.callref`. Bubbles to the page, which may follow the user's choice.
 * @fires keyyo-dial-request - Before calling back; cancelable. `detail.number`, `detail.source`: `"call-back"`.
 * @fires keyyo-error - Calling back failed. `detail.error`.
 * @csspart base - The list's frame.
 * @csspart heading - The list's title.
 * @csspart list - The list of calls.
 * @csspart call - One call.
 * @csspart call-active - A call ringing or in conversation (with `call`).
 * @csspart call-missed - A missed call, ringing in and never answered (with `call`).
 * @csspart call-selected - The chosen call (with `call`).
 * @csspart select - The button choosing a call, holding its avatar, party, meta and time.
 * @csspart avatar - The contact's picture or initials.
 * @csspart party - The contact's name, else the number.
 * @csspart number - The number, under a contact's name.
 * @csspart meta - Direction, state, and when an ended call started.
 * @csspart time - Ringing or talk time.
 * @csspart call-back - The button calling an ended call's party back.
 * @csspart message - Why a call back was not placed.
 * @csspart empty - What shows when there is no call.
 * @csspart more - The button showing older calls.
 * @cssprop --keyyo-call-list-background - Background of the list.
 * @cssprop --keyyo-call-list-selected-background - Background of the chosen call.
 * @cssprop --keyyo-call-list-missed-color - Color of missed calls.
 * @cssprop --keyyo-color-surface - Global surface color.
 * @cssprop --keyyo-color-text - Global text color.
 * @cssprop --keyyo-color-primary - Global accent color.
 */
export class KeyyoCallList extends KeyyoElement {
  static {
    addEnglish(callListTexts);
  }

  static override styles = [tokens, avatarStyles, styles];

  /** Which calls: `all`, `active` or `missed`. */
  @property({ reflect: true }) filter: CallListFilter = 'all';
  /** Only the calls of this line (international number), which the list keeps followed; default all followed lines. */
  @property() number?: string;

  @consume({ context: selectionContext, subscribe: true })
  @state()
  private selected?: string;

  @state() private shownRows = PAGE;
  /** The row that takes the focus in the list (roving tabindex). */
  @state() private focused?: string;
  @state() private message = '';

  #guard = new PressGuard();
  /** The calls this update shows, and whether there are more. */
  #visible: [CallSnapshot[], boolean] = [[], false];
  #dialing = false;

  constructor() {
    super();
    new TickController(this);
    // A list of one line keeps that line followed.
    new FollowController(this, () => (this.number ? [this.number] : []));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#visible = this.#visibleCalls();
    // Rows move when calls come and go, and an ended call's row gains a
    // call-back button: call-back buttons wait a moment after.
    this.#guard.show(this.#visible[0].map((call) => call.callref + call.active).join());
  }

  /** The calls shown (active calls come first), and whether there are
   * more: the calls past the last page shown are not looked at. */
  #visibleCalls(): [CallSnapshot[], boolean] {
    const shown: CallSnapshot[] = [];
    for (const call of this.cti.calls) {
      if (this.number && call.caller !== this.number && call.callee !== this.number) continue;
      if (this.filter !== 'all' && !(this.filter === 'active' ? call.active : missedCall(call))) continue;
      if (shown.length === this.shownRows) return [shown, true];
      shown.push(call);
    }
    return [shown, false];
  }

  override render() {
    const t = messagesFor(this);
    // The browser's clock minus the service's, in seconds.
    const skew = clockSkew(this.session);
    const [shown, more] = this.#visible;
    const lang = languageOf(this);
    const focused = shown.find((call) => call.callref === this.focused) ?? shown.find((call) => call.callref === this.selected) ?? shown[0];
    const empty = { all: t.noCalls, active: t.noActive, missed: t.noMissed }[this.filter] ?? t.noCalls;
    return html`
      <section part="base" class="base" aria-labelledby="heading">
        <h2 part="heading" id="heading" class="heading">${t.calls}</h2>
        ${
          shown.length === 0
            ? html`<p part="empty" class="empty">${empty}</p>`
            : html`<ul part="list" class="list" aria-labelledby="heading" @keydown=${this.#onKeydown}>
              ${shown.map((call) => this.#renderCall(call, t, skew, call === focused, lang))}
            </ul>`
        }
        <p part="message" class="message" role="alert">${this.message}</p>
        ${more ? html`<button part="more" class="more" type="button" @click=${() => (this.shownRows += PAGE)}>${t.more}</button>` : nothing}
      </section>
    `;
  }

  #renderCall(call: CallSnapshot, t: Messages, skew: number, focusable: boolean, lang: string) {
    const selected = call.callref === this.selected;
    const parked = call.active && call.callpark_slot !== undefined;
    const missed = missedCall(call);
    const stateLabel = parked ? t.parked : call.missed && !missed ? t.noAnswer : { SETUP: t.ringing, CONNECT: t.connected, RELEASE: t.released, MISSED: t.missed }[call.state];
    const direction = { inbound: t.inbound, outbound: t.outbound, other: t.other }[call.direction];
    const { name, number, contact } = partyOf(call.other, this.cti);
    const from = tickingFrom(call);
    const parts = ['call', call.active ? 'call-active' : '', missed ? 'call-missed' : '', selected ? 'call-selected' : ''].filter(Boolean).join(' ');
    return html`<li
      part=${parts}
      class="call ${call.active ? 'active' : ''} ${missed ? 'missed' : ''} ${selected ? 'selected' : ''} ${call.state === 'SETUP' ? 'ringing' : ''}"
      data-callref=${call.callref}
    >
      <button part="select" class="select" type="button" aria-pressed=${selected ? 'true' : 'false'} tabindex=${focusable ? '0' : '-1'} @click=${() => this.#select(call.callref)}>
        ${renderAvatar(contact)}
        <span part="party" class="party">${name ?? number}</span>
        <span part="meta" class="meta"
          >${name ? html`<span part="number">${number}</span> · ` : nothing}${direction} · ${stateLabel}${
            call.active || call.setup_date === undefined ? '' : ` · ${startedAt(call.setup_date + skew, lang)}`
          }</span
        >
        ${
          from === undefined
            ? html`<span part="time" class="time">${callTime(call, Date.now() / 1000 - skew)}</span>`
            : html`<span part="time" class="time" ${ticking(from, skew)}></span>`
        }
      </button>
      ${
        call.active
          ? nothing
          : html`<button part="call-back" class="call-back" type="button" aria-label=${t.callBackTo(name ?? number)} title=${t.callBack} @pointerdown=${() => this.#guard.down(call.callref)} @click=${(event: MouseEvent) => this.#callBack(event, call)}>
            ${phoneIcon}
          </button>`
      }
    </li>`;
  }

  async #callBack(event: MouseEvent, call: CallSnapshot): Promise<void> {
    if (this.#dialing || !this.#guard.allows(event, call.callref)) return;
    this.#dialing = true;
    this.message = await requestDial(this, this.session, this.cti, call.other, 'call-back');
    this.#dialing = false;
  }

  #select(callref: string): void {
    this.focused = callref;
    this.dispatchEvent(new KeyyoSelectCallEvent(callref));
  }

  #onKeydown(event: KeyboardEvent): void {
    const row = rove(event, [...this.renderRoot.querySelectorAll<HTMLElement>('.select')]);
    if (row) this.#select(row.closest('li')!.dataset.callref!);
  }
}
