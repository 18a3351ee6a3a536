import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { selectionContext } from '../../context.js';
import type { Call } from '../../sdk/index.js';
import { Commands, liveCall } from '../../shared/commands.js';
import { renderAvatar } from '../../shared/avatar.js';
import { loadCallPrompt } from '../../shared/chunks.js';
import { callTime, partyOf, tickingFrom } from '../../shared/format.js';
import { messagesFor, type Messages } from '../../shared/i18n.js';
import { avatarStyles, frameStyles, tokens } from '../../shared/styles.js';
import { TickController, ticking } from '../../shared/ticker.js';
import type { CallSnapshot } from '../../snapshot.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './call-actions.styles.js';
import type { Prompted } from './call-prompt.js';

type Action = 'answer' | 'reject' | 'hangUp' | Prompted | 'pause' | 'unpark';
/** Actions that ask for more (a number, a call, a slot) before they run. */
const PROMPTED: readonly Action[] = ['transfer', 'supervisedTransfer', 'merge', 'park'];
/** The SDK's method of each action that runs at once. */
const COMMANDS = { answer: 'answer', reject: 'reject', hangUp: 'hang_up', pause: 'pause', unpark: 'unpark' } as const;

/** How long a call that ended stays shown before the actions move on. */
const ENDED_SHOWN_MS = 3000;

/**
 * The actions a call allows in its state: answer and reject for a call
 * ringing on the session's own line, hang up, transfer, supervised
 * transfer, merge, pause, park, unpark; with who the other party is, the
 * call's state and its time. Acts on, in this order: the call set with
 * `call` or `callref`, the call chosen in a `<keyyo-call-list>` while it is
 * active, the provider's current call (so a call ringing in shows Answer at
 * once). A call that ends stays shown for a moment.
 *
 * A click acts on what its button showed when the pointer or the key went
 * down, and buttons that just changed ignore a person's presses for a
 * moment, so a double click never does a second thing; when the buttons
 * change under the keyboard's focus, the focus moves to the summary. One
 * command at a time runs per call; merge joins only the line's own calls.
 *
 * @summary Buttons acting on one call.
 * @fires keyyo-error - A command failed. `detail.error`.
 * @csspart base - The actions' frame.
 * @csspart summary - Who the call is with, its state and time.
 * @csspart avatar - The contact's picture or initials.
 * @csspart party - The contact's name, else the number.
 * @csspart number - The number, under a contact's name.
 * @csspart state - The call's state and time.
 * @csspart link - The link to the contact's record.
 * @csspart actions - The row of buttons.
 * @csspart button - Each button; each also has the part of its action, below.
 * @csspart button-answer - The answer button.
 * @csspart button-reject - The reject button.
 * @csspart button-hang-up - The hang-up button.
 * @csspart button-transfer - The transfer button.
 * @csspart button-supervised-transfer - The supervised transfer button.
 * @csspart button-merge - The merge button.
 * @csspart button-pause - The pause button.
 * @csspart button-park - The park button.
 * @csspart button-unpark - The unpark button.
 * @csspart prompt - The form asking for a number, a call or a slot.
 * @csspart error - The last command's error.
 * @cssprop --keyyo-call-actions-background - Background of the actions.
 * @cssprop --keyyo-color-success - Color of answer.
 * @cssprop --keyyo-color-danger - Color of reject and hang up.
 */
export class KeyyoCallActions extends KeyyoElement {
  static override styles = [tokens, frameStyles, avatarStyles, styles];

  /** The call ref to act on; default the chosen or the current call. */
  @property() callref?: string;
  /** The call to act on (a `Call` or a call snapshot from an event); wins over `callref`. */
  @property({ attribute: false }) call?: Pick<Call, 'callref'>;

  @consume({ context: selectionContext, subscribe: true })
  @state()
  private selected?: string;

  @state() private prompt?: Prompted;
  /** Commands running, by call ref, with the call's actions when each
   * started; the last one's failure is said under the buttons. */
  #commands = new Commands<{ action: Action; actions: string }>(this, () => this.cti);
  #target?: CallSnapshot;
  /** The last call shown, when it was first seen ended, and the calls
   * active then (any other is a call that came since). */
  #shown?: string;
  #endedSince?: number;
  #activeAtEnd = new Set<string>();
  #endedTimer?: ReturnType<typeof setTimeout>;
  /** The focused button changed or went: the focus goes to a safe place. */
  #refocus = false;
  /** The forms of transfer, merge and park: a chunk, asked for once the phone is connected. */
  #prompts?: typeof import('./call-prompt.js');
  #loadingPrompts?: Promise<unknown>;

