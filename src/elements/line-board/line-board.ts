import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { selectionContext } from '../../context.js';
import type { CTI, CtiError } from '../../sdk/index.js';
import { Commands, liveCall } from '../../shared/commands.js';
import { cleanNumber, requestDial, writtenInternational } from '../../shared/dialing.js';
import { clip, displayNumber, partyOf } from '../../shared/format.js';
import { FollowController } from '../../shared/following.js';
import { addEnglish, messagesFor, statusText, type Messages } from '../../shared/i18n.js';
import { teamTexts } from '../../shared/i18n-more.js';
import { panelStyles } from '../../shared/panel-styles.js';
import { frameStyles, tokens } from '../../shared/styles.js';
import { clockSkew, TickController, ticking } from '../../shared/ticker.js';
import { activeCallsByNumber, callToMove, otherSideOf, type CallSnapshot } from '../../snapshot.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './line-board.styles.js';

/** A line to show: its number (international, or the organisation's local
 * form) and, if the page knows better than the contacts, a name. */
export interface TeamLine {
  number: string;
  name?: string;
}

type Transfer = 'transfer' | 'consult';

/** One row: what the page gave, and the international number once known
 * (null: not a phone number). */
interface Row {
  given: string;
  name?: string;
  number?: string | null;
}

/** With more lines than this, a field finds a colleague by name or number. */
const FILTER_FROM = 12;

/** Lowercase, without accents: "Gaëlle" is found as "gaelle". */
const searchable = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * Colleagues' lines, live: each line free, ringing (with who calls), in
 * conversation (with whom, and for how long), calling out, parked, or with
 * several calls. A line the service will not follow (outside the
 * organisation) says so on its row, and the others keep working.
 *
 * The row of a free colleague calls them, and while the user has a call
 * in conversation, transfers it to them (blind) or consults them first (a
 * supervised transfer that completes once they answer); a colleague's row
 * has no buttons while they ring or talk. One command at a
 * time runs on a call; a press acts on what its button showed when the
 * pointer went down. The arrow keys move between rows.
 *
 * The board follows its lines through the provider, which subscribes to
 * each number once however many elements need it, and unsubscribes when
 * none does. Names come from `lines`, else the provider's contacts, else
 * the number in the organisation's local form.
 *
 * @summary Colleagues' lines, live, with call and transfer.
 * @fires keyyo-dial-request - Before calling a colleague; cancelable. `detail.number`, `detail.source`: `"line-board"`.
 * @fires keyyo-error - A call or a transfer failed. `detail.error`.
 * @csspart base - The board's frame.
 * @csspart heading - The board's title.
 * @csspart summary - How many lines are free, or why the board cannot work.
 * @csspart filter - The field finding a colleague (with more than 12 lines).
 * @csspart list - The list of lines.
 * @csspart line - One line; also `line-free`, `line-ringing`, `line-busy`, `line-unavailable`.
 * @csspart presence - The dot showing the line's state by its color.
 * @csspart name - The colleague's name, else the number.
 * @csspart number - The number, under a name.
 * @csspart status - What the line is doing.
 * @csspart time - How long it has rung or talked.
 * @csspart actions - The buttons of a line.
 * @csspart button - Each button; also `button-call`, `button-transfer`, `button-consult`.
 * @csspart message - Why a call or a transfer from this row failed.
 * @csspart empty - What shows when there is no line.
 * @cssprop --keyyo-line-board-background - Background of the board.
 * @cssprop --keyyo-line-board-free-color - Presence of a free line (default the success color).
 * @cssprop --keyyo-line-board-ringing-color - Presence of a ringing line (default the primary color).
 * @cssprop --keyyo-line-board-busy-color - Presence of a busy line (default the danger color).
 */
export class KeyyoLineBoard extends KeyyoElement {
  static {
    addEnglish(teamTexts);
  }

  static override styles = [tokens, frameStyles, panelStyles, styles];

  /** The lines, comma-separated, in international or local form: `"7702, 7703, 33172587704"`. */
  @property() numbers = '';
  /** The lines with their names, `[{number, name?}]`; wins over `numbers`. */
  @property({ attribute: false }) lines?: readonly TeamLine[];
  /** Seconds a consulted colleague has to answer before the transfer is given up (0: no limit). */
  @property({ attribute: 'invite-timer', type: Number }) inviteTimer = 30;

