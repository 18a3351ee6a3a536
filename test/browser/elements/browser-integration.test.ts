// The phone in the rest of the browser: phone links anywhere on the page
// dial, and calls ringing in show a desktop notification, once.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../../src/define.js';
import type { KeyyoClickToCall, KeyyoCtiProvider, KeyyoDialer, KeyyoDialRequestEvent, KeyyoSoftphone } from '../../../src/index.js';
import { readPhoneLink } from '../../../src/shared/tel-uri.js';
import { SERVICE_WAIT, startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';
const CAROL = '33172587702';

const inner = <T extends Element>(host: Element, selector: string) => host.shadowRoot!.querySelector(selector) as T;
const text = (host: Element, selector: string) => inner<HTMLElement>(host, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('phone links', () => {
  it('reads tel: and callto: links as RFC 3966 says, and refuses what is not a number', () => {
    expect(readPhoneLink('tel:+33-1-72-58-77-01')).to.deep.equal({ number: '+33172587701', dropped: [] });
    expect(readPhoneLink('tel:+33.1.72.58.77.01;ext=12;isub=3')).to.deep.equal({ number: '+33172587701', dropped: ['ext=12', 'isub=3'] });
    expect(readPhoneLink('TEL:7702')).to.deep.equal({ number: '7702', dropped: [] });
    expect(readPhoneLink('tel:01%2072%2058%2077%2001')).to.deep.equal({ number: '0172587701', dropped: [] });
    expect(readPhoneLink('tel:+33 (0)1 72 58 77 01')).to.deep.equal({ number: '+33172587701', dropped: [] });
    expect(readPhoneLink('tel:7702;phone-context=example.com')).to.deep.equal({ number: '7702', dropped: ['phone-context=example.com'] });
    expect(readPhoneLink('callto://+33699009902')).to.deep.equal({ number: '+33699009902', dropped: [] });
    expect(readPhoneLink('06 99 00 99 02')).to.deep.equal({ number: '0699009902', dropped: [] });
    for (const refused of ['tel:1-800-FLOWERS', 'callto:echo123', 'tel:', 'tel:%E0%A4%A', 'tel:+33+1', 'javascript:alert(1)']) {
      expect(readPhoneLink(refused), refused).to.be.undefined;
    }
  });
});

describe('click-to-call', () => {
  let sim: SimulatorHandle;
  /** What became of each click, seen last, on the window (then the test stops the navigation to the system's phone handler). */
  let clicks: { prevented: boolean }[];
  const record = (event: Event) => {
    clicks.push({ prevented: event.defaultPrevented });
    event.preventDefault();
  };

  beforeEach(async () => {
    sim = await startSimulator({});
    clicks = [];
    window.addEventListener('click', record);
  });

  afterEach(async () => {
    window.removeEventListener('click', record);
    for (const provider of document.querySelectorAll('keyyo-cti-provider')) await provider.destroy();
    document.querySelectorAll('.outside').forEach((element) => element.remove());
    await sim.stop();
  });

  async function page(scope: string | null = '') {
    const root = await fixture<HTMLElement>(html`
      <div>
        <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie .tokenProvider=${() => sim.token(ALICE)} click-to-call=${scope ?? ''}>
          <keyyo-softphone></keyyo-softphone>
          <p>
            <a id="bob" href="tel:+33-6-99-00-99-02">+33 6 99 00 99 02</a>
            <a id="carol" href="tel:7702">Carol</a>
            <a id="extension" href="tel:+33-6-99-00-99-02;ext=12">Bob, ext. 12</a>
            <a id="skype" href="callto:echo123">echo123</a>
            <span id="web" data-keyyo-dial="0699009902">Bob <a href="#nowhere">(his record)</a></span>
            <span id="row" data-keyyo-dial="06 99 00 99 02"><b>Bob</b></span>
            <span id="widget"></span>
          </p>
        </keyyo-cti-provider>
      </div>
    `);
    const provider = root.querySelector('keyyo-cti-provider')!;
    if (scope === null) provider.removeAttribute('click-to-call');
    // Another component's open shadow root, holding a phone link.
    const widget = root.querySelector('#widget')!.attachShadow({ mode: 'open' });
    widget.innerHTML = '<a href="tel:0699009902">Bob in a widget</a>';
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    // Phone links are handled by a chunk the provider loads with `click-to-call`
    // (shared/chunks.ts); the test server's first answer for it can come after
    // the connection: the same module, awaited here, is in place for the clicks.
    await import('../../../src/elements/provider/extras.js');
    await new Promise((resolve) => setTimeout(resolve));
    const softphone = provider.querySelector('keyyo-softphone') as KeyyoSoftphone;
    const dialer = inner<KeyyoDialer>(softphone, 'keyyo-dialer');
    const requests: KeyyoDialRequestEvent['detail'][] = [];
    provider.addEventListener('keyyo-dial-request', (event) => requests.push(event.detail));
    return { root, provider, dialer, requests, widget };
  }

  /** The calls Alice placed, as the service sees them. */
  async function placed(): Promise<string[]> {
    const state = await sim.state();
    return state.calls.filter((call: { caller: string }) => call.caller === ALICE).map((call: { callee: string }) => call.callee);
  }

  it('a tel: link with separators dials through the cancelable dial request, source "link"', async () => {
    const { root, provider, requests } = await page();
    const setup = oneEvent(provider, 'keyyo-call-setup');
    root.querySelector<HTMLAnchorElement>('#bob')!.click();
    expect((await setup).detail.call.callee).to.equal(BOB);
    expect(requests).to.deep.equal([{ number: BOB, source: 'link' }]);
    expect(clicks).to.deep.equal([{ prevented: true }], 'the browser does not open its own phone handler');
    expect(await placed()).to.deep.equal([BOB]);
  });

  it("a local number of the organisation, a data-keyyo-dial row, and a link in another component's shadow root dial too", async () => {
    const { root, provider, requests, widget } = await page();
    root.querySelector<HTMLAnchorElement>('#carol')!.click();
    await waitUntil(() => requests.length === 1);
    root.querySelector<HTMLElement>('#row b')!.click();
    await waitUntil(() => requests.length === 2);
    widget.querySelector('a')!.click();
    await waitUntil(() => requests.length === 3);
    expect(requests.map((request) => request.number)).to.deep.equal([CAROL, BOB, BOB]);
    await waitUntil(async () => (await placed()).length === 3, 'three calls placed', SERVICE_WAIT);
    // The page hears of them a moment later: the notifications cross the socket and the state is published once per frame.
    await waitUntil(() => provider.state.calls.length === 3, 'the page sees the three calls');
  });

  it('an extension is dropped and said so; a link that names no number is shown, never sent', async () => {
    const { root, dialer, provider } = await page();
    root.querySelector<HTMLAnchorElement>('#extension')!.click();
    await waitUntil(() => text(dialer, '.message') === 'Calling +33699009902; not dialled: ext=12');
    expect(await placed()).to.deep.equal([BOB]);
    expect(text(provider, '[part="announcer"]')).to.equal('Calling +33699009902; not dialled: ext=12');

    root.querySelector<HTMLAnchorElement>('#skype')!.click();
    await waitUntil(() => text(dialer, '.message') === 'Not a phone number: callto:echo123');
    expect(inner(dialer, '.message').getAttribute('role')).to.equal('status');
    expect(await placed()).to.deep.equal([BOB]);
  });

  it('a request the page vetoes is shown and not sent', async () => {
    const { root, provider, dialer } = await page();
    provider.addEventListener('keyyo-dial-request', (event) => event.preventDefault());
    root.querySelector<HTMLAnchorElement>('#bob')!.click();
    await waitUntil(() => text(dialer, '.message') === 'The call was not placed');
    expect(await placed()).to.deep.equal([]);
  });

  it('leaves to the browser: clicks with a modifier key, other buttons, a web link inside a dialling row, links outside the provider, and every click while not connected', async () => {
    const { root, provider, requests } = await page();
    const bob = root.querySelector<HTMLAnchorElement>('#bob')!;
    for (const init of [{ ctrlKey: true }, { metaKey: true }, { shiftKey: true }, { altKey: true }, { button: 1 }]) {
      bob.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, ...init }));
    }
    root.querySelector<HTMLElement>('#web a')!.click();
    const outside = document.body.appendChild(Object.assign(document.createElement('a'), { href: 'tel:0699009902', className: 'outside' }));
    outside.click();
    provider.session!.disconnect();
    bob.click();
    await sleep(100);
    expect(requests).to.deep.equal([]);
    expect(
      clicks.every((click) => !click.prevented),
      JSON.stringify(clicks),
    ).to.be.true;
    expect(clicks).to.have.length(8);
  });

  it('with click-to-call="document", links anywhere on the page dial; without the attribute, none', async () => {
    const { requests } = await page('document');
    const outside = document.body.appendChild(Object.assign(document.createElement('a'), { href: 'tel:0699009902', className: 'outside' }));
    outside.click();
    await waitUntil(() => requests.length === 1);
    for (const provider of document.querySelectorAll('keyyo-cti-provider')) await provider.destroy();
    document.querySelectorAll('.outside').forEach((element) => element.remove());
    clicks = [];

    const off = await page(null);
    off.root.querySelector<HTMLAnchorElement>('#bob')!.click();
    await sleep(100);
    expect(off.requests).to.deep.equal([]);
    expect(clicks).to.deep.equal([{ prevented: false }]);
  });

  it('<keyyo-click-to-call> dials its number with the same checks, and says what went wrong beside it', async () => {
    const root = await fixture<HTMLElement>(html`
      <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie .tokenProvider=${() => sim.token(ALICE)}>
        <keyyo-click-to-call id="ok" number="06 99 00 99 02"></keyyo-click-to-call>
        <keyyo-click-to-call id="bad" number="call me maybe">Call</keyyo-click-to-call>
      </keyyo-cti-provider>
    `);
    const provider = root as KeyyoCtiProvider;
    const ok = root.querySelector<KeyyoClickToCall>('#ok')!;
    expect(inner(ok, 'button').getAttribute('aria-disabled')).to.equal('true');
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    await ok.updateComplete;
    expect(inner(ok, 'button').getAttribute('aria-disabled')).to.equal('false');
    expect(text(ok, 'button')).to.equal('06 99 00 99 02');
    const request = oneEvent(provider, 'keyyo-dial-request');
    inner<HTMLButtonElement>(ok, 'button').click();
    expect((await request).detail).to.deep.equal({ number: BOB, source: 'link' });
    await waitUntil(async () => (await placed()).length === 1, 'the call placed', SERVICE_WAIT);

    const bad = root.querySelector<KeyyoClickToCall>('#bad')!;
    inner<HTMLButtonElement>(bad, 'button').click();
    await waitUntil(() => text(bad, '.message') === 'Not a phone number: call me maybe');
    expect(await placed()).to.have.length(1);
    await expect(ok).to.be.accessible();
  });
});

