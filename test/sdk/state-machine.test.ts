// The CTI's state machine on a fake clock and a scripted service: what it
// publishes (`state`) and what it sends, through connecting, losing,
// recovering, handing over between tabs and giving up.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { connectSession, CTI, CtiError, SharedConnection, type ConnectionState, type CTIOptions, type SharedMember } from '../../src/sdk/index.js';
import { ALICE, documentedResult, FakeService } from '../helpers/fake-service.js';

/** Lets every promise and every timer due by now run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Moves the fake clock on by `ms`, 10 ms at a time, letting the SDK work in between. */
async function wait(ms: number): Promise<void> {
  for (let passed = 0; passed < ms; passed += 10) {
    mock.timers.tick(Math.min(10, ms - passed));
    await settle();
  }
}

/** Moves the fake clock on until `promise` settles (at most a minute), and gives its outcome. */
async function done<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  const watched = promise.finally(() => (settled = true));
  watched.catch(() => {});
  for (let passed = 0; !settled && passed < 60_000; passed += 10) await wait(10);
  return watched;
}

describe('the session state machine', () => {
  let service: FakeService;
  let cti: CTI;
  let states: ConnectionState[];

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    service = new FakeService();
    (globalThis as any).WebSocket = service.WebSocket;
    states = [];
  });

  afterEach(() => {
    cti?.disconnect();
    mock.timers.reset();
    delete (globalThis as any).WebSocket;
  });

  function start(options: CTIOptions = {}): CTI {
    cti = new CTI({ endpoint: 'http://cti.test/cti', cookie_auto: false, ping_auto: false, reconnect_min_delay: 100, reconnect_max_delay: 1000, timeout: 1000, ...options });
    cti.on('state', (state: ConnectionState) => states.push(state));
    return cti;
  }

  const statuses = () => states.map((state) => state.status);
  const sent = (action: string) => service.sent.filter((message) => message.action === action).length;

  /** Connects through the machine and waits until it settled. */
  async function connect(options: CTIOptions = {}) {
    const session = start({ token_provider: async () => 'token', ...options });
    const connected = connectSession(session);
    connected.catch(() => {}); // the test's to await, or not
    await wait(50);
    return { session, connected };
  }

  it('connects: creates a session, reads its subscriptions back, then says connected', async () => {
    const { connected } = await connect();
    assert.equal((await done(connected)).number, ALICE);
    assert.deepEqual(statuses(), ['connecting', 'connected']);
    assert.deepEqual(
      service.sent.map((message) => message.action),
      ['create_session', 'get_subscriptions'],
    );
  });

  it('a lost connection: reconnecting with its cause and the next attempt, then the session restored', async () => {
    const { session } = await connect();
    service.close(1006, 'Gone');
    await settle();
    const lost = states.at(-1)!;
    assert.equal(lost.status, 'reconnecting');
    assert.ok(lost.status === 'reconnecting' && lost.cause.error_code === 'connection_closed' && lost.attempt === 1 && lost.at! <= Date.now() + 100);
    await wait(200);
    assert.equal(session.state.status, 'connected');
    assert.equal(sent('restore_session'), 1);
  });

  it('a close code of 4000 from the server is a lost connection like any other: backoff, never a handover (357 reconnections in 3 s before)', async () => {
    const { session } = await connect();
    // The service accepts each restore, then closes again with 4000.
    service.reply = (message) => {
      if (message.action === 'restore_session') setTimeout(() => service.close(4000, 'Moved'), 5);
      return { id: message.id, result: message.action === 'restore_session' ? { number: ALICE, now: 1000 } : 1 };
    };
    service.close(4000, 'Moved');
    await wait(3000);
    assert.ok(sent('restore_session') <= 12, `${sent('restore_session')} restores in 3 s`);
    assert.ok(!states.some((state) => state.status === 'handover'));
    assert.notEqual(session.state.status, 'failed');
  });

  it('an expired token with no token source gives up with a final error (no endless reconnecting)', async () => {
    const session = start();
    await done(session.create_session('token'));
    await settle();
    service.reply = (message) => (message.action === 'restore_session' ? { id: message.id, error: { status_code: 400, message: 'Invalid token' } } : { id: message.id, result: 1 });
    service.close(1006);
    await wait(5000);
    assert.equal(session.state.status, 'failed');
    assert.ok(session.state.status === 'failed' && session.state.error.error_code === 'invalid_csi_token');
    assert.equal(sent('restore_session'), 1);
  });

  it('a refused token is asked again once, fresh; refused again, it is final', async () => {
    const asked: boolean[] = [];
    service.reply = (message) => (message.action === 'create_session' ? { id: message.id, error: { status_code: 400, message: 'Invalid token' } } : { id: message.id, result: 1 });
    const session = start({ token_provider: async (refresh) => (asked.push(refresh), 'token') });
    const error = await done(connectSession(session)).catch((error: CtiError) => error);
    assert.equal((error as CtiError).error_code, 'invalid_csi_token');
    assert.deepEqual(asked, [false, true]);
    assert.equal(session.state.status, 'failed');
  });

  it('the socket opens while the token comes; a command meanwhile is not sent on it, as it carries no session yet', async () => {
    let give!: (token: string) => void;
    const session = start({ token_provider: () => new Promise((resolve) => (give = resolve)) });
    const connected = connectSession(session);
    await wait(20);
    assert.equal(service.sockets.size, 1, 'the socket is open before the token came');
    assert.equal(session.connected, false);
    await assert.rejects(session.get_subscriptions(), { error_code: 'not_connected' });
    give('token');
    assert.equal((await done(connected)).number, ALICE);
    assert.deepEqual(
      service.sent.map((message) => message.action),
      ['create_session', 'get_subscriptions'],
    );
  });

  it('a token source that gives no token: the socket opened meanwhile closes with the final failure', async () => {
    let refuse!: (error: Error) => void;
    const session = start({ token_provider: () => new Promise((_, reject) => (refuse = reject)) });
    const connected = connectSession(session);
    await wait(20);
    assert.equal(service.sockets.size, 1, 'the socket opened while the token came');
    refuse(new CtiError(400, 'invalid_csi_token', 'The token source gave no CSI token'));
    await assert.rejects(done(connected), { error_code: 'invalid_csi_token' });
    assert.equal(session.state.status, 'failed');
    assert.equal(service.sockets.size, 0, 'no socket is left open');
    assert.deepEqual(service.sent, []);
  });

  it('a token source that never answers fails the attempt within `timeout`, which is tried again', async () => {
    let answer = false;
    const session = start({ token_provider: () => (answer ? Promise.resolve('token') : new Promise(() => {})) });
    const connected = connectSession(session);
    await wait(1000);
    const state = session.state;
    assert.equal(state.status, 'reconnecting');
    assert.ok(state.status === 'reconnecting' && state.cause.error_code === 'timeout' && state.cause.message.includes('token_provider'));
    answer = true;
    await wait(1000);
    assert.equal((await done(connected)).number, ALICE);
  });

  it('an unreachable service is tried again with backoff; `retrying` hears each try; the signal stops it', async () => {
    service.opening = undefined; // no handshake
    const tries: number[] = [];
    const stop = new AbortController();
    const session = start({ token_provider: async () => 'token' });
    const connected = connectSession(session, { signal: stop.signal, retrying: (attempt) => tries.push(attempt) });
    await wait(4000);
    assert.ok(tries.length >= 2 && tries[0] === 1, `${tries}`);
    stop.abort();
    assert.equal(((await done(connected).catch((error) => error)) as CtiError).error_code, 'connection_closed');
    assert.equal(session.state.status, 'idle');
  });

  it('offline: reconnecting with no next attempt, and no attempt until online', async () => {
    const { session } = await connect();
    const navigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { configurable: true, value: { onLine: false } });
    try {
      service.close(1006);
      await wait(3000);
      assert.equal(session.state.status, 'reconnecting');
      assert.ok(session.state.status === 'reconnecting' && session.state.at === undefined);
      assert.equal(sent('restore_session'), 0);
    } finally {
      if (navigator) Object.defineProperty(globalThis, 'navigator', navigator);
      else delete (globalThis as any).navigator;
    }
  });

  describe('a connection shared between tabs', () => {
    /** The SockJS-like socket a member gives its CTI, here straight to the service. */
    const socketOf = (service: FakeService) =>
      class {
        onopen: (() => void) | null = null;
        onmessage: ((event: { data: string }) => void) | null = null;
        onclose: ((event: { code: number; reason: string }) => void) | null = null;
        #ws = new service.WebSocket('ws://cti.test/cti/0/member/websocket');
        constructor() {
          this.#ws.onmessage = ({ data }) => {
            if (data === 'o') return this.onopen?.();
            for (const text of data[0] === 'a' ? (JSON.parse(data.slice(1)) as string[]) : []) this.onmessage?.({ data: text });
          };
          this.#ws.onclose = (event) => this.onclose?.(event);
        }
        send(text: string) {
          this.#ws.send(JSON.stringify([text]));
        }
        close() {
          this.#ws.close();
        }
      };

    /** A member whose socket the test hands over, as the tab holding the connection goes. */
    function member(): SharedMember & { handover(): void } {
      return {
        Socket: socketOf(service),
        leading: false,
        handovers: 0,
        leave() {},
        handover() {
          this.handovers++;
          for (const socket of service.sockets) (socket as any).close();
        },
      } as any;
    }

    it('a token source that gives no token: the member leaves its group, so that its socket goes, opening or open', async () => {
      let left = 0;
      const shared = Object.assign(member(), { leave: () => left++ });
      let refuse!: (error: Error) => void;
      const session = start({ share_connection: { join: () => shared }, token_provider: () => new Promise((_, reject) => (refuse = reject)) });
      const connected = connectSession(session);
      refuse(new CtiError(400, 'invalid_csi_token', 'The token source gave no CSI token'));
      await assert.rejects(done(connected), { error_code: 'invalid_csi_token' });
      assert.equal(session.state.status, 'failed');
      assert.equal(left, 1);
    });

    it('after a handover, a held session waits for the token before its new socket opens', async () => {
      let asked = 0;
      let give!: (token: string) => void;
      const shared = member();
      const session = start({
        share_connection: { join: () => shared },
        token_provider: () => (++asked === 1 ? Promise.resolve('token') : new Promise((resolve) => (give = resolve))),
      });
      await done(connectSession(session));
      shared.handover();
      await wait(50);
      assert.equal(asked, 2, 'the token is asked for');
      assert.equal(service.sockets.size, 0, 'no socket while the token comes');
      await assert.rejects(session.get_subscriptions(), { error_code: 'not_connected' });
      give('token');
      await wait(100);
      assert.equal(session.state.status, 'connected');
      assert.equal(sent('restore_session'), 1);
    });

    it('a handover is quiet and at once; a second one during the attempt is tried at once too (no backoff, no reconnecting)', async () => {
      const shared = member();
      const { session } = await connect({ share_connection: { join: () => shared } });
      states.length = 0;
      // The next holder goes as well, while this tab restores the session on it.
      let restores = 0;
      service.reply = (message) => {
        if (message.action === 'restore_session' && ++restores === 1) return void setTimeout(() => shared.handover(), 5);
        return { id: message.id, result: message.action === 'restore_session' ? { number: ALICE, now: 1000 } : documentedResult(message.action) };
      };
      shared.handover();
      await wait(100);
      assert.deepEqual(statuses(), ['handover', 'connected']);
      assert.equal(session.state.status, 'connected');
      assert.equal(sent('restore_session'), 2);
    });

    it('a handover that takes over a second says reconnecting, with its cause', async () => {
      const shared = member();
      const { session } = await connect({ share_connection: { join: () => shared } });
      states.length = 0;
      service.opening = undefined; // the new holder does not answer yet
      shared.handover();
      await wait(1100);
      assert.deepEqual(statuses().slice(0, 2), ['handover', 'reconnecting']);
      assert.ok(states[1]!.status === 'reconnecting' && states[1]!.cause.error_code === 'connection_closed');
      service.opening = ['o'];
      await wait(3000);
      assert.equal(session.state.status, 'connected');
    });
  });

  describe('bad input gets a CtiError, never a raw TypeError', () => {
    const refused = async (promise: Promise<unknown>) => {
      const error = await done(promise).then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.ok(error instanceof CtiError, `${error}`);
      return error;
    };

    it('connectSession: no CTI, bad options, a retrying that is no function, a signal that is no AbortSignal', async () => {
      await refused(connectSession(null as any));
      await refused(connectSession({} as any));
      const session = start({ token_provider: async () => 'token' });
      await refused(connectSession(session, 5 as any));
      await refused(connectSession(session, { retrying: 'often' as any }));
      await refused(connectSession(session, { signal: { aborted: false } as any }));
      assert.equal(service.sent.length, 0);
    });

    it('a token source throwing an object whose toString throws', async () => {
      const session = start({
        token_provider: () => {
          throw {
            toString() {
              throw new Error('no');
            },
          };
        },
      });
      const error = await refused(connectSession(session));
      assert.equal((error as CtiError).error_code, 'invalid_csi_token');
    });

    it('share_connection: an object with join is accepted, a function without join refused; SharedConnection.join(null) refused', () => {
      assert.doesNotThrow(() => new CTI({ share_connection: { join: () => undefined } }));
      assert.throws(() => new CTI({ share_connection: (() => {}) as any }), CtiError);
      assert.throws(() => SharedConnection.join(null as any), CtiError);
    });

    it('absurd options: an endpoint with a query, a fragment or nothing; a 1 MB cookie name; a minimum delay above the maximum', () => {
      for (const options of [
        { endpoint: 'https://ws.keyyo.com/cti?x=1' },
        { endpoint: 'https://ws.keyyo.com/cti#x' },
        { endpoint: '' },
        { cookie_name: 'x'.repeat(1_000_000) },
        { reconnect_min_delay: 2000, reconnect_max_delay: 1000 },
      ]) {
        assert.throws(() => new CTI(options), CtiError, JSON.stringify(options).slice(0, 80));
      }
    });

    it('blank tokens, session ids and numbers are never sent; an invite timer over a day; a forged call to merge', async () => {
      const session = start();
      await refused(session.create_session(' '));
      await refused(session.restore_session('token', '   '));
      await done(session.create_session('token'));
      await settle();
      await refused(session.local_to_int('  '));
      await refused(session.subscribe(' '));
      const [call, other] = session.get_calls();
      await refused(call!.supervised_transfer('caller', '33699009902', 1e9));
      const forged = Object.create(Object.getPrototypeOf(other));
      Object.assign(forged, other!.toJSON());
      await refused(call!.merge('caller', forged, 'callee'));
      assert.deepEqual(
        service.sent.map((message) => message.action),
        ['create_session'],
      );
    });
  });

  describe('a hostile service', () => {
    it('a clock of 1e300 is a protocol error, not a time', async () => {
      service.reply = (message) => ({ id: message.id, result: { number: ALICE, now: 1e300, session_id: 's' } });
      const session = start();
      const error = await done(session.create_session('token')).catch((error: CtiError) => error);
      assert.equal((error as CtiError).error_code, 'protocol_error');
    });

    it('a frame before the SockJS open frame creates no call', async () => {
      service.opening = [`a${JSON.stringify([JSON.stringify({ notify: 'call', call: { callref: 'x', caller: ALICE, callee: ALICE, state: 'SETUP' } })])}`, 'o'];
      service.calls = [];
      const session = start();
      await done(session.create_session('token'));
      assert.equal(session.get_call('x'), undefined);
    });

    it('active calls are kept up to 1000, the oldest going first', async () => {
      service.calls = Array.from({ length: 1500 }, (_, index) => ({ callref: `c${index}`, caller: ALICE, callee: '33699009902', state: 'SETUP', setup_date: 1000 }));
      const session = start();
      await done(session.create_session('token'));
      await settle();
      assert.equal(session.get_calls().length, 1000);
      assert.equal(session.get_call('c0'), undefined);
      assert.ok(session.get_call('c1499'));
    });
  });
});
