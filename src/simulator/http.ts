// HTTP for the simulator and the demo server: request targets, bodies and
// answers, such that whatever a client sends gets an answer (4xx when the
// request is at fault) and nothing it sends can throw out of a handler.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { excerpt, quote } from './limits.js';

/** A refusal with its HTTP status; the message is for the developer, and
 * stays short whatever went into it. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(excerpt(message, 1000));
  }
}

/** The path and query of a request target. */
export interface RequestTarget {
  /** Percent-escapes as sent; dot segments resolved. */
  pathname: string;
  /** "" or "?..." */
  search: string;
}

const ABSOLUTE = /^https?:\/\//i;

/**
 * The path and query of a request target in origin form (`/path?query`, any
 * path, even `//` or `/%`) or absolute form (`http://host/path`), or
 * undefined for any other target (`*`, `host:port`, `http://[`...).
 */
export function parseTarget(target: string | undefined): RequestTarget | undefined {
  if (!target) return undefined;
  let url: URL;
  try {
    // An origin-form target is read after a fixed authority, so that `//x`
    // stays a path and never becomes a host.
    if (target.startsWith('/')) url = new URL(`http://simulator.invalid${target}`);
    else if (ABSOLUTE.test(target)) url = new URL(target);
    else return undefined;
  } catch {
    return undefined;
  }
  return { pathname: url.pathname, search: url.search };
}

/** One percent-encoded path segment, decoded; 400 for a malformed escape. */
export function decodeSegment(segment: string, name: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `${name} ${quote(segment)} has a malformed percent-escape`);
  }
}

/** Media types a JSON body may be sent as: JSON itself, and what `fetch`
 * with a string body (text/plain) and `curl -d` (form) send without being
 * told. */
const JSON_TYPES = new Set(['application/json', 'text/plain', 'application/x-www-form-urlencoded']);

/**
 * The request body as a JSON object ({} when there is none). 413 past
 * `limit` bytes; 400 for another content type, broken JSON, or JSON that is
 * not an object (null, an array, a number...).
 */
export async function readJsonObject(request: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const text = (await readBody(request, limit)).toString('utf8').trim();
  if (!text) return {};
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type && !JSON_TYPES.has(type) && !type.endsWith('+json')) {
    throw new HttpError(400, `the request body must be JSON (content-type application/json), not ${quote(type)}`);
  }
  return parseJsonObject(text);
}

/** A JSON object ({} for no text); 400 for broken JSON or another value. */
function parseJsonObject(text: string): Record<string, unknown> {
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, `the request body must be a JSON object, not ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}`);
  }
  return body as Record<string, unknown>;
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * The request body as fields, for the APIs that take forms as the hosted
 * service does: a form (urlencoded, as `curl -d` sends it, or multipart, as
 * PHP's cURL sends an array) or a JSON object. A form field named `name[]`
 * or `name[0]` adds to the array `name`, as PHP reads it. 413 past `limit`
 * bytes; 415 for another content type; 400 for a broken body.
 */
export async function readFields(request: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const bytes = await readBody(request, limit);
  const contentType = request.headers['content-type'] ?? '';
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (!FORM_TYPES.has(type)) {
    if (type === 'application/json' || type.endsWith('+json') || (!type && bytes.length === 0)) return parseJsonObject(bytes.toString('utf8').trim());
    throw new HttpError(
      415,
      `send the fields as a form (application/x-www-form-urlencoded or multipart/form-data) or as JSON (application/json), not ${quote(type || 'a body without a content type')}`,
    );
  }
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new HttpError(400, `the request body is not a valid ${type} form`);
  }
  const fields: Record<string, unknown> = Object.create(null);
  for (const [key, value] of form) {
    const list = /^(.+)\[\d*\]$/.exec(key)?.[1];
    const field = typeof value === 'string' ? value : { file: value.name };
    if (list === undefined) fields[key] = field;
    else if (Array.isArray(fields[list])) (fields[list] as unknown[]).push(field);
    else fields[list] = [field];
  }
  return fields;
}

const tooLarge = (limit: number) => new HttpError(413, `the request body is over ${limit} bytes`);

/** Too much: the rest of the body is read and thrown away, unkept. */
function discard(request: IncomingMessage): void {
  request.on('data', () => {});
  request.resume();
}

/** The whole body, or 413 as soon as it passes `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length']) > limit) {
      discard(request);
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onFail);
      request.off('close', onFail);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      done();
      discard(request);
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onFail = () => {
      done();
      reject(new HttpError(400, 'the request body did not arrive whole'));
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onFail);
    request.on('close', onFail);
  });
}

/**
 * Hands a request to a handler that reads the body itself (sockjs), with
 * the body capped: past `limit` bytes the handler hears no more of it and
 * the request is answered 413 (or cut, if the handler already answered).
 */
export function handOffCapped(request: IncomingMessage, response: ServerResponse, limit: number, handler: () => void): void {
  if (Number(request.headers['content-length']) > limit) {
    discard(request);
    sendJson(response, 413, { error: tooLarge(limit).message });
    return;
  }
  const before = { data: new Set(request.listeners('data')), end: new Set(request.listeners('end')) };
  let size = 0;
  const count = (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) return;
    request.off('data', count);
    for (const event of ['data', 'end'] as const) {
      for (const listener of request.listeners(event)) {
        if (!before[event].has(listener)) request.off(event, listener as (...args: unknown[]) => void);
      }
    }
    discard(request);
    if (response.headersSent) response.destroy();
    else sendJson(response, 413, { error: tooLarge(limit).message });
  };
  request.on('data', count);
  handler();
}

/** Answers with a JSON payload. 413s close the connection: the rest of the
 * body is not worth reading. */
export function sendJson(response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...(status === 413 ? { connection: 'close' } : {}),
  });
  response.end(JSON.stringify(payload));
}

/** Answers on a bare socket (an upgrade or CONNECT request that is not
 * served), then closes it. */
export function answerSocket(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'connection: close',
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
  ];
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}
