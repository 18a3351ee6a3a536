import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { selectionContext } from '../../context.js';
import { Commands, liveCall } from '../../shared/commands.js';
import { displayNumber, partyOf } from '../../shared/format.js';
import { FollowController } from '../../shared/following.js';
import { addEnglish, messagesFor, statusText, type Messages } from '../../shared/i18n.js';
import { callParkTexts, promptTexts } from '../../shared/i18n-more.js';
import { panelStyles } from '../../shared/panel-styles.js';
import { frameStyles, tokens } from '../../shared/styles.js';
import { clockSkew, TickController, ticking } from '../../shared/ticker.js';
import { callToMove, otherSideOf, type CallSnapshot } from '../../snapshot.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './call-park.styles.js';

const CALLPARK = ['callpark'];

/** A slot named after a line (a call on pause) reads as the line's local form. */
const slotLabel = (slot: string, localNumbers: ReadonlyMap<string, string>) => (/^[1-9]\d{7,}$/.test(slot) ? displayNumber(slot, localNumbers) : slot);

/**
 * The organisation's call park, live: each parked call with its slot, who
 * waits (a contact's name when known) and for how long, as calls are
 * parked, taken, or hang up while they wait. A click on a parked call takes
 * it: it rings, or connects, on the user's phone. The park control parks
 * the user's call in conversation (the call chosen in a list, else the
 * current call) in the slot typed, or the first free one.
 *
 * One command at a time; a press acts on what its button showed when the
 * pointer went down.
 *
 * @summary Parked calls, live: take one, or park the current call.
 * @fires keyyo-error - Taking or parking a call failed. `detail.error`.
 * @csspart base - The park's frame.
 * @csspart heading - The park's title.
 * @csspart list - The parked calls.
 * @csspart parked - One parked call; a click on it takes the call.
 * @csspart take - The button taking a parked call.
 * @csspart slot - The slot a call waits in.
 * @csspart party - Who waits: the contact's name, else the number.
 * @csspart number - The number, under a contact's name.
 * @csspart time - How long the call has waited.
 * @csspart empty - What shows when no call is parked, or why the park cannot be shown.
 * @csspart form - The control parking the user's call.
 * @csspart slot-input - The field for the slot to park in.
 * @csspart park-button - The button parking the user's call.
 * @csspart message - Why the last command failed.
 * @cssprop --keyyo-call-park-background - Background of the park.
 * @cssprop --keyyo-color-primary - Global accent color, of the slots.
 */
export class KeyyoCallPark extends KeyyoElement {
  static {
    addEnglish(callParkTexts);
    addEnglish(promptTexts); // its slot field
  }

  static override styles = [tokens, frameStyles, panelStyles, styles];

  @consume({ context: selectionContext, subscribe: true })
  @state()
  private selected?: string;

  /** A command is on its way: a call being taken, or `park`. */
  /** One command at a time on the park; its failure is said under it. */
  #commands = new Commands(this, () => this.cti);
  /** What this update shows: the parked calls, why the park is unavailable, the call to park. */
  #view: { parked: CallSnapshot[]; unavailable: string; toPark?: CallSnapshot } = { parked: [], unavailable: '' };

  constructor() {
    super();
    new TickController(this);
    new FollowController(this, () => CALLPARK);
  }

