import { html, nothing } from 'lit';
import type { CtiState } from '../../context.js';
import type { CTI } from '../../sdk/index.js';
import { liveCall } from '../../shared/commands.js';
import { resolveNumber } from '../../shared/dialing.js';
import { displayNumber, partyOf } from '../../shared/format.js';
import { addEnglish, type Messages } from '../../shared/i18n.js';
import { promptTexts } from '../../shared/i18n-more.js';
import { otherSideOf, type CallSnapshot } from '../../snapshot.js';

// The forms of the card's actions that ask for more (a number, a call, a
// slot): a chunk of their own, asked for when the card first shows a call,
// so that a phone answers a call without them.

addEnglish(promptTexts);

export type Prompted = 'transfer' | 'supervisedTransfer' | 'merge' | 'park';

/** What a prompt needs from its card. */
export interface PromptOf {
  prompt: Prompted;
  call: CallSnapshot;
  t: Messages;
  cti: CtiState;
  session?: CTI;
  /** The calls this one may merge with. */
  others: CallSnapshot[];
  /** The command running on the call, if any. */
  running?: unknown;
  cancel(): void;
  /** Runs the command the form asks for; one answering a string refused the input, with that reason. */
  run(command: () => Promise<unknown>): void;
}

/** The form asking what the action needs. */
export function renderPrompt(of: PromptOf) {
  const { prompt, t, cti } = of;
  const field =
    prompt === 'merge'
      ? html`<label>${t.mergeWith}
          <select name="with">
            ${of.others.map((other) => html`<option value=${other.callref}>${partyOf(other.other, cti).name ?? displayNumber(other.other, cti.localNumbers)}</option>`)}
          </select>
        </label>`
      : prompt === 'park'
        ? html`<label>${t.slot} <input name="slot" inputmode="numeric" autocomplete="off" /></label>`
        : html`<label>${t.transferTo} <input name="to" type="tel" inputmode="tel" autocomplete="tel" required /></label>
            ${prompt === 'supervisedTransfer' ? html`<label>${t.inviteTimer} <input name="timer" type="number" min="0" step="1" value="30" /></label>` : nothing}`;
  return html`<form part="prompt" class="prompt" @submit=${(event: SubmitEvent) => submit(event, of)}>
    ${field}
    <div class="prompt-buttons">
      <button class="button" type="submit" aria-disabled=${of.running ? 'true' : 'false'}>${t.confirm}</button>
      <button class="button" type="button" @click=${of.cancel}>${t.cancel}</button>
    </div>
  </form>`;
}

function submit(event: SubmitEvent, { prompt, call, t, cti, session, run }: PromptOf): void {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  run(async () => {
    const live = liveCall(session, call);
    const side = otherSideOf(call, cti.number);
    if (prompt === 'merge') {
      const other = cti.calls.find((other) => other.callref === form.get('with'));
      if (!other) return t.mergeWith;
      return live.merge(side, liveCall(session, other), otherSideOf(other, cti.number));
    }
    if (prompt === 'park') {
      const slot = String(form.get('slot') ?? '').trim();
      if (slot && !/^\d+$/.test(slot)) return t.invalidSlot;
      return slot ? live.park(side, Number(slot)) : live.park(side);
    }
    const to = await resolveNumber(session!, String(form.get('to') ?? ''));
    if (!to) return t.invalidNumber;
    if (prompt === 'transfer') return live.transfer(side, to);
    return live.supervised_transfer(side, to, Number(form.get('timer') || 0));
  });
}
