// The elements in Chromium against a real simulator: typed into, clicked,
// and read as a person would.
import { ContextProvider } from '@lit/context';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { initialState, stateContext } from '../../../src/context.js';
import '../../../src/define.js';
import { defineElement } from '../../../src/elements/define-element.js';
import { startedAt } from '../../../src/shared/dates.js';
import { displayNumber } from '../../../src/shared/format.js';
import type { KeyyoCallActions, KeyyoCallList, KeyyoCtiProvider, KeyyoDialer } from '../../../src/index.js';
import type { CallSnapshot } from '../../../src/snapshot.js';
import { simulatorPerTest, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const CAROL = '33172587702';
const BOB = '33699009902';

const shadow = (element: Element, selector: string) => element.shadowRoot!.querySelector<HTMLElement>(selector);
const text = (element: Element, selector: string) => shadow(element, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const rows = (list: KeyyoCallList) => [...list.shadowRoot!.querySelectorAll<HTMLElement>('.call')];
const choose = (row: HTMLElement) => row.querySelector<HTMLButtonElement>('.select')!;
const button = (actions: KeyyoCallActions, name: string) => [...actions.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === name);

describe('elements', () => {
  let sim: SimulatorHandle;

  simulatorPerTest({ virtualClock: true }, (started) => (sim = started));

  async function page(lang = 'en') {
    const tokens: string[] = [];
    const root = await fixture<HTMLElement>(html`
      <div lang=${lang}>
        <keyyo-cti-provider
          endpoint=${sim.endpoint}
          no-cookie
          .tokenProvider=${async () => {
            const token = await sim.token(ALICE);
            tokens.push(token);
            return token;
          }}
        >
          <keyyo-dialer></keyyo-dialer>
          <keyyo-call-list></keyyo-call-list>
          <keyyo-call-actions></keyyo-call-actions>
        </keyyo-cti-provider>
      </div>
    `);
    const provider = root.querySelector('keyyo-cti-provider') as KeyyoCtiProvider;
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    return {
      provider,
      tokens,
      dialer: root.querySelector('keyyo-dialer') as KeyyoDialer,
      list: root.querySelector('keyyo-call-list') as KeyyoCallList,
      actions: root.querySelector('keyyo-call-actions') as KeyyoCallActions,
    };
  }

  it('Alice dials Bob from the dialer; Bob answers, then hangs up; her list follows', async () => {
    const { provider, dialer, list } = await page();
    expect(provider.getAttribute('status')).to.equal('connected');
    expect(provider.number).to.equal(ALICE);
    expect(text(list, '.empty')).to.equal('No calls yet');

    const seen: string[] = [];
    for (const type of ['keyyo-call-setup', 'keyyo-call-connect', 'keyyo-call-release'] as const) {
      provider.addEventListener(type, (event) => seen.push(`${event.type}:${event.detail.call.callee}`));
    }
    const request = oneEvent(dialer, 'keyyo-dial-request');
    shadow(dialer, 'input')!.focus();
    await sendKeys({ type: '06 99 00 99 02' });
    await sendKeys({ press: 'Enter' });
    expect((await request).detail.number).to.equal(BOB);

    await waitUntil(() => rows(list).length === 1, 'the call should be listed');
    await waitUntil(() => text(list, '.party') === '06 99 00 99 02', 'in the local form of the organisation, grouped for reading');
    expect(text(list, '.meta')).to.equal('Outgoing · Ringing');

    await sim.advance(2000);
    await sim.phone(BOB, 'answer');
    await waitUntil(() => text(list, '.meta') === 'Outgoing · In conversation');
    await sim.advance(65_000);
    await sim.phone(BOB, 'hangup');
    await waitUntil(() => text(list, '.meta').startsWith('Outgoing · Ended · '));
    expect(text(list, '.meta')).to.match(/^Outgoing · Ended · \d{1,2}:\d\d\s?[AP]M$/, 'the time of day it started');
    expect(text(list, '.time')).to.equal('1:05');
    await waitUntil(() => seen.length === 3);
    expect(seen).to.deep.equal([`keyyo-call-setup:${BOB}`, `keyyo-call-connect:${BOB}`, `keyyo-call-release:${BOB}`]);
  });

  it('Bob calls Alice: announced, Answer shown at once with no click, answered and hung up from the call actions', async () => {
    const { provider, list, actions, dialer } = await page();
    // Alice is typing in the page when the call comes: her focus stays there.
    shadow(dialer, 'input')!.focus();
    const setup = oneEvent(provider, 'keyyo-call-setup');
    await sim.call(BOB, ALICE);
    const { detail } = await setup;
    expect(detail.call).to.include({ caller: BOB, callee: ALICE, state: 'SETUP', direction: 'inbound' });
    expect(Object.isFrozen(detail.call)).to.be.true;
    expect(provider.state.current?.callref).to.equal(detail.call.callref);
    // The event comes once the elements show the call.
    expect(rows(list)).to.have.length(1);
    expect([...actions.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(['Answer', 'Reject']);
    await waitUntil(() => /^Incoming call from (\+33 6 99 00 99 02|06 99 00 99 02)$/.test(text(provider, '[part="announcer"]')));
    expect(dialer.shadowRoot!.activeElement).to.equal(shadow(dialer, 'input'));

    const connect = oneEvent(provider, 'keyyo-call-connect');
    button(actions, 'Answer')!.click();
    await connect;
    expect(button(actions, 'Transfer')).to.exist;
    expect(text(list, '.meta')).to.equal('Incoming · In conversation');

    const release = oneEvent(provider, 'keyyo-call-release');
    button(actions, 'Hang up')!.click();
    expect((await release).detail.call.state).to.equal('RELEASE');
    expect(text(actions, '.state')).to.match(/^Ended/);
    const state = await sim.state();
    expect(state.phones.every((phone: { state: string }) => phone.state === 'idle')).to.be.true;
  });

  it('after dialing, the call actions offer Hang up with no click', async () => {
    const { dialer, actions, provider } = await page();
    dialer.number = '0699009902';
    await dialer.updateComplete;
    const setup = oneEvent(provider, 'keyyo-call-setup');
    shadow(dialer, 'button[type="submit"]')!.click();
    expect((await setup).detail.call.direction).to.equal('outbound');
    expect([...actions.shadowRoot!.querySelectorAll('.actions button')].map((b) => b.textContent!.trim())).to.deep.equal(['Hang up']);
    const release = oneEvent(provider, 'keyyo-call-release');
    await sim.phone(BOB, 'answer');
    await waitUntil(() => button(actions, 'Transfer'));
    button(actions, 'Hang up')!.click();
    await release;
  });

  it("Transfer and Park ask for what they need on the card: a slot that is not a number is refused there, Carol's local number takes the call", async () => {
    const { actions } = await page();
    await sim.call(BOB, ALICE);
    await sim.phone(ALICE, 'answer');
    await waitUntil(() => button(actions, 'Park'));

    button(actions, 'Park')!.click();
    await actions.updateComplete;
    expect(button(actions, 'Park')!.getAttribute('aria-expanded')).to.equal('true');
    await waitUntil(() => actions.shadowRoot!.activeElement === shadow(actions, '.prompt input[name="slot"]'), 'the slot field takes the focus');
    (shadow(actions, '.prompt input[name="slot"]') as HTMLInputElement).value = 'two';
    button(actions, 'Confirm')!.click();
    await waitUntil(() => text(actions, '.error') === 'A slot is a whole number');
    expect(
      (await sim.state()).calls.filter((call: { state: string }) => call.state === 'CONNECT'),
      'still talking',
    ).to.have.length(1);

    button(actions, 'Transfer')!.click();
    await actions.updateComplete;
    expect(shadow(actions, '.prompt input[name="slot"]'), 'one prompt at a time').to.be.null;
    expect(text(actions, '.error'), 'a new prompt starts without the last error').to.equal('');
    (shadow(actions, '.prompt input[name="to"]') as HTMLInputElement).value = '7702';
    button(actions, 'Confirm')!.click();
    await waitUntil(async () => (await sim.state()).calls.some((call: { callee: string; state: string }) => call.callee === CAROL && call.state === 'SETUP'), 'Carol rings', {
      timeout: 3000,
    });
    await waitUntil(() => text(actions, '.state').startsWith('Ended'), "Alice's call ended");
    expect(shadow(actions, '.prompt'), 'the prompt closes once done').to.be.null;
  });

  it('the selection wins while its call is active; when it ends, its end shows a moment, then the current call', async () => {
    const { provider, list, actions } = await page();
    await provider.session!.subscribe(CAROL);
    const talking = await sim.call(BOB, ALICE);
    await sim.phone(ALICE, 'answer');
    const other = await sim.call(BOB, CAROL);
    await waitUntil(() => rows(list).length === 2);
    expect(provider.state.current?.callref).to.equal(talking);
    choose(rows(list).find((row) => row.dataset.callref === other)!).click();
    await waitUntil(() => text(actions, '.state').startsWith('Ringing'));
    expect(button(actions, 'Answer'), "not Alice's line: no Answer").to.be.undefined;
    await sim.phone(CAROL, 'reject');
    await waitUntil(() => text(actions, '.state').startsWith('Missed'));
    await waitUntil(() => text(actions, '.state').startsWith('In conversation'), 'back to the current call', { timeout: 5000 });
    expect(button(actions, 'Transfer')).to.exist;
  });

  it('chooses calls with the arrow keys and Enter', async () => {
    const { list } = await page();
    await sim.call(BOB, ALICE);
    await sim.call(CAROL, ALICE);
    await waitUntil(() => rows(list).length === 2);
    choose(rows(list)[0]!).focus();
    await sendKeys({ press: 'ArrowDown' });
    await waitUntil(() => choose(rows(list)[1]!).getAttribute('aria-pressed') === 'true');
    expect(list.shadowRoot!.activeElement).to.equal(choose(rows(list)[1]!));
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => choose(rows(list)[0]!).getAttribute('aria-pressed') === 'true');
  });

  it('the dialer refuses invalid numbers before sending, and lets the page veto a call', async () => {
    const { dialer, provider } = await page();
    shadow(dialer, 'input')!.focus();
    await sendKeys({ type: '12' });
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => text(dialer, '.message').startsWith('Enter a phone number'));
    expect(shadow(dialer, 'input')!.getAttribute('aria-invalid')).to.equal('true');

    dialer.number = '+33 6 99 00 99 02';
    provider.addEventListener('keyyo-dial-request', (event) => event.preventDefault(), { once: true });
    await dialer.updateComplete;
    shadow(dialer, 'button[type="submit"]')!.click();
    await waitUntil(() => text(dialer, '.message') === 'The call was not placed');
    expect((await sim.state()).calls).to.have.length(0);
  });

  it('the dialer cleans pasted numbers and says why it is disabled', async () => {
    const dialer = await fixture<KeyyoDialer>(html`<keyyo-dialer></keyyo-dialer>`);
    expect(text(dialer, '.message')).to.equal('Not connected');
    expect(shadow(dialer, 'input')!.hasAttribute('disabled')).to.be.true;
    dialer.number = 'Tel.: (+33) 6-99-00-99-02 ext';
    expect(dialer.number).to.equal('+33699009902');
  });

  it('speaks French under lang="fr"', async () => {
    const { list, dialer } = await page('fr');
    expect(text(list, '.empty')).to.equal("Aucun appel pour l'instant");
    expect(text(dialer, 'button[type="submit"]')).to.equal('Appeler');
  });

  it('fetches a new token when the service refuses the one it holds', async () => {
    const root = await fixture<HTMLElement>(html`<div></div>`);
    const provider = document.createElement('keyyo-cti-provider');
    provider.endpoint = sim.endpoint;
    provider.noCookie = true;
    let calls = 0;
    provider.tokenProvider = async () => (++calls === 1 ? 'stale-token' : sim.token(ALICE));
    root.append(provider);
    await waitUntil(() => provider.status === 'connected', 'connects with the second token');
    expect(calls).to.equal(2);
  });

  for (const [kind, body, type] of [
    ['JSON token', (token: string) => JSON.stringify({ token }), 'application/json'],
    ['JSON csi_token', (token: string) => JSON.stringify({ csi_token: token }), 'application/json'],
    ['plain text', (token: string) => `${token}\n`, 'text/plain'],
  ] as const) {
    it(`reads a token-url answering ${kind}, with the page's credentials`, async () => {
      const token = await sim.token(ALICE);
      const realFetch = window.fetch;
      const requests: RequestInit[] = [];
      window.fetch = async (input, init) => {
        if (String(input) !== '/api/cti-token') return realFetch(input, init);
        requests.push(init ?? {});
        return new Response(body(token), { headers: { 'content-type': type } });
      };
      try {
        const provider = document.createElement('keyyo-cti-provider');
        provider.endpoint = sim.endpoint;
        provider.noCookie = true;
        provider.tokenUrl = '/api/cti-token';
        (await fixture<HTMLElement>(html`<div></div>`)).append(provider);
        await waitUntil(() => provider.status === 'connected', `connects with a ${kind} token`);
        expect(requests[0]!.credentials).to.equal('include');
      } finally {
        window.fetch = realFetch;
      }
    });
  }

  it('filters the list (active, missed, one line) and marks missed calls', async () => {
    const { provider, list } = await page();
    await provider.session!.subscribe(CAROL);
    const missed = await sim.call(BOB, ALICE);
    await sim.phone(BOB, 'hangup');
    await sim.call(BOB, CAROL);
    await waitUntil(() => rows(list).length === 2);
    const missedRow = rows(list).find((row) => row.dataset.callref === missed)!;
    expect(missedRow.getAttribute('part')).to.contain('call-missed');
    expect(missedRow.textContent).to.contain('Missed');
    list.filter = 'missed';
    await waitUntil(() => rows(list).length === 1 && rows(list)[0]!.dataset.callref === missed);
    list.filter = 'active';
    await waitUntil(() => rows(list).length === 1 && rows(list)[0]!.dataset.callref !== missed);
    expect(text(list, '.meta')).to.equal('Line · Ringing');
    list.filter = 'all';
    list.number = ALICE;
    await waitUntil(() => rows(list).length === 1 && rows(list)[0]!.dataset.callref === missed);
  });

  it('a call placed that nobody answered reads "No answer", neither red nor among the missed', async () => {
    const { provider, list } = await page();
    await provider.session!.dial(BOB);
    await waitUntil(() => rows(list).length === 1);
    await sim.phone(BOB, 'reject');
    await waitUntil(() => text(list, '.meta').startsWith('Outgoing · No answer · '));
    expect(rows(list)[0]!.getAttribute('part')).to.equal('call');
    expect(getComputedStyle(shadow(list, '.party')!).color).to.equal(getComputedStyle(shadow(list, '.heading')!).color, 'not in the missed colour');
    list.filter = 'missed';
    await waitUntil(() => text(list, '.empty') === 'No missed calls');
  });

  it('writes numbers for reading and times in the page language', () => {
    const none = new Map<string, string>();
    expect(displayNumber('33699009902', new Map([['33699009902', '0699009902']]))).to.equal('06 99 00 99 02');
    expect(displayNumber('33172587701', none)).to.equal('+33 1 72 58 77 01');
    expect(displayNumber('33172587701', new Map([['33172587701', '7701']]))).to.equal('7701');
    expect(displayNumber('442071234567', none)).to.equal('+442071234567', 'other countries as they are');
    expect(displayNumber('anonymous', none)).to.equal('anonymous');

    const today = new Date();
    today.setHours(14, 5, 0, 0);
    const earlier = new Date(2024, 2, 7, 9, 30);
    expect(startedAt(today.getTime() / 1000, 'fr')).to.equal('14:05');
    expect(startedAt(today.getTime() / 1000, 'en-US')).to.match(/^2:05\sPM$/);
    expect(startedAt(earlier.getTime() / 1000, 'fr')).to.match(/^7 mars,? 0?9:30$/);
    expect(startedAt(earlier.getTime() / 1000, 'en-GB')).to.match(/^7 Mar,? 0?9:30$/);
    expect(startedAt(today.getTime() / 1000, 'not a language')).to.equal(new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(today));
  });

  it('the keypad is one tab stop; the arrow keys move on it', async () => {
    const dialer = await fixture<KeyyoDialer>(html`<keyyo-dialer></keyyo-dialer>`);
    const keys = [...dialer.shadowRoot!.querySelectorAll<HTMLButtonElement>('.key')];
    keys.forEach((key) => (key.disabled = false)); // not connected: disabled, but the focus order is the same
    expect(keys.filter((key) => key.tabIndex === 0).map((key) => key.textContent!.trim())).to.deep.equal(['1']);
    keys[0]!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowDown' });
    expect(dialer.shadowRoot!.activeElement?.textContent?.trim()).to.equal('5');
    await sendKeys({ press: 'End' });
    expect(dialer.shadowRoot!.activeElement?.textContent?.trim()).to.equal('#');
    await sendKeys({ press: 'ArrowUp' });
    expect(dialer.shadowRoot!.activeElement?.textContent?.trim()).to.equal('9');
    await dialer.updateComplete;
    expect(keys.filter((key) => key.tabIndex === 0).map((key) => key.textContent!.trim())).to.deep.equal(['9'], 'the tab stop is the key moved to');
  });

  it('a token source set after the provider is in the page, as React sets it, schedules no second update', async () => {
    // Lit in development mode keeps the warnings it gave.
    const issued = (globalThis as { litIssuedWarnings?: Set<string | undefined> }).litIssuedWarnings;
    expect(issued, 'Lit runs in development mode').to.exist;
    const provider = document.createElement('keyyo-cti-provider');
    provider.endpoint = sim.endpoint;
    provider.noCookie = true;
    document.body.append(provider);
    await provider.updateComplete;
    provider.tokenProvider = () => sim.token(ALICE);
    await waitUntil(() => provider.status === 'connected');
    expect([...issued!].filter((warning) => warning?.includes('keyyo-cti-provider scheduled an update'))).to.deep.equal([]);
    await provider.destroy();
    provider.remove();
  });

  it('reports a connection that cannot be made, and keeps trying', async () => {
    const provider = document.createElement('keyyo-cti-provider');
    provider.endpoint = 'http://127.0.0.1:9/cti';
    provider.token = 'anything';
    const failed = oneEvent(provider, 'keyyo-error');
    (await fixture<HTMLElement>(html`<div></div>`)).append(provider);
    expect((await failed).detail.error.error_code).to.equal('connection_closed');
    expect(provider.status).to.equal('reconnecting');
    expect(provider.state.reconnect).to.include({ attempt: 1, first: true });
  });

  it('shows markup from numbers and server text as text', async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const evil = '<img src=x onerror="window.pwned=1">';
    const call: CallSnapshot = {
      callref: 'x',
      caller: evil,
      callee: ALICE,
      state: 'SETUP',
      setup_date: 1,
      direction: 'inbound',
      other: evil,
      missed: false,
      active: true,
    };
    // A stand-in provider holding a call whose number is markup.
    new ContextProvider(host, { context: stateContext, initialValue: { ...initialState, status: 'connected', calls: [call] } });
    const list = document.createElement('keyyo-call-list');
    const actions = document.createElement('keyyo-call-actions');
    actions.callref = 'x';
    host.append(list, actions);
    await waitUntil(() => rows(list).length === 1);
    await actions.updateComplete;
    expect(text(list, '.party')).to.equal(evil);
    expect(list.shadowRoot!.querySelector('img')).to.be.null;
    expect(actions.shadowRoot!.querySelector('img')).to.be.null;
    expect(text(actions, '.summary')).to.contain(evil);
  });

  it('shows numbers that are property names as numbers, and cuts what cannot be shown', async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const huge = '9'.repeat(2_000_000);
    const call = (callref: string, caller: string): CallSnapshot => ({
      callref,
      caller,
      callee: ALICE,
      state: 'SETUP',
      setup_date: 1,
      direction: 'inbound',
      other: caller,
      missed: false,
      active: true,
    });
    const calls = [call('a', 'constructor'), call('b', '__proto__'), call('c', 'toString'), call('d', huge)];
    for (let i = 0; i < 3000; i++) calls.push(call(`r${i}`, `3369900${String(i).padStart(4, '0')}`));
    new ContextProvider(host, { context: stateContext, initialValue: { ...initialState, status: 'connected', number: ALICE, calls, current: calls[0] } });
    const list = document.createElement('keyyo-call-list');
    const actions = document.createElement('keyyo-call-actions');
    host.append(list, actions);
    await waitUntil(() => rows(list).length > 0);
    expect(
      rows(list)
        .slice(0, 3)
        .map((row) => row.querySelector('.party')!.textContent),
    ).to.deep.equal(['constructor', '__proto__', 'toString']);
    expect(rows(list)[3]!.querySelector('.party')!.textContent!.length).to.be.at.most(64);
    expect(rows(list)).to.have.length(50, 'one page of rows, however many calls arrive');
    expect(text(actions, '.party')).to.equal('constructor');
  });

  it('loading the elements twice keeps the first definitions, and says when a name is taken by another element', async () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      const dialer = customElements.get('keyyo-dialer');
      const secondCopy = '/dist/keyyo-cti-elements.js';
      await import(secondCopy);
      expect(customElements.get('keyyo-dialer')).to.equal(dialer);
      expect(warnings).to.deep.equal([]);
      customElements.define('keyyo-taken', class extends HTMLElement {});
      defineElement('keyyo-taken', class extends HTMLElement {});
      expect(warnings).to.have.length(1);
    } finally {
      console.warn = warn;
    }
  });

  it('every element passes axe', async () => {
    const { dialer, list, actions } = await page();
    await sim.call(BOB, ALICE);
    await waitUntil(() => rows(list).length === 1 && button(actions, 'Answer'));
    await expect(dialer).to.be.accessible();
    await expect(list).to.be.accessible();
    await expect(actions).to.be.accessible();
  });
});
