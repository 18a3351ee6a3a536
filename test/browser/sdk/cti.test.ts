// The SDK in Chromium against a real simulator over a real socket.
import { expect } from '@open-wc/testing';
import Cookies from 'js-cookie';
import { CTI, CtiError, type Call, type CallState } from '../../../src/sdk/index.js';
import { startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const CAROL = '33172587702';
const BOB = '33699009902';

/** Resolves when the call reaches `state` (or already has). */
function reach(cti: CTI, predicate: (call: Call) => boolean): Promise<Call> {
  const found = cti.get_calls().find(predicate);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const listener = (call: Call) => {
      if (!predicate(call)) return;
      cti.removeEventListener('newCall', listener);
      resolve(call);
    };
    cti.addEventListener('newCall', listener);
  });
}

async function rejection(promise: Promise<unknown> | undefined): Promise<CtiError> {
  try {
    await promise;
  } catch (error) {
    return error as CtiError;
  }
  throw new Error('expected a rejection');
}

describe('SDK', () => {
  let sim: SimulatorHandle;
  const instances: CTI[] = [];
  const cti = (options = {}) => {
    const instance = new CTI({ endpoint: sim.endpoint, cookie_auto: false, ...options });
    instances.push(instance);
    return instance;
  };

  beforeEach(async () => {
    sim = await startSimulator({ virtualClock: true });
    Cookies.remove('__ksid');
    Cookies.remove('crm_session');
  });

  afterEach(async () => {
    for (const instance of instances.splice(0)) if (instance.connected) await instance.destroy_session().catch(() => {});
    await sim.stop();
  });

  describe('the seed scenarios', () => {
    it('Alice calls Bob from her browser; Bob picks up; Bob hangs up and her browser sees it end', async () => {
      const alice = cti();
      const result = await alice.create_session(await sim.token(ALICE));
      expect(result.number).to.equal(ALICE);
      expect(alice.connected).to.be.true;

      const events: string[] = [];
      alice.onNewCall = (call) => events.push(`new:${call.state}`);
      expect(await alice.dial('+33 6 99 00 99 02')).to.equal(1);
      const call = await reach(alice, (c) => c.state === 'SETUP');
      expect(call.toJSON()).to.include({ caller: ALICE, callee: BOB, state: 'SETUP' });
      call.onConnect = () => events.push('connect');
      call.onRelease = () => events.push('release');

      await sim.advance(4000);
      await sim.phone(BOB, 'answer');
      await reach(alice, (c) => c === call && c.state === 'CONNECT');
      expect(call.get_ringing_duration()).to.equal(4);
      await sim.advance(30_000);
      await sim.phone(BOB, 'hangup');
      await reach(alice, (c) => c === call && c.state === 'RELEASE');
      expect(call.get_duration()).to.equal(30);
      expect(alice.get_call(call.callref)).to.equal(call);
      expect(events).to.deep.equal(['new:SETUP', 'new:CONNECT', 'connect', 'new:RELEASE', 'release']);
    });

    it('Bob calls Alice; she answers, sees the call, and hangs up from her browser', async () => {
      const alice = cti();
      await alice.create_session(await sim.token(ALICE));
      const states: CallState[] = [];
      alice.on('setup, connect, release, missed', (call: Call) => states.push(call.state));
      const callref = await sim.call(BOB, ALICE);
      const call = await reach(alice, (c) => c.callref === callref);
      expect(call.caller).to.equal(BOB);
      expect(await call.answer()).to.equal(1);
      await reach(alice, (c) => c === call && c.state === 'CONNECT');
      expect(await call.hang_up()).to.equal(1);
      await reach(alice, (c) => c === call && c.state === 'RELEASE');
      expect(states).to.deep.equal(['SETUP', 'CONNECT', 'RELEASE']);
      const phones = (await sim.state()).phones;
      expect(phones.every((phone: { state: string }) => phone.state === 'idle')).to.be.true;
    });
  });

  describe('methods', () => {
    it('each session method returns its documented result, by promise and by callback', async () => {
      const alice = cti();
      await alice.create_session(await sim.token(ALICE), false);
      expect(await alice.get_auto_answer()).to.deep.equal({ auto_answer: false });
      expect(await alice.set_auto_answer(true)).to.equal(1);
      expect(await alice.subscribe(CAROL)).to.equal(1);
      expect(await alice.subscribe('callpark')).to.equal(1);
      expect((await alice.get_subscriptions()).numbers).to.have.members([ALICE, CAROL, 'callpark']);
      expect(await alice.unsubscribe('callpark')).to.equal(1);
      expect(await alice.send_message(BOB, 'Call me back')).to.equal(1);
      expect((await sim.state()).messages[0]).to.include({ from: ALICE, to: BOB, message: 'Call me back' });
      expect(await alice.int_to_local(CAROL)).to.equal('7702');
      expect(await alice.local_to_int('01 72 58 77 02')).to.equal(CAROL);
      expect(await alice.ping()).to.be.ok;

      const viaCallback = await new Promise<[unknown, unknown]>((resolve) => {
        const returned = alice.get_subscriptions((error, result) => resolve([error, result]));
        expect(returned).to.be.undefined;
      });
      expect(viaCallback[0]).to.be.null;
      expect((viaCallback[1] as { numbers: string[] }).numbers).to.include(CAROL);
    });

    it('transfer, supervised transfer, merge, pause, park and unpark', async () => {
      const alice = cti();
      await alice.create_session(await sim.token(ALICE));
      await alice.subscribe(CAROL);
      await alice.subscribe('callpark');
      const talking = (a: string, b: string) => (c: Call) => c.state === 'CONNECT' && c.callpark_slot === undefined && [c.caller, c.callee].sort().join() === [a, b].sort().join();

      // Bob calls, Alice answers and pauses him, then takes him back.
      await sim.call(BOB, ALICE);
      let call = await reach(alice, (c) => c.caller === BOB && c.state === 'SETUP');
      await call.answer();
      await reach(alice, (c) => c === call && c.state === 'CONNECT');
      expect(await call.pause()).to.equal(1);
      const paused = await reach(alice, (c) => c.callpark_slot === ALICE && c.active);
      expect(await paused.unpark()).to.equal(1);
      call = await reach(alice, (c) => c !== call && talking(BOB, ALICE)(c));

      // Park in slot 5, unpark, then a supervised transfer to Carol.
      expect(await call.park('caller', 5)).to.equal(1);
      const parked = await reach(alice, (c) => c.callpark_slot === '5' && c.active);
      await parked.unpark();
      call = await reach(alice, (c) => c !== call && talking(BOB, ALICE)(c));
      expect(await call.supervised_transfer('caller', CAROL, 20)).to.equal(1);
      await reach(alice, (c) => c.caller === ALICE && c.callee === CAROL && c.state === 'SETUP');
      await sim.phone(CAROL, 'answer');
      const joined = await reach(alice, talking(BOB, CAROL));
      expect(call.state).to.equal('RELEASE');

      // Carol transfers Bob back to Alice, who merges him with a call to Carol.
      expect(await joined.transfer('caller', ALICE)).to.equal(1);
      const transferred = await reach(alice, (c) => c.caller === BOB && c.callee === ALICE && c.state === 'SETUP');
      await transferred.answer();
      await reach(alice, (c) => c === transferred && c.state === 'CONNECT');
      await sim.policy(CAROL, { answer_after_ms: 0 });
      await alice.dial(CAROL);
      const toCarol = await reach(alice, (c) => c.caller === ALICE && c.callee === CAROL && c.state === 'SETUP');
      await sim.advance(0);
      await reach(alice, (c) => c === toCarol && c.state === 'CONNECT');
      expect(await transferred.merge('caller', toCarol, 'callee')).to.equal(1);
      const merged = await reach(alice, (c) => c !== joined && talking(BOB, CAROL)(c));
      expect(await merged.hang_up()).to.equal(1);
    });

    it('reject sends a ringing call to voicemail: MISSED, with onMissed', async () => {
      const alice = cti();
      await alice.create_session(await sim.token(ALICE));
      const callref = await sim.call(BOB, ALICE);
      const call = await reach(alice, (c) => c.callref === callref);
      const missed = new Promise((resolve) => (call.onMissed = resolve));
      expect(await call.reject()).to.equal(1);
      await missed;
      expect(call.state).to.equal('MISSED');
      expect(call.get_duration()).to.equal(0);
    });

    it("get_ringing_duration counts live on the server's clock, whatever the browser's", async () => {
      const alice = cti();
      await alice.create_session(await sim.token(ALICE));
      const callref = await sim.call(BOB, ALICE);
      const call = await reach(alice, (c) => c.callref === callref);
      // The simulator's clock is virtual and stands still: so does the ringing time.
      expect(call.get_ringing_duration()).to.equal(0);
      expect(Math.abs(alice.server_now() - call.setup_date!)).to.be.below(2);
    });
  });

  describe('errors', () => {
    it('not_connected before a session exists, for every session method', async () => {
      const idle = cti();
      for (const promise of [idle.dial(BOB), idle.subscribe(CAROL), idle.get_subscriptions(), idle.destroy_session(), idle.get_auto_answer()]) {
        const error = await rejection(promise);
        expect(error).to.be.instanceOf(CtiError);
        expect(error.error_code).to.equal('not_connected');
      }
      expect(idle.connected).to.be.false;
    });

    it('the documented codes from the service: invalid_csi_token, invalid_params, invalid_session_id', async () => {
      const alice = cti();
      const badToken = await rejection(alice.create_session('not-a-token'));
      expect(badToken).to.include({ status_code: 400, error_code: 'invalid_csi_token' });
      expect(badToken.message).to.match(/^Invalid token/);

      const token = await sim.token(ALICE);
      const unknown = await rejection(alice.restore_session(token, 'no-such-session'));
      expect(unknown).to.include({ status_code: 401, error_code: 'invalid_session_id' });

      await alice.create_session(token);
      const refused = await rejection(alice.subscribe(BOB));
      expect(refused).to.include({ status_code: 400, error_code: 'invalid_params' });
      expect(refused.message).to.contain('not a line of this session');
    });

    it('bad arguments fail before anything is sent, naming the argument', async () => {
      const alice = cti();
      await alice.create_session(await sim.token(ALICE));
      const cases: [() => Promise<unknown> | undefined, string, RegExp][] = [
        [() => alice.dial('7702'), 'invalid_params', /number "7702" is not an international number/],
        [() => alice.dial('bob'), 'invalid_params', /number "bob"/],
        [() => alice.dial(''), 'missing_parameter', /number/],
        [() => alice.subscribe('33 1 72'), 'invalid_params', /number/],
        [() => alice.send_message(BOB, ''), 'invalid_params', /message/],
        [() => alice.send_message(BOB, undefined as unknown as string), 'missing_parameter', /message/],
        [() => alice.set_auto_answer('yes' as unknown as boolean), 'invalid_params', /auto_answer/],
        [() => alice.create_session(''), 'missing_parameter', /csi_token/],
      ];
      const callref = await sim.call(BOB, ALICE);
      const call = await reach(alice, (c) => c.callref === callref);
      cases.push(
        [() => call.transfer('middle' as 'caller', CAROL), 'invalid_params', /call_side must be "caller" or "callee"/],
        [() => call.transfer('caller', 'nowhere'), 'invalid_params', /to "nowhere"/],
        [() => call.supervised_transfer('caller', CAROL, -1), 'invalid_params', /invite_timer/],
        [() => call.park('caller', 1.5), 'invalid_params', /slot/],
        [() => call.merge('caller', undefined as unknown as Call, 'callee'), 'missing_parameter', /second_call/],
      );
      for (const [start, code, message] of cases) {
        const error = await rejection(start());
        expect(error.error_code, error.message).to.equal(code);
        expect(error.message).to.match(message);
      }
      expect((await sim.state()).calls).to.have.length(1);
      expect((await sim.state()).messages).to.have.length(0);
    });

    it('a command with no reply fails with timeout and the socket is replaced; a closed socket fails what waits with connection_closed', async () => {
      const alice = cti({ timeout: 300 });
      await alice.create_session(await sim.token(ALICE));
      await sim.request('POST', '/sim/faults/drop-replies', { count: 1 });
      const back = new Promise((resolve) => alice.on('reconnected', resolve));
      const timeout = await rejection(alice.get_auto_answer());
      expect(timeout).to.include({ error_code: 'timeout', status_code: 504 });
      // The unanswered command marked the socket as dead; the session comes back on a new one.
      await back;

      await sim.request('POST', '/sim/faults/stall', { ms: 1000 });
      const waiting = rejection(alice.get_subscriptions());
      const disconnected = new Promise((resolve) => alice.on('disconnected', resolve));
      await sim.request('POST', '/sim/faults/disconnect', { mode: 'drop' });
      const closed = await waiting;
      expect(closed).to.include({ error_code: 'connection_closed', status_code: 400, message: 'Connexion closed' });
      await disconnected;
      expect(alice.connected).to.be.false;
      await sim.request('DELETE', '/sim/faults');
    });

    it('a dead socket is found by the ping', async () => {
      const alice = cti({ ping_interval: 100, timeout: 200 });
      await alice.create_session(await sim.token(ALICE));
      const disconnected = new Promise((resolve) => (alice.onDisconnected = resolve));
      await sim.request('POST', '/sim/faults/stall', { ms: 2000 });
      await disconnected;
      expect(alice.connected).to.be.false;
      await sim.request('DELETE', '/sim/faults');
    });
  });

  describe('sessions and cookies', () => {
    it('create writes the session id (never the token) in a SameSite cookie; restore reads it; destroy removes it', async () => {
      const token = await sim.token(ALICE);
      const first = cti({ cookie_auto: true, cookie_name: 'crm_session' });
      const created = await first.create_session(token);
      expect(Cookies.get('crm_session')).to.equal(created.session_id);
      expect(document.cookie).not.to.contain(token);
      expect(localStorage.length + sessionStorage.length).to.equal(0);

      // A reload: a new instance restores the same session from the cookie.
      const reloaded = cti({ cookie_auto: true, cookie_name: 'crm_session' });
      const restored = await reloaded.restore_session(token);
      expect(restored.number).to.equal(ALICE);
      expect(reloaded.session_id).to.equal(created.session_id);
      expect((await sim.state()).sessions).to.have.length(1);

      await reloaded.destroy_session();
      expect(Cookies.get('crm_session')).to.be.undefined;
      expect(reloaded.connected).to.be.false;
    });

    it('restore creates a new session when there is no cookie, or the service destroyed the old one', async () => {
      const token = await sim.token(ALICE);
      const page = cti({ cookie_auto: true });
      const fresh = await page.restore_session(token);
      expect(fresh.session_id).to.be.a('string');

      // The page goes away; 5 minutes later the service destroys the session.
      const disconnected = new Promise((resolve) => page.on('disconnected', resolve));
      await sim.request('POST', '/sim/faults/disconnect', {});
      await disconnected;
      await sim.advance(5 * 60_000 + 1000);
      expect((await sim.state()).sessions).to.have.length(0);

      const later = cti({ cookie_auto: true });
      const recreated = await later.restore_session(token);
      expect(recreated.session_id).to.be.a('string').and.not.equal(fresh.session_id);
      expect(Cookies.get('__ksid')).to.equal(recreated.session_id);
    });

    it('without cookies, restore needs the session id', async () => {
      const token = await sim.token(ALICE);
      const page = cti();
      expect((await rejection(page.restore_session(token))).error_code).to.equal('missing_parameter');
      const { session_id } = await cti().create_session(token);
      expect((await page.restore_session(token, session_id)).number).to.equal(ALICE);
      expect(Cookies.get('__ksid')).to.be.undefined;
    });

    it('two instances on one page are two independent sessions', async () => {
      const alice = cti();
      const carol = cti();
      await Promise.all([alice.create_session(await sim.token(ALICE)), carol.create_session(await sim.token(CAROL))]);
      await sim.call(BOB, CAROL);
      await reach(carol, (c) => c.callee === CAROL);
      expect(alice.get_calls()).to.have.length(0);
      expect(alice.number).to.equal(ALICE);
      expect(carol.number).to.equal(CAROL);
      await alice.destroy_session();
      expect(carol.connected).to.be.true;
      expect(await carol.get_auto_answer()).to.deep.equal({ auto_answer: true });
    });

    it('removeEventListener stops a listener; a throwing listener does not stop the others', async () => {
      const alice = cti();
      await alice.create_session(await sim.token(ALICE));
      const heard: string[] = [];
      const removed = () => heard.push('removed');
      alice.addEventListener('newCall', removed);
      alice.removeEventListener('newCall', removed);
      alice.on('newCall', () => heard.push('kept'));
      // The listener's error reaches the page as an uncaught error, later.
      const pageErrors: string[] = [];
      const testRunnerOnError = window.onerror;
      window.onerror = (_message, _source, _line, _column, error) => {
        pageErrors.push(String(error));
        return true;
      };
      alice.on('setup', () => {
        throw new Error('a page bug');
      });
      alice.on('setup', () => heard.push('after-throw'));
      await sim.call(BOB, ALICE);
      await reach(alice, (c) => c.state === 'SETUP');
      await new Promise((resolve) => setTimeout(resolve, 10));
      window.onerror = testRunnerOnError;
      expect(heard).to.deep.equal(['kept', 'after-throw']);
      expect(pageErrors).to.deep.equal(['Error: a page bug']);
    });
  });
});
