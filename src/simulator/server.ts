// The simulator on the network: the CTI protocol over the `sockjs` server
// package at /cti, the Manager API's CSI-token endpoint and its OAuth2 server
// (manager.ts), and the control API (/sim/...) that plays the other parties.
// One HTTP server, one port.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sockjs from 'sockjs';
import { SystemClock, VirtualClock } from './clock.js';
import { Directory, type DirectoryConfig } from './directory.js';
import { RpcError } from './errors.js';
import { NetworkFaults } from './faults.js';
import { domainMasksProblem } from './domains.js';
import { answerSocket, decodeSegment, handOffCapped, HttpError, parseTarget, readJsonObject, sendJson, type RequestTarget } from './http.js';
import { describe, integerProblem, LIMITS, MAX_TIME_MS, quote, RANGES, type Range } from './limits.js';
import { ManagerApi, type OAuth2Client } from './manager.js';
import { CtiModel, type PhonePolicy, type Socket } from './model.js';

export interface SimulatorOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  host?: string;
  /** Time moves only through POST /sim/clock/advance. */
  virtualClock?: boolean;
  directory?: DirectoryConfig;
  ringTimeoutMs?: number;
  tokenLifetimeMs?: number;
  sessionGraceMs?: number;
  /** The OAuth2 clients accepted; default the demo client (DEMO_CLIENT). */
  oauth2Clients?: OAuth2Client[];
  /** How long an OAuth2 access token lives; default one hour. */
  accessTokenLifetimeMs?: number;
  /** The Manager API asks for no bearer (`--open-manager`). */
  openManager?: boolean;
  /** Serves every request outside /cti, /manager, /oauth2 and /sim (the demo pages).
   * Its target is already checked: use `context.pathname`, never `request.url`. */
  fallback?: (request: IncomingMessage, response: ServerResponse, model: CtiModel, context: RequestContext) => void | Promise<void>;
  /** Where unexpected failures are reported. */
  logError?: (error: unknown) => void;
}

export interface RunningSimulator {
  /** http://host:port */
  url: string;
  port: number;
  model: CtiModel;
  manager: ManagerApi;
  close(): Promise<void>;
}

/** What a fallback knows of a request, and of the server it came to. */
export interface RequestContext extends RequestTarget {
  /** The simulator's own base URL, http://host:port, from its configuration. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** The host it was told to listen on (127.0.0.1 by default). */
  host: string;
  /** Its Manager API (the OAuth2 clients it accepts, for the demo's server). */
  manager: ManagerApi;
}

/** The paths sockjs serves a WebSocket on. */
const SOCKJS_WEBSOCKET = /^\/cti(\/[^/.]+\/[^/.]+)?\/websocket\/?$/;
/** A SockJS transport path: /cti/<server>/<session>/<transport>. */
const SOCKJS_SESSION = /^(\/cti\/[^/.]+\/)([^/.]+)(\/[^/.]+\/?)$/;

/**
 * The URL handed to sockjs. sockjs keeps the sessions of its HTTP transports
 * in one plain object per process, keyed by the session id of the URL: an id
 * such as `__proto__` or `constructor` finds Object.prototype's members
 * there (the request fails or hangs), and two simulators in one process
 * (the browser tests run many) share their sessions. Every id gets this
 * simulator's own prefix, so those ids are ids like any other, each
 * simulator's to itself.
 */
function sockjsUrl({ pathname, search }: RequestTarget, prefix: string): string {
  return pathname.replace(SOCKJS_SESSION, `$1${prefix}$2$3`) + search;
}

interface SockjsError {
  status: number;
  message?: string;
}

