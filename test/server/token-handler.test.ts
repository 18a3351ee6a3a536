// The CSI-token handler (keyyo-cti-elements/server) against the simulator's
// Manager API and OAuth2 server over HTTP, as an application's server runs it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTokenHandler, oauth2Credentials, toNodeHandler, type RateLimitStore, type TokenHandlerLogEntry, type TokenHandlerOptions } from '../../src/server/index.js';
import { DEMO_CLIENT } from '../../src/simulator/manager.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/server.js';
import { WireClient } from '../simulator/wire-client.js';

const ALICE = '33172587701';
const CAROL = '33172587702';
const ZOE = '33145670001';
const DIRECTORY = {
  organisations: [
    {
      name: 'Acme',
      lines: [
        { number: ALICE, local: '7701', name: 'Alice' },
        { number: CAROL, local: '7702', name: 'Carol' },
      ],
    },
    { name: 'Globex', lines: [{ number: ZOE, local: '2001', name: 'Zoé' }] },
  ],
  outside: [{ number: '33699009902', name: 'Bob' }],
};
/** Who is signed in: the test's stand-in for an application's session. */
const USERS = new Map([
  ['alice', ALICE],
  ['carol', CAROL],
  ['zoe', ZOE],
  ['ghost', '33100000000'],
]);
const signedIn = (request: Request) => USERS.get(/(?:^|; )user=(\w+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? '');
const as = (user: string, init: RequestInit = {}) => new Request('https://crm.example.com/api/cti-token', { ...init, headers: { cookie: `user=${user}` } });

let sim: RunningSimulator;
/** Every request the handler sends, with the bearer it showed. */
let sent: { url: string; authorization: string | null }[];
let logs: TokenHandlerLogEntry[];
const recordingFetch: typeof fetch = (input, init) => {
  sent.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
  return fetch(input, init);
};
const managerCalls = () => sent.filter(({ url }) => url.includes('/csi_token'));

function handler(options: Partial<TokenHandlerOptions> = {}) {
  return createTokenHandler({
    accessToken: oauth2Credentials({ clientId: DEMO_CLIENT.id, clientSecret: DEMO_CLIENT.secret, tokenUrl: `${sim.url}/oauth2/token.php`, fetch: recordingFetch }),
    lineFor: signedIn,
    domainMasks: ['crm.example.com', '*.example.org'],
    managerUrl: `${sim.url}/manager/1.0`,
    log: (entry) => logs.push(entry),
    fetch: recordingFetch,
    ...options,
  });
}

const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(sim.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return response.json();
};

describe('the CSI-token handler against the simulator', () => {
  before(async () => {
    sim = await startSimulator({ port: 0, directory: DIRECTORY });
  });
  after(() => sim.close());
  beforeEach(async () => {
    sent = [];
    logs = [];
    await control('POST', '/sim/reset');
  });

  it("answers the signed-in user's token, which opens a session from the pages of its domain masks only", async () => {
    const response = await handler()(as('alice'));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const body = await response.json();
    assert.deepEqual(Object.keys(body).sort(), ['expires_in', 'token']);
    assert.ok(body.expires_in > 3590 && body.expires_in <= 3600, String(body.expires_in));
    const page = await WireClient.connect(`${sim.url}/cti`, { origin: 'https://crm.example.com' });
    assert.equal((await page.result('create_session', { token: body.token, protocol_version: 1 })).number, ALICE);
    page.close();
    const sub = await WireClient.connect(`${sim.url}/cti`, { origin: 'https://eu.app.example.org:8443' });
    assert.equal((await sub.result('create_session', { token: body.token, protocol_version: 1 })).number, ALICE);
    sub.close();
    for (const origin of ['https://evil.example', 'https://example.org', 'null', 'http://localhost:8000']) {
      const elsewhere = await WireClient.connect(`${sim.url}/cti`, { origin });
      const reply = await elsewhere.command('create_session', { token: body.token, protocol_version: 1 });
      assert.match(reply.error?.message ?? '', /^Invalid token \(not valid for pages of /, origin);
      assert.match(reply.error!.reason!, /its domain masks are crm\.example\.com, \*\.example\.org$/);
      elsewhere.close();
    }
    // The bearer went to the Manager API, the secret only to the OAuth2 server.
    assert.deepEqual(
      sent.map(({ url }) => new URL(url).pathname),
      ['/oauth2/token.php', `/manager/1.0/services/${ALICE}/csi_token`],
    );
    assert.match(sent[1]!.authorization!, /^Bearer \S+$/);
  });

  it('keeps a token per line: a second request is served without the Manager API', async () => {
    const tokens = handler();
    const first = await (await tokens(as('alice'))).json();
    const second = await (await tokens(as('alice'))).json();
    assert.equal(second.token, first.token);
    const carol = await (await tokens(as('carol'))).json();
    assert.notEqual(carol.token, first.token);
    assert.equal(managerCalls().length, 2);
    assert.equal((await control('GET', '/sim/state')).manager.csi_token_requests, 2);
  });

  it('makes one Manager API call for 100 concurrent requests for one line', async () => {
    const tokens = handler({ rateLimit: false });
    const answers = await Promise.all(Array.from({ length: 100 }, () => tokens(as('alice')).then((response) => response.json())));
    assert.equal(new Set(answers.map((answer) => answer.token)).size, 1);
    assert.equal(managerCalls().length, 1);
    assert.equal((await control('GET', '/sim/state')).manager.csi_token_requests, 1);
  });

  it('renews a token shortly before it expires, and says how long it has left', async () => {
    const short = await startSimulator({ port: 0, directory: DIRECTORY, tokenLifetimeMs: 2000 });
    try {
      const tokens = handler({
        managerUrl: `${short.url}/manager/1.0`,
        renewBeforeMs: 500,
        accessToken: oauth2Credentials({ clientId: DEMO_CLIENT.id, clientSecret: DEMO_CLIENT.secret, tokenUrl: `${short.url}/oauth2/token.php` }),
      });
      const first = await (await tokens(as('alice'))).json();
      assert.ok(first.expires_in >= 1 && first.expires_in <= 2, String(first.expires_in));
      await new Promise((resolve) => setTimeout(resolve, 800));
      assert.equal((await (await tokens(as('alice'))).json()).token, first.token);
      await new Promise((resolve) => setTimeout(resolve, 800)); // 1.6 s: past 2 s less 0.5 s
      const renewed = await (await tokens(as('alice'))).json();
      assert.notEqual(renewed.token, first.token);
      assert.equal(managerCalls().length, 2);
    } finally {
      await short.close();
    }
  });

  it('asks for new credentials once when the Manager API refuses the access token, then retries', async () => {
    const tokens = handler();
    await tokens(as('alice'));
    const [, manager] = sent;
    const accessToken = manager!.authorization!.slice('Bearer '.length);
    assert.deepEqual(await control('POST', `/sim/access-tokens/${accessToken}/expire`), { expired: true });
    const carol = await tokens(as('carol'));
    assert.equal(carol.status, 200);
    assert.deepEqual(
      sent.slice(2).map(({ url, authorization }) => [new URL(url).pathname, authorization === manager!.authorization]),
      [
        [`/manager/1.0/services/${CAROL}/csi_token`, true],
        ['/oauth2/token.php', false],
        [`/manager/1.0/services/${CAROL}/csi_token`, false],
      ],
    );
    // A fixed access token cannot be renewed: the refusal is the answer.
    const fixed = await handler({ accessToken: 'revoked-token' })(as('alice'));
    assert.equal(fixed.status, 502);
    assert.deepEqual(await fixed.json(), {
      error: 'manager_refused',
      message: `The Manager API refused a CSI token for line ${ALICE}: 401 unknown access token`,
      status: 401,
      reason: 'unknown access token',
    });
  });

  it("maps the Manager API's 403, 404 and 500 to 502 with its reason, and keeps no failure", async () => {
    const tokens = handler();
    const refused = async (user: string) => {
      const response = await tokens(as(user));
      assert.equal(response.status, 502);
      const { status, reason, error } = await response.json();
      return { status, reason, error };
    };
    assert.deepEqual(await refused('zoe'), { error: 'manager_refused', status: 403, reason: `the service ${ZOE} does not belong to this account` });
    assert.deepEqual(await refused('ghost'), { error: 'manager_refused', status: 404, reason: 'no service with CSI "33100000000"' });
    await control('POST', '/sim/faults/manager', { status: 500, count: 1 });
    assert.deepEqual(await refused('alice'), { error: 'manager_refused', status: 500, reason: 'a failure simulated by POST /sim/faults/manager' });
    assert.equal((await tokens(as('alice'))).status, 200);
    assert.deepEqual(
      logs.map(({ event, status }) => [event, status]),
      [
        ['manager_refused', 403],
        ['manager_refused', 404],
        ['manager_refused', 500],
      ],
    );
  });

  it('answers 504 when the Manager API is slow, 502 when it is down', async () => {
    await control('POST', '/sim/faults/manager', { ms: 2000 });
    const started = Date.now();
    const slow = await handler({ timeoutMs: 200 })(as('alice'));
    assert.ok(Date.now() - started < 1500, `answered after ${Date.now() - started} ms`);
    assert.equal(slow.status, 504);
    assert.deepEqual(await slow.json(), { error: 'manager_timeout', message: 'The Manager API did not answer within 200 ms' });
    await control('DELETE', '/sim/faults');

    const gone = await startSimulator({ port: 0 });
    const url = gone.url;
    await gone.close();
    const down = await handler({ managerUrl: `${url}/manager/1.0`, accessToken: 'any' })(as('alice'));
    assert.equal(down.status, 502);
    assert.deepEqual(await down.json(), { error: 'manager_unreachable', message: `The Manager API cannot be reached at ${url}/manager/1.0` });
  });

  it('limits the requests of each user, with Retry-After, in a store the application may share', async () => {
    const tokens = handler({ rateLimit: { limit: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) assert.equal((await tokens(as('alice'))).status, 200);
    const limited = await tokens(as('alice'));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '60');
    assert.deepEqual(await limited.json(), { error: 'rate_limited', message: 'Too many token requests: try again in 60 s' });
    assert.equal((await tokens(as('carol'))).status, 200);

    const hits: string[] = [];
    const shared: RateLimitStore = {
      hit: async (key, windowMs) => {
        hits.push(key);
        return { count: hits.length, resetAt: Date.now() + windowMs };
      },
    };
    const one = handler({ rateLimit: { limit: 1, windowMs: 1000, store: shared } });
    const other = handler({ rateLimit: { limit: 1, windowMs: 1000, store: shared } });
    assert.equal((await one(as('alice'))).status, 200);
    assert.equal((await other(as('alice'))).status, 429);
    assert.deepEqual(hits, [`keyyo-token:${ALICE}`, `keyyo-token:${ALICE}`]);

    // A store that fails lets requests through, and says so.
    const broken = handler({ rateLimit: { limit: 1, windowMs: 1000, store: { hit: () => Promise.reject(new Error('redis is down')) } } });
    assert.equal((await broken(as('alice'))).status, 200);
    assert.ok(logs.some(({ event, message }) => event === 'rate_limit_store_failed' && message.includes('redis is down')));
  });

  it('answers 401 when nobody is signed in, 500 without details when lineFor throws or returns no CSI', async () => {
    assert.deepEqual(await (await handler()(as('nobody'))).json(), { error: 'not_signed_in', message: 'Sign in first: nobody with a Keyyo line is signed in' });
    assert.equal((await handler()(as('nobody'))).status, 401);
    const throwing = await handler({
      lineFor: () => {
        throw new Error('database password hunter2 rejected');
      },
    })(as('alice'));
    assert.equal(throwing.status, 500);
    const text = await throwing.text();
    assert.deepEqual(JSON.parse(text), { error: 'internal_error', message: 'The token endpoint failed' });
    assert.deepEqual(logs.at(-1), { event: 'line_for_failed', message: 'lineFor threw: database password hunter2 rejected' });
    const odd = await handler({ lineFor: () => '../../admin' })(as('alice'));
    assert.equal(odd.status, 500);
    assert.equal(logs.at(-1)!.event, 'line_invalid');
    assert.equal((await handler()(as('alice', { method: 'DELETE' }))).status, 405);
    assert.equal(managerCalls().length, 0);
  });

  it('never puts a token or a secret in a log line or an answer', async () => {
    const wrongSecret = 'wrong-secret-5f3a';
    const failures = [
      await handler({ accessToken: oauth2Credentials({ clientId: DEMO_CLIENT.id, clientSecret: wrongSecret, tokenUrl: `${sim.url}/oauth2/token.php`, fetch: recordingFetch }) })(
        as('alice'),
      ),
      await handler()(as('zoe')),
      await handler({ accessToken: 'fixed-access-token-9c1d' })(as('alice')),
    ];
    const bodies = await Promise.all(failures.map((response) => response.text()));
    assert.deepEqual(
      failures.map((response) => response.status),
      [502, 502, 502],
    );
    assert.match(bodies[0]!, /credentials_failed.*invalid_client: unknown client or wrong secret/);
    const good = await (await handler()(as('alice'))).json();
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      // The default log: console.warn.
      await createTokenHandler({ accessToken: 'fixed-access-token-9c1d', lineFor: signedIn, domainMasks: ['crm.example.com'], managerUrl: `${sim.url}/manager/1.0` })(as('alice'));
    } finally {
      console.warn = warn;
    }
    assert.equal(warnings.length, 1);
    const bearers = sent.map(({ authorization }) => authorization?.replace(/^Bearer /, '')).filter((bearer): bearer is string => !!bearer);
    const secrets = [wrongSecret, DEMO_CLIENT.secret, 'fixed-access-token-9c1d', good.token, ...bearers];
    const told = [...bodies, ...warnings, ...logs.map((entry) => JSON.stringify(entry))].join('\n');
    for (const secret of secrets) assert.ok(!told.includes(secret), `${secret} was told`);
  });

  it('serves Node and Express through toNodeHandler, with {req, res} beside the request', async () => {
    let seenPath: string | undefined;
    const tokens = handler({
      lineFor: (request, context) => {
        seenPath = (context as { req: { url: string } }).req.url;
        return signedIn(request);
      },
    });
    const server = createServer(toNodeHandler(tokens));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const ok = await fetch(`${base}/api/cti-token?line=${CAROL}`, { headers: { cookie: 'user=alice' } });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('cache-control'), 'no-store');
      const { token } = await ok.json();
      assert.equal(seenPath, `/api/cti-token?line=${CAROL}`);
      // The browser never chooses the line: Alice's token whatever the query asks.
      const client = await WireClient.connect(`${sim.url}/cti`, { origin: 'https://crm.example.com' });
      assert.equal((await client.result('create_session', { token, protocol_version: 1 })).number, ALICE);
      client.close();
      assert.equal((await fetch(`${base}/api/cti-token`)).status, 401);
      assert.equal((await fetch(`${base}/api/cti-token`, { method: 'PUT' })).status, 405);
    } finally {
      server.close();
    }
  });

  it('refuses options that would make an unsafe or broken endpoint', () => {
    const base = { accessToken: 'x', lineFor: signedIn, domainMasks: ['crm.example.com'] };
    assert.throws(() => createTokenHandler({ ...base, domainMasks: [] }), /domainMasks must list the domains of your pages/);
    assert.throws(() => createTokenHandler({ ...base, domainMasks: ['https://crm.example.com'] }), /domainMasks/);
    assert.throws(() => createTokenHandler({ ...base, lineFor: undefined as never }), /lineFor\(request\) is required/);
    assert.throws(() => createTokenHandler({ ...base, accessToken: '' }), /accessToken is required/);
    assert.throws(() => createTokenHandler({ ...base, timeoutMs: -1 }), /timeoutMs must be a positive number/);
    assert.throws(() => createTokenHandler({ ...base, managerUrl: 'not a url' }), /Invalid URL/);
    assert.throws(() => oauth2Credentials({ clientId: 'x', clientSecret: '' }), /clientId and clientSecret are required/);
  });
});
