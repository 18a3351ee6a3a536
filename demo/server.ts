// `npm start`: one local server on one port (8787, or PORT) with the CTI
// simulator and the demo pages, under the strict Content Security Policy a
// careful site would set.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenHandler, oauth2Credentials, toNodeHandler, type NodeContext } from '../src/server/index.js';
import type { DirectoryConfig, Line } from '../src/simulator/directory.js';
import { HttpError, readFields, readJsonObject, sendJson } from '../src/simulator/http.js';
import { LIMITS } from '../src/simulator/limits.js';
import type { ManagerApi } from '../src/simulator/manager.js';
import type { CtiModel } from '../src/simulator/model.js';
import { startSimulator, type RequestContext, type SimulatorOptions } from '../src/simulator/server.js';
import { contacts } from './contacts.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The demo's world: Alice's organisation (Acme, seven named lines), another
 * organisation whose lines Alice's session may not follow, and outside callers. */
export const DEMO_DIRECTORY_FILE = join(ROOT, 'demo', 'directory.json');
export const demoDirectory = (): DirectoryConfig => JSON.parse(readFileSync(DEMO_DIRECTORY_FILE, 'utf8'));

/** URL prefixes and the folders they serve. */
const MOUNTS: [prefix: string, folder: string][] = [
  ['/dist/', join(ROOT, 'dist')],
  ['/', join(ROOT, 'demo', 'public')],
];

/** Content types by file extension (a Map: the extension comes from the
 * request's path). */
const TYPES = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.json', 'application/json; charset=utf-8'],
  ['.map', 'application/json; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.ico', 'image/x-icon'],
]);

function resolveFile(pathname: string): string | undefined {
  for (const [prefix, folder] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    let relative = decodeURIComponent(pathname.slice(prefix.length));
    if (relative === '' || relative.endsWith('/')) relative += 'index.html';
    const file = normalize(join(folder, relative));
    if (!file.startsWith(folder + sep)) return undefined; // no way out of the folder
    if (existsSync(file) && statSync(file).isFile()) return file;
    return undefined;
  }
  return undefined;
}

const LOOPBACK = ['localhost', '127.0.0.1'];
/** A host as a CSP source may name it: IPv6 literals cannot be written there. */
const CSP_HOST = /^[A-Za-z0-9.-]+$/;
const policies = new Map<string, string>();

/**
 * The Content Security Policy of the demo's pages, built from what the
 * server itself knows (the host and port it was told to listen on), never
 * from the request: its Host header is the client's to write. Pages connect
 * to the CTI WebSocket of their own origin; `connect-src` names it for
 * browsers whose 'self' does not cover ws:, under each name the server
 * answers to: the loopback names for a loopback address, every IPv4 address
 * and the name of the machine for a wildcard one. (An IPv6 address has no
 * CSP spelling: there 'self' must do.)
 */
export function contentSecurityPolicy({ host, port }: { host: string; port: number }): string {
  const key = `${host} ${port}`;
  let policy = policies.get(key);
  if (policy === undefined) {
    const sources = serverNames(host).map((name) => `ws://${name}:${port}`);
    policy = `default-src 'self'; script-src 'self'; style-src 'self'; ${['connect-src', "'self'", ...sources].join(' ')}`;
    policies.set(key, policy);
  }
  return policy;
}

/** The names the server answers to, as a CSP source or a domain mask can
 * write them: the loopback names for a loopback address, every IPv4
 * address and the machine's name for a wildcard one. */
function serverNames(host: string): string[] {
  const names = new Set<string>();
  if (host === '0.0.0.0' || host === '::' || host === '') {
    for (const name of [...LOOPBACK, hostname()]) names.add(name);
    for (const address of Object.values(networkInterfaces()).flat()) if (address?.family === 'IPv4') names.add(address.address);
  } else if (LOOPBACK.includes(host) || host === '::1' || host.startsWith('127.')) {
    for (const name of [...LOOPBACK, host]) names.add(name);
  } else {
    names.add(host);
  }
  return [...names].filter((name) => CSP_HOST.test(name));
}

