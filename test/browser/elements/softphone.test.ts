// <keyyo-softphone> and what a person on the phone meets: the current call
// without a click, who is calling, presses that never do the wrong thing,
// the floating launcher, and clear words when something is wrong. Clicks
// here are a person's (sendMouse: trusted events) unless said otherwise.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../../src/define.js';
import type { Contact, ContactResolver, KeyyoCallActions, KeyyoCallList, KeyyoCtiProvider, KeyyoDialer, KeyyoSoftphone } from '../../../src/index.js';
import { ContactDirectory } from '../../../src/elements/provider/contacts.js';
import { CtiError } from '../../../src/sdk/index.js';
import { errorText, messagesFor } from '../../../src/shared/i18n.js';
import type { CallSnapshot } from '../../../src/snapshot.js';
import { canEmulateColorScheme, canHoldKeys } from '../../helpers/engines.js';
import { simulatorPerTest, startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';
const BOB_CONTACT: Contact = { name: 'Bob Martin', company: 'Martin & Fils', url: 'https://crm.example/contacts/bob' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inner = <T extends Element>(host: Element, selector: string) => host.shadowRoot!.querySelector(selector) as T;
const text = (host: Element, selector: string) => inner<HTMLElement>(host, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const buttonsOf = (actions: KeyyoCallActions) => [...actions.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')];
const labels = (actions: KeyyoCallActions) => buttonsOf(actions).map((b) => b.textContent!.trim());
const buttonOf = (actions: KeyyoCallActions, label: string) => buttonsOf(actions).find((b) => b.textContent!.trim() === label);

/** The middle of an element, in the page's coordinates, for the mouse. */
function centre(element: Element): [number, number] {
  const box = element.getBoundingClientRect();
  return [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)];
}

describe('softphone', () => {
  let sim: SimulatorHandle;

  simulatorPerTest({ virtualClock: true }, (started) => (sim = started));

  afterEach(async () => {
    if (canEmulateColorScheme) await emulateMedia({ colorScheme: 'light' });
  });

  async function phone(options: { resolver?: ContactResolver; floating?: boolean; width?: number } = {}) {
    const root = await fixture<HTMLElement>(html`
      <div style=${options.width ? `width: ${options.width}px` : ''}>
        <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie .tokenProvider=${() => sim.token(ALICE)} .contactResolver=${options.resolver}>
          <keyyo-softphone ?floating=${options.floating}></keyyo-softphone>
        </keyyo-cti-provider>
      </div>
    `);
    const provider = root.querySelector('keyyo-cti-provider')!;
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    const softphone = provider.querySelector('keyyo-softphone') as KeyyoSoftphone;
    await softphone.updateComplete;
    const events: string[] = [];
    for (const type of ['keyyo-call-setup', 'keyyo-call-connect', 'keyyo-call-release', 'keyyo-call-missed', 'keyyo-dial-request', 'keyyo-error'] as const) {
      provider.addEventListener(type, (event) => events.push(event.type.replace('keyyo-', '')));
    }
    return {
      provider,
      softphone,
      events,
      dialer: inner<KeyyoDialer>(softphone, 'keyyo-dialer'),
      card: inner<KeyyoCallActions>(softphone, 'keyyo-call-actions'),
      list: inner<KeyyoCallList>(softphone, 'keyyo-call-list'),
    };
  }

  it('Alice calls Bob from the softphone alone; Bob answers, then hangs up; the card follows with his name', async () => {
    const { softphone, dialer, card, list } = await phone({ resolver: async (number) => (number === BOB ? BOB_CONTACT : undefined) });
    expect(text(softphone, '.status')).to.equal('Connected');
    await waitUntil(() => text(softphone, '.line') === 'Line 7701', 'the line in the local form of the organisation');
    inner<HTMLInputElement>(dialer, 'input').focus();
    await sendKeys({ type: '06 99 00 99 02' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => labels(card).join() === 'Hang up', 'Hang up as soon as the call is placed');
    await waitUntil(() => text(card, '.party') === 'Bob Martin', 'the contact is found');
    await waitUntil(() => text(card, '.number') === '06 99 00 99 02 · Martin & Fils');
    expect(text(card, '.avatar')).to.equal('BM');
    expect(inner<HTMLAnchorElement>(card, 'a[part="link"]').href).to.equal(BOB_CONTACT.url);

    await sim.advance(3000);
    await sim.phone(BOB, 'answer');
    await waitUntil(() => text(card, '.state') === 'In conversation · 0:00');
    await sim.advance(42_000);
    await sim.phone(BOB, 'hangup');
    await waitUntil(() => text(card, '.state').startsWith('Ended'));
    expect(text(card, '.state')).to.equal('Ended · 0:42');
    expect(text(list, '.party')).to.equal('Bob Martin');
    expect(inner(list, '.call-back')).to.exist;
  });

  it('Bob calls Alice: Answer and Reject show with no click and no focus taken; she answers and hangs up from the softphone alone', async () => {
    const { provider, softphone, card, dialer } = await phone();
    inner<HTMLInputElement>(dialer, 'input').focus();
    await sim.call(BOB, ALICE);
    await waitUntil(() => labels(card).join() === 'Answer,Reject', 'two buttons, one red');
    expect(softphone.shadowRoot!.activeElement).to.equal(dialer, 'the focus stays in the number field');
    expect(dialer.shadowRoot!.activeElement).to.equal(inner(dialer, 'input'));
    await waitUntil(() => /^Incoming call from (\+33 6 99 00 99 02|06 99 00 99 02)$/.test(text(provider, '[part="announcer"]')));

    await sleep(450); // new buttons take a person's press after a moment
    const connect = oneEvent(provider, 'keyyo-call-connect');
    await sendMouse({ type: 'click', position: centre(buttonOf(card, 'Answer')!) });
    await connect;
    await waitUntil(() => text(card, '.state').startsWith('In conversation'));
    await sleep(1100);
    const release = oneEvent(provider, 'keyyo-call-release');
    await sendMouse({ type: 'click', position: centre(buttonOf(card, 'Hang up')!) });
    expect((await release).detail.call.direction).to.equal('inbound');
    const state = await sim.state();
    expect(state.phones.every((p: { state: string }) => p.state === 'idle')).to.be.true;
  });

  describe('the keyboard', () => {
    it('Enter pressed twice on Answer, 0.2 s to 1.5 s apart, answers once: the call stays in conversation', async function () {
      this.timeout(40_000);
      const { softphone, card, events } = await phone();
      for (const gap of [200, 700, 1100, 1500]) {
        events.length = 0;
        await sim.call(BOB, ALICE);
        await waitUntil(() => buttonOf(card, 'Answer'));
        await sleep(450);
        buttonOf(card, 'Answer')!.focus();
        await sendKeys({ press: 'Enter' });
        await sleep(gap);
        await sendKeys({ press: 'Enter' });
        await sleep(1200); // past every guard: a late effect would show now
        expect(events, `gap ${gap} ms`).to.deep.equal(['call-setup', 'call-connect']);
        expect(text(card, '.state'), `gap ${gap} ms`).to.match(/^In conversation/);
        // The focus left the buttons for the card's summary, which says what happened.
        expect(card.shadowRoot!.activeElement, `gap ${gap} ms`).to.equal(inner(card, '.summary'));
        expect(softphone.shadowRoot!.activeElement).to.equal(card);
        await sim.phone(BOB, 'hangup');
        await waitUntil(() => events.includes('call-release'));
      }
    });

    it('Space acts on what its button meant when the key went down', async function () {
      if (!canHoldKeys) this.skip();
      const { card, events } = await phone();
      await sim.call(BOB, ALICE);
      await waitUntil(() => buttonOf(card, 'Reject'));
      await sleep(450);
      buttonOf(card, 'Reject')!.focus();
      await sendKeys({ down: ' ' });
      // Alice answers on her desk phone while the key is down: Reject is gone.
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => buttonOf(card, 'Hang up'));
      await sleep(1100);
      await sendKeys({ up: ' ' });
      await sleep(300);
      expect(events).to.deep.equal(['call-setup', 'call-connect']);
    });

    it('Hang up with the keyboard leaves the focus on the card, which shows the end and then no call', async () => {
      const { card } = await phone();
      await sim.call(BOB, ALICE);
      await sim.phone(ALICE, 'answer');
      await waitUntil(() => buttonOf(card, 'Transfer'));
      await sleep(450);
      buttonOf(card, 'Hang up')!.focus();
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => text(card, '.state').startsWith('Ended'));
      expect(buttonsOf(card), 'an ended call has no buttons: the card is its summary').to.have.length(0);
      expect(card.shadowRoot!.activeElement).to.equal(inner(card, '.summary'));
      await waitUntil(() => text(card, '.summary') === 'No call in progress', 'then no call', { timeout: 5000 });
      expect(card.shadowRoot!.activeElement, 'the same summary keeps the focus').to.equal(inner(card, '.summary'));
    });
  });

  describe('double clicks act once and never do anything else', () => {
    const GAPS = [0, 150, 400, 800];

    async function doubleClick(target: HTMLElement, gap: number) {
      const position = centre(target);
      await sendMouse({ type: 'click', position });
      if (gap) await sleep(gap);
      await sendMouse({ type: 'click', position });
      await sleep(1200); // past every guard: a late effect would show now
    }

    it('on Answer', async function () {
      this.timeout(30_000);
      const { card, events } = await phone();
      for (const gap of GAPS) {
        events.length = 0;
        await sim.call(BOB, ALICE);
        await waitUntil(() => buttonOf(card, 'Answer'));
        await sleep(450);
        await doubleClick(buttonOf(card, 'Answer')!, gap);
        expect(events, `gap ${gap} ms`).to.deep.equal(['call-setup', 'call-connect']);
        expect(text(card, '.state'), `gap ${gap} ms`).to.match(/^In conversation/);
        await sim.phone(BOB, 'hangup');
        await waitUntil(() => events.includes('call-release'));
      }
    });

    it('on Reject', async function () {
      this.timeout(30_000);
      const { card, events } = await phone();
      for (const gap of GAPS) {
        events.length = 0;
        await sim.call(BOB, ALICE);
        await waitUntil(() => buttonOf(card, 'Reject'));
        await sleep(450);
        await doubleClick(buttonOf(card, 'Reject')!, gap);
        expect(events, `gap ${gap} ms`).to.deep.equal(['call-setup', 'call-missed']);
      }
      expect((await sim.state()).phones.every((p: { state: string }) => p.state === 'idle')).to.be.true;
    });

    it('on Hang up', async function () {
      this.timeout(30_000);
      const { card, events } = await phone();
      for (const gap of GAPS) {
        events.length = 0;
        await sim.call(BOB, ALICE);
        await sim.phone(ALICE, 'answer');
        await waitUntil(() => buttonOf(card, 'Transfer'));
        await sleep(450);
        await doubleClick(buttonOf(card, 'Hang up')!, gap);
        expect(events, `gap ${gap} ms`).to.deep.equal(['call-setup', 'call-connect', 'call-release']);
      }
    });
  });

  it('a press acts on what its button showed when the pointer went down, never on what replaced it', async () => {
    const { card, events } = await phone();
    await sim.call(BOB, ALICE);
    await waitUntil(() => buttonOf(card, 'Answer'));
    await sleep(450);
    await sendMouse({ type: 'move', position: centre(buttonOf(card, 'Answer')!) });
    await sendMouse({ type: 'down' });
    // Alice answers on her desk phone while the pointer is down.
    await sim.phone(ALICE, 'answer');
    await waitUntil(() => buttonOf(card, 'Hang up') && !buttonOf(card, 'Answer'));
    await sleep(500);
    await sendMouse({ type: 'up' });
    await sleep(300);
    expect(events).to.deep.equal(['call-setup', 'call-connect']);
  });

  it("a page's script clicking right after keyyo-call-connect does what the button it found says", async () => {
    const { provider, card, events } = await phone();
    let clicked = '';
    provider.addEventListener('keyyo-call-connect', () => {
      const first = buttonsOf(card)[0]!;
      clicked = first.textContent!.trim();
      first.click();
    });
    await sim.call(BOB, ALICE);
    await waitUntil(() => buttonOf(card, 'Answer'));
    buttonOf(card, 'Answer')!.click();
    await waitUntil(() => events.includes('call-release'));
    expect(clicked).to.equal('Hang up');
    expect(events).to.deep.equal(['call-setup', 'call-connect', 'call-release']);
  });

  describe('who is calling', () => {
    it('fires keyyo-screen-pop once per inbound call with the contact, and names the caller everywhere', async () => {
      const asked: string[] = [];
      const { provider, card, list } = await phone({
        resolver: async (number) => {
          asked.push(number);
          return number === BOB ? BOB_CONTACT : undefined;
        },
      });
      const pops: CustomEvent[] = [];
      provider.addEventListener('keyyo-screen-pop', (event) => pops.push(event));
      const callref = await sim.call(BOB, ALICE);
      await waitUntil(() => pops.length === 1);
      expect(pops[0]!.detail.call.callref).to.equal(callref);
      expect(pops[0]!.detail.contact).to.deep.equal(BOB_CONTACT);
      await waitUntil(() => text(provider, '[part="announcer"]').startsWith('Incoming call from Bob Martin, '));
      await waitUntil(() => text(card, '.party') === 'Bob Martin' && text(list, '.party') === 'Bob Martin');
      await sim.phone(ALICE, 'answer');
      await sim.phone(BOB, 'hangup');
      await waitUntil(() => text(list, '.meta').includes('Ended'));
      await sleep(100);
      expect(pops).to.have.length(1);

      // Known now: the next call's first event carries the contact, with no new look-up.
      const setup = oneEvent(provider, 'keyyo-call-setup');
      await sim.call(BOB, ALICE);
      expect((await setup).detail.contact).to.deep.equal(BOB_CONTACT);
      await waitUntil(() => pops.length === 2);
      expect(asked).to.deep.equal([BOB]);
    });

    it('one request for concurrent look-ups of one number, answers kept, failures not', async () => {
      let requests = 0;
      let fail = true;
      const directory = new ContactDirectory(() => {});
      directory.resolver = async () => {
        requests++;
        await sleep(100);
        if (fail) throw new Error('CRM down');
        return BOB_CONTACT;
      };
      const call = { other: BOB } as CallSnapshot;
      expect(await Promise.all([directory.lookUp(BOB, call), directory.lookUp(BOB, call)])).to.deep.equal([undefined, undefined]);
      expect(requests).to.equal(1);
      fail = false;
      expect(await directory.lookUp(BOB, call)).to.deep.equal(BOB_CONTACT);
      expect(await directory.lookUp(BOB, call)).to.deep.equal(BOB_CONTACT);
      expect(requests).to.equal(2);
      expect(directory.get(BOB)).to.deep.equal(BOB_CONTACT);
      expect(directory.get('constructor')).to.be.undefined;
    });

    it('a look-up that fails leaves the number, and the pop still fires', async () => {
      const { provider, card } = await phone({ resolver: () => Promise.reject(new Error('CRM down')) });
      const pop = oneEvent(provider, 'keyyo-screen-pop');
      await sim.call(BOB, ALICE);
      expect((await pop).detail.contact).to.be.undefined;
      await waitUntil(() => text(card, '.party') === '06 99 00 99 02');
    });

    it('a look-up slower than 3 s leaves the number, and the UI never waits for it', async function () {
      this.timeout(10_000);
      const { provider, card } = await phone({ resolver: () => sleep(4500).then(() => BOB_CONTACT) });
      const started = Date.now();
      const pop = oneEvent(provider, 'keyyo-screen-pop');
      await sim.call(BOB, ALICE);
      await waitUntil(() => buttonOf(card, 'Answer'));
      expect(Date.now() - started).to.be.below(1500);
      const { detail } = await pop;
      expect(Date.now() - started).to.be.within(2900, 6000);
      expect(detail.contact).to.be.undefined;
      await sleep(1200);
      expect(text(card, '.party')).to.equal('06 99 00 99 02');
    });

    it("reads contact-url with the page's credentials; 404 is nobody; links other than http(s) are dropped", async () => {
      const realFetch = window.fetch;
      const requests: { url: string; init?: RequestInit }[] = [];
      window.fetch = async (input, init) => {
        const url = String(input);
        if (!url.includes('/api/contacts')) return realFetch(input, init);
        requests.push({ url, init });
        return new URL(url).searchParams.get('number') === BOB
          ? Response.json({ name: 'Bob Martin', url: 'javascript:alert(1)', avatar: '/demo/public/favicon.svg' })
          : new Response('', { status: 404 });
      };
      try {
        const root = await fixture<KeyyoCtiProvider>(html`
          <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie contact-url="/api/contacts" .tokenProvider=${() => sim.token(ALICE)}>
            <keyyo-call-actions></keyyo-call-actions>
          </keyyo-cti-provider>
        `);
        await waitUntil(() => root.status === 'connected');
        const pop = oneEvent(root, 'keyyo-screen-pop');
        await sim.call(BOB, ALICE);
        const { contact } = (await pop).detail;
        expect(contact).to.deep.equal({ name: 'Bob Martin', avatar: new URL('/demo/public/favicon.svg', document.baseURI).href });
        expect(requests[0]!.init!.credentials).to.equal('include');
        expect(new URL(requests[0]!.url).pathname).to.equal('/api/contacts');
        const actions = root.querySelector('keyyo-call-actions')!;
        await waitUntil(() => actions.shadowRoot!.querySelector('.avatar img'));
        expect(actions.shadowRoot!.querySelector('a')).to.be.null;
      } finally {
        window.fetch = realFetch;
      }
    });
  });

  it('an answer whose reply is still on its way does not block Hang up once the call is in conversation', async () => {
    const { provider, card } = await phone();
    await sim.call(BOB, ALICE);
    await waitUntil(() => buttonOf(card, 'Answer'));
    await sim.request('POST', '/sim/faults/drop-replies', { count: 1 });
    const connect = oneEvent(provider, 'keyyo-call-connect');
    buttonOf(card, 'Answer')!.click();
    await connect;
    // A page hanging up on keyyo-call-connect: the button it finds acts.
    expect(buttonOf(card, 'Hang up')!.getAttribute('aria-disabled')).to.equal('false');
    const release = oneEvent(provider, 'keyyo-call-release');
    buttonOf(card, 'Hang up')!.click();
    expect((await release).detail.call.state).to.equal('RELEASE');
  });

  it('a hang-up whose reply was lost but which ran shows the call ended, with no error, matching the service', async function () {
    this.timeout(30_000);
    const { provider, card, events } = await phone();
    const errors: string[] = [];
    provider.addEventListener('keyyo-error', (event) => errors.push(event.detail.error.error_code));
    await sim.call(BOB, ALICE);
    await sim.phone(ALICE, 'answer');
    await waitUntil(() => buttonOf(card, 'Transfer'));
    await sim.request('POST', '/sim/faults/drop-replies', { count: 1 });
    buttonOf(card, 'Hang up')!.click();
    await waitUntil(() => text(card, '.state').startsWith('Ended'), 'the card shows the end', { timeout: 5000 });
    // The reply never comes: the SDK waits its timeout, then finds the call ended and reports success.
    await waitUntil(() => !inner<HTMLElement>(card, '.actions button'), 'nothing left to press');
    await sleep(11_000);
    expect(text(card, '.error')).to.equal('');
    // The socket that lost a reply is replaced (the provider says the connection dropped); the hang-up itself did not fail.
    expect(errors).not.to.include('timeout');
    expect(events.filter((event) => event !== 'error')).to.deep.equal(['call-setup', 'call-connect', 'call-release']);
    await waitUntil(() => provider.status === 'connected', 'connected again', { timeout: 10_000 });
    const state = await sim.state();
    expect(state.phones.every((p: { state: string }) => p.state === 'idle')).to.be.true;
    expect(state.calls.filter((c: { state: string }) => c.state === 'SETUP' || c.state === 'CONNECT')).to.have.length(0);
  });

  it('counts missed calls until the user clears them, and calls back through the dial request', async () => {
    const { softphone, provider, events, list } = await phone();
    await sim.call(BOB, ALICE);
    await sim.phone(BOB, 'hangup');
    await waitUntil(() => text(softphone, '[part~="tab"] .badge') === '1');
    inner<HTMLButtonElement>(softphone, '#tab-missed').click();
    await waitUntil(() => list.filter === 'missed');
    expect(list.shadowRoot!.querySelectorAll('.call')).to.have.length(1);

    // The page vetoes the first call back; the second goes through.
    provider.addEventListener('keyyo-dial-request', (event) => event.preventDefault(), { once: true });
    const request = oneEvent(provider, 'keyyo-dial-request');
    inner<HTMLButtonElement>(list, '.call-back').click();
    expect((await request).detail).to.deep.equal({ number: BOB, source: 'call-back' });
    await waitUntil(() => text(list, '.message') === 'The call was not placed');
    inner<HTMLButtonElement>(list, '.call-back').click();
    await waitUntil(() => events.filter((e) => e === 'call-setup').length === 2);

    inner<HTMLButtonElement>(softphone, '.clear').click();
    await waitUntil(() => !inner(softphone, '.clear'));
    expect(text(softphone, '#tab-missed')).to.equal('Missed');
  });

  describe('floating', () => {
    it('opens by itself when a call rings, without taking the focus; Escape and the launcher close and open it', async () => {
      const outside = await fixture<HTMLInputElement>(html`<input aria-label="CRM notes" />`);
      const { softphone } = await phone({ floating: true });
      const launcher = inner<HTMLButtonElement>(softphone, '.launcher');
      const panel = inner<HTMLElement>(softphone, '.panel');
      expect(panel.hidden).to.be.true;
      expect(launcher.getAttribute('aria-expanded')).to.equal('false');
      expect(getComputedStyle(softphone).position).to.equal('fixed');
      await expect(softphone).to.be.accessible();

      outside.focus();
      await sim.call(BOB, ALICE);
      await waitUntil(() => !panel.hidden, 'opens when a call rings');
      expect(launcher.getAttribute('part')).to.equal('launcher launcher-ringing');
      await waitUntil(() => launcher.getAttribute('aria-label') === 'Ringing: 06 99 00 99 02');
      expect(document.activeElement).to.equal(outside);
      await expect(softphone).to.be.accessible();

      inner<HTMLElement>(softphone, '[part="close"]').focus();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => panel.hidden);
      expect(softphone.shadowRoot!.activeElement).to.equal(launcher);
      await sim.phone(BOB, 'hangup');
      await waitUntil(() => text(softphone, '.launcher .badge') === '1');
      expect(launcher.getAttribute('aria-label')).to.equal('Open the phone, 1 missed call');
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => !panel.hidden);

      // Opened by the user: the panel comes next in the focus order, and
      // Escape on the launcher folds it.
      expect(softphone.shadowRoot!.activeElement).to.equal(launcher);
      await sendKeys({ press: 'Tab' });
      expect(panel.contains(softphone.shadowRoot!.activeElement), 'Tab goes into the panel').to.be.true;
      launcher.focus();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => panel.hidden, 'Escape on the launcher folds it');

      softphone.placement = 'top-left';
      await softphone.updateComplete;
      const box = softphone.getBoundingClientRect();
      expect(box.top).to.be.below(40);
      expect(box.left).to.be.below(40);
    });

    it('a call that opened it and is missed folds it again; one the user opened stays open', async () => {
      const outside = await fixture<HTMLInputElement>(html`<input aria-label="CRM notes" />`);
      const { softphone } = await phone({ floating: true });
      const panel = inner<HTMLElement>(softphone, '.panel');
      outside.focus();
      await sim.call(BOB, ALICE);
      await waitUntil(() => !panel.hidden, 'opens when a call rings');
      await sim.phone(BOB, 'hangup');
      await waitUntil(() => panel.hidden, 'folds when the call is missed');
      await waitUntil(() => text(softphone, '.launcher .badge') === '1');
      expect(document.activeElement).to.equal(outside);

      inner<HTMLButtonElement>(softphone, '.launcher').click();
      await waitUntil(() => !panel.hidden);
      outside.focus();
      await sim.call(BOB, ALICE);
      await waitUntil(() => inner(softphone, '.launcher.ringing'));
      await sim.phone(BOB, 'hangup');
      await waitUntil(() => text(softphone, '.launcher .badge') === '2');
      expect(panel.hidden, 'the user opened it: it stays').to.be.false;
    });
  });

  it('outside a provider, says so in the console once', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const root = await fixture<HTMLElement>(html`<div><keyyo-softphone></keyyo-softphone><keyyo-softphone floating></keyyo-softphone></div>`);
      const [softphone] = root.querySelectorAll('keyyo-softphone');
      await softphone!.updateComplete;
      expect(text(softphone!, '.status')).to.equal('Not connected');
      expect(warnings.map(String)).to.deep.equal(['<keyyo-softphone> shows "Not connected" outside a <keyyo-cti-provider>.']);
      // Inside a provider, across another element's shadow root: no word.
      warnings.length = 0;
      const provider = document.createElement('keyyo-cti-provider');
      const host = provider.appendChild(document.createElement('div'));
      host.attachShadow({ mode: 'open' }).append(document.createElement('keyyo-softphone'));
      root.append(provider);
      expect(warnings).to.deep.equal([]);
    } finally {
      console.warn = warn;
    }
  });

  it('passes axe open, with a call', async () => {
    const { softphone, card } = await phone();
    await sim.call(BOB, ALICE);
    await waitUntil(() => buttonOf(card, 'Answer'));
    await expect(softphone).to.be.accessible();
  });

  describe('dark', () => {
    beforeEach(async function () {
      if (!canEmulateColorScheme) this.skip();
      await emulateMedia({ colorScheme: 'dark' });
    });

    it('passes axe open, with a call', async () => {
      const { softphone, card } = await phone();
      await sim.call(BOB, ALICE);
      await waitUntil(() => buttonOf(card, 'Answer'));
      await expect(softphone).to.be.accessible();
    });

    it('passes axe floating, closed and ringing', async () => {
      const { softphone } = await phone({ floating: true });
      await expect(softphone).to.be.accessible();
      await sim.call(BOB, ALICE);
      await waitUntil(() => !inner<HTMLElement>(softphone, '.panel').hidden);
      await expect(softphone).to.be.accessible();
    });
  });

  it('works from 280 px wide', async () => {
    const { softphone, card } = await phone({ width: 280 });
    await sim.call(BOB, ALICE);
    await waitUntil(() => buttonOf(card, 'Answer'));
    const right = softphone.getBoundingClientRect().right;
    expect(softphone.getBoundingClientRect().width).to.be.at.most(280);
    for (const button of buttonsOf(card)) expect(button.getBoundingClientRect().right).to.be.at.most(right + 0.5);
  });
});

