// The simulator on the network: the CTI protocol over the `sockjs` server
// package at /cti, the Manager API's CSI-token endpoint, and the control API
// (/sim/...) that plays the other parties. One HTTP server, one port.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sockjs from 'sockjs';
import { SystemClock, VirtualClock } from './clock.js';
import { Directory, type DirectoryConfig } from './directory.js';
import { RpcError } from './errors.js';
import { NetworkFaults } from './faults.js';
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
  /** Serves every request outside /cti, /manager and /sim (the demo pages). */
  fallback?: (request: IncomingMessage, response: ServerResponse, model: CtiModel) => void;
  /** Where unexpected failures are reported. */
  logError?: (error: unknown) => void;
}

export interface RunningSimulator {
  /** http://host:port */
  url: string;
  port: number;
  model: CtiModel;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
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
  const faults = new NetworkFaults();
  /** The TCP socket and SockJS connection behind each model socket, for
   * closing them on demand. */
  const connections = new Map<Socket, sockjs.Connection>();
  const tcpSockets = new Set<import('node:net').Socket>();
  const logError = options.logError ?? ((error: unknown) => console.error('[simulator]', error));

  /** Numbers given to the control API: any form a person writes, or the
   * short number of a line. */
  const resolveNumber = (input: unknown, name: string): string => {
    if (typeof input !== 'string') throw new HttpError(400, `"${name}" must be a phone number`);
    const number = directory.lines.find((line) => line.local === input)?.number ?? directory.toInternational(input, '');
    if (!number) throw new HttpError(400, `"${name}": "${input}" is not a phone number`);
    return number;
  };

  const routes: { method: string; path: RegExp; handle: (match: string[], body: any) => unknown }[] = [
    {
      method: 'POST',
      path: /^\/manager\/1\.0\/services\/([^/]+)\/csi_token$/,
      handle: ([csi]) => {
        const issued = model.issueToken(decodeURIComponent(csi!));
        if (!issued) throw new HttpError(404, `no line with CSI "${csi}"`);
        return issued;
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
        const number = resolveNumber(decodeURIComponent(phone!), 'number');
        const act = { answer: model.phoneAnswer, hangup: model.phoneHangup, reject: model.phoneReject }[action as 'answer'];
        return { callref: act.call(model, number) };
      },
    },
    {
      method: 'PUT',
      path: /^\/sim\/phones\/([^/]+)\/policy$/,
      handle: ([phone], body) => {
        const policy: Partial<PhonePolicy> = {};
        if ('answer_after_ms' in body) policy.answer_after_ms = body.answer_after_ms;
        if ('busy' in body) policy.busy = body.busy;
        return model.setPolicy(resolveNumber(decodeURIComponent(phone!), 'number'), policy);
      },
    },
    { method: 'GET', path: /^\/sim\/state$/, handle: () => ({ ...model.snapshot(), faults: faults.state() }) },
    {
      method: 'DELETE',
      path: /^\/sim\/sessions\/([^/]+)$/,
      handle: ([id]) => {
        if (!model.destroySession(decodeURIComponent(id!))) throw new HttpError(404, `no session "${id}"`);
        return { destroyed: true };
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/tokens\/([^/]+)\/expire$/,
      handle: ([token]) => {
        if (!model.expireToken(decodeURIComponent(token!))) throw new HttpError(404, 'no such token');
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
        const amount = fault === 'drop-replies' ? body.count : body.ms;
        if (!Number.isSafeInteger(amount) || amount < 0) {
          throw new HttpError(400, `"${fault === 'drop-replies' ? 'count' : 'ms'}" must be a non-negative integer`);
        }
        if (fault === 'stall') faults.stall(amount);
        else if (fault === 'delay') faults.delay(amount);
        else faults.dropReplies(amount);
        return faults.state();
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
        return faults.state();
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/reset$/,
      handle: () => {
        faults.clear();
        model.reset();
        return { ok: true };
      },
    },
    {
      method: 'POST',
      path: /^\/sim\/clock\/advance$/,
      handle: (_match, body) => {
        if (!(clock instanceof VirtualClock)) throw new HttpError(409, 'the simulator runs on the real clock: start it with --virtual-clock');
        if (!Number.isSafeInteger(body.ms) || body.ms < 0) throw new HttpError(400, '"ms" must be a non-negative integer');
        clock.advance(body.ms);
        return { now: clock.now() };
      },
    },
  ];

  const handleApi = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    response.setHeader('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
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
      if (!route) throw candidates.length ? new HttpError(405, `${request.method} is not allowed on ${path}`) : new HttpError(404, `no such endpoint: ${path}`);
      const body = await readJson(request);
      payload = route.handle(route.path.exec(path)!.slice(1), body);
    } catch (error) {
      if (error instanceof HttpError) status = error.status;
      else if (error instanceof RpcError) status = 400;
      else {
        status = 500;
        logError(error);
      }
      payload = { error: error instanceof RpcError ? (error.reason ?? error.message) : status === 500 ? 'internal error' : (error as Error).message };
    }
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    response.end(JSON.stringify(payload));
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/sim/') || path.startsWith('/manager/')) {
      void handleApi(request, response, path);
    } else if (options.fallback) {
      options.fallback(request, response, model);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Not found\n');
    }
  });

  const cti = sockjs.createServer({ prefix: '/cti', log: () => {} });
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
  cti.installHandlers(server, { prefix: '/cti' });
  faults.interceptUpgrades(server, '/cti');

  server.on('connection', (socket) => {
    tcpSockets.add(socket);
    socket.on('close', () => tcpSockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    model,
    close: () =>
      new Promise<void>((resolve) => {
        faults.clear();
        model.reset();
        for (const socket of tcpSockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'the request body must be a JSON object');
  return body;
}
