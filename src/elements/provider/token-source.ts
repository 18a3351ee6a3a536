import { CtiError } from '../../sdk/index.js';

/** A CSI token is valid one hour: fetch a new one past 55 minutes. */
const TOKEN_MAX_AGE_MS = 55 * 60_000;
/** A token URL that does not answer within this has failed (the SDK's own deadline is its `timeout`). */
const FETCH_DEADLINE_MS = 10_000;
const HOW = 'set token-url, token, or the tokenProvider property (a function; in Vue, :tokenProvider.prop)';
const NO_TOKEN_SOURCE = `No CSI token source: ${HOW}`;
const TOKEN_PROVIDER_NOT_A_FUNCTION = `tokenProvider is not a function (an attribute?): ${HOW}`;
/** What a CSI token looks like: no spaces, no markup, not a page. */
const TOKEN = /^[\w.~+/=:-]{1,4096}$/;

/** Where the provider's tokens come from: the element's `tokenProvider`, `token-url` and `token`. */
export interface TokenHost extends HTMLElement {
  readonly token?: string;
  readonly tokenUrl?: string;
  readonly tokenProvider?: () => Promise<string>;
}

/**
 * The provider's tokens, for the SDK's `token_provider`: the page's
 * function, else its token URL, else its `token` attribute; a token is
 * kept until it is 55 minutes old or the service refuses it. What the
 * source gives is checked: what cannot be a token (a page of HTML from
 * a token URL, a text with spaces) is an error naming the URL.
 */
export class TokenSource {
  #token?: { value: string; at: number };

  constructor(private readonly host: TokenHost) {}

  /** Whether the page gives any token source. */
  get given(): boolean {
    return Boolean(this.host.tokenProvider || this.host.tokenUrl || this.host.token);
  }

  /** What is wrong with how the page gives tokens, as an error, if anything.
   * A function bound as an attribute (a framework setting it before the
   * element was defined) arrives as a string attribute. */
  problem(): CtiError | undefined {
    const { host } = this;
    const problem =
      host.tokenProvider !== undefined && typeof host.tokenProvider !== 'function'
        ? TOKEN_PROVIDER_NOT_A_FUNCTION
        : this.given
          ? undefined
          : host.hasAttribute('tokenprovider') || host.hasAttribute('token-provider')
            ? TOKEN_PROVIDER_NOT_A_FUNCTION
            : NO_TOKEN_SOURCE;
    return problem && new CtiError(400, 'no_token_source', problem);
  }

  /** A token: the one held unless too old or `refresh`; the `token`
   * attribute at once (the socket opens without waiting for anything). */
  async get(refresh: boolean): Promise<string> {
    if (!refresh && this.#token && Date.now() - this.#token.at < TOKEN_MAX_AGE_MS) return this.#token.value;
    const error = this.problem();
    if (error) throw error;
    const { tokenProvider, tokenUrl, token } = this.host;
    const given = tokenProvider ? await tokenProvider() : tokenUrl ? await fetchToken(tokenUrl) : token;
    const value = typeof given === 'string' ? given.trim() : '';
    // A page (a sign-in form, an error page) answered instead is no token: the URL is named.
    if (!TOKEN.test(value)) throw new CtiError(400, 'invalid_csi_token', `The token source gave no CSI token${tokenUrl && !tokenProvider ? ` (${tokenUrl})` : ''}`);
    this.#token = { value, at: Date.now() };
    return value;
  }
}

/** GET the token URL with the page's credentials: JSON `token` or `csi_token`, a JSON string, or plain text. */
async function fetchToken(url: string): Promise<unknown> {
  const response = await fetch(url, { credentials: 'include', headers: { accept: 'application/json, text/plain' }, signal: AbortSignal.timeout(FETCH_DEADLINE_MS) }).catch(() => {
    throw new CtiError(400, 'connection_closed', `The token URL ${url} cannot be reached`);
  });
  if (!response.ok) throw new CtiError(response.status, 'invalid_csi_token', `The token URL ${url} answered ${response.status}`);
  const text = (await response.text()).trim();
  try {
    const json = JSON.parse(text);
    return typeof json === 'string' ? json : (json?.token ?? json?.csi_token);
  } catch {
    return text;
  }
}