describe('desktop notifications', () => {
  let sim: SimulatorHandle;
  const RealNotification = window.Notification;
  let shown: { title: string; options: NotificationOptions; closed: boolean; notification: Notification }[];

  before(() => {
    // Every notification the elements show, still shown by the browser.
    shown = [];
    window.Notification = class extends RealNotification {
      constructor(title: string, options: NotificationOptions = {}) {
        super(title, options);
        const entry = { title, options, closed: false, notification: this as Notification };
        shown.push(entry);
        const close = this.close.bind(this);
        this.close = () => {
          entry.closed = true;
          close();
        };
      }
    } as typeof Notification;
  });

  after(() => {
    window.Notification = RealNotification;
  });

  beforeEach(async () => {
    sim = await startSimulator({});
    shown.length = 0;
  });

  afterEach(async () => {
    for (const provider of document.querySelectorAll('keyyo-cti-provider')) await provider.destroy();
    await executeServerCommand('set-permissions', { permissions: null });
    await sim.stop();
  });

  /** Grants or denies the notification permission as a person would in the
   * browser's prompt; false where the driver cannot, and the test is skipped
   * (the runner says why): the classic WebDriver that WebKitWebDriver speaks
   * has no permission command (the Permissions spec's "Set Permission"
   * extension command is not in WebKitGTK's driver), nor has the WebDriver
   * BiDi of a Firefox without `permissions.setPermission`. */
  const permit = (permissions: string[] | null) => executeServerCommand('set-permissions', { permissions });

  /** Three pages' providers on Alice's line, as in three tabs. */
  async function tabs(mode = 'always') {
    const root = await fixture<HTMLElement>(html`
      <div>
        ${[0, 1, 2].map(
          () => html`<keyyo-cti-provider
            endpoint=${sim.endpoint}
            no-cookie
            notify-incoming=${mode}
            .tokenProvider=${() => sim.token(ALICE)}
            .contactResolver=${async (number: string) => (number === BOB ? { name: 'Bob Martin', company: 'Martin & Fils' } : undefined)}
          >
            <keyyo-softphone></keyyo-softphone>
          </keyyo-cti-provider>`,
        )}
      </div>
    `);
    const providers = [...root.querySelectorAll('keyyo-cti-provider')];
    await waitUntil(() => providers.every((provider) => provider.status === 'connected'), 'the providers should connect', { timeout: 5000 });
    return providers;
  }

  it('a call ringing in shows one notification with who calls, however many pages follow the line; it closes when answered anywhere', async function () {
    if (!(await permit(['notifications']))) this.skip();
    const providers = await tabs();
    await sim.call(BOB, ALICE);
    await waitUntil(() => shown.length === 1, 'one notification');
    expect(shown[0]!.title).to.equal('Incoming call');
    expect(shown[0]!.options.body).to.equal('Bob Martin · Martin & Fils\n+33 6 99 00 99 02');
    await sleep(500);
    expect(shown).to.have.length(1, 'still one: the other pages let it be');
    await sim.phone(ALICE, 'answer');
    await waitUntil(() => shown[0]!.closed, 'closed once answered');
    // Closed as the call event comes; each page shows the answer at its next frame.
    await waitUntil(() => providers.every((provider) => provider.state.current?.state === 'CONNECT'), 'every page shows the answer');
  });

  it('a click on the notification focuses the page and makes its call the one to act on', async function () {
    if (!(await permit(['notifications']))) this.skip();
    const providers = await tabs();
    await sim.call(BOB, ALICE);
    await waitUntil(() => shown.length === 1 && providers.every((provider) => provider.state.current?.state === 'SETUP'));
    const selected = oneEvent(document, 'keyyo-select-call');
    shown[0]!.notification.dispatchEvent(new Event('click'));
    const { detail, target } = await selected;
    // The page that showed the notification is the one that answers its click.
    expect(detail.callref).to.equal((target as KeyyoCtiProvider).state.current?.callref);
    expect(shown[0]!.closed).to.be.true;
  });

  it('"hidden" (the default) leaves a page in sight alone; without permission nothing shows, and the softphone offers it or says it is blocked', async function () {
    const granted = await permit(['notifications']);
    if (!granted) this.skip();
    const [provider] = await tabs('');
    expect(document.visibilityState).to.equal('visible');
    await sim.call(BOB, ALICE);
    await waitUntil(() => provider!.state.current?.state === 'SETUP');
    await sleep(500);
    expect(shown).to.deep.equal([]);
    const softphone = provider!.querySelector('keyyo-softphone')!;
    expect(inner(softphone, '[part="notifications"]')).to.be.null;

    await permit(null);
    softphone.requestUpdate();
    await softphone.updateComplete;
    expect(text(softphone, 'button[part="notifications"]')).to.equal('Notify me of incoming calls');

    await permit([]);
    softphone.requestUpdate();
    await softphone.updateComplete;
    expect(text(softphone, '[part="notifications"]')).to.equal('Call notifications are blocked in this browser’s site settings');
  });
});
