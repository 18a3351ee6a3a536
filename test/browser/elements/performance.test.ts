// What keeps a page with many calls fast, checked as behaviour (the timings
// are `npm run bench`'s): live times written without rendering their
// element again, a change shown at once, `connected` after one round trip,
// number conversions a few at a time and bounded, and the calls kept in
// order however they change. A stand-in socket plays the service, so each
// test decides exactly what arrives and when the service answers.
import { ContextProvider } from '@lit/context';
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { initialState, stateContext } from '../../../src/context.js';
import '../../../src/define.js';
import type { KeyyoCallActions, KeyyoCallList, KeyyoCtiProvider } from '../../../src/index.js';
import type { CallSnapshot } from '../../../src/snapshot.js';

const ALICE = '33172587701';
const text = (host: Element, selector: string) => host.shadowRoot!.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
const microtasks = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

interface Message {
  action: string;
  id: number;
  number?: string;
}

/** The service behind a stand-in WebSocket: answers each command a task
 * later, or when released for the actions it holds. */
class StubService {
  readonly asked: Message[] = [];
  readonly holding = new Set<string>();
  #held: (() => void)[] = [];
  #socket?: { onmessage: ((event: { data: string }) => void) | null };
  #native = window.WebSocket;

  install(): void {
    const service = this;
    window.WebSocket = class {
      onmessage: ((event: { data: string }) => void) | null = null;
      onclose: ((event: { code: number; reason: string }) => void) | null = null;
      constructor() {
        service.#socket = this;
        setTimeout(() => this.onmessage?.({ data: 'o' }));
      }
      send(data: string): void {
        for (const text of JSON.parse(data) as string[]) service.#receive(JSON.parse(text));
      }
      close(): void {}
    } as unknown as typeof WebSocket;
  }

  uninstall(): void {
    window.WebSocket = this.#native;
  }

  /** Commands held and not answered yet, of one action. */
  waiting(action: string): number {
    return this.asked.filter((message) => message.action === action).length - this.answered.filter((message) => message.action === action).length;
  }

  readonly answered: Message[] = [];

  /** Answers the held commands, oldest first (all, or that many). */
  release(count = Infinity): void {
    for (const reply of this.#held.splice(0, count)) reply();
  }

  push(...calls: object[]): void {
    for (const call of calls) this.#frame({ notify: 'call', call });
  }

  #receive(message: Message): void {
    this.asked.push(message);
    const reply = () => {
      this.answered.push(message);
      this.#frame({ id: message.id, result: this.#result(message) });
    };
    if (this.holding.has(message.action)) this.#held.push(reply);
    else setTimeout(reply);
  }

  #result(message: Message): unknown {
    if (message.action === 'create_session') return { number: ALICE, now: Date.now() / 1000, session_id: 'stub' };
    if (message.action === 'get_subscriptions') return { numbers: [ALICE] };
    if (message.action === 'get_auto_answer') return { auto_answer: true };
    if (message.action === 'get_int_to_local_numbers') return `0${message.number!.slice(2)}`;
    return 1;
  }

  #frame(message: object): void {
    this.#socket?.onmessage?.({ data: `a${JSON.stringify([JSON.stringify(message)])}` });
  }
}

const call = (n: number, state: string, extra: object = {}) => ({
  callref: `c${n}`,
  caller: `3361${String(n).padStart(7, '0')}`,
  callee: ALICE,
  state,
  setup_date: 1000 + n,
  ...(state === 'SETUP' ? {} : state === 'CONNECT' ? { connect_date: 1000 + n } : { release_date: 2000 + n }),
  ...extra,
});

