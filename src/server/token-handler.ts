// The endpoint behind the provider's `token-url`: the application's sign-in
// says which Keyyo line the user may have (`lineFor`), and the handler asks
// Keyyo's Manager API for a CSI token for that line with the account's
// credentials, which never leave the server. Built on the fetch API's
// Request and Response, so one function serves Node (through `toNodeHandler`),
// Express, Next.js route handlers, Hono, Deno and Bun.
import type { AccessTokenSource } from './oauth2.js';
import { MemoryRateLimitStore, type RateLimitStore } from './rate-limit.js';

export const KEYYO_MANAGER_URL = 'https://api.keyyo.com/manager/1.0';

export interface TokenHandlerOptions<Context = unknown> {
  /** The account's Manager API access token, or a source of it (see
   * `oauth2Credentials`), asked again with `refresh: true` when the Manager
   * API refuses it. */
  accessToken: string | AccessTokenSource;
  /**
   * The CSI (the Keyyo line) of the user signed in to the application, from
   * the application's own sign-in (a session cookie, a header); nothing
   * when nobody is signed in (the answer is then 401). Never read the line
   * from what the browser asks for: the browser does not choose it.
   * `context` is what the framework passes beside the request (with
   * `toNodeHandler`: `{req, res}`).
   */
  lineFor(request: Request, context: Context): string | undefined | null | Promise<string | undefined | null>;
  /** The domains whose pages may use the tokens, as the Manager API takes
   * them: `crm.example.com`, `*.example.com`. */
  domainMasks: readonly string[];
  /** The Manager API's root; default https://api.keyyo.com/manager/1.0 (the
   * simulator's is `<simulator>/manager/1.0`). */
  managerUrl?: string;
  /** How long a Manager API request may take; default 5000 ms. */
  timeoutMs?: number;
  /** A token is handed out until this long before it expires (at most half
   * its life); default 5 minutes. The provider asks for a new one after 55. */
  renewBeforeMs?: number;
  /** Token requests per user (per line) and window; `false` for none.
   * Default 20 a minute, counted in this process. */
  rateLimit?: false | { limit: number; windowMs: number; store?: RateLimitStore };
  /** Where failures are told, one line each, never with a token or a
   * secret; default `console.warn`. */
  log?: (entry: TokenHandlerLogEntry) => void;
  fetch?: typeof fetch;
}

export interface TokenHandlerLogEntry {
  event:
    | 'internal_error'
    | 'line_for_failed'
    | 'line_invalid'
    | 'credentials_failed'
    | 'manager_refused'
    | 'manager_unreachable'
    | 'manager_timeout'
    | 'manager_invalid_answer'
    | 'rate_limited'
    | 'rate_limit_store_failed';
  message: string;
  line?: string;
  /** The Manager API's HTTP status. */
  status?: number;
}

/** The JSON body of every answer but a token. */
export interface TokenErrorBody {
  error:
    | 'not_signed_in'
    | 'method_not_allowed'
    | 'rate_limited'
    | 'internal_error'
    | 'credentials_failed'
    | 'manager_refused'
    | 'manager_unreachable'
    | 'manager_timeout'
    | 'manager_invalid_answer';
  message: string;
  /** The Manager API's status and reason (`X-Status-Reason`), when it refused. */
  status?: number;
  reason?: string;
}

export type TokenHandler<Context = unknown> = (request: Request, context?: Context) => Promise<Response>;

