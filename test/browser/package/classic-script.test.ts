// dist/keyyo-cti-elements.iife.js as a page that cannot load modules uses
// it: a classic <script src>, then markup (a CMS page). Nothing else defines
// the elements on this page. Needs `npm run build`.
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { CallRecord } from '../../../src/index.js';
import { startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';
const SCRIPT = '/dist/keyyo-cti-elements.iife.js';

declare global {
  interface Window {
    KeyyoCtiElements: typeof import('../../../src/define.js');
  }
}

/** Adds a classic script; resolves once it ran, with the errors the page saw meanwhile. */
function classicScript(src: string): Promise<unknown[]> {
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
  window.addEventListener('error', onError);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => {
      window.removeEventListener('error', onError);
      resolve(errors);
    };
    script.onerror = () => reject(new Error(`cannot load ${src}: run npm run build`));
    document.head.append(script);
  });
}

/** Whether the classic script added its chunk `name` beside itself. */
const added = (name: string) => [...document.scripts].some((script) => script.src.endsWith(`/dist/keyyo-cti-elements.${name}.iife.js`));

const shadow = (element: Element, selector: string) => element.shadowRoot!.querySelector<HTMLElement>(selector);
const text = (element: Element, selector: string) => shadow(element, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('the classic script', () => {
  let sim: SimulatorHandle;

  before(async () => {
    expect(customElements.get('keyyo-dialer')).to.be.undefined;
    expect(await classicScript(SCRIPT)).to.deep.equal([]);
  });

  beforeEach(async () => {
    sim = await startSimulator({ virtualClock: true });
  });

  afterEach(async () => {
    for (const element of document.querySelectorAll('keyyo-cti-provider')) {
      await element.destroy();
      element.remove();
    }
    await sim.stop();
  });

  /** A provider on Alice's line, in markup, with `attributes` and `content`. */
  async function provider(attributes: string, content = ''): Promise<HTMLElementTagNameMap['keyyo-cti-provider']> {
    const token = await sim.token(ALICE);
    document.body.insertAdjacentHTML('beforeend', `<keyyo-cti-provider endpoint="${sim.endpoint}" token="${token}" ${attributes}>${content}</keyyo-cti-provider>`);
    return document.querySelector('keyyo-cti-provider')!;
  }

  it('defines every element and exposes the classes, events and SDK on window.KeyyoCtiElements', () => {
    const exported = window.KeyyoCtiElements;
    for (const [tag, name] of [
      ['keyyo-cti-provider', 'KeyyoCtiProvider'],
      ['keyyo-softphone', 'KeyyoSoftphone'],
      ['keyyo-dialer', 'KeyyoDialer'],
      ['keyyo-call-list', 'KeyyoCallList'],
      ['keyyo-call-actions', 'KeyyoCallActions'],
    ] as const) {
      expect(customElements.get(tag), tag).to.equal(exported[name]);
    }
    expect(exported.CTI).to.be.a('function');
    expect(exported.KeyyoCallSetupEvent.type).to.equal('keyyo-call-setup');
  });

  it('loaded a second time, keeps the first definitions and throws nothing', async () => {
    const first = window.KeyyoCtiElements;
    expect(await classicScript(`${SCRIPT}?again`)).to.deep.equal([]);
    expect(customElements.get('keyyo-dialer')).to.equal(first.KeyyoDialer);
  });

  it('speaks French under lang="fr", with the French texts it loads from beside itself', async () => {
    const holder = document.createElement('div');
    holder.lang = 'fr';
    holder.innerHTML = '<keyyo-dialer></keyyo-dialer>';
    document.body.append(holder);
    const dialer = holder.querySelector('keyyo-dialer')!;
    await waitUntil(() => text(dialer, 'button[type="submit"]') === 'Appeler', 'the dialer speaks French');
    expect([...document.scripts].some((script) => script.src.endsWith('/dist/keyyo-cti-elements.fr.iife.js'))).to.be.true;
    holder.remove();
  });

  it('shares its connection between tabs with the tab group it loads from beside itself', async () => {
    const phone = await provider('');
    await waitUntil(() => phone.status === 'connected', 'the provider should connect through its tab group', { timeout: 5000 });
    // (A browser without Web Locks or BroadcastChannel keeps a socket of its own.)
    if (!phone.session!.sharing) return;
    expect(phone.session!.leading).to.be.true;
    expect(added('tab-group')).to.be.true;
  });

  it("finds who calls with the contacts it loads from beside itself, and shows the card's forms it loads from beside itself", async () => {
    const phone = await provider('no-cookie no-history', '<keyyo-call-actions></keyyo-call-actions>');
    phone.contactResolver = async (number) => (number === BOB ? { name: 'Bob Martin' } : undefined);
    const card = phone.querySelector('keyyo-call-actions')!;
    await waitUntil(() => phone.status === 'connected', 'the provider should connect', { timeout: 5000 });
    await sim.call(BOB, ALICE);
    await waitUntil(() => text(card, '.party') === 'Bob Martin', 'the ringing call shows his name', { timeout: 5000 });
    expect(added('contacts')).to.be.true;
    shadow(card, '.answer')!.click();
    await waitUntil(() => shadow(card, '.park'), 'answered');
    shadow(card, '.park')!.click();
    await waitUntil(() => shadow(card, '.prompt input[name="slot"]'), 'the park form shows', { timeout: 5000 });
    expect(added('call-prompt')).to.be.true;
  });

  it('wraps a call up and logs it with the call log and the wrap-up form it loads from beside itself, which take Lit from it', async () => {
    const phone = await provider('no-cookie no-history wrap-up="optional"', '<keyyo-softphone></keyyo-softphone>');
    const logged: CallRecord[] = [];
    phone.addEventListener('keyyo-call-logged', (event) => logged.push(event.detail.record));
    await waitUntil(() => phone.status === 'connected', 'the provider should connect', { timeout: 5000 });
    const callref = await sim.call(BOB, ALICE);
    await waitUntil(() => phone.state.current?.callref === callref, 'the call rings');
    await phone.session!.get_call(callref)!.answer();
    await sim.phone(BOB, 'hangup');
    const softphone = phone.querySelector('keyyo-softphone')!;
    const form = () => shadow(softphone, 'keyyo-call-wrap-up');
    await waitUntil(() => form()?.shadowRoot?.querySelector('textarea'), 'the wrap-up form shows', { timeout: 5000 });
    expect(added('call-log') && added('wrap-up')).to.be.true;
    // One Lit on the page: the form's element has the classic script's base class.
    expect(Object.getPrototypeOf(customElements.get('keyyo-call-wrap-up'))).to.equal(Object.getPrototypeOf(customElements.get('keyyo-dialer')));
    shadow(form()!, 'textarea')!.focus();
    await sendKeys({ type: 'Wants a quote' });
    shadow(form()!, '[part="save"]')!.click();
    await waitUntil(() => logged.length === 1, 'the call is logged with its wrap-up');
    expect(logged[0]!.wrapUp).to.deep.equal({ notes: 'Wants a quote', status: 'saved' });
  });

  it('dials a phone link with the extras it loads from beside itself', async () => {
    const phone = await provider('no-cookie no-history click-to-call', '<span data-keyyo-dial="0699009902">Bob</span>');
    await waitUntil(() => phone.status === 'connected', 'the provider should connect', { timeout: 5000 });
    const extras = [...document.scripts].find((script) => script.src.endsWith('/dist/keyyo-cti-elements.extras.iife.js'));
    expect(extras, 'the extras load beside the script').to.exist;
    if (!(window as unknown as Record<string, unknown>).KeyyoCtiElementsExtras) await new Promise((resolve) => extras!.addEventListener('load', resolve));
    await new Promise((resolve) => setTimeout(resolve));
    const setup = new Promise<CustomEvent>((resolve) => phone.addEventListener('keyyo-call-setup', resolve as EventListener, { once: true }));
    phone.querySelector('span')!.click();
    expect((await setup).detail.call.callee).to.equal(BOB);
  });

  it('follows the call park with the subscription registry it loads from beside itself', async () => {
    const phone = await provider('no-cookie no-history', '<keyyo-call-park></keyyo-call-park>');
    await waitUntil(() => phone.state.following.get('callpark')?.status === 'followed', 'the call park is followed', { timeout: 5000 });
    expect(added('subscriptions')).to.be.true;
  });

  it('plays the outgoing seed scenario in markup: Alice dials Bob, Bob answers, then hangs up', async () => {
    const phone = await provider('no-cookie', '<keyyo-dialer></keyyo-dialer><keyyo-call-list></keyyo-call-list>');
    const dialer = phone.querySelector('keyyo-dialer')!;
    const list = phone.querySelector('keyyo-call-list')!;
    await waitUntil(() => phone.status === 'connected', 'the provider should connect', { timeout: 5000 });

    const seen: string[] = [];
    for (const type of ['keyyo-call-setup', 'keyyo-call-connect', 'keyyo-call-release'] as const) {
      document.addEventListener(type, (event) => seen.push(`${event.type}:${event.detail.call.callee}`));
    }
    shadow(dialer, 'input')!.focus();
    await sendKeys({ type: '0699009902' });
    await sendKeys({ press: 'Enter' });
    // The first call of a page that loads the call log's chunk beside it: slower on a busy machine.
    await waitUntil(() => text(list, '.meta') === 'Outgoing · Ringing', 'the call should ring', { timeout: 5000 }).catch((error: Error) => {
      throw new Error(`${error.message}; the list shows "${text(list, '.meta')}", the dialer "${(shadow(dialer, 'input') as HTMLInputElement).value}"`);
    });
    await sim.phone(BOB, 'answer');
    await waitUntil(() => text(list, '.meta') === 'Outgoing · In conversation');
    await sim.advance(5000);
    await sim.phone(BOB, 'hangup');
    await waitUntil(() => text(list, '.meta').startsWith('Outgoing · Ended · '), 'the call should end, with the time it started');
    await waitUntil(() => seen.length === 3);
    expect(seen).to.deep.equal([`keyyo-call-setup:${BOB}`, `keyyo-call-connect:${BOB}`, `keyyo-call-release:${BOB}`]);
  });
});
