// The account's OAuth2 access token for the Manager API, kept in memory
// until shortly before it expires and asked for again when the Manager API
// refuses it. Keyyo documents the authorization_code grant at
// https://ssl.keyyo.com/oauth2/token.php, answering `access_token` and
// `expires_in`, or `error` and `error_description`; the refresh_token and
// client_credentials grants are standard OAuth2 (RFC 6749) that the hosted
// service may or may not accept (the simulator accepts both).

/** Gives the account's Manager API access token; `refresh` after the
 * Manager API refused the last one. */
export type AccessTokenSource = (context: { refresh: boolean }) => string | Promise<string>;

export const KEYYO_TOKEN_URL = 'https://ssl.keyyo.com/oauth2/token.php';

export interface OAuth2CredentialsOptions {
  clientId: string;
  clientSecret: string;
  /** A refresh token from the authorization_code grant (the account
   * holder's consent, once). Without it, the client_credentials grant. */
  refreshToken?: string;
  /** Called with each new refresh token when the server rotates them, to
   * keep it where the first one was kept. */
  onRefreshToken?: (refreshToken: string) => void | Promise<void>;
  /** Default https://ssl.keyyo.com/oauth2/token.php. */
  tokenUrl?: string;
  /** Default 10000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A failure to get credentials; its message never holds a secret. */
export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

/** An access token is renewed this long before it expires. */
const RENEW_BEFORE_MS = 60_000;

/**
 * An access token source for an OAuth2 client: the refresh_token grant when
 * given a refresh token (keeping the newest one the server sends back),
 * else client_credentials. The token is kept in memory, one grant request
 * at a time.
 */
export function oauth2Credentials(options: OAuth2CredentialsOptions): AccessTokenSource {
  if (!options.clientId || !options.clientSecret) throw new TypeError('oauth2Credentials: clientId and clientSecret are required');
  const tokenUrl = new URL(options.tokenUrl ?? KEYYO_TOKEN_URL).href;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const fetcher = options.fetch ?? fetch;
  let refreshToken = options.refreshToken;
  let current: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function grant(): Promise<string> {
    const body = new URLSearchParams({ client_id: options.clientId, client_secret: options.clientSecret });
    if (refreshToken) body.set('refresh_token', refreshToken);
    body.set('grant_type', refreshToken ? 'refresh_token' : 'client_credentials');
    let response: Response;
    try {
      response = await fetcher(tokenUrl, { method: 'POST', body, headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new CredentialsError(timedOut ? `the OAuth2 token endpoint did not answer within ${timeoutMs} ms` : 'the OAuth2 token endpoint cannot be reached');
    }
    const answer = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok || typeof answer?.access_token !== 'string') {
      const code = typeof answer?.error === 'string' ? answer.error : `HTTP ${response.status}`;
      const words = typeof answer?.error_description === 'string' ? `: ${answer.error_description.slice(0, 300)}` : '';
      throw new CredentialsError(`the OAuth2 token endpoint refused the ${body.get('grant_type')} grant (${code}${words})`);
    }
    if (typeof answer.refresh_token === 'string' && answer.refresh_token !== refreshToken) {
      refreshToken = answer.refresh_token;
      await options.onRefreshToken?.(refreshToken);
    }
    const lifetimeMs = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in * 1000 : 3_600_000;
    current = { token: answer.access_token, renewAt: Date.now() + lifetimeMs - Math.min(RENEW_BEFORE_MS, lifetimeMs / 2) };
    return current.token;
  }

  return ({ refresh }) => {
    if (!refresh && current && Date.now() < current.renewAt) return current.token;
    pending ??= grant().finally(() => (pending = undefined));
    return pending;
  };
}