  @consume({ context: selectionContext, subscribe: true })
  @state()
  private selected?: string;

  @state() private query = '';
  /** The row whose buttons the Tab key reaches (roving tabindex). */
  @state() private focused?: string;

  #rows: Row[] = [];
  /** The international numbers of the rows, followed while shown. */
  #numbers: string[] = [];
  #givenNames = new Map<string, string>();
  /** The local forms the page gave, by international number. */
  #givenLocal = new Map<string, string>();
  /** International forms of what the page gave; null: not a phone number. */
  #resolved = new Map<string, string | null>();
  #resolving = new Set<string>();
  /** Local forms the service failed to read (not refused): asked again once the connection is back. */
  #unread = new Set<string>();
  #resolvedFor?: CTI;
  /** The rows must be read again: the lines, the session or a reading changed. */
  #stale = true;
  /** A transfer at a time for each call; why the last command of a row
   * failed is said on that row (by its number). */
  #commands = new Commands(this, () => this.cti);
  #dialing = false;
  /** The call the transfer buttons would move, for this update. */
  #target?: CallSnapshot;

  constructor() {
    super();
    new TickController(this);
    new FollowController(this, () => this.#numbers);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Local forms are the organisation's: another session may read them otherwise.
    if (this.session !== this.#resolvedFor) {
      this.#resolved.clear();
      this.#resolvedFor = this.session;
      this.#stale = true;
    }
    if (changed.has('lines') || changed.has('numbers')) this.#stale = true;
    if (this.cti.status !== 'connected') this.#unread.clear();
    // A row waits for the service to read its local form once connected.
    if (this.#stale || this.#rows.some((row) => row.number === undefined)) this.#readRows();
    this.#target = this.cti.status === 'connected' ? callToMove(this.cti.calls, this.cti.current, this.selected) : undefined;
    // Transfer buttons come and go with the call, rows with the lines and the filter.
    this.#commands.guard.show(`${this.#target?.callref} ${this.query} ${this.#rows.length} ${this.#numbers.length}`);
  }

  /** The rows from `lines` or `numbers`, each number read as soon as it
   * can be: at once when international, by the service when local. */
  #readRows(): void {
    this.#stale = false;
    const given: readonly TeamLine[] = Array.isArray(this.lines)
      ? this.lines
      : String(this.numbers ?? '')
          .split(',')
          .map((number) => ({ number }));
    const rows: Row[] = [];
    const numbers = new Set<string>();
    this.#givenNames.clear();
    this.#givenLocal.clear();
    for (const line of given) {
      const text = String(line?.number ?? '').trim();
      if (!text) continue;
      const number = this.#resolve(text);
      if (number) {
        if (numbers.has(number)) continue; // a line listed twice shows once
        numbers.add(number);
        if (line.name) this.#givenNames.set(number, String(line.name));
        if (writtenInternational(text) === undefined) this.#givenLocal.set(number, cleanNumber(text));
      }
      rows.push({ given: text, name: line.name ? String(line.name) : undefined, number });
    }
    this.#rows = rows;
    if (this.#numbers.join() !== [...numbers].join()) this.#numbers = [...numbers];
  }

  #resolve(text: string): string | null | undefined {
    const clean = cleanNumber(text);
    if (this.#resolved.has(clean)) return this.#resolved.get(clean);
    const written = writtenInternational(clean);
    if (written !== undefined) {
      this.#resolved.set(clean, written);
      return written;
    }
    const session = this.session;
    if (session?.connected && !this.#resolving.has(clean) && !this.#unread.has(clean)) {
      this.#resolving.add(clean);
      session
        .local_to_int(clean)
        .then(
          (number) => this.#resolved.set(clean, writtenInternational(number) ?? null),
          (error: CtiError) => {
            // Refused: not a number of the organisation. Otherwise asked again
            // after the next reconnection, not at once (that would be a storm).
            if (error.error_code === 'invalid_params' || error.error_code === 'missing_parameter') this.#resolved.set(clean, null);
            else this.#unread.add(clean);
          },
        )
        .finally(() => {
          this.#resolving.delete(clean);
          this.#stale = true;
          this.requestUpdate();
        });
    }
    return undefined;
  }

  #nameOf(number: string): string {
    return this.#givenNames.get(number) ?? partyOf(number, this.cti).name ?? this.#shown(number);
  }

  /** A number as the organisation reads it: the service's local form, else the one the page gave. */
  #shown(number: string): string {
    const local = this.cti.localNumbers.has(number) ? undefined : this.#givenLocal.get(number);
    return local ? clip(local) : displayNumber(number, this.cti.localNumbers);
  }

