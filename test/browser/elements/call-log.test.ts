// Every call logged once: the call record, its delivery through the outbox,
// the wrap-up form and the history, with pages as frames of this page (each a
// document of its own, sharing this origin's IndexedDB, Web Locks and
// BroadcastChannel); removing a frame is closing a tab, opening another is a
// reload.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import type { CallRecord, KeyyoCtiProvider } from '../../../src/index.js';
import { canEmulateColorScheme } from '../../helpers/engines.js';
import { startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Page {
  frame: HTMLIFrameElement;
  provider: KeyyoCtiProvider;
  /** The records this page announced (`keyyo-call-logged`). */
  logged: CallRecord[];
  /** The error codes it heard. */
  errors: string[];
}

/** Deletes the call log of a service, as a browser whose data was cleared. */
function clearStorage(endpoint: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(`keyyo-cti-call-log ${new URL(endpoint, location.href).href}`);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}

describe('call log', function () {
  this.timeout(30_000);
  let sim: SimulatorHandle;
  let cookie: string;
  let box: string;
  let pages: Page[];

  beforeEach(async () => {
    sim = await startSimulator();
    cookie = `ksid-${Math.random().toString(36).slice(2)}`;
    box = `box-${Math.random().toString(36).slice(2)}`;
    pages = [];
    await clearStorage(sim.endpoint);
  });

  afterEach(async () => {
    if (canEmulateColorScheme) await emulateMedia({ colorScheme: 'light' });
    for (const page of pages) page.frame.remove();
    document.cookie = `${cookie}=; max-age=0`;
    await sim.stop();
    await clearStorage(sim.endpoint);
  });

  /** Opens a page of Alice's CRM: a provider with `attributes` around `content`; `before` runs first. */
  async function open(attributes = '', content = '<keyyo-softphone></keyyo-softphone>', before = ''): Promise<Page> {
    const token = await sim.token(ALICE);
    const frame = document.createElement('iframe');
    frame.style.width = '480px';
    frame.style.height = '720px';
    // The page hears its events from the start (an error may come before the test could listen).
    const listen = `<script>
      window.heard = { logged: [], errors: [] };
      addEventListener('keyyo-call-logged', (event) => heard.logged.push(event.detail.record));
      addEventListener('keyyo-error', (event) => heard.errors.push(event.detail.error.error_code));
    </script>`;
    frame.srcdoc = `${listen}${before}<script type="module" src="/src/define.ts"></script>
      <keyyo-cti-provider endpoint="${sim.endpoint}" cookie-name="${cookie}" token="${token}" ${attributes}>${content}</keyyo-cti-provider>`;
    document.body.append(frame);
    await waitUntil(() => frame.contentDocument?.querySelector('keyyo-cti-provider'), 'the page loads', { timeout: 5000 });
    const provider = frame.contentDocument!.querySelector('keyyo-cti-provider')!;
    const { logged, errors } = (frame.contentWindow as unknown as { heard: { logged: CallRecord[]; errors: string[] } }).heard;
    await waitUntil(() => provider.status === 'connected', 'the page should connect', { timeout: 5000 });
    const page = { frame, provider, logged, errors };
    pages.push(page);
    return page;
  }

  function close(page: Page): void {
    page.frame.remove();
    pages = pages.filter((other) => other !== page);
  }

  /** Bob calls Alice; she answers from `page`; Bob hangs up. */
  async function answeredCall(page: Page): Promise<string> {
    const callref = await sim.call(BOB, ALICE);
    await waitUntil(() => page.provider.session!.get_call(callref), 'the call rings on the page');
    await page.provider.session!.get_call(callref)!.answer();
    await waitUntil(() => page.provider.state.current?.state === 'CONNECT', 'answered');
    await sim.phone(BOB, 'hangup');
    return callref;
  }

  async function received(): Promise<{ key: string; mode: string; record: CallRecord }[]> {
    return (await fetch(`/test-call-log/${box}`)).json();
  }

  const endpointMode = (mode: string) => fetch(`/test-call-log/${box}?mode=${mode}`, { method: 'PUT' });
  const shadow = (host: Element | null | undefined, selector: string) => host?.shadowRoot?.querySelector(selector) as HTMLElement | null | undefined;
  const wrapUpOf = (page: Page) => shadow(page.frame.contentDocument!.querySelector('keyyo-softphone'), 'keyyo-call-wrap-up');

  it('three pages sharing a connection log each call once, with its record, even when the page holding the connection closes mid-call', async () => {
    const all = [await open(), await open(), await open()];
    const loggers = new Map<Page, string[]>();
    for (const page of all) {
      loggers.set(page, []);
      page.provider.callLogger = async (record) => void loggers.get(page)!.push(record.id);
    }
    const first = await answeredCall(all[1]!);
    await waitUntil(() => all.some((page) => page.logged.length), 'a page logs the call', { timeout: 5000 });
    await sleep(1500); // past every other page's claim
    const records = all.flatMap((page) => page.logged);
    expect(records).to.have.length(1);
    const [record] = records as [CallRecord];
    expect(record).to.include({ line: ALICE, callref: first, direction: 'inbound', outcome: 'answered' });
    expect(record.party).to.deep.equal({ number: BOB, local: '0699009902' });
    expect(record.answeredAt).to.be.at.least(record.startedAt);
    expect(record.endedAt).to.be.at.least(record.answeredAt!);
    expect(record.id).to.equal(`${ALICE}-${Math.floor(record.startedAt / 1000)}-${first}`);
    await waitUntil(() => [...loggers.values()].flat().length === 1, 'delivered once');

    // The page holding the connection closes while the next call is on.
    const second = await sim.call(BOB, ALICE);
    await waitUntil(() => all.every((page) => page.provider.state.current?.callref === second), 'every page shows the call');
    const leader = all.find((page) => page.provider.session!.leading)!;
    close(leader);
    const rest = all.filter((page) => page !== leader);
    await waitUntil(() => rest.some((page) => page.provider.session!.leading) && rest.every((page) => page.provider.status === 'connected'), 'another page leads');
    await sim.phone(BOB, 'hangup');
    await waitUntil(() => rest.some((page) => page.logged.some((logged) => logged.callref === second)), 'the second call is logged', { timeout: 5000 });
    await sleep(1500);
    expect(rest.flatMap((page) => page.logged).map((logged) => logged.callref)).to.deep.equal([second], 'one log of the second call');
    expect(rest.flatMap((page) => page.logged)[0]!.outcome).to.equal('missed');
    await waitUntil(() => rest.some((page) => loggers.get(page)!.length === 1), 'delivered by a remaining page');
    expect(rest.flatMap((page) => loggers.get(page)!)).to.have.length(1);
  });

  it('a log-url answering 500, then HTML, then a redirect keeps the record, which arrives once across a reload, with its Idempotency-Key', async () => {
    await endpointMode('500');
    const page = await open(`log-url="/test-call-log/${box}"`);
    const callref = await answeredCall(page);
    await waitUntil(() => page.errors.includes('log_delivery_failed'), 'the failure is said', { timeout: 5000 });
    await waitUntil(() => page.provider.pendingLogs === 1, 'one log waits');
    const pending = page.frame.contentDocument!.querySelector('keyyo-softphone')!;
    await waitUntil(() => shadow(pending, '[part="pending-logs"]')?.textContent?.includes('1'), 'the softphone says one log waits');
    await endpointMode('html');
    await waitUntil(async () => (await received()).some((arrival) => arrival.mode === 'html'), 'tried again', { timeout: 8000 });
    await endpointMode('redirect');
    await waitUntil(async () => (await received()).some((arrival) => arrival.mode === 'redirect'), 'tried again', { timeout: 12_000 });
    expect(page.errors.filter((code) => code === 'log_delivery_failed')).to.have.length(1, 'said once while failing');
    close(page);

    await endpointMode('ok');
    const again = await open(`log-url="/test-call-log/${box}"`);
    await waitUntil(async () => (await received()).some((arrival) => arrival.mode === 'ok'), 'delivered after the reload', { timeout: 20_000 });
    await waitUntil(() => again.provider.pendingLogs === 0, 'nothing waits');
    await sleep(500);
    const arrivals = await received();
    expect(arrivals.filter((arrival) => arrival.mode === 'ok')).to.have.length(1, 'acknowledged once');
    expect(new Set(arrivals.map((arrival) => arrival.key)).size).to.equal(1, 'one record, one key');
    expect(arrivals[0]!.key).to.equal(arrivals[0]!.record.id);
    expect(arrivals[0]!.record.callref).to.equal(callref);
    expect(again.logged).to.deep.equal([], 'a reload announces nothing again');
  });

  it('a logger that throws, never settles or returns no promise keeps the record and says so, without unhandled rejections', async () => {
    const unhandled: unknown[] = [];
    const page = await open();
    page.frame.contentWindow!.addEventListener('unhandledrejection', (event) => unhandled.push(event.reason));
    const attempts: string[] = [];
    page.provider.callLogger = ((record: CallRecord) => {
      attempts.push(record.id);
      if (attempts.length === 1) throw new Error('CRM down');
      if (attempts.length === 2) return 'nothing' as unknown as Promise<void>;
      return Promise.resolve();
    }) as never;
    await answeredCall(page);
    await waitUntil(() => attempts.length === 3, 'tried until it works', { timeout: 15_000 });
    await waitUntil(() => page.provider.pendingLogs === 0, 'nothing waits');
    expect(page.errors).to.deep.equal(['log_delivery_failed']);
    expect(new Set(attempts).size).to.equal(1);
    expect(unhandled).to.deep.equal([]);
  });

  it('wraps a call up by keyboard alone: the form never takes the focus, keeps a note through a new call, and the record carries it', async () => {
    const page = await open(`wrap-up="optional" dispositions='["Sale","Support"]'`, '<input id="crm-field"><keyyo-softphone></keyyo-softphone>');
    const delivered: CallRecord[] = [];
    page.provider.callLogger = async (record) => void delivered.push(record);
    const field = page.frame.contentDocument!.getElementById('crm-field') as HTMLInputElement;
    page.frame.focus();
    field.focus();
    await sendKeys({ type: 'ACME-42' });
    await answeredCall(page);
    await waitUntil(() => wrapUpOf(page)?.shadowRoot?.querySelector('textarea'), 'the wrap-up form shows', { timeout: 5000 });
    expect(page.frame.contentDocument!.activeElement).to.equal(field, 'the focus stayed where the person types');
    expect(shadow(wrapUpOf(page), '[role="status"]')!.textContent).to.contain('Wrap-up: call with');
    expect(page.logged).to.deep.equal([], 'nothing logged before the wrap-up');

    // Tab into the form: the outcome list, then the notes.
    let guard = 0;
    while (wrapUpOf(page)!.shadowRoot!.activeElement?.localName !== 'select' && guard++ < 40) await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Wants a quote' });
    // A new call rings in: the half-written note stays.
    const ringing = await sim.call(BOB, ALICE);
    await waitUntil(() => page.provider.state.current?.callref === ringing, 'the new call rings');
    await sleep(100);
    expect((wrapUpOf(page)!.shadowRoot!.querySelector('textarea') as HTMLTextAreaElement).value).to.equal('Wants a quote');
    await sendKeys({ type: ' by Friday' });
    // Past Skip to Save (Ctrl+Enter does it too, where a driver can press two keys at once).
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Tab' });
    expect(wrapUpOf(page)!.shadowRoot!.activeElement?.getAttribute('part')).to.equal('save');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => page.logged.length === 1, 'logged once saved');
    expect(page.logged[0]!.wrapUp).to.deep.equal({ notes: 'Wants a quote by Friday', disposition: 'Sale', status: 'saved' });
    await waitUntil(() => delivered.length === 1, 'delivered with its wrap-up');
    expect(delivered[0]!.wrapUp!.notes).to.equal('Wants a quote by Friday');
    await sim.phone(BOB, 'hangup');
  });

  it('a wrap-up left alone goes when its time is up, as it was typed', async () => {
    const page = await open(`wrap-up="required" wrap-up-timeout="2"`);
    await answeredCall(page);
    await waitUntil(() => wrapUpOf(page)?.shadowRoot?.querySelector('textarea'), 'the wrap-up form shows', { timeout: 5000 });
    expect(shadow(wrapUpOf(page), '[part="skip"]'), 'required: no skip').to.equal(null);
    await waitUntil(() => page.logged.length === 1, 'logged once the time is up', { timeout: 5000 });
    expect(page.logged[0]!.wrapUp).to.deep.equal({ notes: '', status: 'timed_out' });
    await waitUntil(() => !wrapUpOf(page), 'the form goes');
  });

  it('the history and the missed count survive a reload in every page, and "mark as seen" clears them everywhere', async () => {
    const first = await open();
    const answered = await answeredCall(first);
    const missed = await sim.call(BOB, ALICE);
    await waitUntil(() => first.provider.state.current?.callref === missed, 'rings');
    await sim.phone(BOB, 'hangup');
    await waitUntil(() => first.logged.length === 2, 'both logged', { timeout: 5000 });
    await sleep(400); // the history's write
    close(first);

    const [one, two] = [await open(), await open()];
    for (const page of [one!, two!]) {
      await waitUntil(() => page.provider.state.calls.length === 2, 'the history shows after the reload');
      expect(page.provider.state.calls.map((call) => call.callref)).to.deep.equal([missed, answered]);
      const softphone = page.frame.contentDocument!.querySelector('keyyo-softphone')!;
      await waitUntil(() => shadow(softphone, '[part~="badge"]')?.textContent?.trim() === '1', 'one missed call counted');
    }
    const softphone = one!.frame.contentDocument!.querySelector('keyyo-softphone')!;
    (shadow(softphone, '[part="clear"]') as HTMLButtonElement).click();
    for (const page of [one!, two!]) {
      const phone = page.frame.contentDocument!.querySelector('keyyo-softphone')!;
      await waitUntil(() => !shadow(phone, '[part~="badge"]'), 'seen in every page');
    }
    close(one!);
    close(two!);
    const later = await open();
    await waitUntil(() => later.provider.state.calls.length === 2, 'the history again');
    await sleep(200);
    expect(shadow(later.frame.contentDocument!.querySelector('keyyo-softphone'), '[part~="badge"]')).to.equal(null, 'still seen');
    expect(later.logged).to.deep.equal([]);

    await later.provider.destroy();
    await waitUntil(() => later.provider.state.calls.length === 0, 'destroy() forgets the history');
  });

  it('no-history keeps nothing', async () => {
    const page = await open('no-history');
    await answeredCall(page);
    await sleep(1500);
    close(page);
    const again = await open('no-history');
    await sleep(500);
    expect(again.provider.state.calls).to.deep.equal([]);
  });

  it('without IndexedDB, calls are logged and delivered from memory, with one error saying logs will not survive a reload', async () => {
    const page = await open('', '<keyyo-softphone></keyyo-softphone>', "<script>Object.defineProperty(window, 'indexedDB', { value: undefined })</script>");
    const delivered: CallRecord[] = [];
    page.provider.callLogger = async (record) => void delivered.push(record);
    await answeredCall(page);
    await waitUntil(() => delivered.length === 1, 'delivered', { timeout: 5000 });
    expect(page.logged).to.have.length(1);
    expect(page.errors).to.deep.equal(['storage_unavailable']);
    expect(page.provider.state.calls).to.have.length(1);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`the wrap-up form passes axe, ${scheme}`, async function () {
      if (scheme === 'dark' && !canEmulateColorScheme) this.skip();
      if (canEmulateColorScheme) await emulateMedia({ colorScheme: scheme });
      // In this document, where axe runs.
      await import('../../../src/define.js');
      const provider = await fixture<KeyyoCtiProvider>(html`
        <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie wrap-up="optional" .dispositions=${['Sale', 'Support']} .tokenProvider=${() => sim.token(ALICE)}>
          <keyyo-call-wrap-up></keyyo-call-wrap-up>
        </keyyo-cti-provider>
      `);
      await waitUntil(() => provider.status === 'connected', 'connects', { timeout: 5000 });
      const callref = await sim.call(BOB, ALICE);
      await waitUntil(() => provider.session!.get_call(callref), 'rings');
      await provider.session!.get_call(callref)!.answer();
      await sim.phone(BOB, 'hangup');
      const form = provider.querySelector('keyyo-call-wrap-up')!;
      await waitUntil(() => form.shadowRoot?.querySelector('textarea'), 'the form shows', { timeout: 5000 });
      await expect(form).to.be.accessible();
      await provider.destroy();
    });
  }
});
