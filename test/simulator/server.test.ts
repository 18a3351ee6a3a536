// The simulator over a real socket and real HTTP, as clients and tests use it.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { WireClient } from './wire-client.js';

const ALICE = '33172587701';
const CAROL = '33172587702';
const BOB = '33699009902';

describe('simulator over the network', () => {
  let sim: RunningSimulator;
  let errors: unknown[];
  const clients: WireClient[] = [];

  const http = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(sim.url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  const token = async (csi = ALICE) => (await http('POST', '/sim/tokens', { csi })).body.token as string;
  const connect = async () => {
    const client = await WireClient.connect(`${sim.url}/cti`);
    clients.push(client);
    return client;
  };
  const session = async (csi = ALICE) => {
    const client = await connect();
    const result = await client.result('create_session', { token: await token(csi), protocol_version: 1 });
    return { client, id: result.session_id as string, now: result.now as number };
  };

  beforeEach(async () => {
    errors = [];
    sim = await startSimulator({ port: 0, virtualClock: true, logError: (error) => errors.push(error) });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await sim.close();
    assert.deepEqual(errors, [], 'the simulator reported internal errors');
  });

  describe('the seed scenarios', () => {
    it('Alice calls Bob from her browser, Bob picks up, Bob hangs up', async () => {
      const { client, now } = await session();
      assert.equal(await client.result('call', { number: BOB }), 1);
      const setup = await client.notification((call) => call.state === 'SETUP');
      assert.deepEqual(setup, { callref: setup.callref, caller: ALICE, callee: BOB, state: 'SETUP', setup_date: now });
      assert.equal((await http('GET', '/sim/state')).body.phones.find((p: any) => p.number === BOB).state, 'ringing');

      await http('POST', '/sim/clock/advance', { ms: 5000 });
      assert.equal((await http('POST', `/sim/phones/${BOB}/answer`)).body.callref, setup.callref);
      const connect = await client.state(setup.callref, 'CONNECT');
      assert.deepEqual(connect, { ...setup, state: 'CONNECT', connect_date: now + 5 });

      await http('POST', '/sim/clock/advance', { ms: 42_000 });
      assert.equal((await http('POST', `/sim/phones/${BOB}/hangup`)).status, 200);
      const release = await client.state(setup.callref, 'RELEASE');
      assert.deepEqual(release, { ...connect, state: 'RELEASE', release_date: now + 47 });
      const phones = (await http('GET', '/sim/state')).body.phones;
      assert.deepEqual(
        phones.filter((p: any) => p.state !== 'idle'),
        [],
      );
    });

    it('Bob calls Alice, she answers, and hangs up from her browser', async () => {
      const { client, now } = await session();
      const { body } = await http('POST', '/sim/calls', { from: BOB, to: ALICE });
      const setup = await client.state(body.callref, 'SETUP');
      assert.deepEqual(setup, { callref: body.callref, caller: BOB, callee: ALICE, state: 'SETUP', setup_date: now });

      await http('POST', '/sim/clock/advance', { ms: 3000 });
      assert.equal(await client.result('answer_call', { call_ref: body.callref }), 1);
      const connect = await client.state(body.callref, 'CONNECT');
      assert.deepEqual(connect, { ...setup, state: 'CONNECT', connect_date: now + 3 });

      await http('POST', '/sim/clock/advance', { ms: 60_000 });
      assert.equal(await client.result('terminate_call', { call_ref: body.callref }), 1);
      assert.deepEqual(await client.state(body.callref, 'RELEASE'), { ...connect, state: 'RELEASE', release_date: now + 63 });
    });
  });

  it('answers every action of the protocol table with its documented result', async () => {
    const { client, id } = await session();
    const results: Record<string, unknown> = {
      get_subscriptions: await client.result('get_subscriptions'),
      subscribe: await client.result('subscribe', { number: CAROL }),
      unsubscribe: await client.result('unsubscribe', { number: CAROL }),
      set_auto_answer: await client.result('set_auto_answer', { auto_answer: true }),
      get_auto_answer: await client.result('get_auto_answer'),
      send_message: await client.result('send_message', { number: BOB, message: 'hello' }),
      get_int_to_local_numbers: await client.result('get_int_to_local_numbers', { number: CAROL }),
      get_local_to_int_number: await client.result('get_local_to_int_number', { number: '7702' }),
    };
    assert.deepEqual(results, {
      get_subscriptions: { numbers: [ALICE] },
      subscribe: 1,
      unsubscribe: 1,
      set_auto_answer: 1,
      get_auto_answer: { auto_answer: true },
      send_message: 1,
      get_int_to_local_numbers: '7702',
      get_local_to_int_number: CAROL,
    });
    assert.ok(await client.result('ping'));

    // Calls: Bob calls Alice, who answers, pauses, takes him back, parks
    // him, unparks him, transfers him to Carol.
    const ref = (await http('POST', '/sim/calls', { from: BOB, to: ALICE })).body.callref;
    assert.equal(await client.result('answer_call', { call_ref: ref }), 1);
    assert.equal(await client.result('pause_call', { call_ref: ref }), 1);
    assert.equal(await client.result('unpark_slot', { slot: ALICE }), 1);
    const back = client.notifications.at(-1)!;
    assert.equal(await client.result('park_call', { call_ref: back.callref, side: 'caller', slot: 4 }), 1);
    const parked = client.notifications.at(-1)!;
    assert.equal(parked.callpark_slot, '4');
    assert.equal(await client.result('unpark_call', { call_ref: parked.callref }), 1);
    const again = client.notifications.at(-1)!;
    assert.equal(await client.result('supervised_transfer_call', { call_ref: again.callref, side: 'caller', to: CAROL, invite_timer: 10 }), 1);
    await http('POST', `/sim/phones/${CAROL}/reject`);
    assert.equal(await client.result('transfer_call', { call_ref: again.callref, side: 'caller', to: CAROL }), 1);

    // Alice merges a call to Bob with a call to Carol (she follows Carol's
    // line, so she sees the merged call), then rejects another.
    await client.result('subscribe', { number: CAROL });
    await http('PUT', `/sim/phones/${BOB}/policy`, { answer_after_ms: 0 });
    await http('PUT', `/sim/phones/${CAROL}/policy`, { answer_after_ms: 0 });
    await http('POST', `/sim/phones/${CAROL}/hangup`);
    await client.result('call', { number: BOB });
    const first = client.notifications.at(-1)!;
    await http('POST', '/sim/clock/advance', { ms: 0 });
    await client.result('call', { number: CAROL });
    const second = client.notifications.at(-1)!;
    await http('POST', '/sim/clock/advance', { ms: 0 });
    assert.equal(await client.result('merge_call', { call_ref: first.callref, side: 'callee', call_ref2: second.callref, side2: 'callee' }), 1);
    const merged = client.notifications.at(-1)!;
    assert.deepEqual([merged.caller, merged.callee, merged.state], [BOB, CAROL, 'CONNECT']);
    const toReject = (await http('POST', '/sim/calls', { from: BOB, to: ALICE })).body.callref;
    assert.equal(await client.result('reject_call', { call_ref: toReject }), 1);
    assert.equal(await client.result('terminate_call', { call_ref: merged.callref }), 1);

    const restored = await connect();
    assert.deepEqual(Object.keys(await restored.result('restore_session', { token: await token(), session_id: id, protocol_version: 1 })).sort(), ['now', 'number']);
    assert.equal(await client.result('destroy_session'), 1);
    assert.deepEqual(
      (await http('GET', '/sim/state')).body.messages.map((m: any) => m.message),
      ['hello'],
    );
  });

  it('answers each documented error code', async () => {
    const client = await connect();
    const error = async (action: string, params: Record<string, unknown>) => {
      const reply = await client.command(action, params);
      assert.ok(reply.error, `${action} should fail`);
      return reply.error;
    };
    assert.deepEqual(await error('get_subscriptions', {}), {
      status_code: 401,
      message: 'Unknown session_id',
      reason: 'no session on this connection: create or restore one first',
    });
    const invalid = await error('create_session', { token: 'expired-or-unknown', protocol_version: 1 });
    assert.equal(invalid.status_code, 400);
    assert.match(invalid.message, /^Invalid token/);
    assert.deepEqual(await error('create_session', { protocol_version: 1 }), {
      status_code: 400,
      message: 'Malformed request (missing required parameters)',
      reason: 'missing parameter "token"',
    });
    await client.result('create_session', { token: await token(), protocol_version: 1 });
    assert.deepEqual(await error('call', { number: '7702' }), {
      status_code: 400,
      message: 'RPC invalid params',
      reason: '"number" must be an international number (digits only, country code first), not "7702"',
    });
    assert.equal((await error('restore_session', { token: await token(), session_id: 'gone', protocol_version: 1 })).status_code, 401);
  });

  it("refuses other organisations' lines and other lines' tokens", async () => {
    const { client, id } = await session();
    assert.equal((await client.command('subscribe', { number: BOB })).error?.message, 'RPC invalid params');
    const carol = await connect();
    const reply = await carol.command('restore_session', { token: await token(CAROL), session_id: id, protocol_version: 1 });
    assert.equal(reply.error?.status_code, 401);
  });

  it('keeps a session 5 minutes after its last socket closed, then destroys it', async () => {
    const { client, id } = await session();
    await client.result('subscribe', { number: CAROL });
    client.close();
    await client.closed;
    await waitFor(async () => (await http('GET', '/sim/state')).body.sessions[0]?.counter === 0);
    await http('POST', '/sim/clock/advance', { ms: 299_000 });
    const back = await connect();
    await back.result('restore_session', { token: await token(), session_id: id, protocol_version: 1 });
    assert.deepEqual((await back.result('get_subscriptions')).numbers.sort(), [ALICE, CAROL]);
    back.close();
    await back.closed;
    await waitFor(async () => (await http('GET', '/sim/state')).body.sessions[0]?.counter === 0);
    await http('POST', '/sim/clock/advance', { ms: 300_000 });
    assert.deepEqual((await http('GET', '/sim/state')).body.sessions, []);
    const late = await connect();
    assert.equal((await late.command('restore_session', { token: await token(), session_id: id, protocol_version: 1 })).error?.status_code, 401);
  });

  it('sends every socket of the session each notification, and the active calls on restore', async () => {
    const { client, id } = await session();
    const tab = await connect();
    await tab.result('restore_session', { token: await token(), session_id: id, protocol_version: 1 });
    const callref = (await http('POST', '/sim/calls', { from: BOB, to: ALICE })).body.callref;
    await client.state(callref, 'SETUP');
    await tab.state(callref, 'SETUP');
    const late = await connect();
    await late.result('restore_session', { token: await token(), session_id: id, protocol_version: 1 });
    assert.deepEqual(await late.state(callref, 'SETUP'), client.notifications[0]);
  });

  describe('bad input', () => {
    it('closes the socket on broken SockJS framing and on broken JSON; other sessions carry on', async () => {
      const { client: bystander } = await session();
      const framing = await connect();
      framing.send('["not closed');
      assert.deepEqual(await framing.closed, { code: 3000, reason: 'Broken framing.' });
      const json = await connect();
      json.send(JSON.stringify(['{"action":"ping",']));
      assert.deepEqual(await json.closed, { code: 3000, reason: 'Broken JSON' });
      assert.equal(await bystander.result('call', { number: BOB }), 1);
    });

    it('survives thousands of random frames, then serves a normal session', async () => {
      const actions = [
        'create_session',
        'restore_session',
        'destroy_session',
        'subscribe',
        'unsubscribe',
        'call',
        'answer_call',
        'reject_call',
        'terminate_call',
        'transfer_call',
        'supervised_transfer_call',
        'merge_call',
        'park_call',
        'unpark_call',
        'unpark_slot',
        'pause_call',
        'send_message',
        'get_int_to_local_numbers',
        'get_local_to_int_number',
        'set_auto_answer',
        'ping',
        'toString',
        'constructor',
      ];
      const value = fc.oneof(fc.constantFrom(ALICE, CAROL, BOB, 'callpark', 'caller', 'callee', -1, 0, 1), fc.jsonValue());
      const command = fc.record(
        {
          action: fc.oneof(fc.constantFrom(...actions), fc.jsonValue()),
          id: fc.oneof(fc.nat(), fc.jsonValue()),
          number: value,
          call_ref: value,
          call_ref2: value,
          side: value,
          side2: value,
          to: value,
          slot: value,
          token: value,
          session_id: value,
          protocol_version: fc.constantFrom(1, 2, '1'),
          auto_answer: value,
          message: value,
          invite_timer: value,
        },
        { requiredKeys: [] },
      );
      const frame = fc.oneof(
        {
          weight: 8,
          arbitrary: fc
            .array(
              command.map((c) => JSON.stringify(c)),
              { minLength: 1, maxLength: 3 },
            )
            .map((m) => JSON.stringify(m)),
        },
        { weight: 1, arbitrary: fc.array(fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null')).map((m) => JSON.stringify(m)) },
        { weight: 1, arbitrary: fc.string() },
        { weight: 1, arbitrary: fc.array(fc.string()).map((m) => JSON.stringify(m)) },
      );
      const frames = fc.sample(frame, { numRuns: 3000, seed: 20261125 });
      let client = await session().then((s) => s.client);
      let closed = false;
      void client.closed.then(() => (closed = true));
      let reconnects = 0;
      for (const [index, text] of frames.entries()) {
        if (closed) {
          reconnects += 1;
          client = await connect();
          closed = false;
          void client.closed.then(() => (closed = true));
        }
        client.send(text);
        // Let the server breathe so closes are seen before the next frame.
        if (index % 50 === 0) {
          await client.command('ping').catch(() => {});
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      await http('POST', '/sim/clock/advance', { ms: 3_600_000 });
      assert.ok(reconnects > 0, 'some frames should have been broken enough to close a socket');
      const { client: fresh } = await session();
      await fresh.result('call', { number: BOB });
      const setup = await fresh.notification((call) => call.caller === ALICE && call.callee === BOB && call.state === 'SETUP');
      await http('POST', `/sim/phones/${BOB}/answer`);
      await fresh.state(setup.callref, 'CONNECT');
    });
  });

  describe('control API', () => {
    it('issues tokens only for known lines and explains refusals in JSON', async () => {
      const issued = await http('POST', '/sim/tokens', { csi: ALICE });
      assert.equal(issued.status, 200);
      assert.match(issued.body.token, /^[0-9a-f]{48}$/);
      assert.equal(issued.body.expires_in, 3600);
      assert.equal(issued.headers.get('access-control-allow-origin'), '*');
      const unknown = await http('POST', '/sim/tokens', { csi: BOB });
      assert.deepEqual({ ...unknown, headers: undefined }, { status: 404, headers: undefined, body: { error: `no line with CSI "${BOB}"` } });
      assert.deepEqual((await http('POST', '/sim/tokens', { csi: ALICE, domain_masks: ['bad mask'] })).body, {
        error: '"domain_masks": "bad mask" is not a domain mask (such as *.example.com or example.com)',
      });
      assert.equal((await http('POST', '/sim/tokens', {})).status, 400);
      assert.equal((await http('GET', '/sim/nowhere')).status, 404);
      assert.equal((await http('DELETE', '/sim/state')).status, 405);
      assert.equal((await http('POST', '/sim/calls', '{broken')).status, 400);
      assert.equal((await http('POST', '/sim/calls', { from: 'bob', to: ALICE })).status, 400);
      assert.equal((await http('POST', '/sim/calls', { from: BOB, to: BOB })).status, 400);
      assert.deepEqual((await http('POST', `/sim/phones/${BOB}/answer`)).body, { error: `phone ${BOB} is not ringing` });
      assert.equal((await http('PUT', `/sim/phones/${BOB}/policy`, { answer_after_ms: 'soon' })).status, 400);
      assert.equal((await http('POST', '/sim/clock/advance', { ms: -1 })).status, 400);
    });

    it('accepts numbers as people write them: short, national, +', async () => {
      const { client } = await session();
      const { body } = await http('POST', '/sim/calls', { from: '+33 6 99 00 99 02', to: '7701' });
      assert.deepEqual(await client.state(body.callref, 'SETUP'), { ...client.notifications[0]!, caller: BOB, callee: ALICE });
      assert.equal((await http('POST', '/sim/phones/7701/answer')).body.callref, body.callref);
      assert.deepEqual((await http('PUT', '/sim/phones/0699009902/policy', { busy: true })).body, { answer_after_ms: null, busy: true });
    });

    it('reset closes every socket and forgets every session', async () => {
      const { client } = await session();
      await http('POST', '/sim/reset');
      assert.deepEqual(await client.closed, { code: 3000, reason: 'Simulator reset' });
      assert.deepEqual((await http('GET', '/sim/state')).body.sessions, []);
    });
  });

  describe('on the real clock', () => {
    let real: RunningSimulator;
    before(async () => {
      real = await startSimulator({ port: 0, ringTimeoutMs: 200 });
    });
    after(() => real.close());

    it('refuses to move time, and rings out after the configured ring timeout', async () => {
      const response = await fetch(`${real.url}/sim/clock/advance`, { method: 'POST', body: '{"ms":1}' });
      assert.equal(response.status, 409);
      const client = await WireClient.connect(`${real.url}/cti`);
      const tokenResponse = await fetch(`${real.url}/sim/tokens`, { method: 'POST', body: JSON.stringify({ csi: ALICE }) });
      await client.result('create_session', { token: (await tokenResponse.json()).token, protocol_version: 1 });
      await client.result('call', { number: BOB });
      const setup = client.notifications[0]!;
      await client.state(setup.callref, 'MISSED');
      client.close();
    });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('simulator fault injection', () => {
  let sim: RunningSimulator;
  const clients: WireClient[] = [];
  const http = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(sim.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  };
  const session = async (csi = ALICE) => {
    const client = await WireClient.connect(`${sim.url}/cti`);
    clients.push(client);
    const token = (await http('POST', '/sim/tokens', { csi })).body.token;
    const result = await client.result('create_session', { token, protocol_version: 1 });
    return { client, id: result.session_id as string, token: token as string };
  };

  beforeEach(async () => {
    sim = await startSimulator({ port: 0, virtualClock: true });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await sim.close();
  });

  it("closes one session's sockets, or every socket; with a close frame or by cutting the connection", async () => {
    const alice = await session();
    const carol = await session(CAROL);
    assert.deepEqual((await http('POST', '/sim/faults/disconnect', { session_id: alice.id })).body, { disconnected: 1 });
    assert.deepEqual(await alice.client.closed, { code: 3000, reason: 'Go away!' });
    assert.equal(await carol.client.result('get_auto_answer').then((r) => r.auto_answer), true);

    const again = await session();
    assert.deepEqual((await http('POST', '/sim/faults/disconnect', { mode: 'drop' })).body, { disconnected: 2 });
    for (const client of [carol.client, again.client]) assert.equal((await client.closed).code, 1006);
    assert.equal((await http('POST', '/sim/faults/disconnect', { mode: 'slam' })).status, 400);
  });

  it('stalls without closing, then goes on in order', async () => {
    const { client } = await session();
    await http('POST', '/sim/faults/stall', { ms: 300 });
    const started = Date.now();
    const replies = await Promise.all([client.result('ping'), client.result('get_subscriptions')]);
    assert.ok(Date.now() - started >= 250, `replied after ${Date.now() - started} ms`);
    assert.deepEqual(replies[1], { numbers: [ALICE] });
  });

  it('drops the next replies, while their commands still run', async () => {
    const { client } = await session();
    await http('POST', '/sim/faults/drop-replies', { count: 1 });
    const dropped = client.command('set_auto_answer', { auto_answer: false });
    const outcome = await Promise.race([dropped.then(() => 'replied'), new Promise((resolve) => setTimeout(resolve, 200, 'silent'))]);
    assert.equal(outcome, 'silent');
    assert.deepEqual(await client.result('get_auto_answer'), { auto_answer: false });
  });

  it('delays every message', async () => {
    const { client } = await session();
    await http('POST', '/sim/faults/delay', { ms: 150 });
    const started = Date.now();
    await client.result('ping');
    assert.ok(Date.now() - started >= 140);
    assert.deepEqual((await http('DELETE', '/sim/faults')).body, { stalled_ms: 0, drop_replies: 0, delay_ms: 0 });
  });

  it('destroys a session and expires a token on demand', async () => {
    const { client, id, token } = await session();
    assert.equal((await http('DELETE', `/sim/sessions/${id}`)).status, 200);
    assert.equal((await client.command('get_subscriptions')).error?.status_code, 401);
    assert.equal((await http('DELETE', `/sim/sessions/${id}`)).status, 404);
    assert.equal((await http('POST', `/sim/tokens/${token}/expire`)).status, 200);
    assert.match((await client.command('create_session', { token, protocol_version: 1 })).error!.message, /^Invalid token/);
  });

  it('comes back on the same port after a restart, with a fresh world', async () => {
    const { client, id, token } = await session();
    const port = sim.port;
    await sim.close();
    await client.closed;
    sim = await startSimulator({ port, virtualClock: true });
    const back = await WireClient.connect(`${sim.url}/cti`);
    clients.push(back);
    assert.match((await back.command('restore_session', { token, session_id: id, protocol_version: 1 })).error!.message, /^Invalid token/);
  });
});
