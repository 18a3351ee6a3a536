// The demo server: its token endpoint is the package's handler, deciding
// the line from the demo's sign-in; its Content Security Policy comes from
// its own configuration, never from the request's Host header.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { contentSecurityPolicy, startDemo } from '../../demo/server.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { WireClient } from './wire-client.js';

const ALICE = '33172587701';
const CAROL = '33172587702';

describe("the demo server's token endpoint", () => {
  let demo: RunningSimulator;
  before(async () => {
    demo = await startDemo({ port: 0 });
  });
  after(() => demo.close());

  const tokenFor = async (cookie?: string, query = '') => {
    const response = await fetch(`${demo.url}/api/cti-token${query}`, { headers: cookie ? { cookie } : {} });
    return { status: response.status, body: await response.json() };
  };
  /** The line a token opens a session on, from a page of `origin`. */
  const lineOf = async (token: string, origin = demo.url) => {
    const page = await WireClient.connect(`${demo.url}/cti`, { origin });
    try {
      const reply = await page.command('create_session', { token, protocol_version: 1 });
      return reply.result?.number ?? reply.error!.message;
    } finally {
      page.close();
    }
  };

  it("hands out the signed-in user's token, Alice's by default, through the Manager API with OAuth2", async () => {
    const alice = await tokenFor();
    assert.equal(alice.status, 200);
    assert.equal(await lineOf(alice.body.token), ALICE);
    const carol = await tokenFor('demo_user=7702');
    assert.equal(await lineOf(carol.body.token), CAROL);
    const state = await (await fetch(`${demo.url}/sim/state`)).json();
    assert.equal(state.manager.csi_token_requests, 2);
    assert.equal(state.manager.access_tokens, 1);
  });

  it("refuses another user's line: the browser cannot choose it, and a cookie naming no colleague gets nothing", async () => {
    const asked = await tokenFor('demo_user=7701', `?csi=${CAROL}&line=${CAROL}`);
    assert.equal(await lineOf(asked.body.token), ALICE);
    for (const cookie of ['demo_user=2001', 'demo_user=33172587702', 'demo_user=']) {
      assert.deepEqual(await tokenFor(cookie), { status: 401, body: { error: 'not_signed_in', message: 'Sign in first: nobody with a Keyyo line is signed in' } }, cookie);
    }
    // Its tokens work from the demo's own pages only.
    assert.match(await lineOf(asked.body.token, 'https://evil.example'), /^Invalid token \(not valid for pages of "https:\/\/evil.example"/);
  });

  it('signs a colleague in with a form, and says who is signed in', async () => {
    const signIn = await fetch(`${demo.url}/api/sign-in`, { method: 'POST', body: new URLSearchParams({ user: '7703' }), redirect: 'manual' });
    assert.equal(signIn.status, 303);
    assert.equal(signIn.headers.get('location'), '/');
    const cookie = signIn.headers.get('set-cookie')!;
    assert.match(cookie, /^demo_user=7703; Path=\/; SameSite=Lax; HttpOnly$/);
    assert.deepEqual(await (await fetch(`${demo.url}/api/me`, { headers: { cookie: cookie.split(';')[0]! } })).json(), { number: '33172587703', local: '7703', name: 'David' });
    assert.deepEqual(await (await fetch(`${demo.url}/api/me`)).json(), { number: ALICE, local: '7701', name: 'Alice' });
    const globex = await fetch(`${demo.url}/api/sign-in`, { method: 'POST', body: new URLSearchParams({ user: '2001' }) });
    assert.equal(globex.status, 400);
    assert.deepEqual(await globex.json(), { error: '"user" must be the local number of a line of Acme' });
    assert.equal((await fetch(`${demo.url}/api/sign-in`)).status, 405);
  });
});

/** GET with a Host header of our choosing (fetch would not send it). */
function get(port: number, path: string, host: string): Promise<{ status: number; csp: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ port, host: '127.0.0.1', path, headers: { host } }, (response) => {
      response.resume();
      resolve({ status: response.statusCode!, csp: response.headers['content-security-policy'] as string | undefined });
    });
    request.on('error', reject);
    request.end();
  });
}

describe("the demo server's Content Security Policy", () => {
  it("names the server's own WebSocket origins, whatever Host the request claims", async () => {
    const demo = await startDemo({ port: 0 });
    try {
      const expected = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://localhost:${demo.port} ws://127.0.0.1:${demo.port}`;
      for (const host of [`127.0.0.1:${demo.port}`, 'evil.example', "evil.example'; script-src * 'unsafe-inline'", 'x:1 ws://evil.example', '']) {
        assert.deepEqual(await get(demo.port, '/', host), { status: 200, csp: expected }, host);
      }
    } finally {
      await demo.close();
    }
  });

  it('lists every name the server answers to for a wildcard address, and only its own address otherwise', () => {
    const wildcard = contentSecurityPolicy({ host: '0.0.0.0', port: 8787 });
    for (const name of ['localhost', '127.0.0.1', hostname()]) assert.ok(wildcard.includes(` ws://${name}:8787`), name);
    // Every source is one a browser accepts (it ignores, with an error, an IPv6 literal).
    for (const source of wildcard.split('connect-src ')[1]!.split(' ').slice(1)) assert.match(source, /^ws:\/\/[A-Za-z0-9.-]+:8787$/);
    assert.equal(contentSecurityPolicy({ host: '192.0.2.7', port: 80 }), "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://192.0.2.7:80");
    // CSP cannot name an IPv6 address, nor anything but a host name.
    for (const host of ['2001:db8::1', '::1', 'bad host;']) assert.doesNotMatch(contentSecurityPolicy({ host, port: 80 }), /\[|::|bad/, host);
    assert.match(contentSecurityPolicy({ host: '::1', port: 80 }), /connect-src 'self' ws:\/\/localhost:80 ws:\/\/127\.0\.0\.1:80$/);
  });
});
