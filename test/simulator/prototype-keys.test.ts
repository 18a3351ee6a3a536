// Outside data named after a member of Object.prototype (an action, a
// number, a session id, a token, a call ref, a slot, a path segment, a body
// field) behaves exactly like any other unknown string.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startDemo } from '../../demo/server.js';
import { VirtualClock } from '../../src/simulator/clock.js';
import { CtiModel } from '../../src/simulator/model.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { PROTOTYPE_KEYS } from './http-fuzz.js';
import { Probe } from './probe.js';

const ALICE = '33172587701';
const BOB = '33699009902';
/** An unknown string that names nothing anywhere. */
const PLAIN = 'launch_rocket';

/** The answer with the name replaced by a placeholder (and without a
 * reply's id), to compare with the answer to another name. */
const shape = (answer: object, name: string) =>
  JSON.parse(
    JSON.stringify({ ...answer, id: undefined })
      .split(name)
      .join('<name>'),
  );

describe('names of Object.prototype members as CTI data', () => {
  let model: CtiModel;
  beforeEach(() => {
    model = new CtiModel({ clock: new VirtualClock(1_800_000_000_000) });
  });

  const withSession = () => {
    const socket = new Probe(model);
    socket.command('create_session', { token: model.issueToken(ALICE)!.token, protocol_version: 1 });
    return socket;
  };

  it('an action so named is unknown like any other, with or without a session', () => {
    for (const socket of [new Probe(model), withSession()]) {
      const plain = shape(socket.command(PLAIN), PLAIN);
      assert.deepEqual(plain.error, { status_code: 400, message: 'RPC invalid params', reason: 'unknown action "<name>"' });
      for (const name of PROTOTYPE_KEYS) assert.deepEqual(shape(socket.command(name), name), plain, name);
    }
  });

  it('a token, session id, number, call ref or slot so named is unknown like any other', () => {
    const socket = withSession();
    const token = model.issueToken(ALICE)!.token;
    const commands: [string, (name: string) => Record<string, unknown>][] = [
      ['create_session', (name) => ({ token: name, protocol_version: 1 })],
      ['restore_session', (name) => ({ token, session_id: name, protocol_version: 1 })],
      ['subscribe', (name) => ({ number: name })],
      ['unsubscribe', (name) => ({ number: name })],
      ['call', (name) => ({ number: name })],
      ['send_message', (name) => ({ number: name, message: 'hi' })],
      ['get_int_to_local_numbers', (name) => ({ number: name })],
      ['get_local_to_int_number', (name) => ({ number: name })],
      ['answer_call', (name) => ({ call_ref: name })],
      ['terminate_call', (name) => ({ call_ref: name })],
      ['transfer_call', (name) => ({ call_ref: name, side: 'caller', to: BOB })],
      ['transfer_call', (name) => ({ call_ref: 'nope', side: name, to: BOB })],
      ['merge_call', (name) => ({ call_ref: name, side: 'caller', call_ref2: name, side2: 'callee' })],
      ['unpark_slot', (name) => ({ slot: name })],
    ];
    for (const [action, params] of commands) {
      // A fresh socket for the session commands, so that one command's
      // effects never change the next one's answer.
      const on = action.endsWith('_session') ? () => new Probe(model) : () => socket;
      const plain = shape(on().command(action, params(PLAIN)), PLAIN);
      assert.ok(plain.error, `${action} should refuse ${PLAIN}`);
      for (const name of PROTOTYPE_KEYS) assert.deepEqual(shape(on().command(action, params(name)), name), plain, `${action} ${name}`);
    }
  });

  it("the model's own look-ups treat them as unknown", () => {
    for (const name of PROTOTYPE_KEYS) {
      assert.equal(model.issueToken(name), undefined);
      assert.equal(model.expireToken(name), false);
      assert.equal(model.destroySession(name), false);
      assert.deepEqual(model.sockets(name), []);
      assert.deepEqual(model.policy(name), { answer_after_ms: null, busy: false });
      assert.throws(() => model.setPolicy(name, { busy: true }), { message: 'RPC invalid params' });
      assert.equal(model.directory.line(name), undefined);
      assert.equal(model.directory.nameOf(name), undefined);
    }
  });
});

describe('names of Object.prototype members over HTTP', () => {
  let sim: RunningSimulator;
  let errors: unknown[];
  beforeEach(async () => {
    errors = [];
    sim = await startDemo({ port: 0, logError: (error) => errors.push(error) });
  });
  afterEach(async () => {
    await sim.close();
    assert.deepEqual(errors, []);
  });

  const answer = async (method: string, path: string, body?: string) => {
    const response = await fetch(sim.url + path, { method, body });
    return { status: response.status, body: await response.text() };
  };

  it("as path segments of the control and Manager APIs, and of the demo's files", async () => {
    const requests: [string, (name: string) => string, string?][] = [
      ['POST', (name) => `/sim/phones/${name}/answer`],
      ['PUT', (name) => `/sim/phones/${name}/policy`, '{"busy": true}'],
      ['POST', (name) => `/sim/phones/${BOB}/${name}`],
      ['POST', (name) => `/manager/1.0/services/${name}/csi_token`],
      ['DELETE', (name) => `/sim/sessions/${name}`],
      ['POST', (name) => `/sim/tokens/${name}/expire`],
      ['POST', (name) => `/sim/faults/${name}`],
      ['GET', (name) => `/sim/${name}`],
      ['GET', (name) => `/${name}`],
      ['GET', (name) => `/index.${name}`],
      ['GET', (name) => `/dist/${name}.js`],
    ];
    for (const [method, path, body] of requests) {
      const plain = shape(await answer(method, path(PLAIN), body), PLAIN);
      assert.ok(plain.status >= 400 && plain.status < 500, `${method} ${path(PLAIN)}: ${plain.status}`);
      for (const name of PROTOTYPE_KEYS) assert.deepEqual(shape(await answer(method, path(name), body), name), plain, `${method} ${path(name)}`);
    }
  });

  it('as fields of a request body, which are read as the JSON says and no further', async () => {
    for (const body of ['{"__proto__": {"ms": 5}}', '{"constructor": {"ms": 5}}', '{"toString": 5}']) {
      assert.deepEqual(await answer('POST', '/sim/faults/stall', body), { status: 400, body: '{"error":"\\"ms\\" must be an integer from 0 to 600000, not undefined"}' }, body);
    }
    assert.deepEqual(JSON.parse((await answer('PUT', `/sim/phones/${BOB}/policy`, '{"__proto__": {"busy": true}}')).body), { answer_after_ms: null, busy: false });
    assert.equal((await answer('POST', '/sim/calls', '{"__proto__": {"from": "33699009902", "to": "7701"}}')).status, 400);
    assert.equal(({} as { busy?: unknown }).busy, undefined, 'Object.prototype is untouched');
  });
});

describe('the simulator without the demo', () => {
  it('answers a path named after a prototype member like any other unknown path', async () => {
    const sim = await startSimulator({ port: 0 });
    try {
      const plain = await fetch(`${sim.url}/${PLAIN}`);
      for (const name of PROTOTYPE_KEYS) {
        const response = await fetch(`${sim.url}/${name}`);
        assert.deepEqual([response.status, await response.text()], [plain.status, await plain.clone().text()], name);
      }
    } finally {
      await sim.close();
    }
  });
});
