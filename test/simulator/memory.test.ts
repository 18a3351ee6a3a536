// What the simulator keeps is bounded, whatever it is sent: messages (count
// and text), tokens, idle sessions, calls in progress, phone policies, what
// a stall holds, and outside data quoted back in errors.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { VirtualClock } from '../../src/simulator/clock.js';
import { NetworkFaults } from '../../src/simulator/faults.js';
import { LIMITS } from '../../src/simulator/limits.js';
import { CtiModel } from '../../src/simulator/model.js';
import { Probe } from './probe.js';
import { startSimulator } from '../../src/simulator/server.js';

const ALICE = '33172587701';
const BOB = '33699009902';

describe('bounded memory', () => {
  let clock: VirtualClock;
  let model: CtiModel;
  const state = () => model.snapshot() as any;
  const session = () => {
    const socket = new Probe(model);
    const reply = socket.command('create_session', { token: model.issueToken(ALICE)!.token, protocol_version: 1 });
    return { socket, id: reply.result.session_id as string };
  };

  beforeEach(() => {
    clock = new VirtualClock(1_800_000_000_000);
    model = new CtiModel({ clock });
  });

  it(`keeps the last ${LIMITS.messagesKept} messages, each cut to ${LIMITS.messageChars} characters`, () => {
    const { socket } = session();
    for (let i = 0; i < LIMITS.messagesKept + 50; i++) {
      assert.equal(socket.command('send_message', { number: BOB, message: `${i} ${'x'.repeat(5000)}` }).result, 1);
    }
    socket.command('send_message', { number: BOB, message: 'short' });
    const messages = state().messages as { message: string }[];
    assert.equal(messages.length, LIMITS.messagesKept);
    assert.match(messages[0]!.message, /^51 x+…$/);
    assert.equal(messages[0]!.message.length, LIMITS.messageChars);
    assert.equal(messages.at(-1)!.message, 'short');
    assert.ok(JSON.stringify(state()).length < LIMITS.messagesKept * (LIMITS.messageChars + 100));
  });

  it('forgets expired tokens as new ones are issued, and keeps at most LIMITS.tokens', () => {
    for (let i = 0; i < 5; i++) model.issueToken(ALICE);
    assert.equal(state().tokens, 5);
    clock.advance(3_600_000);
    const fresh = model.issueToken(ALICE)!.token;
    assert.equal(state().tokens, 1);

    const issued = [fresh];
    for (let i = 1; i <= LIMITS.tokens; i++) issued.push(model.issueToken(ALICE)!.token);
    assert.equal(state().tokens, LIMITS.tokens);
    const refused = new Probe(model).command('create_session', { token: issued[0], protocol_version: 1 });
    assert.match(refused.error.message, /^Invalid token/);
    assert.equal(new Probe(model).command('create_session', { token: issued.at(-1), protocol_version: 1 }).result.number, ALICE);
  });

  it(`keeps at most ${LIMITS.idleSessions} sessions without sockets: the oldest idle one goes first`, () => {
    const socket = new Probe(model);
    const token = model.issueToken(ALICE)!.token;
    const ids: string[] = [];
    // Each create_session on the same socket leaves the previous session idle.
    for (let i = 0; i < LIMITS.idleSessions + 6; i++) ids.push(socket.command('create_session', { token, protocol_version: 1 }).result.session_id);
    assert.equal(state().sessions.length, LIMITS.idleSessions + 1);
    const restore = (id: string) => new Probe(model).command('restore_session', { token, session_id: id, protocol_version: 1 });
    for (const id of ids.slice(0, 5)) assert.equal(restore(id).error.status_code, 401);
    assert.deepEqual(Object.keys(restore(ids[5]!).result).sort(), ['now', 'number']);
    // A restored session is no longer idle: it survives the next ones.
    for (let i = 0; i < LIMITS.idleSessions; i++) socket.command('create_session', { token, protocol_version: 1 });
    assert.ok(state().sessions.some((s: { session_id: string }) => s.session_id === ids[5]));
  });

  it(`refuses a call past ${LIMITS.activeCalls} in progress, from the control API and from a session`, () => {
    const { socket } = session();
    for (let i = 0; i < LIMITS.activeCalls - 1; i++) model.placeCall(BOB, ALICE);
    assert.equal(socket.command('call', { number: BOB }).result, 1);
    assert.throws(() => model.placeCall(BOB, ALICE), { message: 'RPC invalid params', reason: `too many calls in progress (${LIMITS.activeCalls}): end some first` });
    assert.equal(socket.command('call', { number: BOB }).error.reason, `too many calls in progress (${LIMITS.activeCalls}): end some first`);
    model.phoneHangup(BOB);
    assert.ok(model.placeCall(BOB, ALICE));
    // Ended calls make room; history stays bounded on its own.
    clock.advance(30_000);
    assert.equal(state().calls.filter((call: { state: string }) => call.state === 'SETUP').length, 0);
    assert.ok(model.placeCall(BOB, ALICE));
  });

  it(`keeps at most ${LIMITS.policies} phone policies other than the default`, () => {
    const number = (i: number) => String(33_600_000_000 + i);
    for (let i = 0; i < LIMITS.policies; i++) model.setPolicy(number(i), { busy: true });
    assert.throws(() => model.setPolicy(number(LIMITS.policies), { answer_after_ms: 5 }), {
      reason: `too many phones with a policy (${LIMITS.policies}): set some back to the default first`,
    });
    // The default costs nothing, and setting one back makes room.
    assert.deepEqual(model.setPolicy(number(LIMITS.policies), { busy: false }), { answer_after_ms: null, busy: false });
    model.setPolicy(number(0), { busy: false });
    assert.deepEqual(model.setPolicy(number(LIMITS.policies), { answer_after_ms: 5 }), { answer_after_ms: 5, busy: false });
  });

  it(`quotes at most ${LIMITS.echoChars} characters of what it was sent in an error`, () => {
    const huge = 'y'.repeat(1_000_000);
    const { socket } = session();
    const reasons = [
      socket.command(huge, {}).error.reason,
      socket.command('answer_call', { call_ref: huge }).error.reason,
      socket.command('call', { number: huge }).error.reason,
      socket.command('transfer_call', { call_ref: huge, side: 'caller', to: BOB }).error.reason,
      socket.command('get_local_to_int_number', { number: huge }).error.reason,
      socket.command('unpark_slot', { slot: huge }).error.reason,
      socket.command('subscribe', { number: huge }).error.reason,
      new Probe(model).command('restore_session', { token: model.issueToken(ALICE)!.token, session_id: huge, protocol_version: 1 }).error.reason,
    ] as string[];
    for (const reason of reasons) {
      assert.ok(reason.length < LIMITS.echoChars + 120, `${reason.length}: ${reason.slice(0, 60)}`);
      assert.match(reason, /"y{199}…"/);
    }
    assert.equal(reasons[0], `unknown action "${'y'.repeat(LIMITS.echoChars - 1)}…"`);
  });

  it('ends a stall once it holds LIMITS.heldMessages, passing everything on in order', () => {
    const faults = new NetworkFaults();
    faults.stall(60_000);
    const ran: number[] = [];
    for (let i = 0; i <= LIMITS.heldMessages; i++) faults.receive(() => ran.push(i));
    assert.equal(ran.length, LIMITS.heldMessages + 1);
    assert.ok(ran.every((value, index) => value === index));
    assert.equal(faults.state().stalled_ms, 0);
    faults.clear();
  });
});

describe('bounded answers of the control API', () => {
  it('quote at most a short excerpt of a long argument back', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      const long = 'z'.repeat(60_000);
      const calls = await fetch(`${sim.url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: long, to: ALICE }) });
      const path = await fetch(`${sim.url}/sim/${'w'.repeat(8000)}`);
      const csi = await fetch(`${sim.url}/manager/1.0/services/${'9'.repeat(8000)}/csi_token`, { method: 'POST' });
      for (const response of [calls, path, csi]) {
        const text = await response.text();
        assert.ok(response.status >= 400 && response.status < 500);
        assert.ok(text.length < LIMITS.echoChars + 100, text.slice(0, 80));
      }
    } finally {
      await sim.close();
    }
  });
});
