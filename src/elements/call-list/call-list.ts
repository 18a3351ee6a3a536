import { consume } from '@lit/context';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { classMap } from 'lit/directives/class-map.js';
import { selectionContext } from '../../context.js';
import { KeyyoSelectCallEvent } from '../../events/index.js';
import { displayNumber, formatDuration } from '../../shared/format.js';
import { messagesFor, type Messages } from '../../shared/i18n.js';
import { tokens } from '../../shared/styles.js';
import { TickController } from '../../shared/ticker.js';
import type { CallSnapshot } from '../../snapshot.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './call-list.styles.js';

export type CallListFilter = 'all' | 'active' | 'missed';

/** Ended calls shown at first, and added by each "more". */
const PAGE = 50;

/**
 * The calls of the session's lines: active calls first (ringing, then in
 * conversation), then recent calls, newest first, with live ringing and
 * talk times. Choosing a call (click, arrow keys, Enter) makes it the target
 * of `<keyyo-call-actions>`.
 *
 * @summary Active and recent calls, live.
 * @fires keyyo-select-call - A call was chosen. `detail.callref`.
 * @csspart base - The list's frame.
 * @csspart heading - The list's title.
 * @csspart list - The list of calls.
 * @csspart call - One call; also `call-active`, `call-missed`, `call-selected`.
 * @csspart party - The other party's number.
 * @csspart meta - Direction and state.
 * @csspart time - Ringing or talk time.
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
  static override styles = [tokens, styles];

  /** Which calls: `all`, `active` or `missed`. */
  @property({ reflect: true }) filter: CallListFilter = 'all';
  /** Only the calls of this line (international number); default all followed lines. */
  @property() number?: string;

  @consume({ context: selectionContext, subscribe: true })
  @state()
  private selected?: string;

  @state() private shownEnded = PAGE;
  /** The row that takes the focus in the list (roving tabindex). */
  @state() private focused?: string;

  constructor() {
    super();
    new TickController(this, () => this.#visibleCalls().some((call) => call.active));
  }

  #visibleCalls(): CallSnapshot[] {
    return this.cti.calls.filter(
      (call) =>
        (!this.number || call.caller === this.number || call.callee === this.number) &&
        (this.filter === 'all' || (this.filter === 'active' ? call.active : call.missed)),
    );
  }

  override render() {
    const t = messagesFor(this);
    const calls = this.#visibleCalls();
    const active = calls.filter((call) => call.active);
    const ended = calls.filter((call) => !call.active);
    const shown = [...active, ...ended.slice(0, this.shownEnded)];
    const focused = shown.find((call) => call.callref === this.focused) ?? shown.find((call) => call.callref === this.selected) ?? shown[0];
    const empty = { all: t.noCalls, active: t.noActive, missed: t.noMissed }[this.filter] ?? t.noCalls;
    return html`
      <section part="base" class="base" aria-labelledby="heading">
        <h2 part="heading" id="heading" class="heading">${t.calls}</h2>
        ${shown.length === 0
          ? html`<p part="empty" class="empty">${empty}</p>`
          : html`<ul part="list" class="list" role="listbox" aria-labelledby="heading" @keydown=${this.#onKeydown}>
              ${shown.map((call) => this.#renderCall(call, t, call === focused))}
            </ul>`}
        ${ended.length > this.shownEnded
          ? html`<button part="more" class="more" type="button" @click=${() => (this.shownEnded += PAGE)}>${t.more}</button>`
          : nothing}
      </section>
    `;
  }

  #renderCall(call: CallSnapshot, t: Messages, focusable: boolean) {
    const selected = call.callref === this.selected;
    const parked = call.active && call.callpark_slot !== undefined;
    const stateLabel = parked ? t.parked : { SETUP: t.ringing, CONNECT: t.connected, RELEASE: t.released, MISSED: t.missed }[call.state];
    const direction = { inbound: t.inbound, outbound: t.outbound, other: t.other }[call.direction];
    const party = displayNumber(call.other, this.cti.localNumbers);
    const time = this.#time(call);
    const parts = ['call', call.active ? 'call-active' : '', call.missed ? 'call-missed' : '', selected ? 'call-selected' : ''].filter(Boolean).join(' ');
    return html`<li
      part=${parts}
      class=${classMap({ call: true, active: call.active, missed: call.missed, selected, ringing: call.state === 'SETUP' })}
      role="option"
      id=${`call-${call.callref}`}
      data-callref=${call.callref}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${focusable ? '0' : '-1'}
      @click=${() => this.#select(call.callref)}
    >
      <span part="party" class="party">${party}</span>
      <span part="meta" class="meta">${direction} · ${stateLabel}</span>
      <span part="time" class="time">${time}</span>
    </li>`;
  }

  /** Ringing time while it rings or if it was missed, talk time otherwise. */
  #time(call: CallSnapshot): string {
    const now = this.session?.server_now() ?? Date.now() / 1000;
    if (call.setup_date === undefined) return '';
    if (call.connect_date === undefined) return formatDuration((call.release_date ?? now) - call.setup_date);
    return formatDuration((call.release_date ?? now) - call.connect_date);
  }

  #select(callref: string): void {
    this.focused = callref;
    this.dispatchEvent(new KeyyoSelectCallEvent(callref));
  }

  #onKeydown(event: KeyboardEvent): void {
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('[role="option"]')];
    const index = rows.findIndex((row) => row === this.renderRoot.querySelector('[role="option"]:focus'));
    const move = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      const next = rows[Math.min(rows.length - 1, Math.max(0, (index < 0 ? 0 : index) + move))];
      if (!next) return;
      this.focused = next.dataset.callref;
      next.focus();
      this.#select(next.dataset.callref!);
    } else if ((event.key === 'Enter' || event.key === ' ') && index >= 0) {
      event.preventDefault();
      this.#select(rows[index]!.dataset.callref!);
    }
  }
}