  #shownRows(): Row[] {
    const query = searchable(this.query.trim());
    if (!query || this.#rows.length <= FILTER_FROM) return this.#rows;
    return this.#rows.filter((row) => {
      const number = row.number ?? '';
      return searchable(`${row.name ?? (number && this.#nameOf(number))} ${row.given} ${number} ${this.#shown(number)}`).includes(query);
    });
  }

  override render() {
    const t = messagesFor(this);
    const connected = this.cti.status === 'connected';
    const rows = this.#shownRows();
    const target = this.#target;
    const active = activeCallsByNumber(this.cti.calls);
    // The browser's clock minus the service's, in seconds.
    const skew = clockSkew(this.session);
    const focused = rows.find((row) => row.number === this.focused && this.#hasButtons(row, active)) ?? rows.find((row) => this.#hasButtons(row, active));
    const free = this.#numbers.filter((number) => this.cti.following.get(number)?.status === 'followed' && !this.#callsOf(number, active).length).length;
    return html`
      <section part="base" class="base" aria-labelledby="heading">
        <header class="header">
          <h2 part="heading" id="heading" class="heading">${t.team}</h2>
          <span part="summary" class="quiet">${connected ? t.freeCount(free, this.#numbers.length) : statusText(this.cti, t)}</span>
        </header>
        ${
          this.#rows.length > FILTER_FROM
            ? html`<input
              part="filter"
              class="field"
              type="search"
              aria-label=${t.findColleague}
              placeholder=${t.findColleague}
              .value=${this.query}
              @input=${(event: InputEvent) => (this.query = (event.target as HTMLInputElement).value)}
            />`
            : nothing
        }
        ${
          rows.length
            ? html`<ul part="list" class="list" aria-labelledby="heading" @keydown=${this.#onKeydown}>
              ${rows.map((row) => this.#renderRow(row, active, { t, target, skew, focusable: row === focused }))}
            </ul>`
            : html`<p part="empty" class="quiet empty">${t.noLines}</p>`
        }
      </section>
    `;
  }

  /** The calls a line is on: its active calls, but for those it parked
   * (the other party waits in the park; the line is free again). */
  #callsOf(number: string, active: ReadonlyMap<string, readonly CallSnapshot[]>): CallSnapshot[] {
    return (active.get(number) ?? []).filter((call) => call.callpark_slot === undefined || call.caller === number);
  }

  /** A colleague on the phone is neither called nor sent a call: buttons
   * for a free line, or one whose state the service does not tell. */
  #hasButtons(row: Row, active: ReadonlyMap<string, readonly CallSnapshot[]>): boolean {
    return Boolean(row.number) && row.number !== this.cti.number && !this.#callsOf(row.number!, active).length;
  }

  #renderRow(row: Row, active: ReadonlyMap<string, readonly CallSnapshot[]>, view: { t: Messages; target?: CallSnapshot; skew: number; focusable: boolean }) {
    const { t, target, skew } = view;
    const number = row.number;
    const calls = number ? this.#callsOf(number, active) : [];
    const following = number ? this.cti.following.get(number) : undefined;
    const name = row.name ?? (number ? this.#nameOf(number) : row.given);
    const shownNumber = number ? this.#shown(number) : '';
    let kind = 'unavailable';
    let status: string = number === null ? t.lineInvalid : following?.status === 'refused' ? t.lineRefused : t.connecting;
    let from: number | undefined;
    if (following?.status === 'followed' && number) {
      [kind, status, from] = this.#activity(number, calls, t);
    }
    const message = number ? this.#commands.said(number) : undefined;
    return html`<li part=${`line line-${kind}`} class=${`line ${kind}`} data-number=${number ?? row.given}>
      <span part="presence" class="presence" aria-hidden="true"></span>
      <span class="who">
        <span part="name" class="name">${name}${number === this.cti.number ? ` (${t.you})` : ''}</span>
        ${shownNumber && shownNumber !== name ? html`<span part="number" class="quiet">${shownNumber}</span>` : nothing}
      </span>
      <span part="status" class="quiet status"
        >${status}${from === undefined ? nothing : html` · <span part="time" class="time" ${ticking(from, skew)}></span>`}</span
      >
      ${this.#hasButtons(row, active) ? this.#renderButtons(number!, name, target, view.focusable, t) : nothing}
      ${message ? html`<span part="message" class="message" role="alert">${message}</span>` : nothing}
    </li>`;
  }

  /** What a followed line does: its kind (for styles), its words, and where its time counts from. */
  #activity(number: string, calls: CallSnapshot[], t: Messages): [string, string, number | undefined] {
    const [call] = calls;
    if (!call) return ['free', t.free, undefined];
    if (calls.length > 1) return ['busy', t.severalCalls(calls.length), undefined];
    if (call.callpark_slot !== undefined) return ['busy', t.parked, call.setup_date];
    const party = this.#nameOf(call.caller === number ? call.callee : call.caller);
    if (call.state === 'CONNECT') return ['busy', t.talkingWith(party), call.connect_date];
    return call.callee === number ? ['ringing', t.ringingFrom(party), call.setup_date] : ['busy', t.callingWho(party), call.setup_date];
  }

  #renderButtons(number: string, name: string, target: CallSnapshot | undefined, focusable: boolean, t: Messages) {
    const tabindex = focusable ? '0' : '-1';
    const running = target && this.#commands.running(target.callref);
    const transfer = (action: Transfer, label: string, aria: string) => {
      const meaning = `${number} ${action} ${target!.callref}`;
      return html`<button
        part=${`button button-${action}`}
        class=${`pill ${action}`}
        type="button"
        tabindex=${tabindex}
        aria-label=${aria}
        aria-disabled=${running ? 'true' : 'false'}
        aria-busy=${running === meaning ? 'true' : 'false'}
        @pointerdown=${() => this.#commands.guard.down(meaning)}
        @click=${(event: MouseEvent) => this.#commands.guard.allows(event, meaning) && this.#transfer(number, action, target!, meaning)}
      >
        ${label}
      </button>`;
    };
    const movable = target && target.caller !== number && target.callee !== number;
    return html`<span part="actions" class="actions" @focusin=${() => (this.focused = number)}>
      <button
        part="button button-call"
        class="pill call"
        type="button"
        tabindex=${tabindex}
        aria-label=${t.callWho(name)}
        aria-disabled=${this.cti.status === 'connected' ? 'false' : 'true'}
        @pointerdown=${() => this.#commands.guard.down(`${number} call`)}
        @click=${(event: MouseEvent) => this.#commands.guard.allows(event, `${number} call`) && this.#call(number)}
      >
        ${t.call}
      </button>
      ${movable ? [transfer('transfer', t.transfer, t.transferToWho(name)), transfer('consult', t.consult, t.consultWho(name))] : nothing}
    </span>`;
  }

  async #call(number: string): Promise<void> {
    if (this.#dialing || this.cti.status !== 'connected') return;
    this.#dialing = true;
    this.#commands.say(number, '');
    this.#commands.say(number, await requestDial(this, this.session, this.cti, number, 'line-board'));
    this.#dialing = false;
  }

  #transfer(number: string, action: Transfer, call: CallSnapshot, meaning: string): void {
    void this.#commands.run(
      call.callref,
      meaning,
      () => {
        const live = liveCall(this.session, call);
        const side = otherSideOf(call, this.cti.number);
        return action === 'transfer' ? live.transfer(side, number) : live.supervised_transfer(side, number, this.inviteTimer);
      },
      number,
    );
  }

  /** Up and down move to the same button of the next row with buttons. */
  #onKeydown(event: KeyboardEvent): void {
    const move = { ArrowDown: 1, ArrowUp: -1, Home: -Infinity, End: Infinity }[event.key];
    if (move === undefined || (event.target as HTMLElement).localName !== 'button') return;
    event.preventDefault();
    const rows = [...this.renderRoot.querySelectorAll<HTMLElement>('.actions')];
    const row = (event.target as HTMLElement).closest('.actions') as HTMLElement;
    const column = [...row.children].indexOf(event.target as HTMLElement);
    const next = rows[Math.min(rows.length - 1, Math.max(0, rows.indexOf(row) + move))]!;
    const buttons = next.querySelectorAll<HTMLElement>('button');
    buttons[Math.min(column, buttons.length - 1)]!.focus();
  }
}
