// The simulator's Manager API and OAuth2 server, as the public PHP client
// and an application's server speak to them, and fed bad input.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DEMO_CLIENT } from '../../src/simulator/manager.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { fuzzHttp, serialize, stillServes, summary } from './http-fuzz.js';
import { WireClient } from './wire-client.js';

const ALICE = '33172587701';
const ZOE = '33145670001';
const DIRECTORY = {
  organisations: [
    { name: 'Acme', lines: [{ number: ALICE, local: '7701', name: 'Alice' }] },
    { name: 'Globex', lines: [{ number: ZOE, local: '2001', name: 'Zoé' }] },
  ],
  outside: [{ number: '33699009902', name: 'Bob' }],
};
const CLIENT = { client_id: DEMO_CLIENT.id, client_secret: DEMO_CLIENT.secret };

let sim: RunningSimulator;
const errors: unknown[] = [];

async function post(path: string, body?: BodyInit, headers: Record<string, string> = {}) {
  const response = await fetch(sim.url + path, { method: 'POST', body, headers, redirect: 'manual' });
  const text = await response.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}
const grant = (fields: Record<string, string>) => post('/oauth2/token.php', new URLSearchParams(fields));
const accessToken = async (fields: Record<string, string> = { ...CLIENT, grant_type: 'client_credentials' }) => (await grant(fields)).json.access_token as string;
const csiToken = (csi: string, bearer: string | undefined, body?: BodyInit, headers: Record<string, string> = {}) =>
  post(`/manager/1.0/services/${csi}/csi_token`, body, bearer ? { authorization: `Bearer ${bearer}`, ...headers } : headers);

