// The browser part of `npm run bench`: the built elements (dist/) in
// Debian's Chromium, fed by a small fake service that pushes exactly the
// notifications each measure needs, and the simulator for the time to
// `connected`. Everything is timed inside the page (requestAnimationFrame,
// PerformanceObserver, DevTools metrics); compare the figures of one run
// with each other, not with another machine's.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import sockjs from 'sockjs';
import { startSimulator } from '../src/simulator/server.js';
import { chromiumPath } from './browsers.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The built files measured: dist/, or another build (BENCH_DIST=folder). */
const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist');
const OWN = '33172587701';
/** State changes timed per page size (three per trial call: rings, answered, ends). */
const TRIALS = Number(process.env.BENCH_TRIALS ?? 70);
const CONNECT_SAMPLES = Number(process.env.BENCH_CONNECT_SAMPLES ?? 12);

// ---- The fake service ----------------------------------------------------------

const localForm = (number: string) => (number.startsWith('3317258') ? number.slice(-4) : number.startsWith('33') ? `0${number.slice(2)}` : `00${number}`);
const nowSeconds = () => Math.floor(Date.now() / 1000);

export interface Notification {
  callref: string;
  caller: string;
  callee: string;
  state: 'SETUP' | 'CONNECT' | 'RELEASE' | 'MISSED';
  setup_date: number;
  connect_date?: number;
  release_date?: number;
}

/** Answers what a page asks, counts its number conversions, and pushes
 * notifications when told to. */
class FakeService {
  connections = new Set<sockjs.Connection>();
  conversions = 0;

