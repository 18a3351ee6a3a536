// The Manager API's CSI-token endpoint and the OAuth2 server in front of it,
// shaped like Keyyo's (public PHP client, Keyyo/keyyo-manager-php-client):
// `POST /manager/1.0/services/<csi>/csi_token` with a bearer access token and
// `domain_masks[]`, answering `{token, expires_in}`, errors with their reason
// in `X-Status-Reason`; `/oauth2/authorize.php` (a consent page) and
// `/oauth2/token.php` (authorization_code, and the simulator's own
// client_credentials and refresh_token grants). What the hosted service does
// not publish is the simulator's choice, listed in README.md.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { domainMasksProblem } from './domains.js';
import { decodeSegment, HttpError, readFields, sendJson, type RequestTarget } from './http.js';
import { describe, excerpt, integerProblem, LIMITS, quote, RANGES } from './limits.js';
import type { CtiModel } from './model.js';

/** An application registered with the OAuth2 server. */
export interface OAuth2Client {
  id: string;
  secret: string;
  /** The account (an organisation of the directory) that its
   * client_credentials grant reaches; default the directory's first. */
  account?: string;
}

/** The client the simulator accepts unless told otherwise; printed by its
 * command line and used by the demo. */
export const DEMO_CLIENT: Readonly<OAuth2Client> = { id: 'keyyo-demo', secret: 'keyyo-demo-secret' };

export interface ManagerOptions {
  clients?: OAuth2Client[];
  /** How long an access token lives. Default one hour. */
  accessTokenLifetimeMs?: number;
  /** No bearer needed: anyone gets a CSI token for any line. */
  open?: boolean;
}

export const MANAGER_ROOT = '/manager/1.0';
export const OAUTH2_AUTHORIZE = '/oauth2/authorize.php';
export const OAUTH2_TOKEN = '/oauth2/token.php';

const CSI_TOKEN = /^\/manager\/1\.0\/services\/([^/]+)\/csi_token$/;
/** An authorization code is good for this long, once. */
const CODE_LIFETIME_MS = 60_000;

interface Grant {
  client: string;
  account: string;
  expiresAt: number;
}

interface Code extends Grant {
  state: string;
}

/** A refusal of the OAuth2 server: RFC 6749's `error` code and words. */
class OAuth2Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(excerpt(description, 1000));
  }
}

const secret = () => randomBytes(24).toString('base64url');

/** A header value from words that may quote anything: printable ASCII only. */
const headerSafe = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');

/** Compares secrets in constant time. */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** Bounded maps of grants: expired ones go first, then the oldest. */
function keep<T extends { expiresAt: number }>(map: Map<string, T>, key: string, value: T, now: number): void {
  for (const [old, entry] of map) {
    if (entry.expiresAt > now && map.size < LIMITS.oauth2Grants) break;
    map.delete(old);
  }
  map.set(key, value);
}

export class ManagerApi {
  readonly clients: readonly OAuth2Client[];
  readonly open: boolean;
  readonly accessTokenLifetimeMs: number;
  #accessTokens = new Map<string, Grant>();
  #refreshTokens = new Map<string, Grant>();
  #codes = new Map<string, Code>();
  /** CSI-token requests answered, for tests counting the calls made to the Manager API. */
  #requests = 0;
  #fault = { status: 0, count: 0, delayMs: 0 };

  constructor(
    readonly model: CtiModel,
    options: ManagerOptions = {},
  ) {
    const organisations = new Set(model.directory.lines.map((line) => line.organisation));
    const first = model.directory.lines[0]?.organisation ?? '';
    this.clients = (options.clients ?? [DEMO_CLIENT]).map((client) => {
      if (!client.id || !client.secret) throw new Error('an OAuth2 client needs an id and a secret');
      if (client.account !== undefined && !organisations.has(client.account)) throw new Error(`OAuth2 client ${client.id}: no organisation ${quote(client.account)}`);
      return { ...client, account: client.account ?? first };
    });
    const lifetime = options.accessTokenLifetimeMs ?? 3_600_000;
    const problem = integerProblem(lifetime, RANGES.accessTokenLifetimeMs);
    if (problem) throw new RangeError(`accessTokenLifetimeMs ${problem}`);
    this.accessTokenLifetimeMs = lifetime;
    this.open = options.open ?? false;
  }

  /** Serves /manager/... and /oauth2/...; false for any other path. */
  async handle(request: IncomingMessage, response: ServerResponse, { pathname, search }: RequestTarget): Promise<boolean> {
    if (pathname.startsWith('/manager/')) await this.#manager(request, response, pathname);
    else if (pathname === OAUTH2_TOKEN) await this.#token(request, response);
    else if (pathname === OAUTH2_AUTHORIZE) await this.#authorize(request, response, search);
    else return false;
    return true;
  }