  #parked(): CallSnapshot[] {
    return this.cti.calls
      .filter((call) => call.active && call.callpark_slot !== undefined)
      .sort((a, b) => a.callpark_slot!.localeCompare(b.callpark_slot!, 'en', { numeric: true }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const t = messagesFor(this);
    const parked = this.#parked();
    const following = this.cti.following.get('callpark')?.status;
    const unavailable = this.cti.status !== 'connected' ? statusText(this.cti, t) : following === 'refused' ? t.parkUnavailable : following === 'followed' ? '' : t.connecting;
    const toPark = unavailable ? undefined : callToMove(this.cti.calls, this.cti.current, this.selected);
    this.#view = { parked, unavailable, toPark };
    // Parked calls come and go under the pointer; the park button follows the call.
    this.#commands.guard.show(`${parked.map((call) => call.callref).join()} ${toPark?.callref}`);
  }

  override render() {
    const t = messagesFor(this);
    const { parked, unavailable, toPark } = this.#view;
    const skew = clockSkew(this.session);
    return html`
      <section part="base" class="base" aria-labelledby="heading">
        <h2 part="heading" id="heading" class="heading">${t.callPark}</h2>
        ${
          unavailable || !parked.length
            ? html`<p part="empty" class="quiet empty">${unavailable || t.parkEmpty}</p>`
            : html`<ul part="list" class="list" aria-labelledby="heading">
              ${parked.map((call) => this.#renderParked(call, t, skew))}
            </ul>`
        }
        ${this.#renderForm(toPark, Boolean(unavailable), t)}
        <p part="message" class="message" role="alert">${this.#commands.said()}</p>
      </section>
    `;
  }

  #renderParked(call: CallSnapshot, t: Messages, skew: number) {
    const slot = slotLabel(call.callpark_slot!, this.cti.localNumbers);
    // The parked party is the caller of a parked call.
    const { name, number } = partyOf(call.caller, this.cti);
    const meaning = `take ${call.callref}`;
    const busy = this.#commands.running();
    // A click anywhere on the call takes it; the button is the keyboard's way.
    // eslint-disable-next-line lit-a11y/click-events-have-key-events -- Enter and Space on the Take button click through
    return html`<li
      part="parked"
      class="parked"
      data-callref=${call.callref}
      @pointerdown=${() => this.#commands.guard.down(meaning)}
      @click=${(event: MouseEvent) => this.#commands.guard.allows(event, meaning) && this.#commands.run('', call.callref, () => liveCall(this.session, call).unpark())}
    >
      <span part="slot" class="slot">${slot}</span>
      <span part="party" class="party">${name ?? number}</span>
      ${name ? html`<span part="number" class="quiet number">${number}</span>` : nothing}
      <span part="time" class="quiet time" ${ticking(call.setup_date ?? 0, skew)}></span>
      <button
        part="take"
        class="pill take"
        type="button"
        aria-label=${t.takeWho(name ?? number, slot)}
        aria-disabled=${busy ? 'true' : 'false'}
        aria-busy=${busy === call.callref ? 'true' : 'false'}
      >
        ${t.take}
      </button>
    </li>`;
  }

  #renderForm(call: CallSnapshot | undefined, unavailable: boolean, t: Messages) {
    const who = call ? (partyOf(call.other, this.cti).name ?? displayNumber(call.other, this.cti.localNumbers)) : '';
    const meaning = `park ${call?.callref}`;
    return html`<form part="form" class="form" novalidate @submit=${(event: SubmitEvent) => this.#park(event, call)}>
      <label class="slot-field">${t.slot} <input part="slot-input" class="field" name="slot" inputmode="numeric" autocomplete="off" ?disabled=${unavailable} /></label>
      <button
        part="park-button"
        class="pill park"
        type="submit"
        aria-disabled=${call && !this.#commands.running() ? 'false' : 'true'}
        aria-busy=${this.#commands.running() === 'park' ? 'true' : 'false'}
        aria-describedby=${call || unavailable ? nothing : 'park-hint'}
        @pointerdown=${() => this.#commands.guard.down(meaning)}
        @click=${(event: MouseEvent) => this.#commands.guard.allows(event, meaning) || event.preventDefault()}
      >
        ${call ? t.parkWho(who) : t.park}
      </button>
      ${call || unavailable ? nothing : html`<span id="park-hint" class="quiet">${t.noActive}</span>`}
    </form>`;
  }

  /** Parks the call the form showed (its button's guarded click submits it). */
  #park(event: SubmitEvent, call: CallSnapshot | undefined): void {
    event.preventDefault();
    if (!call) return;
    const t = messagesFor(this);
    const form = event.target as HTMLFormElement;
    const slot = String(new FormData(form).get('slot') ?? '').trim();
    void this.#commands.run('', 'park', async () => {
      if (slot && !/^\d+$/.test(slot)) return t.invalidSlot;
      if (slot && this.#parked().some((parked) => parked.callpark_slot === String(Number(slot)))) return t.slotTaken(slot);
      const live = liveCall(this.session, call);
      const side = otherSideOf(call, this.cti.number);
      await (slot ? live.park(side, Number(slot)) : live.park(side));
      form.reset();
    });
  }
}