/** The demo's sign-in: a cookie naming the local number of the Acme
 * colleague signed in; none is Alice. */
const USER_COOKIE = 'demo_user';

/** The line of the user signed in to the demo, or none for a cookie that
 * names nobody of Alice's organisation. */
function signedInLine(cookie: string | null | undefined, model: CtiModel): Line | undefined {
  const alice = model.directory.lines[0]!;
  const local = new RegExp(`(?:^|;\\s*)${USER_COOKIE}=([^;]*)`).exec(cookie ?? '')?.[1];
  if (local === undefined) return alice;
  return model.directory.lines.find((line) => line.organisation === alice.organisation && line.local === local);
}

/**
 * The demo's token endpoint, as an application's server would write it:
 * the handler of keyyo-cti-elements/server, the line from the demo's
 * sign-in, against the simulator's Manager API with the OAuth2 client it
 * accepts. One per simulator (its tokens are kept per line).
 */
const tokenEndpoints = new WeakMap<ManagerApi, ReturnType<typeof toNodeHandler>>();
function tokenEndpoint(model: CtiModel, context: RequestContext) {
  let endpoint = tokenEndpoints.get(context.manager);
  if (!endpoint) {
    const [client] = context.manager.clients;
    const tokens = createTokenHandler<NodeContext>({
      accessToken: oauth2Credentials({ clientId: client!.id, clientSecret: client!.secret, tokenUrl: `${context.url}/oauth2/token.php` }),
      lineFor: (request) => signedInLine(request.headers.get('cookie'), model)?.number,
      domainMasks: serverNames(context.host),
      managerUrl: `${context.url}/manager/1.0`,
    });
    endpoint = toNodeHandler(tokens);
    tokenEndpoints.set(context.manager, endpoint);
  }
  return endpoint;
}

/** A file of the demo; `context` is the simulator's, whose checked target
 * is read instead of the raw `request.url`. */
export function staticFiles(request: IncomingMessage, response: ServerResponse, context: RequestContext): void {
  const { pathname } = context;
  let file: string | undefined;
  try {
    file = resolveFile(pathname);
  } catch {
    file = undefined; // a malformed escape in the path
  }
  if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(file ? 405 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(file ? 'Method not allowed\n' : 'Not found\n');
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES.get(extname(file)) ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': contentSecurityPolicy(context),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  // A file that goes away or cannot be read between the check and the read
  // cuts the answer short; it never throws.
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** The CRM's call log, in memory: each record once, by its Idempotency-Key. */
const callLog = new Map<string, unknown>();
/** The demo's switch playing the CRM down: its POSTs answer 503, and are counted. */
const callLogOutage = { down: false, refused: 0 };
const CALL_LOG_LIMIT = 1000;
const RECORD_BYTES_LIMIT = 64 * 1024;

/** Stores a record POSTed by the provider's `log-url`, once per id. */
function logCall(request: IncomingMessage, respond: (status: number, body: unknown) => void): void {
  if (callLogOutage.down) {
    callLogOutage.refused++;
    request.resume();
    return respond(503, { error: 'The call log is down (POST /api/call-log/outage {"down": false} brings it back)' });
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
    if (body.length > RECORD_BYTES_LIMIT) request.destroy();
  });
  request.on('end', () => {
    let record: { id?: unknown } | undefined;
    try {
      record = JSON.parse(body);
    } catch {
      return respond(400, { error: 'The body is not JSON' });
    }
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key !== record?.id) return respond(400, { error: 'Idempotency-Key must be the record id' });
    if (!callLog.has(key)) callLog.set(key, record);
    if (callLog.size > CALL_LOG_LIMIT) callLog.delete(callLog.keys().next().value!);
    respond(201, { id: key });
  });
}