  // ---- Manager API -----------------------------------------------------------

  async #manager(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    let status = 200;
    let payload: unknown;
    const headers: Record<string, string> = {};
    try {
      const match = CSI_TOKEN.exec(pathname);
      if (!match) throw new HttpError(404, `no such resource: ${quote(pathname)}`);
      if (request.method !== 'POST') throw new HttpError(405, `${request.method} is not allowed: POST a csi_token`);
      this.#requests += 1;
      await this.#faultDelay();
      if (this.#fault.count > 0) {
        this.#fault.count -= 1;
        throw new HttpError(this.#fault.status, 'a failure simulated by POST /sim/faults/manager');
      }
      const csi = decodeSegment(match[1]!, 'CSI');
      const account = this.#account(request);
      const fields = await readFields(request, LIMITS.bodyBytes);
      const line = this.model.directory.line(csi);
      if (!line) throw new HttpError(404, `no service with CSI ${quote(csi)}`);
      if (account !== undefined && line.organisation !== account) throw new HttpError(403, `the service ${csi} does not belong to this account`);
      payload = this.model.issueToken(csi, domainMasks(fields));
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      status = error.status;
      payload = { error: error.message };
      headers['x-status-reason'] = headerSafe(error.message);
      if (status === 401) headers['www-authenticate'] = `Bearer realm="Keyyo Manager", error="invalid_token", error_description="${headerSafe(error.message).replace(/"/g, "'")}"`;
    }
    sendJson(response, status, payload, headers);
  }