/** A refusal, with the answer the browser gets. */
class Refusal extends Error {
  constructor(
    readonly httpStatus: number,
    readonly body: TokenErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

interface CachedToken {
  token: string;
  expiresAt: number;
  /** From then on, a new one is asked for. */
  renewAt: number;
}

/** A CSI is a service id: a Keyyo line's international number. */
const CSI = /^[0-9A-Za-z_-]{1,64}$/;
const MASK = /^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;
/** Lines whose tokens are kept at once; one more forgets the oldest. */
const CACHE_LIMIT = 10_000;
const REASON_CHARS = 300;

/**
 * A CSI-token endpoint: GET (or POST) answers `{token, expires_in}` for the
 * signed-in user's line, `no-store`. Tokens are kept per line until shortly
 * before they expire, and requests for one line while the Manager API is
 * asked wait for that one answer. Failures answer JSON
 * `{error, message, status?, reason?}`: 401 nobody signed in, 429 too many
 * requests (with Retry-After), 502 the Manager API or the credentials
 * failed (with the Manager's status and reason), 504 it did not answer in
 * time, 500 `lineFor` threw.
 */
export function createTokenHandler<Context = unknown>(options: TokenHandlerOptions<Context>): TokenHandler<Context> {
  if (typeof options.lineFor !== 'function') throw new TypeError('createTokenHandler: lineFor(request) is required: it says which line the signed-in user has');
  if (typeof options.accessToken !== 'function' && (typeof options.accessToken !== 'string' || !options.accessToken)) {
    throw new TypeError('createTokenHandler: accessToken is required: the access token, or a function that gives it (oauth2Credentials)');
  }
  const masks = [...(options.domainMasks ?? [])];
  if (!masks.length || !masks.every((mask) => typeof mask === 'string' && MASK.test(mask))) {
    throw new TypeError('createTokenHandler: domainMasks must list the domains of your pages, such as ["crm.example.com"] or ["*.example.com"]');
  }
  const managerUrl = new URL(options.managerUrl ?? KEYYO_MANAGER_URL).href.replace(/\/+$/, '');
  const timeoutMs = positive(options.timeoutMs, 5000, 'timeoutMs');
  const renewBeforeMs = positive(options.renewBeforeMs, 300_000, 'renewBeforeMs');
  const limit = options.rateLimit === false ? undefined : { limit: 20, windowMs: 60_000, ...options.rateLimit };
  if (limit) {
    positive(limit.limit, 20, 'rateLimit.limit');
    positive(limit.windowMs, 60_000, 'rateLimit.windowMs');
  }
  const store = limit ? (limit.store ?? new MemoryRateLimitStore()) : undefined;
  const log = options.log ?? ((entry: TokenHandlerLogEntry) => console.warn(`[keyyo token endpoint] ${entry.message}`));
  const fetcher = options.fetch ?? fetch;
  const source: AccessTokenSource = typeof options.accessToken === 'function' ? options.accessToken : () => options.accessToken as string;
  const canRefresh = typeof options.accessToken === 'function';

  const cache = new Map<string, CachedToken>();
  const inFlight = new Map<string, Promise<CachedToken>>();

  const fail = (httpStatus: number, entry: TokenHandlerLogEntry, extra: Partial<TokenErrorBody> = {}): Refusal => {
    log(entry);
    return new Refusal(httpStatus, { error: entry.event as TokenErrorBody['error'], message: entry.message, ...extra });
  };

  async function accessToken(refresh: boolean, line: string): Promise<string> {
    try {
      const token = await source({ refresh });
      if (typeof token !== 'string' || !token) throw new Error('the access token source gave no token');
      return token;
    } catch (error) {
      throw fail(502, { event: 'credentials_failed', line, message: `No Manager API access token: ${(error as Error)?.message ?? String(error)}` });
    }
  }

  /** One CSI-token request to the Manager API. */
  async function ask(line: string, bearer: string): Promise<Response> {
    const body = new URLSearchParams(masks.map((mask) => ['domain_masks[]', mask]));
    try {
      return await fetcher(`${managerUrl}/services/${encodeURIComponent(line)}/csi_token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw fail(504, { event: 'manager_timeout', line, message: `The Manager API did not answer within ${timeoutMs} ms` });
      }
      throw fail(502, { event: 'manager_unreachable', line, message: `The Manager API cannot be reached at ${managerUrl}` });
    }
  }

  async function fetchToken(line: string): Promise<CachedToken> {
    let response = await ask(line, await accessToken(false, line));
    // Refused credentials (expired, revoked): new ones, once.
    if ((response.status === 401 || response.status === 403) && canRefresh) {
      await response.body?.cancel();
      response = await ask(line, await accessToken(true, line));
    }
    if (!response.ok) {
      await response.body?.cancel();
      const reason = (response.headers.get('x-status-reason') ?? '').slice(0, REASON_CHARS) || undefined;
      throw fail(
        502,
        {
          event: 'manager_refused',
          line,
          status: response.status,
          message: `The Manager API refused a CSI token for line ${line}: ${response.status}${reason ? ` ${reason}` : ''}`,
        },
        { status: response.status, ...(reason ? { reason } : {}) },
      );
    }
    const answer = (await response.json().catch(() => undefined)) as { token?: unknown; expires_in?: unknown } | undefined;
    if (typeof answer?.token !== 'string' || !answer.token || typeof answer.expires_in !== 'number' || !(answer.expires_in > 0)) {
      throw fail(502, { event: 'manager_invalid_answer', line, message: 'The Manager API answered without a token and its expires_in' });
    }
    const now = Date.now();
    const lifetimeMs = answer.expires_in * 1000;
    return { token: answer.token, expiresAt: now + lifetimeMs, renewAt: now + lifetimeMs - Math.min(renewBeforeMs, lifetimeMs / 2) };
  }

  /** The line's token: kept, or the one being asked for, or a new one. */
  function tokenFor(line: string): Promise<CachedToken> {
    const kept = cache.get(line);
    if (kept && Date.now() < kept.renewAt) return Promise.resolve(kept);
    let pending = inFlight.get(line);
    if (!pending) {
      pending = fetchToken(line)
        .then((fresh) => {
          cache.delete(line);
          if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
          cache.set(line, fresh);
          return fresh;
        })
        .finally(() => inFlight.delete(line));
      inFlight.set(line, pending);
    }
    return pending;
  }

  async function checkRate(line: string): Promise<void> {
    if (!limit || !store) return;
    let count;
    try {
      count = await store.hit(`keyyo-token:${line}`, limit.windowMs);
    } catch (error) {
      // The store's outage is not the user's: the request goes on.
      log({ event: 'rate_limit_store_failed', line, message: `The rate limit store failed: ${(error as Error)?.message ?? String(error)}` });
      return;
    }
    if (count.count <= limit.limit) return;
    const retryAfter = Math.max(1, Math.ceil((count.resetAt - Date.now()) / 1000));
    log({ event: 'rate_limited', line, message: `Too many token requests for line ${line}: ${count.count} in ${limit.windowMs} ms` });
    throw new Refusal(429, { error: 'rate_limited', message: `Too many token requests: try again in ${retryAfter} s` }, { 'retry-after': String(retryAfter) });
  }

  return async (request, context) => {
    try {
      if (request.method !== 'GET' && request.method !== 'POST') {
        throw new Refusal(405, { error: 'method_not_allowed', message: 'GET or POST this endpoint for a CSI token' }, { allow: 'GET, POST' });
      }
      let line: string | undefined | null;
      try {
        line = await options.lineFor(request, context as Context);
      } catch (error) {
        log({ event: 'line_for_failed', message: `lineFor threw: ${(error as Error)?.message ?? String(error)}` });
        throw new Refusal(500, { error: 'internal_error', message: 'The token endpoint failed' });
      }
      if (line === undefined || line === null || line === '') {
        throw new Refusal(401, { error: 'not_signed_in', message: 'Sign in first: nobody with a Keyyo line is signed in' });
      }
      if (typeof line !== 'string' || !CSI.test(line)) {
        log({ event: 'line_invalid', message: `lineFor returned ${typeof line === 'string' ? `"${line.slice(0, 80)}"` : `a ${typeof line}`}, which is no CSI` });
        throw new Refusal(500, { error: 'internal_error', message: 'The token endpoint failed' });
      }
      await checkRate(line);
      const { token, expiresAt } = await tokenFor(line);
      return json(200, { token, expires_in: Math.max(1, Math.floor((expiresAt - Date.now()) / 1000)) });
    } catch (error) {
      if (error instanceof Refusal) return json(error.httpStatus, error.body, error.headers);
      log({ event: 'internal_error', message: `The token endpoint failed: ${(error as Error)?.message ?? String(error)}` });
      return json(500, { error: 'internal_error', message: 'The token endpoint failed' });
    }
  };
}

function json(status: number, body: object, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' },
  });
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`createTokenHandler: ${name} must be a positive number, not ${String(value)}`);
  return value;
}
