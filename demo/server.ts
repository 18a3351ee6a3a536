// `npm start`: one local server on one port (8787, or PORT) with the CTI
// simulator and the demo pages, under the strict Content Security Policy a
// careful site would set.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CtiModel } from '../src/simulator/model.js';
import type { DirectoryConfig } from '../src/simulator/directory.js';
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
    const names = new Set<string>();
    if (host === '0.0.0.0' || host === '::' || host === '') {
      for (const name of [...LOOPBACK, hostname()]) names.add(name);
      for (const address of Object.values(networkInterfaces()).flat()) if (address?.family === 'IPv4') names.add(address.address);
    } else if (LOOPBACK.includes(host) || host === '::1' || host.startsWith('127.')) {
      for (const name of [...LOOPBACK, host]) names.add(name);
    } else {
      names.add(host);
    }
    const sources = [...names].filter((name) => CSP_HOST.test(name)).map((name) => `ws://${name}:${port}`);
    policy = `default-src 'self'; script-src 'self'; style-src 'self'; ${['connect-src', "'self'", ...sources].join(' ')}`;
    policies.set(key, policy);
  }
  return policy;
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

/**
 * The demo's requests play the page's own server: `/api/cti-token` holds
 * the organisation's Manager API credentials and hands the page a CSI token
 * for the signed-in user (Alice, the directory's first line);
 * `/api/contacts?number=` finds who a number is in the CRM; `/api/team`
 * lists the lines of Alice's organisation, for the page playing her
 * colleagues' phones. Every other path is a file.
 */
export function demoRequests(request: IncomingMessage, response: ServerResponse, model: CtiModel, context: RequestContext): void {
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  const alice = model.directory.lines[0]!;
  if (context.pathname === '/api/cti-token') return json(200, model.issueToken(alice.number));
  if (context.pathname === '/api/team') {
    return json(
      200,
      model.directory.lines.filter((line) => line.organisation === alice.organisation).map(({ number, local, name }) => ({ number, local, name })),
    );
  }
  if (context.pathname === '/api/contacts') {
    const contact = contacts.get(new URLSearchParams(context.search).get('number') ?? '');
    return contact ? json(200, contact) : json(404, { error: 'No contact with this number' });
  }
  staticFiles(request, response, context);
}

export function startDemo(options: SimulatorOptions = {}) {
  return startSimulator({ directory: demoDirectory(), ...options, fallback: demoRequests });
}
