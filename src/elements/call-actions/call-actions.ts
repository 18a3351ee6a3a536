import { consume } from '@lit/context';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { selectionContext } from '../../context.js';
import { KeyyoErrorEvent } from '../../events/index.js';
import { CtiError, type Call, type CallSide } from '../../sdk/index.js';
import { resolveNumber } from '../../shared/dialing.js';
import { displayNumber } from '../../shared/format.js';
import { messagesFor, type Messages } from '../../shared/i18n.js';
import { tokens } from '../../shared/styles.js';
import type { CallSnapshot } from '../../snapshot.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './call-actions.styles.js';

type Action = 'answer' | 'reject' | 'hangUp' | 'transfer' | 'supervisedTransfer' | 'merge' | 'pause' | 'park' | 'unpark';
/** Actions that ask for more (a number, a call, a slot) before they run. */
type Prompted = 'transfer' | 'supervisedTransfer' | 'merge' | 'park';

/**
 * The actions the chosen call allows in its state: answer and reject for a
 * call ringing on the session's own line, hang up, transfer, supervised
 * transfer, merge, pause, park, unpark. Acts on the call chosen in a
 * `<keyyo-call-list>`, or the one set with `callref` or `call`.
 *
 * @summary Buttons acting on one call.
 * @fires keyyo-error - A command failed. `detail.error`.
 * @csspart base - The actions' frame.
 * @csspart summary - Which call the actions act on.
 * @csspart actions - The row of buttons.
 * @csspart button - Each button; also `button-answer`, `button-reject`, `button-hang-up`, ...
 * @csspart prompt - The form asking for a number, a call or a slot.
 * @csspart error - The last command's error.
 * @cssprop --keyyo-call-actions-background - Background of the actions.
 * @cssprop --keyyo-color-success - Color of answer.
 * @cssprop --keyyo-color-danger - Color of reject and hang up.
 */
export class KeyyoCallActions extends KeyyoElement {
  static override styles = [tokens, styles];

  /** The call ref to act on; default the call chosen in a call list. */
  @property() callref?: string;
  /** The call to act on (a `Call` or a call snapshot from an event); wins over `callref`. */
  @property({ attribute: false }) call?: Pick<Call, 'callref'>;

  @consume({ context: selectionContext, subscribe: true })
  @state()
  private selected?: string;

  @state() private running?: Action;
  @state() private prompt?: Prompted;
  @state() private error?: CtiError;

