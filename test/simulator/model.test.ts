// The service model rule by rule, on the virtual clock, with in-memory
// sockets: no network, no real time.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { VirtualClock } from '../../src/simulator/clock.js';
import { Directory } from '../../src/simulator/directory.js';
import { CtiModel, type CallAttributes, type Socket } from '../../src/simulator/model.js';

const ALICE = '33172587701';
const CAROL = '33172587702';
const BOB = '33699009902';
const DAVE = '33148000001'; // a line of another organisation

class FakeSocket implements Socket {
  replies = new Map<number | null, any>();
  notifications: CallAttributes[] = [];
  closed?: { code: number; reason: string };
  #nextId = 1;

  constructor(readonly model: CtiModel) {
    model.open(this);
  }

  send(message: any): void {
    if (message.notify === 'call') this.notifications.push(message.call);
    else this.replies.set(message.id, message);
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
    this.model.close(this);
  }

  /** Sends a command and returns its reply. */
  command(action: string, params: Record<string, unknown> = {}): any {
    const id = this.#nextId++;
    this.model.receive(this, JSON.stringify({ action, id, ...params }));
    return this.replies.get(id);
  }

  result(action: string, params: Record<string, unknown> = {}): any {
    const reply = this.command(action, params);
    assert.equal(reply.error, undefined, `${action} failed: ${JSON.stringify(reply.error)}`);
    return reply.result;
  }

  error(action: string, params: Record<string, unknown> = {}): { status_code: number; message: string; reason?: string } {
    const reply = this.command(action, params);
    assert.ok(reply.error, `${action} should fail, got ${JSON.stringify(reply)}`);
    return reply.error;
  }

  /** The states this socket heard for one call, in order. */
  states(callref: string): string[] {
    return this.notifications.filter((call) => call.callref === callref).map((call) => call.state);
  }

  last(): CallAttributes {
    return this.notifications.at(-1)!;
  }
}

const INVALID_PARAMS = { status_code: 400, message: 'RPC invalid params' };
const MISSING = { status_code: 400, message: 'Malformed request (missing required parameters)' };

function assertError(error: { status_code: number; message: string }, expected: { status_code: number; message: string }) {
  assert.deepEqual({ status_code: error.status_code, message: error.message }, expected);
}