describe('performance', () => {
  let service: StubService;

  beforeEach(() => {
    service = new StubService();
    service.install();
  });

  afterEach(() => service.uninstall());

  async function page() {
    const root = await fixture<HTMLElement>(html`
      <div>
        <keyyo-cti-provider endpoint="http://stub.invalid/cti" token="stub" no-cookie>
          <keyyo-call-list></keyyo-call-list>
        </keyyo-cti-provider>
      </div>
    `);
    const provider = root.querySelector('keyyo-cti-provider') as KeyyoCtiProvider;
    await waitUntil(() => provider.status === 'connected', 'the provider should connect');
    return { provider, list: root.querySelector('keyyo-call-list') as KeyyoCallList };
  }

  it('writes live times each second without rendering their element again', async () => {
    const host = await fixture<HTMLElement>(html`<div></div>`);
    const now = Date.now() / 1000;
    const live: CallSnapshot = {
      callref: 'x',
      caller: '33699009902',
      callee: ALICE,
      state: 'CONNECT',
      setup_date: now - 70,
      connect_date: now - 65,
      direction: 'inbound',
      other: '33699009902',
      missed: false,
      active: true,
    };
    new ContextProvider(host, { context: stateContext, initialValue: { ...initialState, status: 'connected', number: ALICE, calls: [live], current: live } });
    const list = document.createElement('keyyo-call-list');
    const actions = document.createElement('keyyo-call-actions') as KeyyoCallActions;
    host.append(list, actions);
    await waitUntil(() => text(list, '.time') === '1:05' && text(actions, '.state') === 'In conversation · 1:05');
    let renders = 0;
    for (const element of [list, actions] as (HTMLElement & { render(): unknown })[]) {
      const render = element.render.bind(element);
      element.render = () => (renders++, render());
    }
    await waitUntil(() => text(list, '.time') === '1:06', 'the time should move on', { timeout: 3000 });
    await waitUntil(() => text(actions, '.state') === 'In conversation · 1:06', 'the card too', { timeout: 3000 });
    expect(renders).to.equal(0);
  });

  it('leaves rows off screen unstyled and unlaid out', async () => {
    const { list } = await page();
    service.push(call(1, 'SETUP'));
    await waitUntil(() => list.shadowRoot!.querySelector('.call'));
    expect(getComputedStyle(list.shadowRoot!.querySelector('.call')!).contentVisibility).to.equal('auto');
  });

  it('shows a change at once (not a frame later), however many come in one frame', async () => {
    const { provider } = await page();
    // Once two frames went by without a change from the provider (the last
    // replies after connecting come when they come, and frames may be far
    // apart), the next change shows at once.
    let state;
    do {
      state = provider.state;
      await frame();
      await frame();
    } while (provider.state !== state);
    service.push(call(1, 'SETUP'), call(2, 'SETUP'));
    await microtasks();
    expect(provider.state.calls.map((c) => c.callref)).to.deep.equal(['c2', 'c1']);
  });

  it('says connected after one round trip; the settings follow', async () => {
    service.holding.add('get_subscriptions');
    service.holding.add('get_auto_answer');
    const { provider } = await page();
    expect(provider.state.status).to.equal('connected');
    expect(service.asked.map((message) => message.action).slice(0, 3)).to.deep.equal(['create_session', 'get_subscriptions', 'get_auto_answer']);
    service.release();
    await waitUntil(() => provider.state.subscriptions.length === 1 && provider.state.autoAnswer === true);
  });

  it('asks the local forms of new numbers a few at a time, the newest first, and a bounded number of them', async () => {
    service.holding.add('get_int_to_local_numbers');
    const { provider } = await page();
    const conversions = () => service.asked.filter((message) => message.action === 'get_int_to_local_numbers');
    service.release();
    const before = conversions().length; // the line's own number
    // 1,000 callers in a burst.
    service.push(...Array.from({ length: 1000 }, (_, n) => call(n, 'SETUP')));
    await frame();
    expect(service.waiting('get_int_to_local_numbers')).to.equal(4);
    expect(conversions()[before]!.number).to.equal(call(999, 'SETUP').caller);
    while (service.waiting('get_int_to_local_numbers')) {
      service.release();
      await new Promise((resolve) => setTimeout(resolve));
    }
    expect(conversions().length - before).to.be.at.most(204);
    await frame();
    expect(provider.state.localNumbers.get(call(999, 'SETUP').caller)).to.equal('0610000999');
  });

  it('keeps the calls in order however they change, and the ended ones the SDK keeps', async () => {
    const { provider } = await page();
    // A reproducible sequence: calls come, are answered, end, in bursts.
    let seed = 7;
    const random = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const states = new Map<number, string>();
    for (let burst = 0; burst < 40; burst++) {
      for (let i = random(30); i >= 0; i--) {
        const n = random(120);
        const next = { undefined: 'SETUP', SETUP: random(2) ? 'CONNECT' : 'MISSED', CONNECT: 'RELEASE' }[String(states.get(n)) as 'SETUP'];
        if (!next) continue;
        states.set(n, next);
        service.push(call(n, next));
      }
      if (random(3) === 0) await frame();
      else await microtasks();
    }
    await frame();
    const rank = (c: CallSnapshot) => (c.active ? (c.state === 'SETUP' ? 0 : 1) : 2);
    const expected = provider
      .session!.get_calls()
      .map((c) => ({ callref: c.callref, rank: rank({ ...c.toJSON(), active: c.active } as CallSnapshot), date: c.release_date ?? c.setup_date ?? 0 }))
      .sort((a, b) => a.rank - b.rank || b.date - a.date);
    const shown = provider.state.calls.map((c) => ({ callref: c.callref, rank: rank(c), date: c.release_date ?? c.setup_date ?? 0 }));
    expect(shown.map(({ rank, date }) => [rank, date])).to.deep.equal(expected.map(({ rank, date }) => [rank, date]));
    expect(new Set(shown.map((c) => c.callref))).to.deep.equal(new Set(expected.map((c) => c.callref)));
    expect(provider.state.calls.every((snapshot) => snapshot.state === provider.session!.get_call(snapshot.callref)!.state)).to.be.true;

    // Past the SDK's history, the oldest ended calls leave the state too.
    service.push(...Array.from({ length: 600 }, (_, n) => call(5000 + n, 'MISSED')));
    await frame();
    expect(provider.state.calls.filter((c) => !c.active)).to.have.length(500);
    expect(provider.state.calls.length).to.equal(provider.session!.get_calls().length);
  });
});
