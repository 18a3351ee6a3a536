// Whatever arrives over HTTP gets an answer, 4xx when the request is at
// fault, and the process lives on: malformed request targets and escapes,
// other methods and forms, bodies too large, of another type or shape, and
// the same at SockJS's own paths, for the simulator and the demo server.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startDemo } from '../../demo/server.js';
import { LIMITS } from '../../src/simulator/limits.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { send, type RawRequest } from './http-fuzz.js';
import { WireClient } from './wire-client.js';

const ALICE = '33172587701';
const BOB = '33699009902';

const raw = (port: number, method: string, target: string, extra: Partial<RawRequest> = {}) =>
  send(port, {
    method,
    target,
    headers: [
      ['Host', 'localhost'],
      ['Connection', 'close'],
    ],
    body: '',
    chunked: false,
    ...extra,
  });

for (const [name, start, files] of [
  ['simulator', startSimulator, false],
  ['demo server', startDemo, true],
] as const) {
  describe(`the ${name} answers every request target`, () => {
    let sim: RunningSimulator;
    let errors: unknown[];

    beforeEach(async () => {
      errors = [];
      sim = await start({ port: 0, logError: (error) => errors.push(error) });
    });
    afterEach(async () => {
      await sim.close();
      assert.deepEqual(errors, [], 'internal errors were reported');
    });

    it('malformed targets answer 4xx, never an uncaught "Invalid URL"', async () => {
      const expected: [method: string, target: string, status: number][] = [
        // The demo serves its index at any path that ends with a slash.
        ['GET', '//', files ? 200 : 404],
        ['GET', '///', files ? 200 : 404],
        ['GET', '//evil.example/sim/state', 404],
        ['GET', 'http://[', 400],
        ['POST', 'http://[::1', 400],
        ['GET', 'http://x:99999/', 400],
        ['GET', 'ftp://x/sim/state', 400],
        ['GET', '/%', 404],
        ['GET', '/%%', 404],
        ['GET', '*', 400],
        ['OPTIONS', '*', 204],
        ['GET', 'example.com:443', 400],
        ['CONNECT', 'example.com:443', 405],
        ['GET', 'http://x/sim/state', 200],
        ['GET', 'HTTP://X/sim/state?x=1', 200],
        ['GET', '/cti/../sim/state', 200],
        ['GET', '/cti/%', 404],
        ['GET', '/cti//', 404],
        ['GET', '/cti?x', 404],
        ['GET', '/cti/?x', 200],
        ['GET', 'http://x/cti/info', 200],
      ];
      for (const [method, target, status] of expected) {
        assert.deepEqual(await raw(sim.port, method, target), { status }, `${method} ${target}`);
      }
      assert.equal((await fetch(`${sim.url}/sim/state`)).status, 200);
    });

    it('malformed percent-escapes in a path answer 400 with what was wrong, not 500', async () => {
      for (const path of ['/sim/phones/%/answer', '/sim/phones/%E0%A4/policy', '/manager/1.0/services/%zz/csi_token', '/sim/tokens/%E0/expire', '/sim/sessions/%']) {
        const method = path.endsWith('policy') ? 'PUT' : path.startsWith('/sim/sessions') ? 'DELETE' : 'POST';
        const response = await fetch(sim.url + path, { method });
        assert.equal(response.status, 400, path);
        assert.match(((await response.json()) as { error: string }).error, /has a malformed percent-escape$/, path);
      }
    });

    it('upgrade requests outside the CTI WebSocket answer 4xx and close', async () => {
      const upgrade: [string, string][] = [
        ['Host', 'localhost'],
        ['Connection', 'Upgrade'],
        ['Upgrade', 'websocket'],
        ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='],
        ['Sec-WebSocket-Version', '13'],
      ];
      assert.deepEqual(await raw(sim.port, 'GET', '/sim/state', { headers: upgrade }), { status: 404 });
      assert.deepEqual(await raw(sim.port, 'GET', '//', { headers: upgrade }), { status: 404 });
      assert.deepEqual(await raw(sim.port, 'GET', 'http://[', { headers: upgrade }), { status: 400 });
      assert.deepEqual(await raw(sim.port, 'POST', '/cti/000/abcdefgh/websocket', { headers: upgrade }), { status: 404 });
      assert.deepEqual(await raw(sim.port, 'GET', '/cti/000/abcdefgh/websocket', { headers: upgrade }), { status: 101 });
      assert.deepEqual(
        await raw(sim.port, 'GET', '/cti/000/abcdefgh/websocket', {
          headers: [
            ['Host', 'localhost'],
            ['Connection', 'Upgrade'],
            ['Upgrade', 'h2c'],
          ],
        }),
        { status: 400 },
      );
    });
  });
}