/** The parts of sockjs's request listener it does not type. */
interface SockjsListener {
  app: { handle_error(this: unknown, request: IncomingMessage, response: unknown, error: unknown): unknown };
  getHandler(): (request: IncomingMessage, response: ServerResponse | Duplex, head?: Buffer) => boolean;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = options.virtualClock ? new VirtualClock() : new SystemClock();
  const directory = new Directory(options.directory);
  const model = new CtiModel({
    clock,
    directory,
    ringTimeoutMs: options.ringTimeoutMs,
    tokenLifetimeMs: options.tokenLifetimeMs,
    sessionGraceMs: options.sessionGraceMs,
  });
  const manager = new ManagerApi(model, { clients: options.oauth2Clients, accessTokenLifetimeMs: options.accessTokenLifetimeMs, open: options.openManager });
  const faults = new NetworkFaults();
  const sessionPrefix = `${randomBytes(4).toString('hex')}-`;
  /** The TCP socket and SockJS connection behind each model socket, for
   * closing them on demand. */
  const connections = new Map<Socket, sockjs.Connection>();
  const tcpSockets = new Set<import('node:net').Socket>();
  /** The Origin header of the requests to /cti, by TCP peer: sockjs keeps
   * no Origin, and the CTI checks a token's domain masks against it. */
  const origins = new Map<string, string>();
  const peer = (address: string | undefined, port: number | undefined) => `${address}|${port}`;
  const noteOrigin = (request: IncomingMessage) => {
    const { origin } = request.headers;
    if (origin !== undefined) origins.set(peer(request.socket.remoteAddress, request.socket.remotePort), origin);
  };
  const logError = options.logError ?? ((error: unknown) => console.error('[simulator]', error));

  /** Numbers given to the control API: any form a person writes, or the
   * short number of a line. */
  const resolveNumber = (input: unknown, name: string): string => {
    if (typeof input !== 'string') throw new HttpError(400, `"${name}" must be a phone number`);
    const number = directory.lines.find((line) => line.local === input)?.number ?? directory.toInternational(input, '');
    if (!number) throw new HttpError(400, `"${name}": ${quote(input)} is not a phone number`);
    return number;
  };

  const phoneActions = new Map<string, (number: string) => string>([
    ['answer', (number) => model.phoneAnswer(number)],
    ['hangup', (number) => model.phoneHangup(number)],
    ['reject', (number) => model.phoneReject(number)],
  ]);

