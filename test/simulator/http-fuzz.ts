// Random HTTP requests at a server, written byte by byte on a bare TCP
// socket so that nothing tidies them up on the way: any method, request
// target (malformed ones too), headers and body. Each must get an answer
// below 500 (a streaming SockJS transport may hold its answer open), and
// the process must live on. Used by test/simulator/http-fuzz.test.ts (a
// fixed seed) and by `npm run soak` (a larger run, a random seed).
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import fc from 'fast-check';
import { DEMO_CLIENT } from '../../src/simulator/manager.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { WireClient } from './wire-client.js';

export interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: string;
  /** Send the body in chunked transfer encoding. */
  chunked: boolean;
}

export type Outcome =
  /** The status of the first final answer (1xx informational ones skipped; 101 counts). */
  | { status: number }
  /** No answer within the wait, the connection still open. */
  | { held: true }
  /** The connection closed without any answer. */
  | { dropped: true };

/** The request as bytes on the wire. */
export function serialize(request: RawRequest): string {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`)];
  if (request.chunked) {
    lines.push('Transfer-Encoding: chunked');
    const size = Buffer.byteLength(request.body);
    const chunks = size ? `${size.toString(16)}\r\n${request.body}\r\n0\r\n\r\n` : '0\r\n\r\n';
    return `${lines.join('\r\n')}\r\n\r\n${chunks}`;
  }
  if (request.body || request.method === 'POST' || request.method === 'PUT') lines.push(`Content-Length: ${Buffer.byteLength(request.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${request.body}`;
}

/** Sends one request on a fresh connection and reads the status of its answer. */
export function send(port: number, request: RawRequest, waitMs = 2000): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ held: true }), waitMs);
    socket.on('connect', () => socket.write(serialize(request)));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      // Skip informational answers (100 Continue, 102, 103) to the final one.
      for (;;) {
        const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(received);
        if (!match) return;
        const status = Number(match[1]);
        if (status >= 200 || status === 101) return finish({ status });
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        received = received.slice(end + 4);
      }
    });
    socket.on('error', () => finish({ dropped: true }));
    socket.on('close', () => finish({ dropped: true }));
  });
}

/** Names the prototype of a plain object answers to. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

/** Path segments worth trying anywhere. */
const segment = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    '%',
    '%zz',
    '%E0%A4',
    '%00',
    '%2F',
    '%2e%2e',
    '..',
    '.',
    '',
    '7701',
    '33699009902',
    '33172587701',
    '+33%206%2099',
    'callpark',
    'x'.repeat(3000),
  ),
  fc.stringMatching(/^[A-Za-z0-9_.~%:@!$&'()*+,;=-]{0,24}$/),
);

const TRANSPORTS = ['websocket', 'xhr', 'xhr_send', 'xhr_streaming', 'jsonp', 'jsonp_send', 'eventsource', 'htmlfile', 'nothing'];

const query = fc.oneof(fc.constant(''), fc.constantFrom('?', '?c=cb', '?callback=%3Cscript%3E', '?c=' + 'a'.repeat(40), '?t=1&t=2', '?__proto__=1', '?%'));

/** A SockJS transport URL: /cti/<server>/<session>/<transport>. */
const sockjsPath = fc
  .tuple(
    fc.oneof(fc.constantFrom('000', '123', '999'), segment),
    fc.oneof(fc.stringMatching(/^[a-z0-9]{8,12}$/), fc.constantFrom(...PROTOTYPE_KEYS), segment),
    fc.constantFrom(...TRANSPORTS),
  )
  .map(([server, session, transport]) => `/cti/${server}/${session}/${transport}`);

/** Paths of the servers under test, with random segments in them. */
const path = fc.oneof(
  sockjsPath,
  fc
    .tuple(
      fc.constantFrom(
        '/sim/phones/$/answer',
        '/sim/phones/$/hangup',
        '/sim/phones/$/reject',
        '/sim/phones/$/policy',
        '/sim/sessions/$',
        '/sim/tokens/$/expire',
        '/manager/1.0/services/$/csi_token',
        '/manager/$/$',
        '/oauth2/$',
        '/sim/access-tokens/$/expire',
        '/sim/$',
        '/cti/$',
        '/cti/$/$/$',
        '/$',
        '/dist/$',
        '/$/$/$',
      ),
      fc.array(fc.oneof(segment, fc.constantFrom(...TRANSPORTS)), { minLength: 3, maxLength: 3 }),
    )
    .map(([template, parts]) => {
      let index = 0;
      return template.replace(/\$/g, () => parts[index++]!);
    }),
  fc.constantFrom(
    '/sim/state',
    '/sim/calls',
    '/sim/faults',
    '/sim/faults/disconnect',
    '/sim/faults/delay',
    '/sim/faults/drop-replies',
    '/sim/clock/advance',
    '/sim/tokens',
    '/sim/contacts',
    '/sim/contacts?number=7701',
    '/oauth2/token.php',
    '/oauth2/authorize.php',
    '/oauth2/authorize.php?client_id=keyyo-demo&response_type=code',
    '/cti',
    '/cti/',
    '/cti/info',
    '/cti/websocket',
    '/cti/iframe.html',
    '/cti/iframe-x.html',
    '/',
    '/index.html',
    '/bob.html',
    '/api/cti-token',
    '/dist/keyyo-cti.min.js',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/%2e%2e/package.json',
  ),
);

/** Request targets: paths of the servers, malformed ones, other forms. */
export const target = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(path, query).map(([p, q]) => p + q) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '//',
      '///',
      '//sim/state',
      '//evil.example/sim/state',
      'http://[',
      'http://[::1',
      'http://x:99999/',
      'http://x/sim/state',
      'HTTP://X/cti/info',
      'https://a@b/sim/state',
      'ftp://x/sim/state',
      'http:/sim/state',
      '/%',
      '/%%',
      '/sim/%',
      '/sim/phones/%/answer',
      '/manager/1.0/services/%zz/csi_token',
      '/sim/tokens/%E0/expire',
      '/sim/sessions/%',
      '/cti/%',
      '/cti//',
      '/cti/../sim/state',
      '/cti/%2e%2e/sim/state',
      '/sim/../cti/info',
      '*',
      'example.com:443',
      '?x',
      '#frag',
      '/\\evil',
      '/sim/state#x',
    ),
  },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('http://localhost', 'http://127.0.0.1:1', 'http://h'), path, query).map(([a, p, q]) => a + p + q) },
  { weight: 2, arbitrary: fc.stringMatching(/^[\x21-\x7e]{1,40}$/) },
);

const method = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE') },
  { weight: 2, arbitrary: fc.constantFrom('OPTIONS', 'HEAD', 'PATCH', 'TRACE', 'PROPFIND', 'CONNECT', 'get', 'FOO') },
);

const jsonValue = fc.oneof(
  fc.constantFrom('33699009902', '33172587701', '7701', '+33 6 99 00 99 02', '__proto__', 'constructor', 'close', 'drop', 'slam', null, true, 0, -1, 1.5, 3_000_000_000, 1e21, ''),
  fc.integer(),
  fc.string({ maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const KEYS = ['from', 'to', 'ms', 'count', 'answer_after_ms', 'busy', 'mode', 'session_id', 'csi', 'domain_masks', 'grant_type', 'client_id', '__proto__', 'constructor'];

const body = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), jsonValue, { maxKeys: 4 }).map((object) => JSON.stringify(object)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'null',
      '[]',
      '[1]',
      '5',
      '"text"',
      'true',
      '{',
      '{"ms":',
      '1e400',
      '{"ms": 1e400}',
      '{"__proto__": {"ms": 5}}',
      '\uFEFF{}',
      '["x"]',
      '["{\\"action\\":\\"ping\\",\\"id\\":1}"]',
      'd=%5B%22x%22%5D',
      'd=',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(65_536, 65_537, 200_000).map((size) => `{"from": "${'9'.repeat(size)}"}`) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
);

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'image/png',
  'application/vnd.api+json',
  '',
  ';',
  'T',
];

/** Rare headers, each with its own odds. */
const odd = fc
  .record(
    {
      host: fc.constantFrom('127.0.0.1', 'localhost:8787', "evil.example'; script-src *", 'x'.repeat(500), ''),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      upgrade: fc.constantFrom('websocket', 'h2c', 'WebSocket'),
      connection: fc.constantFrom('close', 'keep-alive', 'Upgrade', 'upgrade, keep-alive'),
      websocket: fc.constant(true),
      expect: fc.constantFrom('100-continue', 'something-else'),
      origin: fc.constantFrom('https://evil.example', 'null'),
      cookie: fc.constantFrom('JSESSIONID=__proto__', '__proto__=1; constructor=2', 'a'),
      extra: fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,16}$/), fc.stringMatching(/^[\x20-\x7e]{0,40}$/)),
    },
    { requiredKeys: [] },
  )
  .map((chosen) => {
    const list: [string, string][] = [];
    if (chosen.host !== undefined) list.push(['Host', chosen.host]);
    if (chosen.contentType !== undefined) list.push(['Content-Type', chosen.contentType]);
    if (chosen.upgrade !== undefined) list.push(['Upgrade', chosen.upgrade]);
    list.push(['Connection', chosen.connection ?? 'close']);
    if (chosen.websocket) list.push(['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ=='], ['Sec-WebSocket-Version', '13']);
    if (chosen.expect !== undefined) list.push(['Expect', chosen.expect]);
    if (chosen.origin !== undefined) list.push(['Origin', chosen.origin]);
    if (chosen.cookie !== undefined) list.push(['Cookie', chosen.cookie]);
    if (chosen.extra !== undefined) list.push(chosen.extra);
    return list;
  });

const headers = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .option(fc.constantFrom(...CONTENT_TYPES.slice(0, 4)))
      .map((type): [string, string][] => [['Host', 'localhost'], ['Connection', 'close'], ...(type ? [['Content-Type', type] as [string, string]] : [])]),
  },
  { weight: 3, arbitrary: odd },
);

const number = fc.oneof(fc.constantFrom('33699009902', '33172587701', '33172587702', '7701', '0699009902', '%2B33%206%2099%2000%2099%2002', '33612345678'), segment);
const json = (fields: Record<string, fc.Arbitrary<unknown>>) => fc.record(fields, { requiredKeys: [] }).map((object) => JSON.stringify(object));
const amount = fc.oneof(fc.nat({ max: 2000 }), jsonValue);

/** Requests as the API expects them (right method, fields), with values
 * good and bad, so that most reach the handlers. */
const plausible: fc.Arbitrary<[string, string, string]> = fc.oneof(
  json({ from: number, to: number }).map((b) => ['POST', '/sim/calls', b] as [string, string, string]),
  fc.tuple(number, fc.constantFrom('answer', 'hangup', 'reject')).map(([n, a]) => ['POST', `/sim/phones/${n}/${a}`, ''] as [string, string, string]),
  fc.tuple(number, json({ answer_after_ms: amount, busy: jsonValue })).map(([n, b]) => ['PUT', `/sim/phones/${n}/policy`, b] as [string, string, string]),
  fc.constant(['GET', '/sim/state', ''] as [string, string, string]),
  number.map((n) => ['POST', `/manager/1.0/services/${n}/csi_token`, ''] as [string, string, string]),
  segment.map((id) => ['DELETE', `/sim/sessions/${id}`, ''] as [string, string, string]),
  segment.map((token) => ['POST', `/sim/tokens/${token}/expire`, ''] as [string, string, string]),
  fc.tuple(fc.constantFrom('delay', 'drop-replies'), json({ ms: amount, count: amount })).map(([f, b]) => ['POST', `/sim/faults/${f}`, b] as [string, string, string]),
  json({ ms: fc.oneof(fc.nat({ max: 50 }), jsonValue) }).map((b) => ['POST', '/sim/faults/stall', b] as [string, string, string]),
  json({ mode: jsonValue, session_id: jsonValue }).map((b) => ['POST', '/sim/faults/disconnect', b] as [string, string, string]),
  json({ ms: amount }).map((b) => ['POST', '/sim/clock/advance', b] as [string, string, string]),
  fc.constantFrom(['DELETE', '/sim/faults', ''], ['GET', '/cti/info', ''], ['GET', '/cti', ''], ['GET', '/', ''], ['GET', '/api/cti-token', '']) as fc.Arbitrary<
    [string, string, string]
  >,
  fc
    .tuple(sockjsPath, fc.constantFrom('', '["x"]', '[', '"x"', '[1]', 'd=%5B%22x%22%5D', 'd=', '?c=cb'), fc.constantFrom('GET', 'POST'))
    .map(([p, b, m]) => (b.startsWith('?') ? [m, p + b, ''] : [m, p, b]) as [string, string, string]),
);

/** Fields of the OAuth2 token endpoint and the consent page, good and bad. */
const oauth2Fields = fc.dictionary(
  fc.constantFrom(
    'grant_type',
    'client_id',
    'client_secret',
    'code',
    'state',
    'refresh_token',
    'redirect_uri',
    'response_type',
    'account',
    'decision',
    'domain_masks[]',
    'domain_masks[0]',
    '__proto__',
  ),
  fc.oneof(
    fc.constantFrom(
      'client_credentials',
      'authorization_code',
      'refresh_token',
      'password',
      'keyyo-demo',
      'keyyo-demo-secret',
      'code',
      'allow',
      'deny',
      'Keyyo demo',
      'https://x.example/cb',
      'javascript:x',
      '*.example.com',
      '',
      '%zz',
    ),
    fc.string({ maxLength: 30 }),
  ),
  { maxKeys: 6 },
);
/** A form body in one of the encodings the endpoints read, or another. */
const formBody = oauth2Fields.chain((fields) =>
  fc.constantFrom<[string, string]>(
    ['application/x-www-form-urlencoded', new URLSearchParams(fields).toString()],
    ['application/json', JSON.stringify(fields)],
    [
      'multipart/form-data; boundary=b',
      `${Object.entries(fields)
        .map(([name, value]) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
        .join('')}--b--\r\n`,
    ],
    ['multipart/form-data; boundary=b', '--b\r\nbroken'],
    ['text/plain', new URLSearchParams(fields).toString()],
    ['', JSON.stringify(fields)],
  ),
);
const authorization = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('Bearer ', 'Bearer x', 'bearer  y', 'Basic', 'Basic %%%', 'Basic JXp6Ong=', `Basic ${Buffer.from('keyyo-demo:keyyo-demo-secret').toString('base64')}`, 'Token z'),
  fc.stringMatching(/^[\x20-\x7e]{0,60}$/),
);

/** Requests at the Manager API and the OAuth2 server. */
const managerRequest: fc.Arbitrary<RawRequest> = fc
  .record({
    method: fc.oneof({ weight: 6, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'HEAD', 'OPTIONS') }),
    target: fc.oneof(
      fc.constantFrom(
        '/oauth2/token.php',
        '/oauth2/authorize.php',
        '/oauth2/authorize.php?client_id=keyyo-demo&response_type=code&state=s&redirect_uri=https%3A%2F%2Fx.example%2Fcb',
        '/oauth2/',
        '/manager/1.0/services',
      ),
      fc.tuple(number, query).map(([n, q]) => `/manager/1.0/services/${n}/csi_token${q}`),
    ),
    body: formBody,
    authorization,
    big: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map(({ method, target, body: [type, text], authorization, big }) => ({
    method,
    target,
    headers: [
      ['Host', 'localhost'],
      ['Connection', 'close'],
      ...(type ? [['Content-Type', type]] : []),
      ...(authorization === undefined ? [] : [['Authorization', authorization]]),
    ] as [string, string][],
    body: big ? text + '&x='.padEnd(70_000, 'x') : text,
    chunked: false,
  }));

const anyRequest: fc.Arbitrary<RawRequest> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({ line: plausible, headers, chunked: fc.constant(false) })
      .map(({ line: [method, target, body], headers, chunked }) => ({ method, target, headers, body, chunked })),
  },
  {
    weight: 5,
    arbitrary: fc.record({ method, target, headers, body, chunked: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }),
  },
);

/** SockJS's chunking test answers for 4 s whatever happens (and keeps the
 * process that long): only long runs include it. */
const chunkingTest = fc.record({
  method: fc.constantFrom('POST', 'OPTIONS', 'GET'),
  target: fc.constantFrom('/cti/chunking_test', '/cti/chunking_test/'),
  headers,
  body,
  chunked: fc.constant(false),
});

/** Random requests; `slow` adds those whose answer takes seconds; `focus:
 * 'manager'` sends them at the Manager API and the OAuth2 server only. */
export function requests(options: { slow?: boolean; focus?: 'manager' } = {}): fc.Arbitrary<RawRequest> {
  if (options.focus === 'manager') return managerRequest;
  const all = fc.oneof({ weight: 10, arbitrary: anyRequest }, { weight: 1, arbitrary: managerRequest });
  return options.slow ? fc.oneof({ weight: 50, arbitrary: all }, { weight: 1, arbitrary: chunkingTest }) : all;
}

/** SockJS transports that may hold their answer while they wait for data
 * (a second poll of a session already polled waits for the next message). */
const STREAMING = /^(?:https?:\/\/[^/]*)?\/cti\/[^/]+\/[^/]+\/(?:xhr|xhr_streaming|jsonp|eventsource|htmlfile)\/?(?:\?|$)/i;

export interface FuzzResult {
  seed: number;
  runs: number;
  /** Answers by status class: "2xx", "4xx"..., "held", "dropped". */
  counts: Map<string, number>;
  /** Requests whose outcome breaks the rule, with it. */
  failures: { request: RawRequest; outcome: Outcome }[];
  ms: number;
}

/** Runs `runs` random requests at the server on `port`, `concurrency` at a time. */
export async function fuzzHttp(options: {
  port: number;
  runs: number;
  seed: number;
  concurrency?: number;
  waitMs?: number;
  slow?: boolean;
  focus?: 'manager';
}): Promise<FuzzResult> {
  const started = Date.now();
  const sample = fc.sample(requests(options), { numRuns: options.runs, seed: options.seed });
  const counts = new Map<string, number>();
  const failures: FuzzResult['failures'] = [];
  let next = 0;
  const worker = async () => {
    while (next < sample.length) {
      const request = sample[next++]!;
      const outcome = await send(options.port, request, options.waitMs);
      const kind = 'status' in outcome ? `${Math.floor(outcome.status / 100)}xx` : 'held' in outcome ? 'held' : 'dropped';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      const ok = 'status' in outcome ? outcome.status < 500 : 'held' in outcome && STREAMING.test(request.target);
      if (!ok) failures.push({ request, outcome });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { seed: options.seed, runs: options.runs, counts, failures, ms: Date.now() - started };
}

/** One line: how many requests, of what outcome. */
export function summary(result: FuzzResult): string {
  const counts = [...result.counts]
    .sort()
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  return `http fuzz: ${result.runs} requests (seed ${result.seed}) in ${(result.ms / 1000).toFixed(1)} s: ${counts}; ${result.failures.length} failures`;
}

/** After the storm, the simulator still serves: its state, then (once
 * reset, since the storm set policies and faults) a token, a session, a
 * call Bob answers. Throws otherwise. */
export async function stillServes(sim: RunningSimulator): Promise<void> {
  const alice = '33172587701';
  const bob = '33699009902';
  assert.equal((await fetch(`${sim.url}/sim/state`)).status, 200);
  assert.equal((await fetch(`${sim.url}/sim/reset`, { method: 'POST' })).status, 200);
  // The Manager API as an application's server asks it: an access token, then a CSI token.
  const grant = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEMO_CLIENT.id, client_secret: DEMO_CLIENT.secret });
  const { access_token } = (await (await fetch(`${sim.url}/oauth2/token.php`, { method: 'POST', body: grant })).json()) as { access_token: string };
  const { token } = (await (
    await fetch(`${sim.url}/manager/1.0/services/${alice}/csi_token`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}` },
      body: new URLSearchParams({ 'domain_masks[]': 'localhost' }),
    })
  ).json()) as { token: string };
  const client = await WireClient.connect(`${sim.url}/cti`);
  try {
    await client.result('create_session', { token, protocol_version: 1 });
    await client.result('call', { number: bob });
    const setup = await client.notification((call) => call.caller === alice && call.callee === bob && call.state === 'SETUP');
    assert.equal((await fetch(`${sim.url}/sim/phones/${bob}/answer`, { method: 'POST' })).status, 200);
    await client.state(setup.callref, 'CONNECT');
  } finally {
    client.close();
  }
}
