// What real networks and servers do, during an active call: after each
// fault the session comes back, the calls equal the service's, no state
// event fires twice, and every command that was waiting settled.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/define.js';
import type { KeyyoCtiProvider, KeyyoDialer } from '../../../src/index.js';
import { CTI, type Call, type CtiError } from '../../../src/sdk/index.js';
import { startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const CAROL = '33172587702';
const BOB = '33699009902';

interface Watched {
  cti: CTI;
  /** States heard per call ref, in order. */
  heard: Map<string, string[]>;
  reconnected: { session_id: string; recreated: boolean }[];
}

describe('resilience', () => {
  let sim: SimulatorHandle;
  const sessions: CTI[] = [];
  let online = true;

  before(() => {
    // The tests play the browser's connectivity.
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  });

  beforeEach(async () => {
    online = true;
    sim = await startSimulator({ virtualClock: true });
  });

  afterEach(async () => {
    online = true;
    await sim.request('DELETE', '/sim/faults').catch(() => {});
    for (const cti of sessions.splice(0)) await cti.destroy_session().catch(() => cti.disconnect());
    await sim.stop();
  });

  async function alice(options = {}): Promise<Watched> {
    const cti = new CTI({
      endpoint: sim.endpoint,
      cookie_auto: false,
      timeout: 500,
      reconnect_min_delay: 50,
      reconnect_max_delay: 400,
      token_provider: () => sim.token(ALICE),
      ...options,
    });
    sessions.push(cti);
    const watched: Watched = { cti, heard: new Map(), reconnected: [] };
    cti.on('setup, connect, release, missed', (call: Call) => {
      watched.heard.set(call.callref, [...(watched.heard.get(call.callref) ?? []), call.state]);
    });
    cti.on('reconnected', (event: Watched['reconnected'][number]) => watched.reconnected.push(event));
    await cti.create_session(await sim.token(ALICE));
    return watched;
  }

  /** Bob calls Alice and she answers: the active call of every test. */
  async function activeCall({ cti }: Watched): Promise<Call> {
    const callref = await sim.call(BOB, ALICE);
    await waitUntil(() => cti.get_call(callref));
    const call = cti.get_call(callref)!;
    await call.answer();
    await waitUntil(() => call.state === 'CONNECT');
    return call;
  }

  async function expectRecovered(watched: Watched, count = 1, timeout = 5000) {
    await waitUntil(() => watched.reconnected.length >= count && watched.cti.connected, 'the session should come back', { timeout });
    const state = await sim.state();
    const served = state.calls
      .filter((call: any) => call.caller === ALICE || call.callee === ALICE)
      .filter((call: any) => call.state === 'SETUP' || call.state === 'CONNECT')
      .map((call: any) => `${call.callref}:${call.state}`)
      .sort();
    const mine = watched.cti
      .get_calls()
      .filter((call) => call.active)
      .map((call) => `${call.callref}:${call.state}`)
      .sort();
    expect(mine).to.deep.equal(served);
    for (const [callref, states] of watched.heard) expect(new Set(states).size, `${callref}: ${states}`).to.equal(states.length);
  }

  for (const mode of ['close', 'drop'] as const) {
    it(`a socket ${mode === 'close' ? 'closed by the server' : 'cut by the network'} mid-call: restored, the call goes on`, async () => {
      const watched = await alice();
      const call = await activeCall(watched);
      // A command in flight when the socket goes: it fails, and is not resent.
      await sim.request('POST', '/sim/faults/stall', { ms: 300 });
      const waiting = watched.cti.get_subscriptions().then(
        () => 'answered',
        (error: CtiError) => error.error_code,
      );
      await sim.request('POST', '/sim/faults/disconnect', { mode });
      expect(await waiting).to.equal('connection_closed');
      await expectRecovered(watched);
      expect(watched.reconnected[0]!.recreated).to.be.false;
      expect(watched.cti.get_call(call.callref)).to.equal(call);
      await call.hang_up();
      await waitUntil(() => call.state === 'RELEASE');
      expect(watched.heard.get(call.callref)).to.deep.equal(['SETUP', 'CONNECT', 'RELEASE']);
    });
  }

  it('a server that stalls without closing: the unanswered ping marks the socket dead', async () => {
    const watched = await alice({ ping_interval: 200 });
    await activeCall(watched);
    await sim.request('POST', '/sim/faults/stall', { ms: 900 });
    await expectRecovered(watched);
  });

  it('dropped replies: the command times out, nothing is sent again, the session comes back', async () => {
    const watched = await alice();
    await activeCall(watched);
    await sim.request('POST', '/sim/faults/drop-replies', { count: 1 });
    const error = await watched.cti.dial(CAROL).then(
      () => undefined,
      (e: CtiError) => e,
    );
    expect(error?.error_code).to.equal('timeout');
    await expectRecovered(watched);
    // The dial ran once on the service: one call to Carol, not two.
    const toCarol = (await sim.state()).calls.filter((call: any) => call.callee === CAROL);
    expect(toCarol).to.have.length(1);
  });

  it('slow replies within the timeout change nothing', async () => {
    const watched = await alice();
    await sim.request('POST', '/sim/faults/delay', { ms: 200 });
    expect(await watched.cti.get_auto_answer()).to.deep.equal({ auto_answer: true });
    expect(watched.reconnected).to.have.length(0);
  });

  it('a session destroyed by the service: a new one, with the subscriptions set again', async () => {
    const watched = await alice();
    await watched.cti.subscribe(CAROL);
    const id = watched.cti.session_id!;
    await sim.request('DELETE', `/sim/sessions/${id}`);
    await sim.request('POST', '/sim/faults/disconnect', {});
    await expectRecovered(watched);
    expect(watched.reconnected[0]!.recreated).to.be.true;
    expect(watched.cti.session_id).not.to.equal(id);
    expect((await watched.cti.get_subscriptions()).numbers).to.have.members([ALICE, CAROL]);
  });

  it('offline for more than 5 minutes while the call ended: no attempt while offline, then a new session and the call ended once', async () => {
    const watched = await alice();
    await watched.cti.subscribe(CAROL);
    const call = await activeCall(watched);
    let attempts = 0;
    watched.cti.on('reconnecting', () => attempts++);
    online = false;
    window.dispatchEvent(new Event('offline'));
    await sim.request('POST', '/sim/faults/disconnect', {});
    await waitUntil(() => !watched.cti.connected);
    await sim.phone(BOB, 'hangup');
    await sim.advance(5 * 60_000 + 1000);
    expect((await sim.state()).sessions).to.have.length(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(attempts).to.equal(0);

    online = true;
    window.dispatchEvent(new Event('online'));
    await expectRecovered(watched);
    expect(watched.reconnected[0]!.recreated).to.be.true;
    expect(call.state).to.equal('RELEASE');
    expect(watched.heard.get(call.callref)).to.deep.equal(['SETUP', 'CONNECT', 'RELEASE']);
    expect((await watched.cti.get_subscriptions()).numbers).to.have.members([ALICE, CAROL]);
  });

  it('a token that expired during the outage: a fresh one from the token provider', async () => {
    const first = await sim.token(ALICE);
    const tokens: boolean[] = [];
    const cti = new CTI({
      endpoint: sim.endpoint,
      cookie_auto: false,
      reconnect_min_delay: 50,
      token_provider: async (refresh) => (tokens.push(refresh), refresh ? sim.token(ALICE) : first),
    });
    sessions.push(cti);
    await cti.create_session(first);
    const back = new Promise((resolve) => cti.on('reconnected', resolve));
    await sim.request('POST', `/sim/tokens/${first}/expire`);
    await sim.request('POST', '/sim/faults/disconnect', {});
    await back;
    expect(tokens).to.deep.equal([false, true]);
    expect(cti.connected).to.be.true;
  });

  it('the whole service restarted: a new session on the new service', async () => {
    const watched = await alice();
    await activeCall(watched);
    await sim.restart();
    await expectRecovered(watched);
    expect(watched.reconnected[0]!.recreated).to.be.true;
    // The restarted service knows no call: the call ended for the page too.
    expect(watched.cti.get_calls().every((call) => !call.active)).to.be.true;
  });

  it('the provider and its elements say the connection is lost, and come back', async () => {
    const root = await fixture<HTMLElement>(html`<keyyo-cti-provider no-cookie><keyyo-dialer></keyyo-dialer></keyyo-cti-provider>`);
    const provider = root as KeyyoCtiProvider;
    const dialer = root.querySelector('keyyo-dialer') as KeyyoDialer;
    const statuses: string[] = [];
    provider.addEventListener('keyyo-status-change', (event) => statuses.push(event.detail.status));
    provider.endpoint = sim.endpoint;
    provider.tokenProvider = () => sim.token(ALICE);
    await waitUntil(() => provider.status === 'connected');
    const message = () => dialer.shadowRoot!.querySelector('.message')!.textContent!;

    online = false;
    window.dispatchEvent(new Event('offline'));
    await sim.request('POST', '/sim/faults/disconnect', {});
    await waitUntil(() => provider.getAttribute('status') === 'reconnecting');
    await waitUntil(() => message() === 'Reconnecting…');
    expect(dialer.shadowRoot!.querySelector('input')!.disabled).to.be.true;

    online = true;
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => provider.status === 'connected', 'back online', { timeout: 5000 });
    await waitUntil(() => message() === '');
    expect(statuses).to.deep.equal(['connecting', 'connected', 'reconnecting', 'connected']);
    await provider.destroy();
  });

  for (const [target, type] of [
    [window, 'pageshow'],
    [document, 'visibilitychange'],
  ] as const) {
    it(`a page woken up (${type}) reconnects at once instead of waiting out the backoff`, async () => {
      const watched = await alice({ reconnect_min_delay: 20_000, reconnect_max_delay: 20_000 });
      const scheduled: number[] = [];
      watched.cti.on('reconnecting', ({ delay }: { delay: number }) => scheduled.push(delay));
      // The first try may be drawn up to 20 s away: force a long wait.
      const random = Math.random;
      Math.random = () => 0.99;
      try {
        await sim.request('POST', '/sim/faults/disconnect', {});
        await waitUntil(() => scheduled.length === 1);
      } finally {
        Math.random = random;
      }
      expect(scheduled[0]).to.be.above(10_000);
      target.dispatchEvent(new Event(type));
      await expectRecovered(watched);
      expect(scheduled).to.deep.equal([scheduled[0], 0]);
    });
  }

  describe('failures that say nothing', () => {
    // Generous deadlines: the machine running the tests may be busy. Each
    // test measures how long the SDK took against its documented bound.
    const TIMEOUT = 1500;
    const PING = 1000;
    const SLACK = 1500;

    it('a handshake that never completes: a first connect fails with timeout within `timeout`, a reconnection counts it as a failed attempt', async function () {
      this.timeout(60_000);
      await sim.request('POST', '/sim/faults/no-handshake', { count: 1 });
      const cti = new CTI({
        endpoint: sim.endpoint,
        cookie_auto: false,
        timeout: TIMEOUT,
        reconnect_min_delay: 50,
        reconnect_max_delay: 400,
        token_provider: () => sim.token(ALICE),
      });
      sessions.push(cti);
      let started = performance.now();
      const error = await cti.create_session(await sim.token(ALICE)).then(
        () => undefined,
        (e: CtiError) => e,
      );
      const firstConnect = performance.now() - started;
      expect(error).to.include({ error_code: 'timeout', status_code: 504 });
      expect(error!.message).to.contain('handshake');
      expect(firstConnect).to.be.within(TIMEOUT - 100, TIMEOUT + SLACK);

      // The next try goes through; then the connection drops and the next two sockets stay silent.
      const watched: Watched = { cti, heard: new Map(), reconnected: [] };
      cti.on('reconnected', (event: Watched['reconnected'][number]) => watched.reconnected.push(event));
      await cti.create_session(await sim.token(ALICE));
      await activeCall(watched);
      const attempts: number[] = [];
      cti.on('reconnecting', ({ attempt }: { attempt: number }) => attempts.push(attempt));
      await sim.request('POST', '/sim/faults/no-handshake', { count: 2 });
      started = performance.now();
      await sim.request('POST', '/sim/faults/disconnect', {});
      // Bound: each silent attempt costs `timeout` plus its backoff (at most reconnect_max_delay).
      await expectRecovered(watched, 1, 3 * (TIMEOUT + 400) + SLACK);
      const recovery = performance.now() - started;
      expect(attempts).to.deep.equal([1, 2, 3]);
      expect(recovery).to.be.within(2 * TIMEOUT, 3 * (TIMEOUT + 400) + SLACK);
    });

    it('a session destroyed on the service while its socket stays open: found by the liveness check, recreated with the subscriptions, calls caught up', async function () {
      this.timeout(60_000);
      const watched = await alice({ timeout: TIMEOUT, ping_interval: PING });
      await watched.cti.subscribe(CAROL);
      const call = await activeCall(watched);
      const id = watched.cti.session_id!;
      const events: string[] = [];
      watched.cti.on('disconnected', () => events.push('disconnected'));
      watched.cti.on('reconnecting', () => events.push('reconnecting'));
      watched.cti.on('reconnected', () => events.push('reconnected'));
      let found = 0;
      watched.cti.on('disconnected', () => (found = performance.now()));
      const started = performance.now();
      await sim.request('DELETE', `/sim/sessions/${id}`);
      expect((await sim.state()).sockets, 'the socket stays open').to.equal(1);
      await expectRecovered(watched, 1, PING + TIMEOUT + 5000);
      const detection = found - started;
      // Bound: ping_interval + timeout after the last frame from the service.
      expect(detection).to.be.below(PING + TIMEOUT + SLACK);
      expect(watched.reconnected[0]!.recreated).to.be.true;
      expect(watched.cti.session_id).not.to.equal(id);
      expect(events.slice(0, 3)).to.deep.equal(['disconnected', 'reconnecting', 'reconnected']);
      expect((await watched.cti.get_subscriptions()).numbers).to.have.members([ALICE, CAROL]);
      expect(watched.cti.get_call(call.callref)).to.equal(call);
      expect(call.state).to.equal('CONNECT');
    });

    it('a session destroyed while the socket stays open: a command answered 401 starts the same recovery, and the provider says so', async function () {
      this.timeout(60_000);
      const root = await fixture<HTMLElement>(html`<keyyo-cti-provider no-cookie></keyyo-cti-provider>`);
      const provider = root as KeyyoCtiProvider;
      const statuses: string[] = [];
      provider.addEventListener('keyyo-status-change', (event) => statuses.push(event.detail.status));
      provider.endpoint = sim.endpoint;
      provider.tokenProvider = () => sim.token(ALICE);
      await waitUntil(() => provider.status === 'connected');
      const session = provider.session!;
      const id = session.session_id!;
      await sim.request('DELETE', `/sim/sessions/${id}`);
      const error = await session.get_auto_answer().then(
        () => undefined,
        (e: CtiError) => e,
      );
      expect(error?.error_code).to.equal('invalid_session_id');
      await waitUntil(() => provider.status === 'connected' && session.session_id !== id, 'a new session', { timeout: 10_000 });
      expect(statuses).to.deep.equal(['connecting', 'connected', 'reconnecting', 'connected']);
      expect((await sim.state()).sessions.map((s: { session_id: string }) => s.session_id)).to.deep.equal([session.session_id]);
      expect(session.get_calls().filter((c) => c.active)).to.have.length(0);
      await provider.destroy();
    });

    it('a stalled service is declared dead within ping_interval + timeout', async function () {
      this.timeout(60_000);
      const watched = await alice({ timeout: TIMEOUT, ping_interval: PING });
      await activeCall(watched);
      let found = 0;
      watched.cti.on('disconnected', () => (found = performance.now()));
      const started = performance.now();
      await sim.request('POST', '/sim/faults/stall', { ms: 60_000 });
      await waitUntil(() => found > 0, 'the stall should be noticed', { timeout: PING + TIMEOUT + 5000 });
      const detection = found - started;
      expect(detection).to.be.below(PING + TIMEOUT + SLACK);
      await sim.request('DELETE', '/sim/faults');
      await expectRecovered(watched, 1, 10_000);
    });

    for (const action of ['hang_up', 'answer'] as const) {
      it(`a reply lost for a ${action} that ran: it resolves, nothing is sent again, the calls match the service`, async function () {
        this.timeout(60_000);
        const watched = await alice({ timeout: TIMEOUT });
        let call: Call;
        if (action === 'hang_up') {
          call = await activeCall(watched);
        } else {
          const callref = await sim.call(BOB, ALICE);
          await waitUntil(() => watched.cti.get_call(callref));
          call = watched.cti.get_call(callref)!;
        }
        await sim.request('POST', '/sim/faults/drop-replies', { count: 1 });
        const started = performance.now();
        expect(await call[action]()).to.equal(1);
        const settled = performance.now() - started;
        // Bound: the reply's timeout, then at most `timeout` more watching the call.
        expect(settled).to.be.below(2 * TIMEOUT + SLACK);
        expect(call.state).to.equal(action === 'hang_up' ? 'RELEASE' : 'CONNECT');
        await expectRecovered(watched);
        expect(watched.heard.get(call.callref)).to.deep.equal(action === 'hang_up' ? ['SETUP', 'CONNECT', 'RELEASE'] : ['SETUP', 'CONNECT']);
      });
    }

    it('a reply lost for a hang-up that did not run still fails with timeout', async function () {
      this.timeout(60_000);
      const watched = await alice({ timeout: TIMEOUT });
      const call = await activeCall(watched);
      // The service holds the command until the SDK gave up on the socket; it is never run.
      await sim.request('POST', '/sim/faults/stall', { ms: 60_000 });
      const error = await call.hang_up().then(
        () => undefined,
        (e: CtiError) => e,
      );
      expect(error?.error_code).to.equal('timeout');
      expect(call.state).to.equal('CONNECT');
      await sim.request('DELETE', '/sim/faults');
      await expectRecovered(watched, 1, 10_000);
    });
  });

  it('destroy_session stops everything', async () => {
    const watched = await alice();
    await watched.cti.destroy_session();
    let attempts = 0;
    watched.cti.on('reconnecting', () => attempts++);
    window.dispatchEvent(new Event('online'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(attempts).to.equal(0);
    expect(watched.cti.connected).to.be.false;
  });
});