  constructor() {
    super();
    new TickController(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#endedTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.cti.status === 'connected') void this.#loadPrompts();
    const target = this.#findTarget();
    if (target?.callref !== this.#target?.callref) this.prompt = undefined;
    this.#target = target;
    if (!target) return void (this.#refocus ||= Boolean(this.shadowRoot?.activeElement?.closest('.actions')));
    const actions = this.#actions(target).join();
    // Buttons that change under the keyboard's focus would change meaning
    // under the next key press: the focus moves to the summary (updated()).
    if (this.#commands.guard.show(`${target.callref} ${actions}`) && this.shadowRoot?.activeElement?.closest('.actions')) this.#refocus = true;
    // The call moved on (the answer is heard before its reply): the command
    // no longer blocks the next one; its reply, late, may still say it failed.
    if (this.#commands.running(target.callref)?.actions !== actions) this.#commands.release(target.callref);
  }

  protected override updated(): void {
    // The update after the ended call's moment shows the current call.
    clearTimeout(this.#endedTimer);
    const shownEnded = this.#target && this.#target.callref === this.#shown && this.#endedSince !== undefined;
    if (shownEnded && this.isConnected) this.#endedTimer = setTimeout(() => this.requestUpdate(), this.#endedSince! + ENDED_SHOWN_MS - Date.now());
    if (!this.#refocus) return;
    this.#refocus = false;
    this.renderRoot.querySelector<HTMLElement>('.summary')!.focus();
  }

  #find(callref: string | undefined): CallSnapshot | undefined {
    return callref === undefined ? undefined : this.cti.calls.find((call) => call.callref === callref);
  }

  #findTarget(): CallSnapshot | undefined {
    const explicit = this.call?.callref ?? this.callref;
    if (explicit !== undefined) return this.#find(explicit);
    const selected = this.#find(this.selected);
    if (selected?.active) return this.#show(selected);
    const current = this.cti.current;
    const shown = this.#find(this.#shown);
    // An ended call stays shown a moment, so that its buttons do not become
    // another call's under the pointer; a call ringing in, or one that came
    // since it ended (the person dialled again), takes its place at once.
    const ringing = current?.state === 'SETUP' && current.direction === 'inbound';
    if (shown && !shown.active && !ringing) {
      const now = Date.now();
      if (this.#endedSince === undefined) {
        this.#endedSince = now;
        this.#activeAtEnd = new Set(this.cti.calls.filter((call) => call.active).map((call) => call.callref));
      }
      const cameSince = current !== undefined && !this.#activeAtEnd.has(current.callref);
      if (this.#endedSince + ENDED_SHOWN_MS > now && !cameSince) return shown;
    }
    return this.#show(current);
  }

  #show(call: CallSnapshot | undefined): CallSnapshot | undefined {
    this.#shown = call?.callref;
    this.#endedSince = undefined;
    return call;
  }

  /** What the call allows now, in a stable order. */
  #actions(call: CallSnapshot): Action[] {
    const own = this.cti.number;
    if (!call.active) return [];
    if (call.state === 'SETUP') return call.callee === own ? ['answer', 'reject'] : ['hangUp'];
    if (call.callpark_slot !== undefined) return ['unpark', 'hangUp'];
    const actions: Action[] = ['hangUp', 'transfer', 'supervisedTransfer'];
    if (this.#mergeable(call).length) actions.push('merge');
    if (call.caller === own || call.callee === own) actions.push('pause');
    actions.push('park');
    return actions;
  }

  /** The calls this one may merge with: the line's own, in conversation
   * (never colleagues' calls the session follows). */
  #mergeable(call: CallSnapshot): CallSnapshot[] {
    const own = (c: CallSnapshot) => c.direction !== 'other';
    return own(call) ? this.cti.calls.filter((other) => other.callref !== call.callref && own(other) && other.state === 'CONNECT' && other.callpark_slot === undefined) : [];
  }

  override render() {
    const t = messagesFor(this);
    const call = this.#target;
    // One frame and one summary whatever shows, so that the focus moved to
    // the summary stays there when the call goes.
    return html`
      <div part="base" class=${call ? 'base' : 'base idle'} role="group" aria-label=${t.actions}>
        <div part="summary" class=${`summary ${call ? (call.active ? call.state.toLowerCase() : 'ended') : 'empty'}`} tabindex="-1">
          ${call ? this.#renderSummary(call, t) : t.noActive}
        </div>
        ${call ? this.#renderActions(call, t) : nothing}
        <p part="error" class="error" role="alert">${this.#commands.said()}</p>
      </div>
    `;
  }

  #renderSummary(call: CallSnapshot, t: Messages) {
    const { name, number, contact } = partyOf(call.other, this.cti);
    // Parking ends the line's call and puts its party in the park with a new one.
    const parked = call.active
      ? call.callpark_slot !== undefined
      : call.state === 'RELEASE' &&
        this.cti.calls.some((other) => other.active && other.callpark_slot !== undefined && other.other === call.other && other.setup_date! >= call.release_date!);
    const stateLabel = parked ? t.parked : { SETUP: t.ringing, CONNECT: t.connected, RELEASE: t.released, MISSED: t.missed }[call.state];
    const from = tickingFrom(call);
    const now = this.session?.server_now() ?? Date.now() / 1000;
    const time = callTime(call, now);
    return html`${renderAvatar(contact)}
      <p class="who">
        <strong part="party" class="party">${name ?? number}</strong>
        ${name ? html`<span part="number" class="number">${number}${contact?.company ? ` · ${contact.company}` : ''}</span>` : nothing}
        <span part="state" class="state"
          >${stateLabel}${from !== undefined ? html` · <span ${ticking(from, Date.now() / 1000 - now)}></span>` : time ? ` · ${time}` : ''}</span
        >
        ${contact?.url ? html`<a part="link" class="link" href=${contact.url} target="_blank" rel="noopener noreferrer">${t.openRecord}</a>` : nothing}
      </p>`;
  }

  #renderActions(call: CallSnapshot, t: Messages) {
    const actions = this.#actions(call);
    if (!actions.length) return nothing; // an ended call: the card shrinks to its summary
    return html`<div part="actions" class="actions">${actions.map((action) => this.#renderButton(action, call, t))}</div>
      ${this.prompt && actions.includes(this.prompt) ? this.#renderPrompt(this.prompt, call, t) : nothing}`;
  }

  #renderPrompt(prompt: Prompted, call: CallSnapshot, t: Messages) {
    return this.#prompts?.renderPrompt({
      prompt,
      call,
      t,
      cti: this.cti,
      session: this.session,
      others: this.#mergeable(call),
      running: this.#commands.running(call.callref),
      cancel: () => (this.prompt = undefined),
      run: (command) => void this.#run(call, prompt, command),
    });
  }

  #renderButton(action: Action, call: CallSnapshot, t: Messages) {
    const kebab = action.replace(/[A-Z]/g, (letter) => '-' + letter.toLowerCase());
    const prompted = PROMPTED.includes(action);
    const running = this.#commands.running(call.callref)?.action;
    const meaning = `${call.callref} ${action}`;
    const down = () => this.#commands.guard.down(meaning);
    return html`<button
      part="button button-${kebab}"
      class=${`button ${kebab}`}
      type="button"
      aria-disabled=${running ? 'true' : 'false'}
      aria-busy=${running === action ? 'true' : 'false'}
      aria-expanded=${ifDefined(prompted ? (this.prompt === action ? 'true' : 'false') : undefined)}
      @pointerdown=${down}
      @keydown=${down}
      @click=${(event: MouseEvent) => {
        if (this.#commands.running(call.callref) || !this.#commands.guard.allows(event, meaning)) return;
        if (prompted) this.#toggle(action as Prompted);
        else void this.#run(call, action, () => this.#command(action, call));
      }}
    >
      ${t[action]}
    </button>`;
  }

  #toggle(action: Prompted): void {
    this.prompt = this.prompt === action ? undefined : action;
    this.#commands.say('', '');
    if (!this.prompt) return;
    if (!this.#prompts) this.#loadingPrompts = undefined; // a press asks again for a chunk that failed
    void this.#loadPrompts()
      .then(() => this.updateComplete)
      .then(() => {
        // Unless the person went elsewhere meanwhile (the chunk came late).
        if (this.prompt === action && (document.activeElement === document.body || this.matches(':focus-within')))
          this.renderRoot.querySelector<HTMLElement>('.prompt input, .prompt select')?.focus();
      });
  }

  /** The forms' chunk, asked for once (a press asks again if it failed);
   * one that cannot load is said under the buttons. */
  #loadPrompts(): Promise<unknown> {
    return (this.#loadingPrompts ??= loadCallPrompt().then(
      (module) => {
        this.#prompts = module;
        this.requestUpdate();
      },
      () => this.prompt && this.#commands.say('', messagesFor(this).errFailed),
    ));
  }

  #command(action: Action, call: CallSnapshot): Promise<unknown> {
    return liveCall(this.session, call)[COMMANDS[action as keyof typeof COMMANDS]]();
  }

  /** Runs one command on a call; a command answering a string refused the
   * user's input, with that reason. */
  async #run(call: CallSnapshot, action: Action, command: () => Promise<unknown>): Promise<void> {
    const said = await this.#commands.run(call.callref, { action, actions: this.#actions(call).join() }, command, '');
    if (said === '') this.prompt = undefined;
  }
}