  attach(server: Server): void {
    const cti = sockjs.createServer({ prefix: '/cti', log: () => {} });
    cti.on('connection', (connection) => {
      if (!connection) return;
      this.connections.add(connection);
      connection.on('close', () => this.connections.delete(connection));
      connection.on('data', (text: string) => {
        const message = JSON.parse(text);
        connection.write(JSON.stringify({ id: message.id, result: this.#answer(message) }));
      });
    });
    cti.installHandlers(server, { prefix: '/cti' });
  }

  #answer(message: { action: string; number?: string }): unknown {
    switch (message.action) {
      case 'create_session':
        return { number: OWN, now: Date.now() / 1000, session_id: `s${Math.random().toString(36).slice(2)}` };
      case 'get_subscriptions':
        return { numbers: [OWN] };
      case 'get_auto_answer':
        return { auto_answer: true };
      case 'get_int_to_local_numbers':
        this.conversions++;
        return localForm(String(message.number));
      default:
        return 1;
    }
  }

  push(...calls: Notification[]): void {
    for (const connection of this.connections) for (const call of calls) connection.write(JSON.stringify({ notify: 'call', call }));
  }
}

// ---- Pages -----------------------------------------------------------------------

/** Runs first in every measured page: notes when a frame carrying a marker
 * arrives, when the DOM shows what is expected, and when the frame after it
 * is drawn; keeps long tasks and long animation frames. */
const PROBE = String.raw`
(() => {
  const Native = window.WebSocket;
  const channel = new MessageChannel();
  let afterFrame = [];
  channel.port1.onmessage = () => { const due = afterFrame; afterFrame = []; due.forEach((f) => f()); };
  // A task posted from a frame's rAF callback runs once that frame is drawn.
  const after = (f) => { afterFrame.push(f); channel.port2.postMessage(0); };
  const drawn = (f) => requestAnimationFrame(() => after(f));
  const probe = (window.probe = { long: [], loaf: [], watch: null, frame: drawn, after });
  new PerformanceObserver((l) => l.getEntries().forEach((e) => probe.long.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'longtask', buffered: true });
  try {
    new PerformanceObserver((l) => l.getEntries().forEach((e) => probe.loaf.push({ start: e.startTime, duration: e.duration }))).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  const seen = (w) => {
    if (w.dom === undefined && w.arrival !== undefined && w.matches()) w.dom = performance.now();
  };
  const untilDrawn = (w) => drawn(() => {
    seen(w);
    if (w.dom !== undefined) { w.paint = performance.now(); w.resolve(); } else untilDrawn(w);
  });
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const w = probe.watch;
        if (!w || w.arrival !== undefined || !w.markers.every((m) => String(event.data).includes(m))) return;
        w.arrival = performance.now();
        untilDrawn(w);
      });
    }
  };
  /** Arms a measure: the frame holding every marker starts it; done when
   * matches() holds and a frame is drawn. */
  probe.expect = (markers, matches) => {
    let resolve;
    const done = new Promise((r) => (resolve = r));
    const w = (probe.watch = { markers, matches, resolve, done });
    return w;
  };
  // Rows come, go and change state: their number, class or call ref
  // changes with them (texts alone, such as times, are not watched).
  probe.observe = (root) =>
    new MutationObserver(() => probe.watch && seen(probe.watch)).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'data-callref'] });
})();
`;

export const page = (head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${head}</head><body style="margin:0;font:14px system-ui">${body}</body></html>`;

/** Alice's page: the call actions and the list of live calls. */
const ELEMENTS_PAGE = page(
  `<script>${PROBE}</script><script type="module" src="/dist/keyyo-cti-elements.js"></script>`,
  `<keyyo-cti-provider endpoint="/cti" token="bench" no-cookie>
     <main style="display:grid;grid-template-columns:20rem 1fr;gap:1rem;padding:1rem">
       <div><keyyo-dialer></keyyo-dialer><keyyo-call-actions></keyyo-call-actions></div>
       <keyyo-call-list filter="active"></keyyo-call-list>
     </main>
   </keyyo-cti-provider>`,
);

/** Alice's softphone logging calls to `/log/<down|up>` (the CRM answering
 * 503, or 204), with the line's history shown. */
const callLogPage = (crm: 'down' | 'up') =>
  page(
    `<script>${PROBE}</script><script type="module" src="/dist/keyyo-cti-elements.js"></script>`,
    `<keyyo-cti-provider endpoint="/cti" token="bench" no-cookie log-url="/log/${crm}"><keyyo-softphone></keyyo-softphone></keyyo-cti-provider>
     <script>document.querySelector('keyyo-cti-provider').addEventListener('keyyo-status-change', (e) => { if (e.detail.status === 'connected') window.connectedAt ??= performance.now(); });</script>`,
  );
/** Records the CRM acknowledged (POSTs to /log/up). */
let logsAcknowledged = 0;
/** The history and the records waiting, stored before the page loads. */
const HISTORY_STORED = 200;
const PENDING_STORED = 1000;
/** Calls ended one after the other, each timed. */
const CALL_LOG_ENDS = Number(process.env.BENCH_CALL_LOG_ENDS ?? 8);

/** Colleagues' lines, international numbers (their local forms are their last four digits). */
const boardLines = (count: number) => Array.from({ length: count }, (_, i) => `3317258${String(8000 + i)}`);

/** A line board of `count` colleagues' lines. */
const boardPage = (count: number) =>
  page(
    `<script>${PROBE}</script><script type="module" src="/dist/keyyo-cti-elements.js"></script>`,
    `<keyyo-cti-provider endpoint="/cti" token="bench" no-cookie>
       <main style="padding:1rem;max-width:60rem"><keyyo-line-board numbers="${boardLines(count).join(',')}"></keyyo-line-board></main>
     </keyyo-cti-provider>`,
  );
const BOARD_SIZES = [10, 200] as const;

/** The SDK alone, on a socket stand-in that the page feeds frames to. */
const STUB_SOCKET = String.raw`
window.WebSocket = class {
  constructor() { window.stub = this; setTimeout(() => this.onmessage({ data: 'o' })); }
  send(data) {
    for (const text of JSON.parse(data)) {
      const m = JSON.parse(text);
      const result = m.action === 'create_session' ? { number: '${OWN}', now: Date.now() / 1000, session_id: 's' }
        : m.action === 'get_subscriptions' ? { numbers: ['${OWN}'] }
        : m.action === 'get_auto_answer' ? { auto_answer: true }
        : m.action === 'get_int_to_local_numbers' ? '0' + m.number.slice(2) : 1;
      queueMicrotask(() => this.onmessage({ data: 'a' + JSON.stringify([JSON.stringify({ id: m.id, result })]) }));
    }
  }
  close() {}
};
window.frameOf = (call) => 'a' + JSON.stringify([JSON.stringify({ notify: 'call', call })]);
`;
const SDK_PAGE = page(`<script>${STUB_SOCKET}</script><script type="module">import { CTI } from '/dist/sdk.js'; window.CTI = CTI;</script>`, '');
const PROVIDER_INGEST_PAGE = page(
  `<script>${STUB_SOCKET}</script><script>${PROBE.replace('window.WebSocket = class extends Native', 'window.Unused = class extends Native')}</script><script type="module" src="/dist/keyyo-cti-elements.js"></script>`,
  `<keyyo-cti-provider endpoint="/cti" token="bench" no-cookie><keyyo-call-actions></keyyo-call-actions><keyyo-call-list></keyyo-call-list></keyyo-cti-provider>`,
);

/** Pages that connect: our provider alone, the provider with a
 * softphone, the provider with a `token-url` (whose endpoint answers in
 * `TOKEN_MS`, as one that asks the Manager API would), a bare
 * `create_session` of the 1.1 API (the drop-in script), and the same over
 * the SockJS client library, which first asks the service's `/info` as the
 * official client's SockJS did. */
const CONNECT_KINDS = ['provider', 'softphone', 'token-url', 'reference', 'sockjs'] as const;
const TOKEN_MS = 50;
const connectPage = (kind: (typeof CONNECT_KINDS)[number], token: string) => {
  const connected = `if (!err) window.connectedAt = performance.now();`;
  if (kind === 'reference')
    return page(
      `<script src="/dist/keyyo-cti.min.js" data-endpoint="/cti"></script>`,
      `<script>new Keyyo.CTI().create_session('${token}', function (err) { ${connected} });</script>`,
    );
  if (kind === 'sockjs') {
    return page(
      `<script src="/sockjs.min.js"></script><script src="/dist/keyyo-cti.min.js" data-endpoint="/cti"></script>`,
      `<script>new Keyyo.CTI({ SockJS: SockJS }).create_session('${token}', function (err) { ${connected} });</script>`,
    );
  }
  return page(
    `<script type="module" src="/dist/keyyo-cti-elements.js"></script>`,
    `<keyyo-cti-provider endpoint="/cti" ${kind === 'token-url' ? 'token-url="/token"' : `token="${token}"`}>${kind === 'softphone' ? '<keyyo-softphone></keyyo-softphone>' : ''}</keyyo-cti-provider>
     <script>document.querySelector('keyyo-cti-provider').addEventListener('keyyo-status-change', (e) => { if (e.detail.status === 'connected') window.connectedAt = performance.now(); });</script>`,
  );
};

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json' };

export async function serveDist(pathname: string, response: ServerResponse): Promise<boolean> {
  if (pathname.includes('..')) return false;
  const file = pathname === '/sockjs.min.js' ? join(ROOT, 'node_modules/sockjs-client/dist/sockjs.min.js') : pathname.startsWith('/dist/') ? join(DIST, pathname.slice(6)) : '';
  if (!file) return false;
  if (!existsSync(file)) return false;
  response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  response.end(await readFile(file));
  return true;
}

function pages(request: IncomingMessage, response: ServerResponse, token = () => ''): void {
  const url = new URL(request.url ?? '/', 'http://localhost');
  void serveDist(url.pathname, response).then((served) => {
    if (served) return;
    if (url.pathname === '/token') {
      const text = token();
      setTimeout(() => response.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-store' }).end(text), TOKEN_MS);
      return;
    }
    if (url.pathname.startsWith('/log/') && request.method === 'POST') {
      // The CRM's call log: down (every record waits) or acknowledging.
      request.resume();
      const up = url.pathname === '/log/up';
      if (up) logsAcknowledged++;
      response.writeHead(up ? 204 : 503).end();
      return;
    }
    const html: Record<string, () => string> = {
      '/elements.html': () => ELEMENTS_PAGE,
      '/seed.html': () => page('', ''),
      '/calllog-down.html': () => callLogPage('down'),
      '/calllog-up.html': () => callLogPage('up'),
      '/sdk.html': () => SDK_PAGE,
      '/ingest.html': () => PROVIDER_INGEST_PAGE,
    };
    const kind = CONNECT_KINDS.find((name) => url.pathname === `/connect-${name}.html`);
    const board = BOARD_SIZES.find((count) => url.pathname === `/board-${count}.html`);
    const body = kind ? connectPage(kind, token()) : board ? boardPage(board) : html[url.pathname]?.();
    response.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(body ?? 'Not found');
  });
}

// ---- Statistics --------------------------------------------------------------------

const percentile = (values: number[], p: number) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
export const summary = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values), n: values.length });
export type Summary = ReturnType<typeof summary>;
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'n/a');
const pair = (s: Summary) => `${ms(s.p50)} / ${ms(s.p95)}`;
const triple = (s: Summary) => `${pair(s)} / ${ms(s.max)} (n=${s.n})`;

// ---- Measures ------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Two drawn frames: whatever a change set off is on screen. */
const settle = (tab: Page) => tab.evaluate(() => new Promise<void>((resolve) => (window as any).probe.frame(() => (window as any).probe.frame(resolve))));

/** A page in a fresh browser context (no cookie, nothing cached). */
async function newTab(browser: Browser) {
  const context = await browser.createBrowserContext();
  const tab = await context.newPage();
  await tab.setViewport({ width: 1000, height: 720 });
  // tsx names the functions given to evaluate() with a helper of its own.
  await tab.evaluateOnNewDocument('globalThis.__name = (f) => f');
  return { tab, close: () => context.close() };
}

async function openElementsPage(browser: Browser, url: string) {
  const { tab, close } = await newTab(browser);
  await tab.goto(`${url}/elements.html`);
  await tab.waitForFunction(() => document.querySelector('keyyo-cti-provider')?.getAttribute('status') === 'connected', { timeout: 10_000 });
  await tab.evaluate(() => (window as any).probe.observe(document.querySelector('keyyo-call-list')!.shadowRoot!));
  return { tab, close };
}

/** Live calls on colleagues' lines, older than anything the trials add. */
function liveCalls(count: number, prefix: string): Notification[] {
  const now = nowSeconds();
  return Array.from({ length: count }, (_, i) => ({
    callref: `${prefix}${i}`,
    caller: `3360${String(i).padStart(7, '0')}`,
    callee: `3317258${String(8000 + (i % 1000)).padStart(4, '0')}`,
    state: 'CONNECT',
    setup_date: now - 7200 + i,
    connect_date: now - 7100 + i,
  }));
}

/** Waits for the list to show `expected` rows, pressing "more" while
 * there are fewer. */
async function showRows(tab: Page, expected: number): Promise<number> {
  return tab.evaluate(async (expected) => {
    const list = document.querySelector('keyyo-call-list') as any;
    const rows = () => list.shadowRoot.querySelectorAll('.call').length;
    const deadline = performance.now() + 20_000;
    while (rows() < expected && performance.now() < deadline) {
      const more = list.shadowRoot.querySelector('.more') as HTMLButtonElement | null;
      more?.click();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return rows();
  }, expected);
}

interface Sample {
  dom: number;
  paint: number;
}

/** What a change shows: in the shadow root of `host`, the element at
 * `row` gone, or there with `text` in it or the class `className`. */
interface Expected {
  host: string;
  row: string;
  gone?: boolean;
  text?: string;
  className?: string;
}

/** One timed change: arms the page, pushes the notification, waits for the drawn frame. */
async function timed(tab: Page, service: FakeService, call: Notification, expected: Expected): Promise<Sample> {
  await tab.evaluate(
    (markers, expected) => {
      const root = document.querySelector(expected.host)!.shadowRoot!;
      (window as any).probe.expect(markers, () => {
        const row = root.querySelector(expected.row);
        if (expected.gone) return !row;
        return Boolean(row) && (!expected.text || row!.textContent!.includes(expected.text)) && (!expected.className || row!.classList.contains(expected.className));
      });
    },
    [`\\"${call.callref}\\"`, call.state],
    expected,
  );
  service.push(call);
  return tab.evaluate(async () => {
    const w = (window as any).probe.watch;
    await Promise.race([w.done, new Promise((resolve) => setTimeout(resolve, 5000))]);
    (window as any).probe.watch = null;
    return { dom: w.dom - w.arrival, paint: w.paint - w.arrival };
  });
}

/** Calls ringing in on Alice's line, answered, then ended: each step is
 * one visible row changing state at the top of the list. */
async function updateLatency(tab: Page, service: FakeService, tag: string) {
  const dom: number[] = [];
  const paint: number[] = [];
  for (let i = 0; i < TRIALS; i++) {
    const now = nowSeconds();
    const base = { callref: `${tag}t${i}x`, caller: `3369900${String(i % 10).padStart(4, '0')}`, callee: OWN, setup_date: now };
    for (const [call, gone] of [
      [{ ...base, state: 'SETUP' }, false],
      [{ ...base, state: 'CONNECT', connect_date: now }, false],
      [{ ...base, state: 'RELEASE', connect_date: now, release_date: now }, true],
    ] as const) {
      const text = { SETUP: 'Ringing', CONNECT: 'In conversation', RELEASE: '', MISSED: '' }[call.state];
      const sample = await timed(tab, service, call as Notification, { host: 'keyyo-call-list', row: `[data-callref="${call.callref}"]`, gone, text });
      if (Number.isFinite(sample.paint)) {
        dom.push(sample.dom);
        paint.push(sample.paint);
      }
      await settle(tab);
    }
  }
  return { dom: summary(dom), paint: summary(paint) };
}

/**
 * A line board of `count` lines: one line at a time rings, is answered,
 * then hangs up, each step timed from the notification to the row's new
 * state in the DOM and on screen; then the main thread's whole work
 * (tasks and frames) for one line changing state.
 */
async function boardLatency(browser: Browser, url: string, service: FakeService, count: number) {
  const { tab, close } = await newTab(browser);
  await tab.goto(`${url}/board-${count}.html`);
  await tab.waitForFunction((count) => document.querySelector('keyyo-line-board')?.shadowRoot?.querySelectorAll('.line.free').length === count, { timeout: 20_000 }, count);
  await tab.evaluate(() => (window as any).probe.observe(document.querySelector('keyyo-line-board')!.shadowRoot!));
  await sleep(1000);
  const lines = boardLines(count);
  const dom: number[] = [];
  const paint: number[] = [];
  const call = (i: number, state: Notification['state']): Notification => {
    const now = nowSeconds();
    return {
      callref: `bd${count}x${i}`,
      caller: `3369900${String(i % 10).padStart(4, '0')}`,
      callee: lines[(i * 37) % count]!,
      state,
      setup_date: now,
      connect_date: now,
      release_date: now,
    };
  };
  for (let i = 0; i < TRIALS; i++) {
    for (const [state, className] of [
      ['SETUP', 'ringing'],
      ['CONNECT', 'busy'],
      ['RELEASE', 'free'],
    ] as const) {
      const change = call(i, state);
      const sample = await timed(tab, service, change, { host: 'keyyo-line-board', row: `[data-number="${change.callee}"]`, className });
      if (Number.isFinite(sample.paint)) {
        dom.push(sample.dom);
        paint.push(sample.paint);
      }
      await settle(tab);
    }
  }
  const work: number[] = [];
  for (let i = 0; i < 16; i++) {
    const change = call(TRIALS + Math.floor(i / 2), i % 2 ? 'RELEASE' : 'SETUP');
    const before = ((await tab.metrics()) as Record<string, number>).TaskDuration!;
    service.push(change);
    await tab.waitForFunction(
      (number, className) => document.querySelector('keyyo-line-board')!.shadowRoot!.querySelector(`[data-number="${number}"]`)!.classList.contains(className),
      {},
      change.callee,
      i % 2 ? 'free' : 'ringing',
    );
    await settle(tab);
    work.push((((await tab.metrics()) as Record<string, number>).TaskDuration! - before) * 1000);
  }
  await close();
  return { dom: summary(dom), paint: summary(paint), workMs: percentile(work, 50) };
}

/** A second of nothing but live calls ticking, five times over. */
async function idle(tab: Page) {
  await sleep(1500);
  const metric = async () => (await tab.metrics()) as Record<string, number>;
  const from = await metric();
  const start = await tab.evaluate(() => performance.now());
  await sleep(5000);
  const to = await metric();
  const end = await tab.evaluate(() => performance.now());
  const perSecond = (key: string) => ((to[key]! - from[key]!) * 1000) / ((end - start) / 1000); // ms per second
  const frames = await tab.evaluate((start, end) => (window as any).probe.loaf.filter((e: any) => e.start >= start && e.start <= end).map((e: any) => e.duration), start, end);
  return {
    busyMsPerS: perSecond('TaskDuration'),
    scriptMsPerS: perSecond('ScriptDuration'),
    layoutMsPerS: perSecond('LayoutDuration') + perSecond('RecalcStyleDuration'),
    framesOver50: frames.length,
    longestFrame: frames.length ? Math.max(...frames) : 0,
  };
}

/** 2,000 notifications in one second: 1,000 new callers ring Alice's line;
 * half are answered, half missed. */
async function burst(tab: Page, service: FakeService) {
  const now = nowSeconds();
  const calls = Array.from({ length: 1000 }, (_, j) => ({
    callref: `b${j}x`,
    caller: `3361${String(j).padStart(7, '0')}`,
    callee: OWN,
    setup_date: now - 1000 + j,
  }));
  const ended = (j: number): Notification => (j % 2 === 0 ? { ...calls[j]!, state: 'CONNECT', connect_date: now } : { ...calls[j]!, state: 'MISSED', release_date: now });
  const conversionsBefore = service.conversions;
  await tab.evaluate(() => {
    const root = document.querySelector('keyyo-call-list')!.shadowRoot!;
    const probe = (window as any).probe;
    probe.burstStart = undefined;
    // The list leads with the newest call answered; the last one missed is gone.
    probe.expect(['\\"b999x\\"', 'MISSED'], () => {
      const top = root.querySelector('.call');
      return top?.getAttribute('data-callref') === 'b998x' && top.textContent!.includes('In conversation') && !root.querySelector('[data-callref="b999x"]');
    });
    probe.burstStart = performance.now();
  });
  // Every 10 ms, ten calls ring and the ten before are answered or missed.
  const start = Date.now();
  for (let chunk = 0; chunk <= 100; chunk++) {
    const batch: Notification[] = [];
    for (let j = chunk * 10; j < Math.min(1000, chunk * 10 + 10); j++) batch.push({ ...calls[j]!, state: 'SETUP' });
    for (let j = Math.max(0, (chunk - 1) * 10); j < Math.min(1000, chunk * 10); j++) batch.push(ended(j));
    service.push(...batch);
    await sleep(start + (chunk + 1) * 10 - Date.now());
  }
  const result = await tab.evaluate(async () => {
    const probe = (window as any).probe;
    const w = probe.watch;
    await Promise.race([w.done, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    probe.watch = null;
    const inBurst = (e: { start: number; duration: number }) => e.start + e.duration >= probe.burstStart;
    const tasks = probe.long.filter(inBurst).map((e: any) => e.duration);
    const frames = probe.loaf.filter(inBurst).map((e: any) => e.duration);
    return {
      domAfterLast: w.dom - w.arrival,
      paintAfterLast: w.paint - w.arrival,
      longestTask: tasks.length ? Math.max(...tasks) : 0,
      longTasks: tasks.length,
      blocking: tasks.reduce((sum: number, d: number) => sum + Math.max(0, d - 50), 0),
      longestFrame: frames.length ? Math.max(...frames) : 0,
    };
  });
  return { ...result, conversions: service.conversions - conversionsBefore };
}

/** Marks each connect page takes as it loads (ms from navigation): its
 * socket asked for and open (the SockJS client's too, after its `/info`). */
const CONNECT_PROBE = `(() => {
  const marks = (window.connectMarks = {});
  window.WebSocket = class extends WebSocket {
    constructor(...args) {
      marks.socket ??= performance.now();
      super(...args);
      this.addEventListener('open', () => (marks.open ??= performance.now()), { once: true });
    }
  };
})();`;

/** Where a page's time to `connected` went, ms from navigation: its script
 * in (the file named), its socket asked for and open, its first paint. */
const CONNECT_STEPS = ['script', 'socket', 'open', 'paint', 'connected'] as const;
type ConnectSteps = Record<(typeof CONNECT_STEPS)[number], number>;

/** Navigation to `connected` (or to the `create_session` callback), each
 * page in turn, each load in a fresh browser context (no cookie, nothing
 * cached), with where its time went. */
async function timeToConnected(browser: Browser) {
  let token = '';
  const sim = await startSimulator({ port: 0, fallback: (request, response) => pages(request, response, () => token), logError: () => {} });
  const samples = Object.fromEntries(CONNECT_KINDS.map((kind) => [kind, [] as ConnectSteps[]]));
  try {
    for (let i = 0; i < CONNECT_SAMPLES * CONNECT_KINDS.length; i++) {
      const kind = CONNECT_KINDS[i % CONNECT_KINDS.length]!;
      token = sim.model.issueToken(OWN)!.token;
      const { tab, close } = await newTab(browser);
      await tab.evaluateOnNewDocument(CONNECT_PROBE);
      await tab.goto(`${sim.url}/connect-${kind}.html`);
      await tab.waitForFunction(() => (window as any).connectedAt, { timeout: 10_000 });
      const script = kind === 'reference' || kind === 'sockjs' ? 'keyyo-cti.min.js' : 'keyyo-cti-elements.js';
      const steps = await tab.evaluate((script) => {
        const { connectMarks, connectedAt } = window as any;
        const loaded = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith(`/${script}`)) as PerformanceResourceTiming | undefined;
        const paint = performance.getEntriesByName('first-paint')[0];
        return { script: loaded?.responseEnd ?? NaN, socket: connectMarks.socket ?? NaN, open: connectMarks.open ?? NaN, paint: paint?.startTime ?? NaN, connected: connectedAt };
      }, script);
      if (i >= CONNECT_KINDS.length) samples[kind]!.push(steps); // the first round warms the server up
      await close();
    }
  } finally {
    await sim.close();
  }
  const of = (kind: (typeof CONNECT_KINDS)[number]) => ({
    ...summary(samples[kind]!.map((steps) => steps.connected)),
    steps: Object.fromEntries(CONNECT_STEPS.map((step) => [step, summary(samples[kind]!.map((steps) => steps[step]).filter(Number.isFinite)).p50])) as ConnectSteps,
  });
  return Object.fromEntries(CONNECT_KINDS.map((kind) => [kind, of(kind)])) as Record<(typeof CONNECT_KINDS)[number], ReturnType<typeof of>>;
}

/** The SDK alone, frames fed straight into its socket: each call rings, is
 * answered and ends (three notifications), with `calls` call refs seen
 * (after as many on another session, so that the code runs warm). */
async function sdkIngest(tab: Page, calls: number) {
  return tab.evaluate(async (calls) => {
    const w = window as any;
    const run = async () => {
      const cti = new w.CTI({ endpoint: 'http://127.0.0.1/cti', cookie_auto: false, ping_auto: false, reconnect: false });
      await cti.create_session('bench');
      cti.on('setup, connect, release', () => {});
      let total = 0;
      for (const state of ['SETUP', 'CONNECT', 'RELEASE']) {
        const frames = Array.from({ length: calls }, (_, i) =>
          w.frameOf({
            callref: `c${i}`,
            caller: `3361${String(i).padStart(7, '0')}`,
            callee: '33172587701',
            state,
            setup_date: 1000 + i,
            connect_date: 1001 + i,
            release_date: 1002 + i,
          }),
        );
        const start = performance.now();
        for (const data of frames) w.stub.onmessage({ data });
        total += performance.now() - start;
      }
      cti.disconnect();
      return (total * 1000) / (calls * 3); // µs per notification
    };
    await run();
    return run();
  }, calls);
}

/** The same through the provider and its elements (a list, the call
 * actions): the work each notification costs the page while `calls` calls
 * arrive and are answered, then the main thread's whole work (tasks and
 * frames) for one more change with that many calls live. */
async function providerIngest(browser: Browser, url: string, calls: number) {
  const { tab, close } = await newTab(browser);
  await tab.goto(`${url}/ingest.html`);
  await tab.waitForFunction(() => document.querySelector('keyyo-cti-provider')?.getAttribute('status') === 'connected', { timeout: 10_000 });
  const usPerNotification = await tab.evaluate(async (calls) => {
    const w = window as any;
    const frame = (call: object) => w.frameOf(call);
    const drawn = () => new Promise<void>((resolve) => w.probe.frame(resolve));
    // A thousand calls first, missed: the code runs warm.
    for (const state of ['SETUP', 'MISSED']) {
      for (let i = 0; i < 1000; i++)
        w.stub.onmessage({ data: frame({ callref: `w${i}`, caller: `3363${String(i).padStart(7, '0')}`, callee: '33172587701', state, setup_date: 900, release_date: 901 }) });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    let total = 0;
    for (const state of ['SETUP', 'CONNECT']) {
      const frames = Array.from({ length: calls }, (_, i) =>
        frame({ callref: `c${i}`, caller: `3361${String(i).padStart(7, '0')}`, callee: '33172587701', state, setup_date: 1000 + i, connect_date: 1001 + i }),
      );
      const start = performance.now();
      for (const data of frames) w.stub.onmessage({ data });
      await new Promise((resolve) => setTimeout(resolve));
      total += performance.now() - start;
      await drawn();
      await drawn();
    }
    return (total * 1000) / (calls * 2);
  }, calls);
  const work: number[] = [];
  for (let i = 0; i < 7; i++) {
    const before = ((await tab.metrics()) as Record<string, number>).TaskDuration!;
    await tab.evaluate((i) => {
      const w = window as any;
      w.stub.onmessage({ data: w.frameOf({ callref: `n${i}`, caller: `3362${String(i).padStart(7, '0')}`, callee: '33172587701', state: 'SETUP', setup_date: 9000 + i }) });
      return new Promise<void>((resolve) => w.probe.frame(() => w.probe.frame(resolve)));
    }, i);
    work.push((((await tab.metrics()) as Record<string, number>).TaskDuration! - before) * 1000);
  }
  await close();
  return { usPerNotification, changeMs: percentile(work, 50) };
}

/**
 * Stores, with the call log's own store (dist/call-log/), what a line
 * gathers over a month of a CRM down: its history of ended calls and
 * records waiting for delivery, as a page of the origin left them.
 */
async function seedCallLog(tab: Page, history: number, pending: number): Promise<void> {
  await tab.evaluate(
    async (line, history, pending) => {
      const { openIndexedStore } = await import('/dist/call-log/store.js' as string);
      const { buildRecord } = await import('/dist/call-log/record.js' as string);
      const store = await openIndexedStore(new URL('/cti', location.href).href); // the bench pages' endpoint
      const now = Date.now() / 1000;
      /** The i-th call of the last days: two answered, one missed. */
      const record = (i: number, prefix: string) => {
        const setup = now - 20 * 86400 + i * 600;
        const missed = i % 3 === 2;
        const call = { callref: `${prefix}${i}`, caller: `3361${String(i).padStart(7, '0')}`, callee: line, setup_date: setup };
        return buildRecord(missed ? { ...call, state: 'MISSED', release_date: setup + 20 } : { ...call, state: 'RELEASE', connect_date: setup + 8, release_date: setup + 200 }, {
          line,
          calls: [],
          localNumbers: new Map(),
          now,
        });
      };
      await store.remember(Array.from({ length: history }, (_, i) => record(i, 'h')));
      for (let i = 0; i < pending; i++) {
        const waiting = record(i, 'p');
        await store.claim({ id: waiting.id, line, record: waiting, state: 'queued', due: Date.now(), tries: 3, queuedAt: Date.now() - pending + i }, pending);
      }
      await store.setMeta('line', line);
      store.close();
    },
    OWN,
    history,
    pending,
  );
}

/** The longest task since `from` (the page's clock; 0 when none took 50
 * ms), and the script that took most of it, as the Long Animation Frames
 * API attributes it. */
const longestTaskSince = (tab: Page, from: number): Promise<{ ms: number; script?: string }> =>
  tab.evaluate((from) => {
    const tasks: { start: number; duration: number }[] = (window as any).probe.long.filter((e: any) => e.start + e.duration >= from);
    if (!tasks.length) return { ms: 0 };
    const longest = tasks.reduce((a, b) => (b.duration > a.duration ? b : a));
    const [top] = performance
      .getEntriesByType('long-animation-frame')
      .flatMap((frame: any) => frame.scripts)
      .filter((script: any) => script.startTime >= longest.start - 1 && script.startTime < longest.start + longest.duration)
      .sort((a: any, b: any) => b.duration - a.duration);
    return { ms: longest.duration, script: top && `${top.invokerType} ${top.sourceURL.split('/').pop()}, ${Math.round(top.duration)} ms` };
  }, from);

/**
 * The call log at its bounds: a page of Alice's loading with 200 ended
 * calls in its history and 1,000 records waiting (the CRM down), then
 * calls ending on it; the same page with nothing stored; and with the CRM
 * back, the load that delivers the 1,000. The longest task of each.
 */
async function callLogLoad(browser: Browser, url: string, service: FakeService, log: (line: string) => void) {
  /** Until the page is connected with `pending` records waiting: when, from navigation. */
  const connectedWith = (tab: Page, pending: number, timeout = 20_000) =>
    tab
      .waitForFunction(
        (pending) => {
          const provider = document.querySelector('keyyo-cti-provider') as any;
          return provider?.getAttribute('status') === 'connected' && provider.pendingLogs === pending && performance.now();
        },
        { timeout, polling: 50 },
        pending,
      )
      .then((handle) => handle.jsonValue() as Promise<number>);
  /** Loads the page (after `seed`, in the same fresh context), waits for
   * `pending` records waiting, then a quiet second: the longest task from navigation. */
  const load = async (crm: 'down' | 'up', seed: boolean, pending: number) => {
    const { tab, close } = await newTab(browser);
    if (seed) {
      await tab.goto(`${url}/seed.html`);
      await seedCallLog(tab, HISTORY_STORED, PENDING_STORED);
    }
    const acknowledged = logsAcknowledged;
    await tab.goto(`${url}/calllog-${crm}.html`);
    // With the CRM up, until it acknowledged every record stored.
    for (const deadline = Date.now() + 300_000; crm === 'up' && logsAcknowledged - acknowledged < PENDING_STORED; await sleep(50)) {
      if (Date.now() > deadline) throw new Error(`${logsAcknowledged - acknowledged} logs delivered in 5 minutes, not ${PENDING_STORED}`);
    }
    const shownMs = await connectedWith(tab, pending);
    const connectedAt = await tab.evaluate(() => (window as any).connectedAt as number);
    await sleep(1000);
    return { tab, close, shownMs, longestTask: await longestTaskSince(tab, 0), onceConnected: await longestTaskSince(tab, connectedAt) };
  };

  log('call log: page load, nothing stored...');
  const empty = await load('down', false, 0);
  await empty.close();

  log(`call log: page load, ${HISTORY_STORED} ended calls and ${PENDING_STORED} records waiting, the CRM down...`);
  const stored = await load('down', true, PENDING_STORED);
  const { tab } = stored;
  const rows = await tab.evaluate(() => document.querySelector('keyyo-softphone')!.shadowRoot!.querySelector('keyyo-call-list')!.shadowRoot!.querySelectorAll('.call').length);
  if (!rows) throw new Error('the history is not shown after the load');

  log(`call log: ${CALL_LOG_ENDS} calls ending, one after the other...`);
  const ends: { ms: number; script?: string }[] = [];
  await tab.evaluate(() => {
    const page = window as any;
    page.logged = [];
    document.addEventListener('keyyo-call-logged', (event) => page.logged.push((event as CustomEvent).detail.record.callref));
  });
  for (let i = 0; i < CALL_LOG_ENDS; i++) {
    const now = nowSeconds();
    const call = { callref: `end${i}x`, caller: `3362${String(i).padStart(7, '0')}`, callee: OWN, setup_date: now - 30 };
    service.push({ ...call, state: 'SETUP' });
    service.push({ ...call, state: 'CONNECT', connect_date: now - 25 });
    await sleep(300);
    const from = await tab.evaluate(() => performance.now());
    service.push({ ...call, state: 'RELEASE', connect_date: now - 25, release_date: now });
    // Logged (a second after the end, what ended it seen), then written to the history (batched) and counted.
    await tab.waitForFunction((callref) => (window as any).logged.includes(callref), { timeout: 10_000, polling: 50 }, call.callref);
    await sleep(1000);
    ends.push(await longestTaskSince(tab, from));
  }
  await stored.close();

  log(`call log: page load, the CRM back: ${PENDING_STORED} records delivered...`);
  const flushed = await load('up', true, 0);
  await flushed.close();
  const figures = ({ shownMs, longestTask, onceConnected }: Awaited<ReturnType<typeof load>>) => ({ shownMs, longestTask, onceConnected });
  const longestEnd = ends.reduce((a, b) => (b.ms > a.ms ? b : a));
  return { empty: figures(empty), stored: figures(stored), callEnd: { ...summary(ends.map((end) => end.ms)), script: longestEnd.script }, delivered: figures(flushed) };
}

export interface BrowserBench {
  update: Record<'10' | '1000' | '1000 all', { dom: Summary; paint: Summary }>;
  idle: Record<'1000' | '1000 all', Awaited<ReturnType<typeof idle>>>;
  burst: Awaited<ReturnType<typeof burst>>;
  connect: ConnectBench;
  sdkIngest: Record<string, number>;
  providerIngest: Record<string, { usPerNotification: number; changeMs: number }>;
  board: Record<(typeof BOARD_SIZES)[number], Awaited<ReturnType<typeof boardLatency>>>;
  callLog: CallLogBench;
}
export type CallLogBench = Awaited<ReturnType<typeof callLogLoad>>;
export type ConnectBench = Awaited<ReturnType<typeof timeToConnected>>;

/** Debian's Chromium, headless, without its background chores. */
export const launchChromium = () =>
  puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions'],
  });

/** Runs `measure` with Chromium, the pages and the fake service behind them. */
async function withBench<T>(measure: (browser: Browser, url: string, service: FakeService) => Promise<T>): Promise<T> {
  for (const file of ['keyyo-cti-elements.js', 'keyyo-cti.min.js', 'sdk.js']) {
    if (!existsSync(join(DIST, file))) throw new Error(`${join(DIST, file)} is missing: run npm run build first`);
  }
  const service = new FakeService();
  const server = createServer((request, response) => pages(request, response));
  service.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    return await measure(browser, url, service);
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
}

/** Line boards of 10 and 200 lines, one line changing at a time. */
async function boardFigures(browser: Browser, url: string, service: FakeService, log: (line: string) => void): Promise<BrowserBench['board']> {
  const board = {} as BrowserBench['board'];
  for (const count of BOARD_SIZES) {
    log(`line board of ${count} lines...`);
    board[count] = await boardLatency(browser, url, service, count);
  }
  return board;
}

export function browserBench(log: (line: string) => void): Promise<BrowserBench> {
  return withBench(async (browser, url, service) => {
    const update = {} as BrowserBench['update'];
    const idleFigures = {} as BrowserBench['idle'];
    let burstFigures!: BrowserBench['burst'];
    // 10 calls; 1,000 calls as the list shows them (its first page of 50
    // rows); 1,000 calls with every row shown ("more" pressed 19 times).
    for (const [key, listed, rows] of [
      ['10', 10, 10],
      ['1000', 1000, 50],
      ['1000 all', 1000, 1000],
    ] as const) {
      log(`page with ${listed} live calls listed, ${rows} rows shown...`);
      const { tab, close } = await openElementsPage(browser, url);
      service.push(...liveCalls(listed, `l${key.replace(' ', '')}x`));
      const shown = await showRows(tab, rows);
      if (shown !== rows) throw new Error(`${shown} rows shown, not ${rows}`);
      await sleep(1000);
      update[key] = await updateLatency(tab, service, `u${key.replace(' ', '')}`);
      if (listed === 1000) {
        log('idle, the calls live...');
        idleFigures[key] = await idle(tab);
      }
      if (key === '1000 all') {
        log('burst of 2,000 notifications...');
        burstFigures = await burst(tab, service);
      }
      await close();
    }
    log('time to connected...');
    const connect = await timeToConnected(browser);
    log('ingest...');
    const sdkIngestFigures: Record<string, number> = {};
    const providerIngestFigures: BrowserBench['providerIngest'] = {};
    for (const calls of [1000, 10_000, 50_000]) {
      const { tab, close } = await newTab(browser);
      await tab.goto(`${url}/sdk.html`);
      await tab.waitForFunction(() => (window as any).CTI);
      sdkIngestFigures[calls] = await sdkIngest(tab, calls);
      await close();
      providerIngestFigures[calls] = await providerIngest(browser, url, calls);
    }
    const board = await boardFigures(browser, url, service, log);
    const callLog = await callLogLoad(browser, url, service, log);
    return { update, idle: idleFigures, burst: burstFigures, connect, sdkIngest: sdkIngestFigures, providerIngest: providerIngestFigures, board, callLog };
  });
}

/** The browser figures as rows of one table: what, figure, goal. */
export function browserRows(b: BrowserBench): string[][] {
  const ratio = (key: '1000' | '1000 all') => `${(b.update[key].paint.p95 / b.update[10].paint.p95).toFixed(2)} x`;
  return [
    ['update to DOM, 10 listed (p50 / p95 / max)', triple(b.update[10].dom), ''],
    ['update to DOM, 1,000 listed (50 rows shown)', triple(b.update[1000].dom), 'p95 <= 16.7 ms'],
    ['update to DOM, 1,000 listed, all 1,000 rows shown', triple(b.update['1000 all'].dom), ''],
    ['update to drawn frame, 10 listed', triple(b.update[10].paint), ''],
    ['update to drawn frame, 1,000 listed (50 rows shown)', triple(b.update[1000].paint), `p95 <= 1.5 x 10 listed (${ratio('1000')})`],
    ['update to drawn frame, 1,000 listed, all rows shown', triple(b.update['1000 all'].paint), `(${ratio('1000 all')})`],
    ...(['1000', '1000 all'] as const).flatMap((key) => {
      const idle = b.idle[key];
      const page = key === '1000' ? '50 rows shown' : 'all shown';
      return [
        [
          `idle 5 s, 1,000 live, ${page}: main thread per s`,
          `${ms(idle.busyMsPerS)} (script ${ms(idle.scriptMsPerS)}, style+layout ${ms(idle.layoutMsPerS)})`,
          'small fraction of a frame',
        ],
        [`idle 5 s, 1,000 live, ${page}: frames over 50 ms`, `${idle.framesOver50}${idle.framesOver50 ? ` (longest ${ms(idle.longestFrame)})` : ''}`, 'none'],
      ];
    }),
    ['burst 2,000/s, all shown: longest task (how many > 50 ms)', `${b.burst.longestTask ? ms(b.burst.longestTask) : 'none over 50 ms'} (${b.burst.longTasks})`, '<= 50 ms'],
    ['burst: total blocking time', ms(b.burst.blocking), '<= 50 ms'],
    ['burst: last notification to right DOM / drawn', `${ms(b.burst.domAfterLast)} / ${ms(b.burst.paintAfterLast)}`, 'a frame or two'],
    ['burst: longest animation frame', b.burst.longestFrame ? ms(b.burst.longestFrame) : 'none over 50 ms', ''],
    ['burst: number conversions sent (1,000 new numbers)', String(b.burst.conversions), ''],
    ...connectRows(b.connect),
    ...Object.entries(b.sdkIngest).map(([calls, us]) => [`SDK ingest per notification, ${Number(calls).toLocaleString('en')} call refs`, `${us.toFixed(2)} µs`, 'flat']),
    ...Object.entries(b.providerIngest).map(([calls, figures]) => [
      `page: µs per notification / ms per change, ${Number(calls).toLocaleString('en')} calls`,
      `${figures.usPerNotification.toFixed(1)} µs / ${ms(figures.changeMs)}`,
      'flat',
    ]),
    ...boardRows(b.board),
    ...callLogRows(b.callLog),
  ];
}

/** Navigation to connected, and where each page's time went, as rows. */
export function connectRows(connect: ConnectBench): string[][] {
  return [
    ['navigation to connected: provider (p50 / p95)', pair(connect.provider), ''],
    ['navigation to connected: provider with a softphone', pair(connect.softphone), ''],
    [`the provider alone with a token-url answering in ${TOKEN_MS} ms`, pair(connect['token-url']), ''],
    ['navigation to create_session callback: 1.1 API, drop-in', pair(connect.reference), ''],
    ['the same over the SockJS client library (/info first)', pair(connect.sockjs), ''],
    [
      'navigation to connected ÷ the SockJS row (p50): provider / with a softphone / token-url',
      (['provider', 'softphone', 'token-url'] as const).map((kind) => (connect[kind].p50 / connect.sockjs.p50).toFixed(2)).join(' / '),
      '<= 0.9',
    ],
    ...CONNECT_KINDS.map((kind) => [
      `  ${kind}: script in / socket asked / open / first paint / connected (p50 ms)`,
      CONNECT_STEPS.map((step) => (Number.isFinite(connect[kind].steps[step]) ? connect[kind].steps[step].toFixed(0) : '-')).join(' / '),
      '',
    ]),
  ];
}

/** `npm run bench -- --connect`: navigation to connected alone. */
export const connectBench = (): Promise<ConnectBench> => withBench((browser) => timeToConnected(browser));

/** `npm run bench -- --calllog`: the call log's figures alone. */
export const callLogBench = (log: (line: string) => void): Promise<CallLogBench> => withBench((browser, url, service) => callLogLoad(browser, url, service, log));

export function callLogRows(c: CallLogBench): string[][] {
  const task = ({ ms, script }: { ms: number; script?: string }) => (ms ? `${ms.toFixed(0)} ms${script ? ` (${script})` : ''}` : 'none over 50 ms');
  const stored = `${HISTORY_STORED} ended calls, ${PENDING_STORED.toLocaleString('en')} logs waiting`;
  const goal = 'no task over 50 ms';
  const loadRows = (what: string, figures: CallLogBench['empty'], shown: string) => [
    [`call log: page load, ${what}: longest task from navigation`, task(figures.longestTask), ''],
    [`  the same, once connected (${shown} ${(figures.shownMs / 1000).toFixed(2)} s after navigation)`, task(figures.onceConnected), goal],
  ];
  return [
    ...loadRows('nothing stored', c.empty, 'connected'),
    ...loadRows(`${stored} (CRM down)`, c.stored, 'all counted'),
    [
      `call log: a call's end, ${stored}: longest task (p50 / max, n=${c.callEnd.n})`,
      `${task({ ms: c.callEnd.p50 })} / ${task({ ms: c.callEnd.max, script: c.callEnd.script })}`,
      goal,
    ],
    ...loadRows(`the same, the CRM back`, c.delivered, `the ${PENDING_STORED.toLocaleString('en')} delivered`),
  ];
}

function boardRows(board: BrowserBench['board']): string[][] {
  const ratio = `${(board[200].paint.p95 / board[10].paint.p95).toFixed(2)} x`;
  return [
    ['line board, one line changing, to DOM: 10 lines (p50 / p95 / max)', triple(board[10].dom), ''],
    ['the same, 200 lines', triple(board[200].dom), 'p95 <= 16.7 ms'],
    ['line board, one line changing, to drawn frame: 10 lines', triple(board[10].paint), ''],
    ['the same, 200 lines', triple(board[200].paint), `p95 <= 1.5 x 10 lines (${ratio})`],
    ['line board: main thread per change (tasks and frames), 10 / 200 lines', `${ms(board[10].workMs)} / ${ms(board[200].workMs)}`, ''],
  ];
}

// `npx tsx scripts/bench-browser.ts`: the line boards alone (npm run bench
// runs every measure). BENCH_TRIALS sets the changes timed (three per trial).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const board = await withBench((browser, url, service) => boardFigures(browser, url, service, (line) => console.log(`  ${line}`)));
  for (const row of boardRows(board)) console.log(`${row[0]!.padEnd(72)}${row[1]!.padEnd(40)}${row[2]}`);
  console.log(JSON.stringify(board));
}