describe('clear words for what went wrong', () => {
  let sim: SimulatorHandle;

  simulatorPerTest({ virtualClock: true }, (started) => (sim = started));

  async function provider(setup: (provider: KeyyoCtiProvider) => void, lang = 'en') {
    const root = await fixture<HTMLElement>(html`<div lang=${lang}></div>`);
    const element = document.createElement('keyyo-cti-provider');
    element.endpoint = sim.endpoint;
    element.noCookie = true;
    setup(element);
    element.append(document.createElement('keyyo-dialer'));
    const errors = [] as CustomEvent[];
    element.addEventListener('keyyo-error', (event) => errors.push(event));
    root.append(element);
    return { provider: element, dialer: element.querySelector('keyyo-dialer')!, errors };
  }

  it('a refused token says so, in English and in French', async () => {
    for (const lang of ['en', 'fr']) {
      const { provider: element, dialer } = await provider((p) => (p.tokenProvider = async () => 'not-a-token'), lang);
      await waitUntil(() => element.status === 'error');
      await dialer.updateComplete;
      expect(text(dialer, '.message')).to.equal(
        lang === 'en'
          ? 'The phone service refused the access token: sign in again, or ask your administrator.'
          : "Le service téléphonique a refusé le jeton d'accès : reconnectez-vous ou contactez votre administrateur.",
      );
    }
  });

  it('a command refused while reconnecting says when the next try is', async () => {
    const english = messagesFor(document.createElement('div'));
    const error = new CtiError(401, 'not_connected', 'Not connected');
    expect(errorText(error, english, { attempt: 2, at: Date.now() + 3500 })).to.equal('Connection lost: reconnecting (attempt 2, in 4 s)…');
    expect(errorText(error, english)).to.equal('Not connected');
    expect(errorText(new CtiError(504, 'timeout', 'No reply to call within 10000 ms'), english)).to.equal('The phone service did not answer in time: try again.');
  });

  it('an attribute the SDK refuses puts the provider in error, with the reason', async () => {
    const { provider: element, errors } = await provider((p) => {
      p.setAttribute('cookie-expires', '-1');
      p.tokenProvider = () => sim.token(ALICE);
    });
    await waitUntil(() => element.status === 'error');
    expect(errors[0]!.detail.error.error_code).to.equal('invalid_params');
    expect(errors[0]!.detail.error.message).to.contain('cookie_expires');
  });

  it('a service that cannot be reached when the page opens says so, and connects once it answers', async function () {
    this.timeout(20_000);
    const port = new URL(sim.url).port;
    // The page's own server gives tokens all along (the last one it had while the service is down).
    const held = await sim.token(ALICE);
    await sim.stop();
    const { provider: element, dialer, errors } = await provider((p) => (p.tokenProvider = () => sim.token(ALICE).catch(() => held)));
    await waitUntil(() => element.status === 'reconnecting', 'it keeps trying', { timeout: 5000 });
    await dialer.updateComplete;
    expect(text(dialer, '.message')).to.match(/^The phone service cannot be reached: trying again \(attempt \d+(, in \d+ s)?\)…$/);
    expect(errors.map((event) => event.detail.error.error_code)).to.deep.equal(['connection_closed'], 'the page hears it once');
    // The service comes up on its address: the page connects without a reload.
    sim = await startSimulator({ port: Number(port) });
    await waitUntil(() => element.status === 'connected', 'connected once the service answers', { timeout: 15_000 });
    await sim.call(BOB, ALICE);
    await waitUntil(() => element.state.current?.state === 'SETUP');
  });

  it('a page that stops trying to reach the service leaves nothing running', async () => {
    const port = new URL(sim.url).port;
    const held = await sim.token(ALICE);
    await sim.stop();
    const { provider: element } = await provider((p) => (p.tokenProvider = () => sim.token(ALICE).catch(() => held)));
    await waitUntil(() => element.status === 'reconnecting', 'it keeps trying', { timeout: 5000 });
    element.remove();
    sim = await startSimulator({ port: Number(port) });
    await sleep(2500);
    const state = await sim.state();
    expect(state.sessions ?? [], 'no session opened after the page left').to.have.length(0);
  });

  it('a provider with no token source says how to give one, once', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const { provider: element, dialer, errors } = await provider(() => {});
      expect(element.status).to.equal('idle');
      await waitUntil(() => element.status === 'error', 'after a moment', { timeout: 2000 });
      expect(errors).to.have.length(1);
      expect(errors[0]!.detail.error.error_code).to.equal('no_token_source');
      expect(errors[0]!.detail.error.message).to.contain('token-url').and.contain('token').and.contain('tokenProvider').and.contain(':tokenProvider.prop');
      await dialer.updateComplete;
      expect(text(dialer, '.message')).to.equal('The phone is not set up: it has no way to get an access token.');
      expect(warnings).to.have.length(1);

      // Given one later, it connects.
      element.tokenProvider = () => sim.token(ALICE);
      await waitUntil(() => element.status === 'connected');
    } finally {
      console.warn = warn;
    }
  });

  it('refuses a tokenProvider set as an attribute, as a framework does before the element is defined', async () => {
    const { provider: element, errors } = await provider((p) => p.setAttribute('tokenprovider', 'function () { return fetchToken(); }'));
    await waitUntil(() => element.status === 'error', 'after a moment', { timeout: 2000 });
    expect(errors[0]!.detail.error.message).to.match(/^tokenProvider is not a function/);

    const { provider: second, errors: refused } = await provider((p) => ((p as unknown as { tokenProvider: string }).tokenProvider = 'fetchToken'));
    await waitUntil(() => second.status === 'error');
    expect(refused[0]!.detail.error.error_code).to.equal('no_token_source');
  });

  it('keyyo-select-call reaches the page', async () => {
    const root = await fixture<KeyyoCtiProvider>(html`
      <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie .tokenProvider=${() => sim.token(ALICE)}>
        <keyyo-call-list></keyyo-call-list>
      </keyyo-cti-provider>
    `);
    await waitUntil(() => root.status === 'connected');
    const callref = await sim.call(BOB, ALICE);
    const list = root.querySelector('keyyo-call-list')!;
    await waitUntil(() => list.shadowRoot!.querySelector('.select'));
    const heard = oneEvent(document, 'keyyo-select-call');
    list.shadowRoot!.querySelector<HTMLButtonElement>('.select')!.click();
    expect((await heard).detail.callref).to.equal(callref);
  });
});
