// A page with a softphone and its provider alone, as an application
// imports them: the phone answers a call with what its first module holds;
// its dialer and call list, its card's forms and the contacts arrive in
// chunks of their own.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/elements/provider/keyyo-cti-provider.define.js';
import '../../../src/elements/softphone/keyyo-softphone.define.js';
import type { KeyyoCallActions, KeyyoCtiProvider, KeyyoSoftphone } from '../../../src/index.js';
import { simulatorPerTest, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';
const CAROL = '33172587702';

// Read before anything here awaits: what the two modules defined by themselves.
const definedAtOnce = ['keyyo-softphone', 'keyyo-call-actions', 'keyyo-dialer', 'keyyo-call-list'].filter((name) => customElements.get(name));
/** Whether the page fetched a module (the test runner serves each one apart). */
const fetched = (module: string) => performance.getEntriesByType('resource').some((entry) => new URL(entry.name).pathname.endsWith(module));
const chunksAtOnce = ['call-prompt.ts', 'contacts.ts', 'dialing.ts', 'subscriptions.ts'].filter(fetched);

const inner = <T extends Element>(host: Element, selector: string) => host.shadowRoot!.querySelector(selector) as T;
const labels = (actions: KeyyoCallActions) => [...actions.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')].map((b) => b.textContent!.trim());

describe('softphone, first load', () => {
  let sim: SimulatorHandle;

  simulatorPerTest({}, (started) => (sim = started));

  it('defines the phone and its call card at once, the dialer and the call list a moment after', async () => {
    expect(definedAtOnce).to.deep.equal(['keyyo-softphone', 'keyyo-call-actions']);
    await Promise.all([customElements.whenDefined('keyyo-dialer'), customElements.whenDefined('keyyo-call-list')]);
    expect(chunksAtOnce, "the card's forms, the contacts, dialing and the subscription registry are not in the first load").to.deep.equal([]);
  });

  it("with a contact resolver, Bob's call rings in with his name; once connected, the card's forms are there: Alice transfers him to Carol", async () => {
    const root = await fixture<HTMLElement>(html`
      <keyyo-cti-provider
        endpoint=${sim.endpoint}
        no-cookie
        no-history
        .tokenProvider=${() => sim.token(ALICE)}
        .contactResolver=${async (number: string) => (number === BOB ? { name: 'Bob Martin' } : undefined)}
      >
        <keyyo-softphone></keyyo-softphone>
      </keyyo-cti-provider>
    `);
    const provider = root as KeyyoCtiProvider;
    const card = inner<KeyyoCallActions>(root.querySelector('keyyo-softphone')!, 'keyyo-call-actions');
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    await waitUntil(() => fetched('call-prompt.ts'), "the card's forms load once the phone is connected");

    await sim.call(BOB, ALICE);
    await waitUntil(() => card.shadowRoot!.querySelector('.party')?.textContent === 'Bob Martin', 'the ringing call shows his name');
    (card.shadowRoot!.querySelector('.answer') as HTMLButtonElement).click();
    await waitUntil(() => card.shadowRoot!.querySelector('.transfer'), 'answered');
    (card.shadowRoot!.querySelector('.transfer') as HTMLButtonElement).click();
    await card.updateComplete;
    const to = card.shadowRoot!.querySelector<HTMLInputElement>('.prompt input[name="to"]');
    expect(to, 'the form shows in the same update as the press').to.exist;
    to!.value = '7702';
    (card.shadowRoot!.querySelector('.prompt') as HTMLFormElement).requestSubmit();
    await waitUntil(async () => (await sim.state()).calls.some((call: { callee: string; state: string }) => call.callee === CAROL && call.state === 'SETUP'), 'Carol rings', {
      timeout: 3000,
    });
  });

  it('Bob calls Alice: she answers and hangs up from the card; she calls him back at once from the dialer, the card shows that call straight away, and the list has both', async () => {
    const root = await fixture<HTMLElement>(html`
      <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie .tokenProvider=${() => sim.token(ALICE)}>
        <keyyo-softphone></keyyo-softphone>
      </keyyo-cti-provider>
    `);
    const provider = root as KeyyoCtiProvider;
    const softphone = root.querySelector('keyyo-softphone') as KeyyoSoftphone;
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    const card = inner<KeyyoCallActions>(softphone, 'keyyo-call-actions');

    await sim.call(BOB, ALICE);
    await waitUntil(() => labels(card).join() === 'Answer,Reject', 'the ringing call offers Answer and Reject');
    (card.shadowRoot!.querySelector('.answer') as HTMLButtonElement).click();
    await waitUntil(() => labels(card)[0] === 'Hang up', 'answered');
    (card.shadowRoot!.querySelector('.hang-up') as HTMLButtonElement).click();
    await waitUntil(() => provider.state.calls.every((call) => !call.active), 'hung up');

    const dialer = inner<HTMLElement>(softphone, 'keyyo-dialer');
    await customElements.whenDefined('keyyo-dialer');
    await (dialer as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
    const input = dialer.shadowRoot!.querySelector('input')!;
    input.value = '0699009902';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    (dialer.shadowRoot!.querySelector('form') as HTMLFormElement).requestSubmit();
    // Within the moment the ended call stays shown: a call placed since takes its place.
    await waitUntil(() => labels(card).join() === 'Hang up', 'the call placed shows on the card');
    await sim.phone(BOB, 'answer');
    await sim.phone(BOB, 'hangup');

    const list = inner<HTMLElement>(softphone, 'keyyo-call-list');
    await waitUntil(() => list.shadowRoot?.querySelectorAll('[part~="call"]').length === 2, 'the list shows both calls');
  });
});