  /** The account the request's bearer belongs to (undefined when the API is
   * open); 401 without a valid one, as OAuth2 resource servers answer (RFC
   * 6750). */
  #account(request: IncomingMessage): string | undefined {
    if (this.open) return undefined;
    const authorization = request.headers.authorization;
    const bearer = authorization && /^Bearer +([\x21-\x7e]+)$/i.exec(authorization)?.[1];
    if (!bearer) throw new HttpError(401, 'an access token is required: send Authorization: Bearer <access token> (POST /oauth2/token.php gives one)');
    const grant = this.#accessTokens.get(bearer);
    if (!grant) throw new HttpError(401, 'unknown access token');
    if (grant.expiresAt <= this.model.clock.now()) throw new HttpError(401, 'the access token expired');
    return grant.account;
  }

  async #faultDelay(): Promise<void> {
    const ms = this.#fault.delayMs;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms).unref());
  }

  // ---- OAuth2 token endpoint ------------------------------------------------

  async #token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let status = 200;
    let payload: unknown;
    try {
      if (request.method !== 'POST') throw new OAuth2Error(405, 'invalid_request', `${request.method} is not allowed: POST the grant`);
      let fields: Record<string, unknown>;
      try {
        fields = await readFields(request, LIMITS.bodyBytes);
      } catch (error) {
        if (error instanceof HttpError) throw new OAuth2Error(error.status, 'invalid_request', error.message);
        throw error;
      }
      payload = this.#grant(fields, request.headers.authorization);
    } catch (error) {
      if (!(error instanceof OAuth2Error)) throw error;
      status = error.status;
      payload = { error: error.code, error_description: error.message };
    }
    sendJson(response, status, payload, { pragma: 'no-cache' });
  }

  #grant(fields: Record<string, unknown>, authorization: string | undefined): object {
    const client = this.#client(fields, authorization);
    const grantType = field(fields, 'grant_type');
    const now = this.model.clock.now();
    let account: string;
    let refreshable = true;
    if (grantType === 'authorization_code') {
      const code = field(fields, 'code');
      const issued = this.#codes.get(code);
      // A code is used once, even when the exchange fails.
      this.#codes.delete(code);
      if (!issued || issued.client !== client.id || issued.expiresAt <= now) throw new OAuth2Error(400, 'invalid_grant', 'unknown, used or expired authorization code');
      const state = optionalField(fields, 'state');
      if (state !== undefined && state !== issued.state) throw new OAuth2Error(400, 'invalid_grant', '"state" is not the one the authorization was asked with');
      account = issued.account;
    } else if (grantType === 'refresh_token') {
      const token = field(fields, 'refresh_token');
      const grant = this.#refreshTokens.get(token);
      if (!grant || grant.client !== client.id) throw new OAuth2Error(400, 'invalid_grant', 'unknown or revoked refresh token');
      // Rotation: the refresh token is spent; the answer holds the next one.
      this.#refreshTokens.delete(token);
      account = grant.account;
    } else if (grantType === 'client_credentials') {
      account = client.account!;
      refreshable = false;
    } else {
      throw new OAuth2Error(400, 'unsupported_grant_type', `"grant_type" ${quote(grantType)} is not one of authorization_code, refresh_token, client_credentials`);
    }
    const accessToken = secret();
    keep(this.#accessTokens, accessToken, { client: client.id, account, expiresAt: now + this.accessTokenLifetimeMs }, now);
    const answer: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: Math.ceil(this.accessTokenLifetimeMs / 1000) };
    if (refreshable) {
      answer.refresh_token = secret();
      keep(this.#refreshTokens, answer.refresh_token as string, { client: client.id, account, expiresAt: Number.MAX_SAFE_INTEGER }, now);
    }
    return answer;
  }

  /** The client authenticated by `client_id` and `client_secret` fields, or
   * by HTTP Basic (RFC 6749, 2.3.1). */
  #client(fields: Record<string, unknown>, authorization: string | undefined): OAuth2Client {
    let id = optionalField(fields, 'client_id');
    let given = optionalField(fields, 'client_secret');
    const basic = authorization && /^Basic +([A-Za-z0-9+/=]+)$/i.exec(authorization)?.[1];
    if (basic && id === undefined) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      try {
        if (colon > 0) [id, given] = [decodeURIComponent(decoded.slice(0, colon)), decodeURIComponent(decoded.slice(colon + 1))];
      } catch {
        throw new OAuth2Error(400, 'invalid_request', 'the Basic credentials have a malformed percent-escape');
      }
    }
    if (id === undefined) throw new OAuth2Error(400, 'invalid_request', 'missing "client_id"');
    if (given === undefined) throw new OAuth2Error(400, 'invalid_request', 'missing "client_secret"');
    const client = this.clients.find((candidate) => candidate.id === id);
    if (!client || !sameSecret(given, client.secret)) throw new OAuth2Error(401, 'invalid_client', 'unknown client or wrong secret');
    return client;
  }

  // ---- OAuth2 consent page ----------------------------------------------------

  /** GET: the page where the account holder lets the application in; POST:
   * their answer, sent back to the application's `redirect_uri` (the
   * simulator's own parameter: the hosted service uses the address
   * registered with the application) or shown on the page. */
  async #authorize(request: IncomingMessage, response: ServerResponse, search: string): Promise<void> {
    try {
      if (request.method === 'GET' || request.method === 'HEAD') {
        const query = new URLSearchParams(search);
        const params = Object.fromEntries(['client_id', 'response_type', 'state', 'redirect_uri'].map((name) => [name, query.get(name) ?? undefined]));
        this.#checkAuthorization(params);
        return this.#page(response, 200, this.#consentForm(params));
      }
      if (request.method !== 'POST') throw new HttpError(405, `${request.method} is not allowed`);
      const fields = await readFields(request, LIMITS.bodyBytes);
      const params = Object.fromEntries(['client_id', 'response_type', 'state', 'redirect_uri', 'account', 'decision'].map((name) => [name, optionalText(fields, name)]));
      const client = this.#checkAuthorization(params);
      const accounts = this.#accounts();
      const account = params.account ?? accounts[0];
      if (!account || !accounts.includes(account)) throw new HttpError(400, `no account ${quote(account)}`);
      const answer = new URLSearchParams();
      if (params.decision === 'allow') {
        const code = secret();
        const now = this.model.clock.now();
        keep(this.#codes, code, { client: client.id, account, state: params.state ?? '', expiresAt: now + CODE_LIFETIME_MS }, now);
        answer.set('code', code);
      } else {
        answer.set('error', 'access_denied');
      }
      if (params.state !== undefined) answer.set('state', params.state);
      if (params.redirect_uri) {
        const target = new URL(params.redirect_uri);
        for (const [name, value] of answer) target.searchParams.set(name, value);
        response.writeHead(303, { location: target.href, 'cache-control': 'no-store' });
        response.end();
        return;
      }
      const shown = [...answer].map(([name, value]) => `<dt>${name}</dt><dd><code>${escapeHtml(value)}</code></dd>`).join('');
      this.#page(response, 200, `<h1>Keyyo (simulator)</h1><p>No <code>redirect_uri</code> was given: here is the answer for the application.</p><dl>${shown}</dl>`);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      this.#page(response, error.status, `<h1>Keyyo (simulator)</h1><p>This authorization request is refused: ${escapeHtml(error.message)}</p>`);
    }
  }

  #checkAuthorization(params: Record<string, string | undefined>): OAuth2Client {
    const client = this.clients.find((candidate) => candidate.id === params.client_id);
    if (!client) throw new HttpError(400, params.client_id === undefined ? 'missing "client_id"' : `unknown client_id ${quote(params.client_id)}`);
    if (params.response_type !== 'code') throw new HttpError(400, `"response_type" must be "code", not ${describe(params.response_type)}`);
    if (params.redirect_uri !== undefined) {
      let url: URL | undefined;
      try {
        url = new URL(params.redirect_uri);
      } catch {
        url = undefined;
      }
      if (!url || !/^https?:$/.test(url.protocol)) throw new HttpError(400, `"redirect_uri" must be an http(s) URL, not ${quote(params.redirect_uri)}`);
    }
    return client;
  }

  #accounts(): string[] {
    return [...new Set(this.model.directory.lines.map((line) => line.organisation))];
  }

  #consentForm(params: Record<string, string | undefined>): string {
    const hidden = ['client_id', 'response_type', 'state', 'redirect_uri']
      .filter((name) => params[name] !== undefined)
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params[name]!)}">`)
      .join('');
    const accounts = this.#accounts()
      .map((account, index) => `<label><input type="radio" name="account" value="${escapeHtml(account)}"${index ? '' : ' checked'}> ${escapeHtml(account)}</label>`)
      .join('<br>');
    return `<h1>Keyyo (simulator)</h1>
<form method="post" action="${OAUTH2_AUTHORIZE}">${hidden}
<p>The application <strong>${escapeHtml(params.client_id!)}</strong> asks to manage your Keyyo account. Signed in as the administrator of:</p>
<p>${accounts}</p>
<p><button type="submit" name="decision" value="allow">Allow</button> <button type="submit" name="decision" value="deny">Deny</button></p>
</form>`;
  }

  #page(response: ServerResponse, status: number, body: string): void {
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      'x-frame-options': 'DENY',
    });
    response.end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>Keyyo authorization (simulator)</title><body style="font-family: sans-serif; max-width: 40rem; margin: 2rem auto">${body}</body></html>`,
    );
  }

  // ---- Control ---------------------------------------------------------------

  /** Expires an access token at once (a test's shortcut for waiting an hour). */
  expireAccessToken(token: string): boolean {
    const grant = this.#accessTokens.get(token);
    if (grant) grant.expiresAt = this.model.clock.now();
    return grant !== undefined;
  }

  /** The next `count` CSI-token requests answer `status`; every one answers
   * `delayMs` late (0: at once) until the faults are cleared. */
  setFault(fault: { status?: number; count?: number; delayMs?: number }): void {
    if (fault.status !== undefined) this.#fault.status = fault.status;
    if (fault.count !== undefined) this.#fault.count = fault.count;
    if (fault.delayMs !== undefined) this.#fault.delayMs = fault.delayMs;
    if (this.#fault.count > 0 && !this.#fault.status) this.#fault.status = 500;
  }

  clearFaults(): void {
    this.#fault = { status: 0, count: 0, delayMs: 0 };
  }

  /** Forgets every grant (POST /sim/reset). */
  reset(): void {
    this.#accessTokens.clear();
    this.#refreshTokens.clear();
    this.#codes.clear();
    this.#requests = 0;
    this.clearFaults();
  }

  snapshot() {
    return {
      open: this.open,
      csi_token_requests: this.#requests,
      access_tokens: this.#accessTokens.size,
      refresh_tokens: this.#refreshTokens.size,
      faults: { status: this.#fault.status || null, count: this.#fault.count, delay_ms: this.#fault.delayMs },
    };
  }
}

/** `domain_masks` of a csi_token request (form fields `domain_masks[]`, or a
 * JSON array), checked; 400 with the first problem. */
function domainMasks(fields: Record<string, unknown>): string[] {
  if (!Object.hasOwn(fields, 'domain_masks')) return [];
  let masks = fields.domain_masks;
  if (typeof masks === 'string') masks = [masks];
  if (!Array.isArray(masks)) throw new HttpError(400, `"domain_masks" must be a list of domains, not ${describe(masks)}`);
  const problem = domainMasksProblem(masks);
  if (problem) throw new HttpError(400, `"domain_masks": ${problem}`);
  return (masks as string[]).map((mask) => mask.toLowerCase());
}

/** A text field of an OAuth2 request: missing or not one text is invalid_request. */
function field(fields: Record<string, unknown>, name: string): string {
  const value = optionalField(fields, name);
  if (value === undefined) throw new OAuth2Error(400, 'invalid_request', `missing "${name}"`);
  return value;
}

function optionalField(fields: Record<string, unknown>, name: string): string | undefined {
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  if (typeof value !== 'string' || value === '') throw new OAuth2Error(400, 'invalid_request', `"${name}" must be a non-empty text, not ${describe(value)}`);
  return value;
}

/** A text field of the consent form; 400 for anything else. */
function optionalText(fields: Record<string, unknown>, name: string): string | undefined {
  if (!Object.hasOwn(fields, name)) return undefined;
  const value = fields[name];
  if (typeof value !== 'string') throw new HttpError(400, `"${name}" must be a text, not ${describe(value)}`);
  return value;
}