  #target(): CallSnapshot | undefined {
    const callref = this.call?.callref ?? this.callref ?? this.selected;
    return this.cti.calls.find((call) => call.callref === callref);
  }

  /** What the call allows now, in a stable order. */
  #actions(call: CallSnapshot): Action[] {
    const own = this.cti.number;
    if (!call.active) return [];
    if (call.state === 'SETUP') return call.callee === own ? ['answer', 'reject', 'hangUp'] : ['hangUp'];
    if (call.callpark_slot !== undefined) return ['unpark', 'hangUp'];
    const actions: Action[] = ['hangUp', 'transfer', 'supervisedTransfer'];
    if (this.#mergeable(call).length) actions.push('merge');
    if (call.caller === own || call.callee === own) actions.push('pause');
    actions.push('park');
    return actions;
  }

  #mergeable(call: CallSnapshot): CallSnapshot[] {
    return this.cti.calls.filter((other) => other !== call && other.state === 'CONNECT' && other.callpark_slot === undefined);
  }

  override render() {
    const t = messagesFor(this);
    const call = this.#target();
    if (!call) return html`<div part="base" class="base"><p part="summary" class="summary">${t.noCall}</p></div>`;
    const actions = this.#actions(call);
    const state = call.callpark_slot !== undefined && call.active ? t.parked : { SETUP: t.ringing, CONNECT: t.connected, RELEASE: t.released, MISSED: t.missed }[call.state];
    return html`
      <div part="base" class="base" role="group" aria-label=${t.actions}>
        <p part="summary" class="summary"><strong>${displayNumber(call.other, this.cti.localNumbers)}</strong> · ${state}</p>
        ${actions.length
          ? html`<div part="actions" class="actions">${actions.map((action) => this.#renderButton(action, call, t))}</div>`
          : nothing}
        ${this.prompt && actions.includes(this.prompt) ? this.#renderPrompt(this.prompt, call, t) : nothing}
        <p part="error" class="error" role="alert">${this.error?.message ?? ''}</p>
      </div>
    `;
  }

  #renderButton(action: Action, call: CallSnapshot, t: Messages) {
    const kebab = action.replace(/[A-Z]/g, (letter) => '-' + letter.toLowerCase());
    const prompted = action === 'transfer' || action === 'supervisedTransfer' || action === 'merge' || action === 'park';
    return html`<button
      part="button button-${kebab}"
      class=${`button ${kebab}`}
      type="button"
      ?disabled=${this.running !== undefined}
      aria-busy=${this.running === action ? 'true' : 'false'}
      aria-expanded=${prompted ? String(this.prompt === action) : nothing}
      @click=${() => (prompted ? this.#toggle(action) : this.#run(action, () => this.#command(action, call)))}
    >
      ${t[action]}
    </button>`;
  }

  #renderPrompt(prompt: Prompted, call: CallSnapshot, t: Messages) {
    const others = this.#mergeable(call);
    const field =
      prompt === 'merge'
        ? html`<label>${t.mergeWith}
            <select name="with">
              ${others.map((other) => html`<option value=${other.callref}>${displayNumber(other.other, this.cti.localNumbers)}</option>`)}
            </select>
          </label>`
        : prompt === 'park'
          ? html`<label>${t.slot} <input name="slot" inputmode="numeric" autocomplete="off" /></label>`
          : html`<label>${t.transferTo} <input name="to" type="tel" inputmode="tel" autocomplete="tel" required /></label>
              ${prompt === 'supervisedTransfer'
                ? html`<label>${t.inviteTimer} <input name="timer" type="number" min="0" step="1" value="30" /></label>`
                : nothing}`;
    return html`<form part="prompt" class="prompt" @submit=${(event: SubmitEvent) => this.#submitPrompt(event, prompt, call)}>
      ${field}
      <div class="prompt-buttons">
        <button class="button" type="submit" ?disabled=${this.running !== undefined}>${t.confirm}</button>
        <button class="button" type="button" @click=${() => (this.prompt = undefined)}>${t.cancel}</button>
      </div>
    </form>`;
  }

  #toggle(action: Prompted): void {
    this.prompt = this.prompt === action ? undefined : action;
    this.error = undefined;
    if (this.prompt) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.prompt input, .prompt select')?.focus());
  }

  /** The side that is not the session's line: the party to move. */
  #otherSide(call: CallSnapshot): CallSide {
    return call.caller === this.cti.number ? 'callee' : 'caller';
  }

  #live(call: CallSnapshot): Call {
    const live = this.session?.get_call(call.callref);
    if (!live) throw new CtiError(400, 'invalid_params', `Unknown call ${call.callref}`);
    return live;
  }

  #command(action: Action, call: CallSnapshot): Promise<unknown> {
    const live = this.#live(call);
    const commands: Partial<Record<Action, () => Promise<number>>> = {
      answer: () => live.answer(),
      reject: () => live.reject(),
      hangUp: () => live.hang_up(),
      pause: () => live.pause(),
      unpark: () => live.unpark(),
    };
    return commands[action]!();
  }

  #submitPrompt(event: SubmitEvent, prompt: Prompted, call: CallSnapshot): void {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const t = messagesFor(this);
    void this.#run(prompt, async () => {
      const live = this.#live(call);
      const side = this.#otherSide(call);
      if (prompt === 'merge') {
        const other = this.cti.calls.find((candidate) => candidate.callref === form.get('with'));
        if (!other) throw new CtiError(400, 'missing_parameter', t.mergeWith);
        return live.merge(side, this.#live(other), this.#otherSide(other));
      }
      if (prompt === 'park') {
        const slot = String(form.get('slot') ?? '').trim();
        if (slot && !/^\d+$/.test(slot)) throw new CtiError(400, 'invalid_params', t.invalidSlot);
        return slot ? live.park(side, Number(slot)) : live.park(side);
      }
      const to = await resolveNumber(this.session!, String(form.get('to') ?? ''));
      if (!to) throw new CtiError(400, 'invalid_params', t.invalidNumber);
      if (prompt === 'transfer') return live.transfer(side, to);
      return live.supervised_transfer(side, to, Number(form.get('timer') || 0));
    });
  }

  async #run(action: Action, command: () => Promise<unknown>): Promise<void> {
    this.running = action;
    this.error = undefined;
    try {
      await command();
      this.prompt = undefined;
    } catch (error) {
      this.error = error as CtiError;
      this.dispatchEvent(new KeyyoErrorEvent(error as CtiError));
    } finally {
      this.running = undefined;
    }
  }
}