/**
 * The demo's requests play the page's own server: `/api/cti-token` holds
 * the organisation's Manager API credentials and hands the page a CSI token
 * for the signed-in user's line (Alice unless a colleague signed in through
 * `POST /api/sign-in`; `/api/me` says who); `/api/contacts?number=` finds
 * who a number is in the CRM; `/api/team` lists the lines of Alice's
 * organisation, for the page playing her colleagues' phones;
 * `/api/call-log` keeps the call records (POST, once per Idempotency-Key)
 * and lists them (GET, `?number=` for one party's); `/api/call-log/outage`
 * plays the CRM down for the tests (POST `{"down": true}`: each record POSTed
 * then answers 503 and waits in the provider's outbox; `{"down": false}`
 * brings it back; GET says whether it is down and how many POSTs it
 * refused). Every other path is a file.
 */
export async function demoRequests(request: IncomingMessage, response: ServerResponse, model: CtiModel, context: RequestContext): Promise<void> {
  const json = (status: number, body: unknown) => sendJson(response, status, body);
  const alice = model.directory.lines[0]!;
  if (context.pathname === '/api/cti-token') return tokenEndpoint(model, context)(request, response);
  if (context.pathname === '/api/me') {
    const me = signedInLine(request.headers.cookie, model);
    return me ? json(200, { number: me.number, local: me.local, name: me.name }) : json(401, { error: 'Nobody of Acme is signed in' });
  }
  if (context.pathname === '/api/sign-in') return signIn(request, response, model);
  if (context.pathname === '/api/team') {
    return json(
      200,
      model.directory.lines.filter((line) => line.organisation === alice.organisation).map(({ number, local, name }) => ({ number, local, name })),
    );
  }
  if (context.pathname === '/api/call-log/outage') return switchOutage(request, response);
  if (context.pathname === '/api/call-log') {
    if (request.method === 'POST') return logCall(request, json);
    const number = new URLSearchParams(context.search).get('number');
    const records = [...callLog.values()] as { party: { number: string } }[];
    return json(200, number ? records.filter((record) => record.party.number === number) : records);
  }
  if (context.pathname === '/api/contacts') {
    const contact = contacts.get(new URLSearchParams(context.search).get('number') ?? '');
    return contact ? json(200, contact) : json(404, { error: 'No contact with this number' });
  }
  staticFiles(request, response, context);
}

/** `POST /api/call-log/outage` with `{"down": true|false}` switches the
 * call log's outage; a GET says whether it is down and how many POSTs it
 * refused since the server started. */
async function switchOutage(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    if (request.method === 'POST') {
      const { down } = await readJsonObject(request, LIMITS.bodyBytes);
      if (typeof down !== 'boolean') throw new HttpError(400, 'POST {"down": true} or {"down": false}');
      callLogOutage.down = down;
    } else if (request.method !== 'GET') {
      throw new HttpError(405, 'GET the outage, or POST {"down": true|false}');
    }
    sendJson(response, 200, callLogOutage);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendJson(response, error.status, { error: error.message });
  }
}

/** `POST /api/sign-in` with the form field `user`, the local number of an
 * Acme colleague: the demo's sign-in, a cookie, then back to the page. */
async function signIn(request: IncomingMessage, response: ServerResponse, model: CtiModel): Promise<void> {
  try {
    if (request.method !== 'POST') throw new HttpError(405, 'POST the form field "user" to sign in');
    const { user } = await readFields(request, LIMITS.bodyBytes);
    const alice = model.directory.lines[0]!;
    const line = model.directory.lines.find((candidate) => candidate.organisation === alice.organisation && candidate.local === user);
    if (!line) throw new HttpError(400, `"user" must be the local number of a line of ${alice.organisation}`);
    response.writeHead(303, { location: '/', 'set-cookie': `${USER_COOKIE}=${line.local}; Path=/; SameSite=Lax; HttpOnly`, 'cache-control': 'no-store' });
    response.end();
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendJson(response, error.status, { error: error.message });
  }
}

export function startDemo(options: SimulatorOptions = {}) {
  return startSimulator({ directory: demoDirectory(), ...options, fallback: demoRequests });
}
