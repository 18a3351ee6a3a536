import { html } from 'lit';
import { state } from 'lit/decorators.js';
import { Commands } from '../../shared/commands.js';
import { addEnglish, messagesFor, statusText } from '../../shared/i18n.js';
import { autoAnswerTexts } from '../../shared/i18n-more.js';
import { panelStyles } from '../../shared/panel-styles.js';
import { frameStyles, tokens } from '../../shared/styles.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './auto-answer.styles.js';

/**
 * A switch showing the session's auto-answer and setting it: when on, the
 * user's own phone picks up by itself for the calls placed or transferred
 * from the page (what a headset user wants). Disabled, with the reason,
 * while not connected. A change the service refuses puts the switch back
 * to the service's value and says why. It shows every change, whoever made
 * it: this switch, the provider's `auto-answer` attribute, or the page
 * through the SDK's `set_auto_answer`.
 *
 * @summary The session's auto-answer, as a switch.
 * @fires keyyo-error - A change failed. `detail.error`.
 * @csspart base - The switch's frame.
 * @csspart switch - The switch (`role="switch"`, `aria-checked`).
 * @csspart track - The switch's track.
 * @csspart thumb - The switch's thumb.
 * @csspart label - The switch's label.
 * @csspart description - What auto-answer does, or why the switch is disabled.
 * @csspart message - Why the last change failed.
 * @cssprop --keyyo-auto-answer-background - Background of the switch's frame.
 * @cssprop --keyyo-auto-answer-on-color - The track of a switch turned on (default the success color).
 */
export class KeyyoAutoAnswer extends KeyyoElement {
  static {
    addEnglish(autoAnswerTexts);
  }

  static override styles = [tokens, frameStyles, panelStyles, styles];

  /** The value asked for, shown until the service's value is. */
  @state() private wanted?: boolean;
  /** The change was made: the next state published holds its result, and
   * any change made through the SDK meanwhile, which then wins. */
  #made = false;
  #commands = new Commands(this, () => this.cti);

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (this.#commands.running()) return;
    if (this.wanted === this.cti.autoAnswer || (this.#made && changed.has('cti'))) {
      this.wanted = undefined;
      this.#made = false;
    }
  }

  override render() {
    const t = messagesFor(this);
    const known = this.cti.status === 'connected' && this.cti.autoAnswer !== undefined;
    const on = this.wanted ?? this.cti.autoAnswer ?? false;
    // The label and the switch toggle alike: a press anywhere here counts.
    return html`<div part="base" class="base" @pointerdown=${() => this.#commands.guard.down('switch')}>
      <button
        part="switch"
        class="switch"
        id="switch"
        type="button"
        role="switch"
        aria-checked=${on ? 'true' : 'false'}
        aria-disabled=${known ? 'false' : 'true'}
        aria-busy=${this.#commands.running() ? 'true' : 'false'}
        aria-describedby="description message"
        @click=${this.#toggle}
      >
        <span part="track" class="track"><span part="thumb" class="thumb"></span></span>
      </button>
      <label part="label" class="label" for="switch">${t.autoAnswer}</label>
      <span part="description" id="description" class="description"
        >${known ? t.autoAnswerHelp : this.cti.status === 'connected' ? t.connecting : statusText(this.cti, t)}</span
      >
      <span part="message" id="message" class="message" role="alert">${this.#commands.said()}</span>
    </div>`;
  }

  async #toggle(event: MouseEvent): Promise<void> {
    const session = this.session;
    const current = this.cti.autoAnswer;
    if (this.#commands.running() || current === undefined || this.cti.status !== 'connected' || !this.#commands.guard.allows(event, 'switch')) return;
    this.wanted = !current;
    const failure = await this.#commands.run('', 'switch', () => session!.set_auto_answer(!current));
    this.#made = !failure;
    if (failure) {
      // Back to what the service says now (the change may have run before its reply was lost).
      this.wanted = undefined;
      session?.get_auto_answer().catch(() => {});
    }
    this.requestUpdate();
  }
}