describe('simulator model', () => {
  let clock: VirtualClock;
  let model: CtiModel;

  const token = (csi = ALICE) => model.issueToken(csi)!.token;
  const session = (csi = ALICE, params: Record<string, unknown> = {}) => {
    const socket = new FakeSocket(model);
    const result = socket.result('create_session', { token: token(csi), protocol_version: 1, ...params });
    return { socket, id: result.session_id as string };
  };
  const state = () => model.snapshot() as any;

  beforeEach(() => {
    clock = new VirtualClock(1_800_000_000_000);
    model = new CtiModel({
      clock,
      directory: new Directory({
        organisations: [
          {
            name: 'Acme',
            lines: [
              { number: ALICE, local: '7701', name: 'Alice' },
              { number: CAROL, local: '7702', name: 'Carol' },
            ],
          },
          { name: 'Other', lines: [{ number: DAVE, local: '7701', name: 'Dave' }] },
        ],
        outside: [{ number: BOB, name: 'Bob' }],
      }),
    });
  });

  describe('CSI tokens', () => {
    it('are valid one hour, then refused as invalid tokens', () => {
      const issued = model.issueToken(ALICE)!;
      assert.equal(issued.expires_in, 3600);
      clock.advance(3_599_999);
      new FakeSocket(model).result('create_session', { token: issued.token, protocol_version: 1 });
      clock.advance(1);
      const error = new FakeSocket(model).error('create_session', { token: issued.token, protocol_version: 1 });
      assert.equal(error.status_code, 400);
      assert.match(error.message, /^Invalid token/);
    });

    it('are refused when unknown, and not issued for unknown lines', () => {
      const error = new FakeSocket(model).error('create_session', { token: 'nope', protocol_version: 1 });
      assert.match(error.message, /^Invalid token/);
      assert.equal(model.issueToken(BOB), undefined);
    });

    it("open only their own line: a token of one line cannot restore another line's session", () => {
      const { id } = session(ALICE);
      const error = new FakeSocket(model).error('restore_session', { token: token(CAROL), session_id: id, protocol_version: 1 });
      assertError(error, { status_code: 401, message: 'Unknown session_id' });
    });

    it("answer another line's session exactly as an unknown id, so that no id can be told to exist", () => {
      const { id } = session(ALICE);
      const { id: destroyed, socket } = session(ALICE);
      socket.result('destroy_session');
      const fake = id.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
      const restore = (sessionId: string, csi: string) => new FakeSocket(model).error('restore_session', { token: token(csi), session_id: sessionId, protocol_version: 1 });
      const expected = (sessionId: string) => ({
        status_code: 401,
        message: 'Unknown session_id',
        reason: `no session "${sessionId}": it was destroyed or never existed`,
      });
      for (const csi of [CAROL, DAVE]) assert.deepEqual(restore(id, csi), expected(id), `a session of another line, restored with ${csi}'s token`);
      assert.deepEqual(restore(fake, CAROL), expected(fake));
      assert.deepEqual(restore(destroyed, CAROL), expected(destroyed));
      assert.deepEqual(restore(destroyed, ALICE), expected(destroyed));
      // A bad token is refused before the id is looked at: nothing about the id leaks.
      const badToken = (sessionId: string) => new FakeSocket(model).error('restore_session', { token: 'nope', session_id: sessionId, protocol_version: 1 });
      assert.deepEqual(badToken(id), badToken(fake));
    });
  });

  describe('sessions', () => {
    it('create_session returns the line, the server time and a session id, subscribed to its own line', () => {
      const socket = new FakeSocket(model);
      const result = socket.result('create_session', { token: token(), protocol_version: 1 });
      assert.deepEqual(Object.keys(result).sort(), ['now', 'number', 'session_id']);
      assert.equal(result.number, ALICE);
      assert.equal(result.now, 1_800_000_000);
      assert.deepEqual(socket.result('get_subscriptions'), { numbers: [ALICE] });
      assert.deepEqual(socket.result('get_auto_answer'), { auto_answer: true });
    });

    it('checks create_session parameters', () => {
      const socket = new FakeSocket(model);
      assertError(socket.error('create_session', { protocol_version: 1 }), MISSING);
      assertError(socket.error('create_session', { token: token() }), MISSING);
      assertError(socket.error('create_session', { token: token(), protocol_version: 2 }), INVALID_PARAMS);
      assertError(socket.error('create_session', { token: 42, protocol_version: 1 }), INVALID_PARAMS);
      assertError(socket.error('create_session', { token: token(), protocol_version: 1, auto_answer: 'yes' }), INVALID_PARAMS);
      assert.deepEqual(session(ALICE, { auto_answer: false }).socket.result('get_auto_answer'), { auto_answer: false });
    });

    it('refuses every session command on a socket without a session', () => {
      const socket = new FakeSocket(model);
      for (const action of ['subscribe', 'get_subscriptions', 'call', 'destroy_session', 'terminate_call']) {
        assertError(socket.error(action, { number: ALICE }), { status_code: 401, message: 'Unknown session_id' });
      }
      assert.ok(socket.result('ping'));
    });

    it('counts 1 at creation, +1 per restore, -1 per closed socket', () => {
      const { socket, id } = session();
      const second = new FakeSocket(model);
      second.result('restore_session', { token: token(), session_id: id, protocol_version: 1 });
      assert.equal(state().sessions[0].counter, 2);
      socket.close(1000, 'bye');
      assert.equal(state().sessions[0].counter, 1);
      assert.equal(state().sessions[0].expiring, false);
      second.close(1000, 'bye');
      assert.equal(state().sessions[0].counter, 0);
      assert.equal(state().sessions[0].expiring, true);
    });

    it('destroys a session 5 minutes after its counter reaches 0', () => {
      const { socket, id } = session();
      socket.close(1000, 'bye');
      clock.advance(299_999);
      assert.equal(state().sessions.length, 1);
      clock.advance(1);
      assert.equal(state().sessions.length, 0);
      const error = new FakeSocket(model).error('restore_session', { token: token(), session_id: id, protocol_version: 1 });
      assertError(error, { status_code: 401, message: 'Unknown session_id' });
    });

    it('a restore before the 5 minutes stops the timer, and keeps the subscriptions', () => {
      const { socket, id } = session();
      socket.result('subscribe', { number: CAROL });
      socket.result('subscribe', { number: 'callpark' });
      socket.close(1000, 'bye');
      clock.advance(299_000);
      const again = new FakeSocket(model);
      const result = again.result('restore_session', { token: token(), session_id: id, protocol_version: 1 });
      assert.deepEqual(Object.keys(result).sort(), ['now', 'number']);
      clock.advance(3_600_000);
      assert.equal(state().sessions.length, 1);
      assert.deepEqual(again.result('get_subscriptions').numbers.sort(), [ALICE, CAROL, 'callpark'].sort());
    });

    it('restoring twice on one socket counts that socket once', () => {
      const { socket, id } = session();
      socket.result('restore_session', { token: token(), session_id: id, protocol_version: 1 });
      assert.equal(state().sessions[0].counter, 1);
      socket.close(1000, 'bye');
      assert.equal(state().sessions[0].expiring, true);
    });

    it('checks restore_session parameters', () => {
      const socket = new FakeSocket(model);
      assertError(socket.error('restore_session', { token: token(), protocol_version: 1 }), MISSING);
      assertError(socket.error('restore_session', { token: token(), session_id: 12, protocol_version: 1 }), INVALID_PARAMS);
      assertError(socket.error('restore_session', { token: token(), session_id: 'nope', protocol_version: 1 }), {
        status_code: 401,
        message: 'Unknown session_id',
      });
    });

    it('destroy_session destroys at once; the socket is left without a session', () => {
      const { socket, id } = session();
      assert.equal(socket.result('destroy_session'), 1);
      assert.equal(state().sessions.length, 0);
      assertError(socket.error('get_subscriptions'), { status_code: 401, message: 'Unknown session_id' });
      assertError(new FakeSocket(model).error('restore_session', { token: token(), session_id: id, protocol_version: 1 }), {
        status_code: 401,
        message: 'Unknown session_id',
      });
    });

    it("set_auto_answer changes the session's auto-answer and checks its argument", () => {
      const { socket } = session();
      assert.equal(socket.result('set_auto_answer', { auto_answer: false }), 1);
      assert.deepEqual(socket.result('get_auto_answer'), { auto_answer: false });
      assertError(socket.error('set_auto_answer'), MISSING);
      assertError(socket.error('set_auto_answer', { auto_answer: 1 }), INVALID_PARAMS);
    });
  });

  describe('subscriptions and authorisation', () => {
    it("allows the organisation's lines and callpark only", () => {
      const { socket } = session();
      assert.equal(socket.result('subscribe', { number: CAROL }), 1);
      assert.equal(socket.result('subscribe', { number: 'callpark' }), 1);
      assertError(socket.error('subscribe', { number: BOB }), INVALID_PARAMS);
      assertError(socket.error('subscribe', { number: DAVE }), INVALID_PARAMS);
      assertError(socket.error('subscribe', { number: '7702' }), INVALID_PARAMS);
      assertError(socket.error('subscribe', {}), MISSING);
      assert.equal(socket.result('unsubscribe', { number: CAROL }), 1);
      assertError(socket.error('unsubscribe', { number: DAVE }), INVALID_PARAMS);
      assert.deepEqual(socket.result('get_subscriptions').numbers.sort(), [ALICE, 'callpark'].sort());
    });

    it("hides other organisations' calls: acting on them is refused as on an unknown call", () => {
      const dave = session(DAVE).socket;
      const callref = model.placeCall(BOB, DAVE);
      assert.deepEqual(dave.states(callref), ['SETUP']);
      const alice = session().socket;
      assert.deepEqual(alice.notifications, []);
      for (const action of ['answer_call', 'terminate_call', 'reject_call', 'unpark_call']) {
        assertError(alice.error(action, { call_ref: callref }), INVALID_PARAMS);
      }
      assert.equal(alice.error('answer_call', { call_ref: callref }).reason, `unknown call "${callref}"`);
    });

    it("answers about another organisation's calls and lines exactly as about ones that do not exist", () => {
      const dave = session(DAVE).socket;
      const theirs = model.placeCall(BOB, DAVE);
      dave.result('answer_call', { call_ref: theirs });
      const { socket: alice } = session();
      const ours = model.placeCall(BOB, ALICE);
      alice.result('answer_call', { call_ref: ours });
      const same = (reply: { reason?: string }, name: string) => ({ ...reply, reason: reply.reason?.split(name).join('<ref>') });
      const commands: [string, (ref: string) => Record<string, unknown>][] = [
        ['answer_call', (ref) => ({ call_ref: ref })],
        ['reject_call', (ref) => ({ call_ref: ref })],
        ['terminate_call', (ref) => ({ call_ref: ref })],
        ['unpark_call', (ref) => ({ call_ref: ref })],
        ['pause_call', (ref) => ({ call_ref: ref })],
        ['park_call', (ref) => ({ call_ref: ref, side: 'caller' })],
        ['transfer_call', (ref) => ({ call_ref: ref, side: 'caller', to: CAROL })],
        ['supervised_transfer_call', (ref) => ({ call_ref: ref, side: 'caller', to: CAROL })],
        ['merge_call', (ref) => ({ call_ref: ref, side: 'caller', call_ref2: ours, side2: 'callee' })],
        ['merge_call', (ref) => ({ call_ref: ours, side: 'caller', call_ref2: ref, side2: 'callee' })],
      ];
      for (const [action, params] of commands) {
        assert.deepEqual(same(alice.error(action, params(theirs)), theirs), same(alice.error(action, params('no-such-call')), 'no-such-call'), action);
      }
      // Another organisation's line reads as any outside number.
      assert.deepEqual(same(alice.error('subscribe', { number: DAVE }), DAVE), same(alice.error('subscribe', { number: BOB }), BOB));
      assert.equal(alice.result('get_int_to_local_numbers', { number: DAVE }), '0148000001');
      assertError(alice.error('get_local_to_int_number', { number: '7799' }), INVALID_PARAMS);
      assert.deepEqual(
        alice.notifications.map((call) => call.callref),
        [ours, ours],
      );
    });

    it('notifies every socket of every subscribed session, and nobody else', () => {
      const alice = session();
      const aliceTab = new FakeSocket(model);
      aliceTab.result('restore_session', { token: token(), session_id: alice.id, protocol_version: 1 });
      const supervisor = session(CAROL).socket;
      supervisor.result('subscribe', { number: ALICE });
      const carol = session(CAROL).socket;
      const callref = model.placeCall(BOB, ALICE);
      for (const socket of [alice.socket, aliceTab, supervisor]) assert.deepEqual(socket.states(callref), ['SETUP']);
      assert.deepEqual(carol.notifications, []);
    });
  });

  describe('outgoing calls (dial)', () => {
    it('with auto-answer: SETUP at once, CONNECT when the callee answers, RELEASE when either hangs up', () => {
      const { socket } = session();
      assert.equal(socket.result('call', { number: BOB }), 1);
      const setup = socket.last();
      assert.deepEqual(setup, { callref: setup.callref, caller: ALICE, callee: BOB, state: 'SETUP', setup_date: 1_800_000_000 });
      assert.equal(state().phones.find((p: any) => p.number === BOB).state, 'ringing');
      clock.advance(4000);
      model.phoneAnswer(BOB);
      assert.deepEqual(socket.last(), { ...setup, state: 'CONNECT', connect_date: 1_800_000_004 });
      clock.advance(60_000);
      model.phoneHangup(BOB);
      assert.deepEqual(socket.last(), { ...setup, state: 'RELEASE', connect_date: 1_800_000_004, release_date: 1_800_000_064 });
      assert.deepEqual(socket.states(setup.callref), ['SETUP', 'CONNECT', 'RELEASE']);
    });

    it('MISSED when the callee never answers within the ring timeout', () => {
      const { socket } = session();
      socket.result('call', { number: BOB });
      clock.advance(29_999);
      assert.equal(socket.last().state, 'SETUP');
      clock.advance(1);
      assert.equal(socket.last().state, 'MISSED');
      assert.equal(socket.last().release_date, 1_800_000_030);
    });

    it("MISSED when the callee rejects or is busy; answered after the policy's delay", () => {
      const { socket } = session();
      socket.result('call', { number: BOB });
      model.phoneReject(BOB);
      assert.deepEqual(socket.states(socket.last().callref), ['SETUP', 'MISSED']);
      model.setPolicy(BOB, { busy: true });
      socket.result('call', { number: BOB });
      assert.deepEqual(socket.states(socket.last().callref), ['SETUP', 'MISSED']);
      model.setPolicy(BOB, { busy: false, answer_after_ms: 2000 });
      socket.result('call', { number: BOB });
      clock.advance(2000);
      assert.deepEqual(socket.states(socket.last().callref), ['SETUP', 'CONNECT']);
    });

    it("without auto-answer the caller's own phone rings first; the callee rings once it is answered", () => {
      const { socket } = session(ALICE, { auto_answer: false });
      socket.result('call', { number: BOB });
      const callref = socket.last().callref;
      const phones = () => Object.fromEntries(state().phones.map((p: any) => [p.number, p.state]));
      assert.deepEqual([phones()[ALICE], phones()[BOB]], ['ringing', 'idle']);
      socket.result('answer_call', { call_ref: callref });
      assert.deepEqual([phones()[ALICE], phones()[BOB]], ['in_call', 'ringing']);
      model.phoneAnswer(BOB);
      assert.deepEqual(socket.states(callref), ['SETUP', 'CONNECT']);
    });

    it('the caller may give up a ringing call: MISSED', () => {
      const { socket } = session();
      socket.result('call', { number: BOB });
      socket.result('terminate_call', { call_ref: socket.last().callref });
      assert.equal(socket.last().state, 'MISSED');
    });

    it('refuses numbers that are not international, and calling itself', () => {
      const { socket } = session();
      assertError(socket.error('call', {}), MISSING);
      for (const number of ['7702', '0699009902', '+33699009902', '33 6 99', 33699009902, '']) {
        assertError(socket.error('call', { number }), INVALID_PARAMS);
      }
      assertError(socket.error('call', { number: ALICE }), INVALID_PARAMS);
      assert.deepEqual(socket.notifications, []);
    });
  });

  describe('incoming calls', () => {
    it('ring the line; answer_call answers, terminate_call hangs up', () => {
      const { socket } = session();
      const callref = model.placeCall(BOB, ALICE);
      assert.deepEqual(socket.last(), { callref, caller: BOB, callee: ALICE, state: 'SETUP', setup_date: 1_800_000_000 });
      clock.advance(3000);
      assert.equal(socket.result('answer_call', { call_ref: callref }), 1);
      assert.equal(socket.last().connect_date, 1_800_000_003);
      assertError(socket.error('answer_call', { call_ref: callref }), INVALID_PARAMS);
      clock.advance(10_000);
      assert.equal(socket.result('terminate_call', { call_ref: callref }), 1);
      assert.deepEqual(socket.states(callref), ['SETUP', 'CONNECT', 'RELEASE']);
      assert.equal(socket.last().release_date, 1_800_000_013);
      assertError(socket.error('terminate_call', { call_ref: callref }), INVALID_PARAMS);
    });

    it("reject_call sends a ringing call of the session's own line to voicemail, and nothing else", () => {
      const alice = session().socket;
      alice.result('subscribe', { number: CAROL });
      const toCarol = model.placeCall(BOB, CAROL);
      assertError(alice.error('reject_call', { call_ref: toCarol }), INVALID_PARAMS);
      const toAlice = model.placeCall(BOB, ALICE);
      assert.equal(alice.result('reject_call', { call_ref: toAlice }), 1);
      assert.deepEqual(alice.states(toAlice), ['SETUP', 'MISSED']);
      const answered = model.placeCall(BOB, ALICE);
      model.phoneAnswer(ALICE);
      assertError(alice.error('reject_call', { call_ref: answered }), INVALID_PARAMS);
      assertError(alice.error('reject_call', {}), MISSING);
      assertError(alice.error('reject_call', { call_ref: 'nope' }), INVALID_PARAMS);
    });

    it('the caller hanging up a ringing call makes it MISSED', () => {
      const { socket } = session();
      const callref = model.placeCall(BOB, ALICE);
      model.phoneHangup(BOB);
      assert.deepEqual(socket.states(callref), ['SETUP', 'MISSED']);
    });
  });

  describe('transfers, merge, park and pause', () => {
    /** Bob calls Alice and she answers. */
    const inConversation = () => {
      const alice = session();
      const callref = model.placeCall(BOB, ALICE);
      alice.socket.result('answer_call', { call_ref: callref });
      alice.socket.result('subscribe', { number: CAROL });
      alice.socket.result('subscribe', { number: 'callpark' });
      return { ...alice, callref };
    };

    it('transfer ends the call and rings the new recipient for the transferred side', () => {
      const { socket, callref } = inConversation();
      assert.equal(socket.result('transfer_call', { call_ref: callref, side: 'caller', to: CAROL }), 1);
      assert.deepEqual(socket.states(callref), ['SETUP', 'CONNECT', 'RELEASE']);
      const transferred = socket.last();
      assert.deepEqual([transferred.caller, transferred.callee, transferred.state], [BOB, CAROL, 'SETUP']);
      model.phoneAnswer(CAROL);
      assert.deepEqual(socket.states(transferred.callref), ['SETUP', 'CONNECT']);
    });

    it("checks transfer arguments and the call's state", () => {
      const { socket, callref } = inConversation();
      assertError(socket.error('transfer_call', { call_ref: callref, to: CAROL }), MISSING);
      assertError(socket.error('transfer_call', { call_ref: callref, side: 'middle', to: CAROL }), INVALID_PARAMS);
      assertError(socket.error('transfer_call', { call_ref: callref, side: 'caller' }), MISSING);
      assertError(socket.error('transfer_call', { call_ref: callref, side: 'caller', to: '7702' }), INVALID_PARAMS);
      assertError(socket.error('transfer_call', { call_ref: callref, side: 'caller', to: BOB }), INVALID_PARAMS);
      const ringing = model.placeCall(BOB, ALICE);
      assertError(socket.error('transfer_call', { call_ref: ringing, side: 'caller', to: CAROL }), INVALID_PARAMS);
    });

    it('supervised transfer calls the recipient first and joins the kept side once it answers', () => {
      const { socket, callref } = inConversation();
      assert.equal(socket.result('supervised_transfer_call', { call_ref: callref, side: 'caller', to: CAROL }), 1);
      const consultation = socket.last();
      assert.deepEqual([consultation.caller, consultation.callee, consultation.state], [ALICE, CAROL, 'SETUP']);
      assert.equal(socket.states(callref).at(-1), 'CONNECT');
      model.phoneAnswer(CAROL);
      assert.deepEqual(socket.states(consultation.callref), ['SETUP', 'CONNECT', 'RELEASE']);
      assert.deepEqual(socket.states(callref), ['SETUP', 'CONNECT', 'RELEASE']);
      const joined = socket.last();
      assert.deepEqual([joined.caller, joined.callee, joined.state], [BOB, CAROL, 'CONNECT']);
    });

    it('supervised transfer with invite_timer gives up after that many seconds and keeps the call', () => {
      const { socket, callref } = inConversation();
      socket.result('supervised_transfer_call', { call_ref: callref, side: 'caller', to: CAROL, invite_timer: 5 });
      const consultation = socket.last();
      clock.advance(4999);
      assert.equal(socket.last().state, 'SETUP');
      clock.advance(1);
      assert.deepEqual(socket.states(consultation.callref), ['SETUP', 'MISSED']);
      assert.equal(socket.states(callref).at(-1), 'CONNECT');
      assertError(socket.error('supervised_transfer_call', { call_ref: callref, side: 'caller', to: CAROL, invite_timer: -1 }), INVALID_PARAMS);
      assertError(socket.error('supervised_transfer_call', { call_ref: callref, side: 'caller', to: CAROL, invite_timer: 1.5 }), INVALID_PARAMS);
    });

    it('merge joins one side of each call in a new call and ends both', () => {
      const { socket, callref } = inConversation();
      socket.result('call', { number: CAROL });
      const second = socket.last().callref;
      model.phoneAnswer(CAROL);
      assert.equal(socket.result('merge_call', { call_ref: callref, side: 'caller', call_ref2: second, side2: 'callee' }), 1);
      assert.equal(socket.states(callref).at(-1), 'RELEASE');
      assert.equal(socket.states(second).at(-1), 'RELEASE');
      const merged = socket.last();
      assert.deepEqual([merged.caller, merged.callee, merged.state], [BOB, CAROL, 'CONNECT']);
      assertError(socket.error('merge_call', { call_ref: merged.callref, side: 'caller', call_ref2: merged.callref, side2: 'callee' }), INVALID_PARAMS);
      assertError(socket.error('merge_call', { call_ref: merged.callref, side: 'caller', side2: 'callee' }), MISSING);
    });

    it('park puts a side in the first free slot or the one asked for; callpark subscribers hear it', () => {
      const { socket, callref } = inConversation();
      const watcher = session(CAROL).socket;
      watcher.result('unsubscribe', { number: CAROL });
      watcher.result('subscribe', { number: 'callpark' });
      assert.equal(socket.result('park_call', { call_ref: callref, side: 'caller' }), 1);
      const parked = socket.last();
      assert.deepEqual([parked.caller, parked.callee, parked.state, parked.callpark_slot], [BOB, ALICE, 'CONNECT', '1']);
      assert.deepEqual(
        watcher.notifications.map((call) => call.callref),
        [parked.callref],
      );
      assert.deepEqual(state().phones.find((p: any) => p.number === ALICE).state, 'idle');

      const second = model.placeCall(CAROL, ALICE);
      socket.result('answer_call', { call_ref: second });
      assertError(socket.error('park_call', { call_ref: second, side: 'caller', slot: 1 }), INVALID_PARAMS);
      assertError(socket.error('park_call', { call_ref: second, side: 'caller', slot: 'one' }), INVALID_PARAMS);
      socket.result('park_call', { call_ref: second, side: 'caller', slot: 7 });
      assert.equal(socket.last().callpark_slot, '7');
    });

    it("unpark brings a parked call back to the session's line; unpark_slot by its slot", () => {
      const { socket, callref } = inConversation();
      socket.result('park_call', { call_ref: callref, side: 'caller', slot: 3 });
      const parked = socket.last();
      assertError(socket.error('unpark_call', { call_ref: callref }), INVALID_PARAMS);
      assert.equal(socket.result('unpark_call', { call_ref: parked.callref }), 1);
      assert.deepEqual(socket.states(parked.callref), ['CONNECT', 'RELEASE']);
      const back = socket.last();
      assert.deepEqual([back.caller, back.callee, back.state, back.callpark_slot], [BOB, ALICE, 'CONNECT', undefined]);

      socket.result('park_call', { call_ref: back.callref, side: 'caller' });
      assertError(socket.error('unpark_slot', { slot: 9 }), INVALID_PARAMS);
      assertError(socket.error('unpark_slot', {}), MISSING);
      assert.equal(socket.result('unpark_slot', { slot: 1 }), 1);
      assert.deepEqual([socket.last().caller, socket.last().state], [BOB, 'CONNECT']);
    });

    it("pause parks the other side in the slot named after the session's line, and only for its own calls", () => {
      const { socket, callref } = inConversation();
      assert.equal(socket.result('pause_call', { call_ref: callref }), 1);
      const paused = socket.last();
      assert.deepEqual([paused.caller, paused.callpark_slot], [BOB, ALICE]);
      assert.equal(socket.result('unpark_slot', { slot: ALICE }), 1);

      const carolCall = model.placeCall(BOB, CAROL);
      model.phoneAnswer(CAROL);
      assertError(socket.error('pause_call', { call_ref: carolCall }), INVALID_PARAMS);
    });

    it('a parked party hanging up releases the parked call', () => {
      const { socket, callref } = inConversation();
      socket.result('park_call', { call_ref: callref, side: 'caller' });
      model.phoneHangup(BOB);
      assert.equal(socket.last().state, 'RELEASE');
      assert.equal(socket.last().callpark_slot, '1');
    });
  });

  describe('catch-up', () => {
    it('sends the active calls of the subscribed numbers after create, restore and subscribe', () => {
      const ringing = model.placeCall(BOB, ALICE);
      const toCarol = model.placeCall(BOB, CAROL);
      model.placeCall(BOB, DAVE);
      const { socket, id } = session();
      assert.deepEqual(
        socket.notifications.map((call) => [call.callref, call.state]),
        [[ringing, 'SETUP']],
      );
      socket.result('subscribe', { number: CAROL });
      assert.deepEqual(
        socket.notifications.map((call) => call.callref),
        [ringing, toCarol],
      );
      socket.close(1000, 'bye');
      model.phoneAnswer(ALICE);
      const again = new FakeSocket(model);
      again.result('restore_session', { token: token(), session_id: id, protocol_version: 1 });
      assert.deepEqual(
        again.notifications.map((call) => [call.callref, call.state]),
        [
          [ringing, 'CONNECT'],
          [toCarol, 'SETUP'],
        ],
      );
    });
  });

  describe('messages and numbers', () => {
    it('send_message is recorded', () => {
      const { socket } = session();
      assert.equal(socket.result('send_message', { number: BOB, message: 'Call me back' }), 1);
      assert.deepEqual(state().messages, [{ from: ALICE, to: BOB, message: 'Call me back', date: 1_800_000_000 }]);
      assertError(socket.error('send_message', { number: BOB, message: '' }), INVALID_PARAMS);
      assertError(socket.error('send_message', { number: BOB }), MISSING);
    });

    it('converts between local and international forms', () => {
      const { socket } = session();
      assert.equal(socket.result('get_int_to_local_numbers', { number: CAROL }), '7702');
      assert.equal(socket.result('get_int_to_local_numbers', { number: BOB }), '0699009902');
      assert.equal(socket.result('get_int_to_local_numbers', { number: DAVE }), '0148000001');
      assert.equal(socket.result('get_int_to_local_numbers', { number: '4930123456' }), '004930123456');
      for (const [local, international] of [
        ['7701', ALICE],
        ['0172587701', ALICE],
        ['01 72 58 77 01', ALICE],
        ['33172587701', ALICE],
        ['+33 6 99 00 99 02', BOB],
        ['004930123456', '4930123456'],
      ]) {
        assert.equal(socket.result('get_local_to_int_number', { number: local }), international, local);
      }
      assertError(socket.error('get_local_to_int_number', { number: '7799' }), INVALID_PARAMS);
      assertError(socket.error('get_local_to_int_number', { number: 'bob' }), INVALID_PARAMS);
      assertError(socket.error('get_int_to_local_numbers', { number: '7701' }), INVALID_PARAMS);
    });
  });

  describe('bad messages', () => {
    it('closes the socket on broken JSON', () => {
      const socket = new FakeSocket(model);
      model.receive(socket, '{"action": "ping",');
      assert.deepEqual(socket.closed, { code: 3000, reason: 'Broken JSON' });
    });

    it('answers malformed messages with the documented errors', () => {
      const socket = new FakeSocket(model);
      const reply = (text: string) => {
        model.receive(socket, text);
        return socket.replies.get(null) ?? socket.replies.get(1);
      };
      assertError(reply('[1,2]').error, INVALID_PARAMS);
      assertError(reply('{"action":"ping"}').error, MISSING);
      assertError(reply('{"action":"ping","id":-3}').error, INVALID_PARAMS);
      socket.replies.clear();
      assertError(reply('{"id":1}').error, MISSING);
      assertError(reply('{"id":1,"action":7}').error, INVALID_PARAMS);
      assertError(reply('{"id":1,"action":"launch_rocket"}').error, INVALID_PARAMS);
      assertError(reply('{"id":1,"action":"__proto__"}').error, INVALID_PARAMS);
      assert.equal(socket.closed, undefined);
    });
  });

  it('keeps a bounded history of ended calls, never dropping active ones', () => {
    const small = new CtiModel({ clock, historyLimit: 3 });
    const active = small.placeCall(BOB, ALICE);
    for (let i = 0; i < 10; i++) {
      small.placeCall(BOB, CAROL);
      small.phoneHangup(BOB);
    }
    const calls = (small.snapshot() as any).calls;
    assert.equal(calls.length, 4);
    assert.equal(calls[0].callref, active);
  });

  it('reset closes every socket and forgets everything', () => {
    const { socket } = session();
    socket.result('call', { number: BOB });
    model.setPolicy(BOB, { busy: true });
    model.reset();
    assert.deepEqual(socket.closed, { code: 3000, reason: 'Simulator reset' });
    const after = state();
    assert.deepEqual([after.sessions, after.calls, after.messages], [[], [], []]);
    assert.equal(model.policy(BOB).busy, false);
  });
});