  const routes: { method: string; path: RegExp; handle: (match: string[], body: Record<string, any>, query: URLSearchParams) => unknown }[] = [
    {
      // A CSI token without the Manager API's credentials, for tests and tools.
      method: 'POST',
      path: /^\/sim\/tokens$/,
      handle: (_match, body) => {
        if (typeof body.csi !== 'string') throw new HttpError(400, `"csi" must be a line's number, not ${describe(body.csi)}`);
        const masks = body.domain_masks ?? [];
        if (!Array.isArray(masks)) throw new HttpError(400, `"domain_masks" must be an array, not ${describe(masks)}`);
        const problem = domainMasksProblem(masks);
        if (problem) throw new HttpError(400, `"domain_masks": ${problem}`);
        const issued = model.issueToken(
          body.csi,
          (masks as string[]).map((mask) => mask.toLowerCase()),
        );
        if (!issued) throw new HttpError(404, `no line with CSI ${quote(body.csi)}`);
        return issued;
      },
    },
    {
      // Who a number is, from the directory: a `contact-url` for the provider.
      method: 'GET',
      path: /^\/sim\/contacts$/,
      handle: (_match, _body, query) => {
        const number = resolveNumber(query.get('number') ?? undefined, 'number');
        const line = directory.line(number);
        const name = directory.nameOf(number);
        if (!name) throw new HttpError(404, `nobody has the number ${number}`);
        return line ? { name, company: line.organisation } : { name };
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/calls$/,
      handle: (_match, body) => ({ callref: model.placeCall(resolveNumber(body.from, 'from'), resolveNumber(body.to, 'to')) }),
    },
    {
      method: 'POST',
      path: /^\/sim\/phones\/([^/]+)\/(answer|hangup|reject)$/,
      handle: ([phone, action]) => {
        const number = resolveNumber(decodeSegment(phone!, 'number'), 'number');
        const act = phoneActions.get(action!)!;
        return { callref: act(number) };
      },
    },
    {
      method: 'PUT',
      path: /^\/sim\/phones\/([^/]+)\/policy$/,
      handle: ([phone], body) => {
        const policy: Partial<PhonePolicy> = {};
        if (Object.hasOwn(body, 'answer_after_ms')) policy.answer_after_ms = body.answer_after_ms;
        if (Object.hasOwn(body, 'busy')) policy.busy = body.busy;
        return model.setPolicy(resolveNumber(decodeSegment(phone!, 'number'), 'number'), policy);
      },
    },
    { method: 'GET', path: /^\/sim\/state$/, handle: () => ({ ...model.snapshot(), faults: faults.state(), manager: manager.snapshot() }) },
    {
      method: 'DELETE',
      path: /^\/sim\/sessions\/([^/]+)$/,
      handle: ([id]) => {
        const session = decodeSegment(id!, 'session id');
        if (!model.destroySession(session)) throw new HttpError(404, `no session ${quote(session)}`);
        return { destroyed: true };
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/tokens\/([^/]+)\/expire$/,
      handle: ([token]) => {
        if (!model.expireToken(decodeSegment(token!, 'token'))) throw new HttpError(404, 'no such token');
        return { expired: true };
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/faults\/disconnect$/,
      handle: (_match, body) => {
        if (body.session_id !== undefined && typeof body.session_id !== 'string') throw new HttpError(400, '"session_id" must be a string');
        const mode = body.mode ?? 'close';
        if (mode !== 'close' && mode !== 'drop') throw new HttpError(400, '"mode" must be "close" or "drop"');
        const targets = model.sockets(body.session_id);
        for (const socket of targets) {
          const connection = connections.get(socket)!;
          if (mode === 'close') {
            socket.close(3000, 'Go away!');
          } else {
            // The network fails: no close frame, the TCP connection just ends.
            for (const tcp of tcpSockets) if (tcp.remotePort === connection.remotePort) tcp.destroy();
          }
        }
        return { disconnected: targets.length };
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/faults\/(stall|delay|drop-replies)$/,
      handle: ([fault], body) => {
        if (fault === 'stall') faults.stall(integer(body, 'ms', RANGES.stallMs));
        else if (fault === 'delay') faults.delay(integer(body, 'ms', RANGES.delayMs));
        else faults.dropReplies(integer(body, 'count', RANGES.dropReplies));
        return faults.state();
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/access-tokens\/([^/]+)\/expire$/,
      handle: ([token]) => {
        if (!manager.expireAccessToken(decodeSegment(token!, 'access token'))) throw new HttpError(404, 'no such access token');
        return { expired: true };
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/faults\/manager$/,
      handle: (_match, body) => {
        manager.setFault({
          status: Object.hasOwn(body, 'status') ? integer(body, 'status', RANGES.managerFaultStatus) : undefined,
          count: Object.hasOwn(body, 'count') ? integer(body, 'count', RANGES.managerFaultCount) : undefined,
          delayMs: Object.hasOwn(body, 'ms') ? integer(body, 'ms', RANGES.managerDelayMs) : undefined,
        });
        return manager.snapshot().faults;
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/faults\/no-handshake$/,
      handle: (_match, body) => {
        if (!Number.isSafeInteger(body.count) || body.count < 0) throw new HttpError(400, '"count" must be a non-negative integer');
        return { no_handshake: faults.noHandshake(body.count) };
      },
    },
    {
      method: 'DELETE',
      path: /^\/sim\/faults$/,
      handle: () => {
        faults.clear();
        manager.clearFaults();
        return faults.state();
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/reset$/,
      handle: () => {
        faults.clear();
        model.reset();
        manager.reset();
        return { ok: true };
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/clock\/advance$/,
      handle: (_match, body) => {
        if (!(clock instanceof VirtualClock)) throw new HttpError(409, 'the simulator runs on the real clock: start it with --virtual-clock');
        const ms = integer(body, 'ms', RANGES.advanceMs);
        if (clock.now() + ms > MAX_TIME_MS) throw new HttpError(400, `"ms": the clock cannot go past ${new Date(MAX_TIME_MS).toISOString()}`);
        clock.advance(ms);
        return { now: clock.now() };
      },
    },
  ];

  const handleApi = async (request: IncomingMessage, response: ServerResponse, { pathname: path, search }: RequestTarget) => {
    // Open to every page; the contacts, which the provider asks with the
    // page's credentials, name the page's origin.
    const cors: Record<string, string> =
      path === '/sim/contacts' && request.headers.origin
        ? { 'access-control-allow-origin': request.headers.origin, 'access-control-allow-credentials': 'true', vary: 'origin' }
        : { 'access-control-allow-origin': '*' };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, PUT, DELETE',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    let status = 200;
    let payload: unknown;
    try {
      const candidates = routes.filter((route) => route.path.test(path));
      const route = candidates.find((candidate) => candidate.method === request.method);
      if (!route) {
        throw candidates.length ? new HttpError(405, `${request.method} is not allowed on ${quote(path)}`) : new HttpError(404, `no such endpoint: ${quote(path)}`);
      }
      const body = await readJsonObject(request, LIMITS.bodyBytes);
      payload = route.handle(route.path.exec(path)!.slice(1), body, new URLSearchParams(search));
    } catch (error) {
      if (error instanceof HttpError) status = error.status;
      else if (error instanceof RpcError) status = 400;
      else {
        status = 500;
        logError(error);
      }
      payload = { error: error instanceof RpcError ? (error.reason ?? error.message) : status === 500 ? 'internal error' : (error as Error).message };
    }
    sendJson(response, status, payload, cors);
  };

  let context: Omit<RequestContext, keyof RequestTarget>;

  /** Every request: its target checked once, then /cti to sockjs, /sim to
   * the control API, /manager and /oauth2 to the Manager API, the rest to
   * the fallback. */
  const handleRequest = async (request: IncomingMessage, response: ServerResponse) => {
    const target = parseTarget(request.url);
    if (!target) {
      if (request.method === 'OPTIONS' && request.url === '*') {
        response.writeHead(204, { allow: 'GET, HEAD, POST, PUT, DELETE, OPTIONS' });
        response.end();
      } else {
        sendJson(response, 400, { error: `bad request target ${quote(request.url)}: send a path such as /sim/state` });
      }
      return;
    }
    const { pathname } = target;
    if (pathname === '/cti' || pathname.startsWith('/cti/')) {
      noteOrigin(request);
      request.url = sockjsUrl(target, sessionPrefix);
      handOffCapped(request, response, LIMITS.frameBytes, () => {
        if (!sockjsHandler(request, response)) sendJson(response, 404, { error: 'not found' });
      });
    } else if (pathname.startsWith('/sim/')) {
      await handleApi(request, response, target);
    } else if (await manager.handle(request, response, target)) {
      // Answered.
    } else if (options.fallback) {
      await options.fallback(request, response, model, { ...context, ...target });
    } else {
      sendJson(response, 404, { error: 'not found' });
    }
  };

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      logError(error);
      if (response.headersSent) response.destroy();
      else sendJson(response, 500, { error: 'internal error' });
    });
  });

  const cti = sockjs.createServer({ prefix: '/cti', log: () => {}, faye_server_options: { maxLength: LIMITS.frameBytes } } as sockjs.ServerOptions);
  cti.on('connection', (connection) => {
    if (!connection) return; // the client left before the handshake ended
    // Closing is deferred a tick: sockjs walks the rest of the frame after
    // each message, and fails if the connection is torn down under it.
    let closing = false;
    const close = (code: number, reason: string) => {
      if (closing) return;
      closing = true;
      // The close frame carries the code as given: a number, as the service sends it.
      setImmediate(() => connection.close(code as unknown as string, reason));
    };
    const socket: Socket = {
      origin: origins.get(peer(connection.remoteAddress, connection.remotePort)),
      send: (message) => faults.send('id' in message, () => connection.write(JSON.stringify(message))),
      close,
    };
    connections.set(socket, connection);
    model.open(socket);
    connection.on('data', (text: unknown) =>
      faults.receive(() => {
        if (closing) return;
        // A frame must be an array of strings; sockjs lets other values through.
        if (typeof text !== 'string') return close(3000, 'Broken framing.');
        try {
          model.receive(socket, text);
        } catch (error) {
          logError(error);
        }
      }),
    );
    connection.on('close', () => {
      connections.delete(socket);
      model.close(socket);
    });
  });
  const listener = (cti as unknown as { listener(options: object): SockjsListener }).listener({ prefix: '/cti' });
  const handleError = listener.app.handle_error;
  listener.app.handle_error = function (request, response, error) {
    const known = typeof error === 'object' && error !== null && 'status' in error;
    // sockjs answers its clients' mistakes (no payload, broken JSON, a
    // missing or bad JSONP callback) with 500: they are 400s.
    if (known && (error as SockjsError).status === 500) error = { status: 400, message: (error as SockjsError).message };
    else if (!known) logError(error);
    return handleError.call(this, request, response, error);
  };
  const sockjsHandler = listener.getHandler();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The socket is no longer the HTTP server's: its errors are ours.
    socket.on('error', () => {});
    const target = parseTarget(request.url);
    if (target && request.method === 'GET' && SOCKJS_WEBSOCKET.test(target.pathname)) {
      noteOrigin(request);
      request.url = sockjsUrl(target, sessionPrefix);
      if (!sockjsHandler(request, socket, head)) answerSocket(socket, 404, 'not found');
    } else {
      answerSocket(socket, target ? 404 : 400, target ? 'WebSockets are served at /cti only' : 'bad request target');
    }
  });
  // A proxy's CONNECT: without a listener, Node would drop the connection unanswered.
  server.on('connect', (_request: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => {});
    answerSocket(socket, 405, 'CONNECT is not served');
  });
  faults.interceptUpgrades(server, '/cti');

  server.on('connection', (socket) => {
    tcpSockets.add(socket);
    const key = peer(socket.remoteAddress, socket.remotePort);
    socket.on('close', () => {
      tcpSockets.delete(socket);
      origins.delete(key);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => resolve());
  });
  // Failures after listening (e.g. out of file descriptors) are reported,
  // never thrown.
  server.on('error', logError);
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  context = { url, port, host, manager };
  return {
    url,
    port,
    model,
    manager,
    close: () =>
      new Promise<void>((resolve) => {
        faults.clear();
        model.reset();
        manager.reset();
        for (const socket of tcpSockets) socket.destroy();
        server.close(() => {
          for (const connection of connections.values()) endSockjsSession(connection);
          resolve();
        });
      }),
  };
}

/**
 * sockjs keeps a session of its HTTP transports 5 s after its last request,
 * in case the client polls again (and keeps the process running meanwhile).
 * When the simulator closes, the service is gone: the session ends at once.
 */
function endSockjsSession(connection: sockjs.Connection): void {
  const session = (connection as unknown as { _session?: { recv?: unknown; didTimeout?: () => void } })._session;
  if (!session || session.recv || typeof session.didTimeout !== 'function') return;
  try {
    session.didTimeout();
  } catch {
    // Already ended.
  }
}

/** A number of the request body, within its range. */
function integer(body: Record<string, unknown>, name: string, range: Range): number {
  const problem = integerProblem(body[name], range);
  if (problem) throw new HttpError(400, `"${name}" ${problem}`);
  return body[name] as number;
}
