import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { CallRecord, WrapUp } from '../../call-log/record.js';
import { KeyyoWrapUpEvent } from '../../events/wrap-up.js';
import { displayNumber, formatDuration } from '../../shared/format.js';
import { languageOf } from '../../shared/i18n.js';
import { panelStyles } from '../../shared/panel-styles.js';
import { frameStyles, tokens } from '../../shared/styles.js';
import { KeyyoElement } from '../keyyo-element.js';
import { styles } from './wrap-up.styles.js';

// The form's words, here rather than with the other elements' texts: the
// form loads only on pages that wrap calls up.
const texts = {
  en: {
    title: (who: string, time: string) => `Wrap-up: call with ${who}${time ? `, ${time}` : ''}`,
    missedTitle: (who: string) => `Wrap-up: missed call from ${who}`,
    more: (count: number) => `${count} more waiting`,
    disposition: 'Outcome',
    choose: 'Choose…',
    notes: 'Notes',
    save: 'Save',
    skip: 'Skip',
    keys: 'Ctrl+Enter saves; Escape skips.',
    keysRequired: 'Ctrl+Enter saves.',
    chooseFirst: 'Choose an outcome first',
    writeFirst: 'Write a note first',
    limit: (minutes: string) => `Without a save, the log goes as it is after ${minutes}.`,
  },
  fr: {
    title: (who: string, time: string) => `Compte rendu : appel avec ${who}${time ? `, ${time}` : ''}`,
    missedTitle: (who: string) => `Compte rendu : appel manqué de ${who}`,
    more: (count: number) => `${count} autre${count === 1 ? '' : 's'} en attente`,
    disposition: 'Issue',
    choose: 'Choisir…',
    notes: 'Notes',
    save: 'Enregistrer',
    skip: 'Passer',
    keys: 'Ctrl+Entrée enregistre ; Échap passe.',
    keysRequired: 'Ctrl+Entrée enregistre.',
    chooseFirst: "Choisissez d'abord une issue",
    writeFirst: "Écrivez d'abord une note",
    limit: (minutes: string) => `Sans enregistrement, le journal part tel quel après ${minutes}.`,
  },
};

/** What the person typed, by record id: a form drawn again (a new call
 * ringing in, the softphone laid out anew) finds it. */
const drafts = new Map<string, { notes: string; disposition: string }>();

/**
 * The wrap-up of a call of the line that just ended: notes, and an outcome
 * from the dispositions the page gives; inside a `<keyyo-cti-provider>`
 * with `wrap-up="optional"` or `"required"`. Its record goes to the call
 * log when the person saves it, skips it (not when required), or when the
 * provider's `wrap-up-timeout` passes, with what was typed. Calls waiting
 * for a wrap-up come one after the other, the oldest first.
 *
 * It never takes the focus: it appears, is announced to screen readers,
 * and waits. Ctrl+Enter (or ⌘+Enter) saves, Escape skips; what was typed
 * survives a new call ringing in.
 *
 * With the all-in-one files, the element is defined once a provider has
 * `wrap-up` on (it loads then).
 *
 * @summary Notes and an outcome after each call.
 * @fires keyyo-wrap-up - The person saved or skipped the wrap-up. `detail.id` (the record's), `detail.notes`, `detail.disposition`, `detail.status`: `"saved"` or `"skipped"`.
 * @csspart base - The form's frame.
 * @csspart heading - Which call the wrap-up is for.
 * @csspart disposition - The outcome's list.
 * @csspart notes - The notes' field.
 * @csspart save - The save button.
 * @csspart skip - The skip button.
 * @csspart hint - The keys, the time limit, and how many more wait.
 * @csspart message - Why the wrap-up was not saved.
 * @cssprop --keyyo-wrap-up-background - Background of the form.
 */
export class KeyyoCallWrapUp extends KeyyoElement {
  static override styles = [tokens, frameStyles, panelStyles, styles];

  /** The outcomes offered; default the provider's `dispositions`. A JSON array of texts as an attribute. */
  @property({ type: Array }) dispositions?: string[];

  @state() private problem = '';
  /** Said once per wrap-up shown, for screen readers. */
  @state() private announced = '';