describe("the simulator's Manager API", () => {
  before(async () => {
    sim = await startSimulator({ port: 0, directory: DIRECTORY, logError: (error) => errors.push(error) });
  });
  after(() => sim.close());
  beforeEach(async () => {
    await post('/sim/reset');
  });

  it('gives a CSI token for a bearer of the account, with domain_masks[] as PHP, curl or JSON send them', async () => {
    const bearer = await accessToken();
    const masks = ['*.domain.com', 'domain2.com'];
    const multipart = new FormData();
    for (const mask of masks) multipart.append('domain_masks[]', mask);
    for (const body of [
      new URLSearchParams(masks.map((mask) => ['domain_masks[]', mask])),
      new URLSearchParams(masks.map((mask, index) => [`domain_masks[${index}]`, mask])),
      multipart,
    ]) {
      const issued = await csiToken(ALICE, bearer, body);
      assert.equal(issued.status, 200, issued.text);
      assert.deepEqual(Object.keys(issued.json).sort(), ['expires_in', 'token']);
      assert.equal(issued.json.expires_in, 3600);
      const page = await WireClient.connect(`${sim.url}/cti`, { origin: 'https://app.domain.com' });
      assert.equal((await page.result('create_session', { token: issued.json.token, protocol_version: 1 })).number, ALICE);
      page.close();
    }
    const json = await csiToken(ALICE, bearer, JSON.stringify({ domain_masks: ['Domain2.com'] }), { 'content-type': 'application/json' });
    assert.equal(json.status, 200);
    const elsewhere = await WireClient.connect(`${sim.url}/cti`, { origin: 'https://app.domain.com' });
    assert.match((await elsewhere.command('create_session', { token: json.json.token, protocol_version: 1 })).error!.reason!, /its domain masks are domain2\.com$/);
    elsewhere.close();
  });

  it('lets a token minted without masks open sessions from loopback pages and clients that are no page', async () => {
    const { token } = (await csiToken(ALICE, await accessToken())).json;
    for (const origin of ['http://localhost:8000', 'http://127.0.0.1:8787', 'http://[::1]:3000', undefined]) {
      const client = await WireClient.connect(`${sim.url}/cti`, origin ? { origin } : {});
      assert.equal((await client.result('create_session', { token, protocol_version: 1 })).number, ALICE, origin);
      client.close();
    }
    const page = await WireClient.connect(`${sim.url}/cti`, { origin: 'https://crm.example.com' });
    assert.equal((await page.command('create_session', { token, protocol_version: 1 })).error?.message.startsWith('Invalid token'), true);
    // restore_session checks the origin too.
    assert.match((await page.command('restore_session', { token, session_id: 'x', protocol_version: 1 })).error!.message, /^Invalid token \(not valid for pages of/);
    page.close();
  });

  it('refuses like the real API: 401 without a valid bearer, 403 for another account, 404, each with X-Status-Reason', async () => {
    const bearer = await accessToken();
    const refusals = [
      [await csiToken(ALICE, undefined), 401, 'an access token is required: send Authorization: Bearer <access token> (POST /oauth2/token.php gives one)'],
      [await csiToken(ALICE, 'forged'), 401, 'unknown access token'],
      [await csiToken(ZOE, bearer), 403, `the service ${ZOE} does not belong to this account`],
      [await csiToken('33100000000', bearer), 404, 'no service with CSI "33100000000"'],
      [await post('/manager/1.0/services'), 404, 'no such resource: "/manager/1.0/services"'],
    ] as const;
    for (const [answer, status, reason] of refusals) {
      assert.equal(answer.status, status, reason);
      assert.equal(answer.headers.get('x-status-reason'), reason);
      assert.deepEqual(answer.json, { error: reason });
    }
    assert.match(refusals[1][0].headers.get('www-authenticate')!, /^Bearer realm="Keyyo Manager", error="invalid_token"/);
    await post(`/sim/access-tokens/${bearer}/expire`);
    assert.equal((await csiToken(ALICE, bearer)).headers.get('x-status-reason'), 'the access token expired');
    assert.equal((await fetch(`${sim.url}/manager/1.0/services/${ALICE}/csi_token`)).status, 405);
    // No CORS: the Manager API is for servers, never for pages.
    assert.equal(refusals[0][0].headers.get('access-control-allow-origin'), null);
  });

  it('answers bad input with a 4xx and its reason, and lives on', async () => {
    const bearer = await accessToken();
    const bad = [
      [await csiToken(ALICE, bearer, 'domain_masks=', { 'content-type': 'application/x-www-form-urlencoded' }), 400, /"domain_masks": "" is not a domain mask/],
      [await csiToken(ALICE, bearer, new URLSearchParams({ 'domain_masks[]': 'https://x.com/' })), 400, /is not a domain mask/],
      [await csiToken(ALICE, bearer, new URLSearchParams(Array.from({ length: 21 }, (_, i) => ['domain_masks[]', `d${i}.com`]))), 400, /at most 20 domain masks, not 21/],
      [await csiToken(ALICE, bearer, JSON.stringify({ domain_masks: 'a.com' }), { 'content-type': 'application/json' }), 200, /^[0-9a-f]{48}$/],
      [await csiToken(ALICE, bearer, JSON.stringify({ domain_masks: { a: 1 } }), { 'content-type': 'application/json' }), 400, /must be a list of domains, not an object/],
      [await csiToken(ALICE, bearer, JSON.stringify({ domain_masks: [5] }), { 'content-type': 'application/json' }), 400, /a domain mask must be a string, not 5/],
      [await csiToken(ALICE, bearer, '{broken', { 'content-type': 'application/json' }), 400, /not valid JSON/],
      [await csiToken(ALICE, bearer, 'domain_masks[]=a.com'), 415, /send the fields as a form .* not "text\/plain"/],
      [await csiToken(ALICE, bearer, '--x\r\nbroken', { 'content-type': 'multipart/form-data; boundary=y' }), 400, /not a valid multipart\/form-data form/],
      [await csiToken(ALICE, bearer, 'x'.repeat(70_000), { 'content-type': 'application/x-www-form-urlencoded' }), 413, /over 65536 bytes/],
      [await csiToken(`${'9'.repeat(5000)}`, bearer), 404, /^no service with CSI "9{100,}…"$/],
      [await csiToken('%zz', bearer), 400, /malformed percent-escape/],
      [await csiToken('%E2%80%A8%0A', bearer), 404, /no service with CSI/],
    ] as const;
    for (const [answer, status, reason] of bad) {
      assert.equal(answer.status, status, answer.text.slice(0, 200));
      assert.match(answer.json?.error ?? answer.json?.token ?? '', reason);
      if (status !== 200) assert.match(answer.headers.get('x-status-reason')!, /^[\x20-\x7e]+$/);
    }
    assert.deepEqual(errors, []);
    await stillServes(sim);
  });

  it('turns the bearer off with openManager', async () => {
    const open = await startSimulator({ port: 0, directory: DIRECTORY, openManager: true });
    try {
      for (const csi of [ALICE, ZOE]) assert.equal((await fetch(`${open.url}/manager/1.0/services/${csi}/csi_token`, { method: 'POST' })).status, 200);
    } finally {
      await open.close();
    }
  });
});

describe("the simulator's OAuth2 server", () => {
  before(async () => {
    sim = await startSimulator({ port: 0, directory: DIRECTORY, logError: (error) => errors.push(error) });
  });
  after(() => sim.close());

  it('grants client_credentials to the configured client, by form fields or HTTP Basic', async () => {
    const answer = await grant({ ...CLIENT, grant_type: 'client_credentials' });
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.json).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(answer.json.expires_in, 3600);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const basic = await post('/oauth2/token.php', new URLSearchParams({ grant_type: 'client_credentials' }), {
      authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.id}:${DEMO_CLIENT.secret}`).toString('base64')}`,
    });
    assert.equal(basic.status, 200);
    assert.equal((await csiToken(ALICE, basic.json.access_token)).status, 200);
  });

  it('runs the authorization_code flow through the consent page, then refresh_token with rotation', async () => {
    const query = new URLSearchParams({ client_id: DEMO_CLIENT.id, response_type: 'code', state: 's-42', redirect_uri: 'https://crm.example.com/keyyo/callback' });
    const page = await fetch(`${sim.url}/oauth2/authorize.php?${query}`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    const html = await page.text();
    assert.match(html, /<form method="post" action="\/oauth2\/authorize.php">/);
    assert.match(html, /value="Acme" checked> Acme.*value="Globex"> Globex/s);

    const consent = await post('/oauth2/authorize.php', new URLSearchParams({ ...Object.fromEntries(query), account: 'Globex', decision: 'allow' }));
    assert.equal(consent.status, 303);
    const back = new URL(consent.headers.get('location')!);
    assert.equal(back.origin + back.pathname, 'https://crm.example.com/keyyo/callback');
    assert.equal(back.searchParams.get('state'), 's-42');
    const code = back.searchParams.get('code')!;

    assert.deepEqual((await grant({ ...CLIENT, grant_type: 'authorization_code', code, state: 'other' })).json.error, 'invalid_grant');
    // A code is good once, even after a failed exchange.
    assert.equal((await grant({ ...CLIENT, grant_type: 'authorization_code', code, state: 's-42' })).json.error, 'invalid_grant');

    const again = await post('/oauth2/authorize.php', new URLSearchParams({ ...Object.fromEntries(query), account: 'Globex', decision: 'allow' }));
    const fresh = new URL(again.headers.get('location')!).searchParams.get('code')!;
    const tokens = (await grant({ ...CLIENT, grant_type: 'authorization_code', code: fresh, state: 's-42' })).json;
    assert.deepEqual(Object.keys(tokens).sort(), ['access_token', 'expires_in', 'refresh_token', 'token_type']);
    // The account chosen on the consent page: Globex's lines, not Acme's.
    assert.equal((await csiToken(ZOE, tokens.access_token)).status, 200);
    assert.equal((await csiToken(ALICE, tokens.access_token)).status, 403);

    const refreshed = (await grant({ ...CLIENT, grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json;
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    assert.equal((await csiToken(ZOE, refreshed.access_token)).status, 200);
    assert.deepEqual((await grant({ ...CLIENT, grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json, {
      error: 'invalid_grant',
      error_description: 'unknown or revoked refresh token',
    });

    const denied = await post('/oauth2/authorize.php', new URLSearchParams({ ...Object.fromEntries(query), decision: 'deny' }));
    assert.equal(new URL(denied.headers.get('location')!).search, '?error=access_denied&state=s-42');
    // Without a redirect_uri, the page shows the code.
    const shown = await post('/oauth2/authorize.php', new URLSearchParams({ client_id: DEMO_CLIENT.id, response_type: 'code', decision: 'allow' }));
    assert.equal(shown.status, 200);
    assert.match(shown.text, /<dt>code<\/dt><dd><code>[\w-]+<\/code>/);
  });

  it('answers bad grants with the OAuth2 error and its description, and lives on', async () => {
    const cases = [
      [await grant({ ...CLIENT, grant_type: 'password' }), 400, 'unsupported_grant_type', /"grant_type" "password" is not one of/],
      [await grant({ ...CLIENT }), 400, 'invalid_request', /missing "grant_type"/],
      [await grant({ client_id: DEMO_CLIENT.id, grant_type: 'client_credentials' }), 400, 'invalid_request', /missing "client_secret"/],
      [await grant({ client_secret: 'x', grant_type: 'client_credentials' }), 400, 'invalid_request', /missing "client_id"/],
      [await grant({ ...CLIENT, client_secret: 'wrong', grant_type: 'client_credentials' }), 401, 'invalid_client', /unknown client or wrong secret/],
      [await grant({ ...CLIENT, client_id: 'nobody', grant_type: 'client_credentials' }), 401, 'invalid_client', /unknown client or wrong secret/],
      [await grant({ ...CLIENT, grant_type: 'authorization_code' }), 400, 'invalid_request', /missing "code"/],
      [await grant({ ...CLIENT, grant_type: 'authorization_code', code: 'forged' }), 400, 'invalid_grant', /unknown, used or expired authorization code/],
      [await grant({ ...CLIENT, grant_type: 'refresh_token', refresh_token: '' }), 400, 'invalid_request', /"refresh_token" must be a non-empty text/],
      [await post('/oauth2/token.php', JSON.stringify({ ...CLIENT, grant_type: 'client_credentials' }), { 'content-type': 'application/json' }), 200, undefined, /./],
      [
        await post('/oauth2/token.php', JSON.stringify({ ...CLIENT, grant_type: ['client_credentials'] }), { 'content-type': 'application/json' }),
        400,
        'invalid_request',
        /"grant_type" must be a non-empty text, not an array/,
      ],
      [await post('/oauth2/token.php', 'grant_type=client_credentials', { 'content-type': 'text/xml' }), 415, 'invalid_request', /not "text\/xml"/],
      [await post('/oauth2/token.php', 'x'.repeat(100_000), { 'content-type': 'application/x-www-form-urlencoded' }), 413, 'invalid_request', /over 65536 bytes/],
      [
        await post('/oauth2/token.php', new URLSearchParams({ grant_type: 'client_credentials' }), { authorization: 'Basic JXp6Ong=' }),
        400,
        'invalid_request',
        /malformed percent-escape/,
      ],
    ] as const;
    for (const [answer, status, error, description] of cases) {
      assert.equal(answer.status, status, answer.text.slice(0, 200));
      if (error) assert.deepEqual([answer.json.error, description.test(answer.json.error_description)], [error, true], answer.text);
    }
    assert.equal((await fetch(`${sim.url}/oauth2/token.php`)).status, 405);
    for (const search of [
      '',
      '?client_id=nobody&response_type=code',
      `?client_id=${DEMO_CLIENT.id}&response_type=token`,
      `?client_id=${DEMO_CLIENT.id}&response_type=code&redirect_uri=javascript:alert(1)`,
    ]) {
      const page = await fetch(`${sim.url}/oauth2/authorize.php${search}`);
      assert.equal(page.status, 400, search);
      assert.match(await page.text(), /This authorization request is refused: /);
    }
    const escaped = await fetch(`${sim.url}/oauth2/authorize.php?client_id=${DEMO_CLIENT.id}&response_type=code&state=%22%3E%3Cscript%3E`);
    assert.doesNotMatch(await escaped.text(), /<script>/);
    assert.deepEqual(errors, []);
    await stillServes(sim);
  });

  it('survives random requests at its endpoints', async () => {
    const result = await fuzzHttp({ port: sim.port, runs: 400, seed: 20261203, concurrency: 8, focus: 'manager' });
    const failures = result.failures.slice(0, 5).map(({ request, outcome }) => `${JSON.stringify(outcome)} ${JSON.stringify(serialize(request).slice(0, 300))}`);
    assert.deepEqual(failures, [], summary(result));
    assert.deepEqual(errors, []);
    await stillServes(sim);
  });
});