describe('request bodies', () => {
  let sim: RunningSimulator;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterEach(() => sim.close());

  const post = async (path: string, body: BodyInit, headers: Record<string, string> = {}) => {
    const response = await fetch(sim.url + path, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
    return { status: response.status, body: (await response.json()) as { error?: string } };
  };

  it('past the cap answer 413, whether their length is told or not, and the server goes on', async () => {
    const big = JSON.stringify({ from: '9'.repeat(LIMITS.bodyBytes), to: ALICE });
    const expected = { status: 413, body: { error: 'the request body is over 65536 bytes' } };
    assert.deepEqual(await post('/sim/calls', big), expected);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        controller.close();
      },
    });
    assert.deepEqual(await post('/sim/calls', stream), expected);
    assert.equal((await post('/sim/calls', JSON.stringify({ from: BOB, to: ALICE }))).status, 200);
  });

  it('of another content type, broken, or not a JSON object answer 400 with a clear message', async () => {
    const cases: [body: string, type: string, error: string][] = [
      ['{"from":"x"}', 'multipart/form-data; boundary=x', 'the request body must be JSON (content-type application/json), not "multipart/form-data"'],
      ['{"from":"x"}', 'image/png', 'the request body must be JSON (content-type application/json), not "image/png"'],
      ['{', 'application/json', 'the request body is not valid JSON'],
      ['null', 'application/json', 'the request body must be a JSON object, not null'],
      ['[1,2]', 'application/json', 'the request body must be a JSON object, not an array'],
      ['5', 'application/json', 'the request body must be a JSON object, not a number'],
      ['"text"', 'text/plain', 'the request body must be a JSON object, not a string'],
      ['{"from": null, "to": "7701"}', 'application/json', '"from" must be a phone number'],
      ['{"from": ["33699009902"], "to": "7701"}', 'application/json', '"from" must be a phone number'],
      ['{"from": {"length": 1}, "to": "7701"}', 'application/json', '"from" must be a phone number'],
    ];
    for (const [body, type, error] of cases) assert.deepEqual(await post('/sim/calls', body, { 'content-type': type }), { status: 400, body: { error } }, body);
    // What fetch and curl send without being told still works.
    for (const type of ['application/json; charset=utf-8', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'application/merge-patch+json']) {
      assert.equal((await post('/sim/faults/delay', '{"ms": 0}', { 'content-type': type })).status, 200, type);
    }
    const shapes: [string, string][] = [
      ['/sim/faults/disconnect', '{"session_id": 5}'],
      ['/sim/faults/disconnect', '{"mode": ["close"]}'],
      ['/sim/faults/stall', '{"ms": {"valueOf": 5}}'],
    ];
    for (const [path, body] of shapes) assert.equal((await post(path, body)).status, 400, `${path} ${body}`);
    const put = await fetch(`${sim.url}/sim/phones/${BOB}/policy`, { method: 'PUT', body: '{"busy": "yes"}' });
    assert.deepEqual([put.status, await put.json()], [400, { error: '"busy" must be a boolean' }]);
  });
});

describe('the SockJS paths', () => {
  let sim: RunningSimulator;
  let errors: unknown[];
  beforeEach(async () => {
    errors = [];
    sim = await startSimulator({ port: 0, logError: (error) => errors.push(error) });
  });
  afterEach(async () => {
    await sim.close();
    assert.deepEqual(errors, []);
  });

  const request = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(sim.url + path, { method, body, headers });
    return { status: response.status, text: await response.text() };
  };

  it("answer sockjs's own refusals (no payload, broken JSON, no JSONP callback) with 400, not 500", async () => {
    await request('POST', '/cti/000/abcdefgh/xhr');
    assert.deepEqual(await request('POST', '/cti/000/abcdefgh/xhr_send'), { status: 400, text: 'Payload expected.' });
    assert.deepEqual(await request('POST', '/cti/000/abcdefgh/xhr_send', '[broken'), { status: 400, text: 'Broken JSON encoding.' });
    assert.deepEqual(await request('POST', '/cti/000/abcdefgh/jsonp_send', 'd=', { 'content-type': 'application/x-www-form-urlencoded' }), {
      status: 400,
      text: 'Payload expected.',
    });
    assert.deepEqual(await request('GET', '/cti/000/abcdefgh/jsonp'), { status: 400, text: '"callback" parameter required' });
    assert.deepEqual(await request('GET', '/cti/000/abcdefgh/jsonp?c=%3Cscript%3E'), { status: 400, text: 'invalid "callback" parameter' });
    assert.equal((await request('POST', '/cti/000/nosuchsession/xhr_send', '["x"]')).status, 404);
  });

  it('take a session id such as __proto__ or constructor like any other', async () => {
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'abcdefgh']) {
      assert.deepEqual(await request('POST', `/cti/000/${id}/xhr`), { status: 200, text: 'o\n' }, id);
      assert.deepEqual(await request('POST', `/cti/000/${id}/xhr_send`, JSON.stringify([JSON.stringify({ action: 'ping', id: 1 })])), { status: 204, text: '' }, id);
      const reply = await request('POST', `/cti/000/${id}/xhr`);
      assert.match(reply.text, /^a\["\{\\"id\\":1,\\"result\\":\{\\"now\\":\d+\}\}"\]\n$/, id);
    }
  });

  it('cap one incoming frame: a WebSocket message past it closes with 1009, an HTTP one answers 413', async () => {
    const client = await WireClient.connect(`${sim.url}/cti`);
    const ping = (padding: number) => JSON.stringify([JSON.stringify({ action: 'ping', id: 1, padding: 'x'.repeat(padding) })]);
    assert.ok((await client.raw(ping(LIMITS.frameBytes - 100), 1)).result);
    client.send(ping(LIMITS.frameBytes));
    assert.equal((await client.closed).code, 1009);

    await request('POST', '/cti/000/bigframes/xhr');
    assert.deepEqual(await request('POST', '/cti/000/bigframes/xhr_send', ping(LIMITS.frameBytes)), { status: 413, text: '{"error":"the request body is over 65536 bytes"}' });
    assert.equal((await request('POST', '/cti/000/bigframes/xhr_send', ping(100))).status, 204);
  });
});