  get #record(): CallRecord | undefined {
    return this.cti.wrapUps?.[0];
  }

  get #draft() {
    const id = this.#record!.id;
    let draft = drafts.get(id);
    if (!draft) drafts.set(id, (draft = { notes: '', disposition: '' }));
    return draft;
  }

  get #dispositions(): readonly string[] {
    const list = this.dispositions ?? this.cti.dispositions;
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string' && item !== '') : [];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const record = this.#record;
    if (record && this.announced !== this.#title(record)) {
      this.announced = this.#title(record);
      this.problem = '';
    }
  }

  override render() {
    const record = this.#record;
    if (!record) return nothing;
    const t = this.#texts();
    const draft = this.#draft;
    const dispositions = this.#dispositions;
    const required = this.cti.wrapUpRequired;
    const waiting = (this.cti.wrapUps?.length ?? 1) - 1;
    const minutes = formatDuration(this.cti.wrapUpTimeout ?? 120);
    return html`
      <form part="base" class="base" aria-labelledby="heading" novalidate @submit=${this.#save} @keydown=${this.#onKeydown}>
        <h2 part="heading" id="heading" class="heading">${this.#title(record)}</h2>
        ${
          dispositions.length
            ? html`<label class="entry"
              >${t.disposition}
              <select part="disposition" class="field" name="disposition" .value=${draft.disposition} @change=${this.#onDisposition}>
                <option value="" ?selected=${draft.disposition === ''}>${t.choose}</option>
                ${dispositions.map((item) => html`<option value=${item} ?selected=${draft.disposition === item}>${item}</option>`)}
              </select></label
            >`
            : nothing
        }
        <label class="entry"
          >${t.notes}
          <textarea part="notes" class="field" name="notes" rows="3" maxlength="10000" aria-describedby="hint" .value=${draft.notes} @input=${this.#onNotes}></textarea>
        </label>
        <div class="footer">
          <p part="hint" id="hint" class="quiet">${required ? t.keysRequired : t.keys} ${t.limit(minutes)} ${waiting ? t.more(waiting) : ''}</p>
          <div class="buttons">
            ${required ? nothing : html`<button part="skip" class="pill" type="button" @click=${this.#skip}>${t.skip}</button>`}
            <button part="save" class="pill save" type="submit">${t.save}</button>
          </div>
        </div>
        <p part="message" class="message" role="alert">${this.problem}</p>
        <p class="visually-hidden" role="status">${this.announced}</p>
      </form>
    `;
  }

  #texts() {
    return languageOf(this).toLowerCase().startsWith('fr') ? texts.fr : texts.en;
  }

  #title(record: CallRecord): string {
    const t = this.#texts();
    const who = record.contact?.name ?? displayNumber(record.party.number, this.cti.localNumbers);
    return record.answeredAt === undefined ? t.missedTitle(who) : t.title(who, formatDuration(record.talkSeconds));
  }

  #onNotes(event: InputEvent): void {
    this.#draft.notes = (event.target as HTMLTextAreaElement).value;
  }

  #onDisposition(event: Event): void {
    this.#draft.disposition = (event.target as HTMLSelectElement).value;
    this.problem = '';
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.#save();
    } else if (event.key === 'Escape' && !this.cti.wrapUpRequired) {
      // Skipping is all Escape does here (a floating phone stays open).
      event.preventDefault();
      event.stopPropagation();
      this.#skip();
    }
  }

  #save(event?: SubmitEvent): void {
    event?.preventDefault();
    const draft = this.#draft;
    const t = this.#texts();
    if (this.cti.wrapUpRequired) {
      if (this.#dispositions.length && !draft.disposition) return void (this.problem = t.chooseFirst);
      if (!this.#dispositions.length && !draft.notes.trim()) return void (this.problem = t.writeFirst);
    }
    this.#finish({ notes: draft.notes, ...(draft.disposition ? { disposition: draft.disposition } : {}), status: 'saved' });
  }

  #skip(): void {
    this.#finish({ notes: this.#draft.notes, status: 'skipped' });
  }

  /** The record goes; the next wrap-up (if any) shows in the same fields,
   * where the focus stays. */
  #finish(wrapUp: WrapUp): void {
    const id = this.#record!.id;
    drafts.delete(id);
    this.problem = '';
    this.dispatchEvent(new KeyyoWrapUpEvent(id, wrapUp));
  }
}
