// Every number the simulator is given has a range: out of it, the control
// API answers 400 with what was wrong, and no timer can overflow (setTimeout
// fires at once past 2^31-1 ms).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { SystemClock, VirtualClock } from '../../src/simulator/clock.js';
import { NetworkFaults } from '../../src/simulator/faults.js';
import { MAX_TIME_MS, RANGES } from '../../src/simulator/limits.js';
import { CtiModel } from '../../src/simulator/model.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { WireClient } from './wire-client.js';

const ALICE = '33172587701';
const BOB = '33699009902';

/** Values that are not an integer of any range, as JSON request bodies write them. */
const NOT_INTEGERS: [json: string, shown: string][] = [
  ['1.5', '1.5'],
  ['"5"', '"5"'],
  ['true', 'true'],
  ['[]', 'an array'],
  ['{}', 'an object'],
  ['1e400', 'Infinity'],
  ['-1e400', '-Infinity'],
];

describe('numeric inputs of the control API', () => {
  let sim: RunningSimulator;
  const send = async (method: string, path: string, body: string) => {
    const response = await fetch(sim.url + path, { method, headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: (await response.json()) as { error?: string } };
  };

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, virtualClock: true });
  });
  afterEach(() => sim.close());

  const inputs: { path: string; method: string; name: string; range: { min: number; max: number }; extra?: string }[] = [
    { method: 'POST', path: '/sim/faults/stall', name: 'ms', range: RANGES.stallMs },
    { method: 'POST', path: '/sim/faults/delay', name: 'ms', range: RANGES.delayMs },
    { method: 'POST', path: '/sim/faults/drop-replies', name: 'count', range: RANGES.dropReplies },
    { method: 'POST', path: '/sim/clock/advance', name: 'ms', range: RANGES.advanceMs },
    { method: 'PUT', path: `/sim/phones/${BOB}/policy`, name: 'answer_after_ms', range: RANGES.answerAfterMs },
  ];

  for (const { method, path, name, range } of inputs) {
    it(`${method} ${path} takes "${name}" from ${range.min} to ${range.max} only`, async () => {
      const expected = (shown: string) =>
        name === 'answer_after_ms'
          ? `"${name}" must be null or an integer from ${range.min} to ${range.max}, not ${shown}`
          : `"${name}" must be an integer from ${range.min} to ${range.max}, not ${shown}`;
      for (const [json, shown] of [
        [String(range.max + 1), String(range.max + 1)],
        [String(range.min - 1), String(range.min - 1)],
        ['3000000000000000000000', '3e+21'],
        ...NOT_INTEGERS,
      ]) {
        assert.deepEqual(await send(method, path, `{"${name}": ${json}}`), { status: 400, body: { error: expected(shown!) } }, json);
      }
      if (name !== 'answer_after_ms') {
        assert.deepEqual(await send(method, path, '{}'), { status: 400, body: { error: expected('undefined') } });
        assert.deepEqual(await send(method, path, `{"${name}": null}`), { status: 400, body: { error: expected('null') } });
      }
      // The bounds themselves are fine (a stall of the maximum is then ended).
      for (const value of [range.min, range.max]) assert.equal((await send(method, path, `{"${name}": ${value}}`)).status, 200, String(value));
      await send('DELETE', '/sim/faults', '');
    });
  }

  it('never moves the clock past the last date JavaScript can write', async () => {
    (sim.model.clock as VirtualClock).advance(MAX_TIME_MS - sim.model.clock.now() - 10);
    assert.deepEqual(await send('POST', '/sim/clock/advance', '{"ms": 11}'), {
      status: 400,
      body: { error: '"ms": the clock cannot go past +275760-09-13T00:00:00.000Z' },
    });
    assert.equal((await send('POST', '/sim/clock/advance', '{"ms": 10}')).status, 200);
  });

  it('invite_timer of supervised_transfer_call is a number of seconds up to a day', async () => {
    const client = await WireClient.connect(`${sim.url}/cti`);
    try {
      const token = ((await (await fetch(`${sim.url}/sim/tokens`, { method: 'POST', body: JSON.stringify({ csi: ALICE }) })).json()) as { token: string }).token;
      await client.result('create_session', { token, protocol_version: 1 });
      const { callref } = (await (await fetch(`${sim.url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: BOB, to: ALICE }) })).json()) as { callref: string };
      await client.result('answer_call', { call_ref: callref });
      for (const invite_timer of [86_401, 3_000_000, -1, 1.5, '10']) {
        const reply = await client.command('supervised_transfer_call', { call_ref: callref, side: 'caller', to: '33172587702', invite_timer });
        assert.equal(reply.error?.message, 'RPC invalid params', String(invite_timer));
        assert.match(reply.error!.reason!, /^"invite_timer" must be an integer from 0 to 86400, not /);
      }
      assert.equal(await client.result('supervised_transfer_call', { call_ref: callref, side: 'caller', to: '33172587702', invite_timer: 86_400 }), 1);
    } finally {
      client.close();
    }
  });
});

describe('timers fed from the control API', () => {
  it('a phone told to answer after the longest delay does not answer at once (setTimeout would)', async () => {
    const sim = await startSimulator({ port: 0, ringTimeoutMs: RANGES.ringTimeoutMs.max });
    try {
      const put = await fetch(`${sim.url}/sim/phones/${BOB}/policy`, { method: 'PUT', body: '{"answer_after_ms": 3000000000}' });
      assert.equal(put.status, 400);
      assert.equal((await fetch(`${sim.url}/sim/phones/${BOB}/policy`, { method: 'PUT', body: `{"answer_after_ms": ${RANGES.answerAfterMs.max}}` })).status, 200);
      await fetch(`${sim.url}/sim/calls`, { method: 'POST', body: JSON.stringify({ from: ALICE, to: BOB }) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as { calls: { state: string }[] };
      assert.deepEqual(
        state.calls.map((call) => call.state),
        ['SETUP'],
      );
    } finally {
      await sim.close();
    }
  });

  it("the system clock waits out delays past setTimeout's limit in steps", () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000 });
    try {
      const fired: number[] = [];
      const clock = new SystemClock();
      clock.setTimer(3_000_000_000, () => fired.push(Date.now()));
      const cancelled = clock.setTimer(2 ** 32, () => fired.push(-1));
      mock.timers.tick(2 ** 31 - 1);
      assert.deepEqual(fired, []);
      mock.timers.tick(3_000_000_000 - (2 ** 31 - 1) - 1);
      assert.deepEqual(fired, []);
      mock.timers.tick(1);
      assert.deepEqual(fired, [1_000 + 3_000_000_000]);
      cancelled.cancel();
      mock.timers.tick(2 ** 32);
      assert.deepEqual(fired, [1_000 + 3_000_000_000]);
    } finally {
      mock.timers.reset();
    }
  });

  it('clocks refuse delays that are not finite numbers', () => {
    for (const clock of [new SystemClock(), new VirtualClock()]) {
      for (const ms of [NaN, Infinity, '5' as unknown as number]) assert.throws(() => clock.setTimer(ms, () => {}), RangeError);
    }
    assert.throws(() => new VirtualClock().advance(NaN), RangeError);
  });

  it('faults refuse amounts out of range when driven from code', () => {
    const faults = new NetworkFaults();
    assert.throws(() => faults.stall(3_000_000_000), /a stall must be an integer from 0 to 600000, not 3000000000/);
    assert.throws(() => faults.delay(-1), RangeError);
    assert.throws(() => faults.dropReplies(0.5), RangeError);
    assert.deepEqual(faults.state(), { stalled_ms: 0, drop_replies: 0, delay_ms: 0 });
  });

  it('the model and the server refuse options out of range', async () => {
    const clock = new VirtualClock();
    assert.throws(() => new CtiModel({ clock, ringTimeoutMs: 3_000_000_000 }), /ringTimeoutMs must be an integer from 1 to 86400000, not 3000000000/);
    assert.throws(() => new CtiModel({ clock, sessionGraceMs: -5 }), RangeError);
    assert.throws(() => new CtiModel({ clock, tokenLifetimeMs: NaN }), RangeError);
    assert.throws(() => new CtiModel({ clock, historyLimit: 1.5 }), RangeError);
    await assert.rejects(startSimulator({ port: 0, ringTimeoutMs: 2 ** 31 }), RangeError);
  });
});
