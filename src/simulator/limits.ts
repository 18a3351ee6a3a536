// Every bound the simulator puts on what it is sent and on what it keeps, in
// one place, so that README.md can list them and the tests can check them.
// A bound here is a rule of the simulator; the hosted service documents none.

const DAY_MS = 86_400_000;

/** Ranges of the numbers the simulator accepts, inclusive. */
export const RANGES = {
  /** A phone's `answer_after_ms` policy (PUT /sim/phones/<number>/policy). */
  answerAfterMs: { min: 0, max: DAY_MS },
  /** POST /sim/faults/stall `ms`. */
  stallMs: { min: 0, max: 600_000 },
  /** POST /sim/faults/delay `ms`. */
  delayMs: { min: 0, max: 60_000 },
  /** POST /sim/faults/drop-replies `count`. */
  dropReplies: { min: 0, max: 10_000 },
  /** POST /sim/clock/advance `ms` (one year and a day; the clock itself
   * never goes past the last date JavaScript can write). */
  advanceMs: { min: 0, max: 366 * DAY_MS },
  /** `invite_timer` of `supervised_transfer_call`, in seconds. */
  inviteTimerSeconds: { min: 0, max: 86_400 },
  /** The ring timeout (`--ring-timeout`, `ringTimeoutMs`). */
  ringTimeoutMs: { min: 1, max: DAY_MS },
  /** The CSI token lifetime (`--token-lifetime`, `tokenLifetimeMs`). */
  tokenLifetimeMs: { min: 1, max: 366 * DAY_MS },
  /** The OAuth2 access token lifetime (`--access-token-lifetime`, `accessTokenLifetimeMs`). */
  accessTokenLifetimeMs: { min: 1000, max: 366 * DAY_MS },
  /** POST /sim/faults/manager `status`: what the Manager API answers. */
  managerFaultStatus: { min: 400, max: 599 },
  /** POST /sim/faults/manager `count`: how many of its requests fail. */
  managerFaultCount: { min: 0, max: 10_000 },
  /** POST /sim/faults/manager `ms`: how late the Manager API answers. */
  managerDelayMs: { min: 0, max: 600_000 },
  /** How long a session without sockets survives (`sessionGraceMs`). */
  sessionGraceMs: { min: 0, max: DAY_MS },
  /** Ended calls kept for GET /sim/state (`historyLimit`). */
  historyLimit: { min: 0, max: 100_000 },
} as const;

export type Range = { readonly min: number; readonly max: number };

/** The latest time a Date can hold, in ms since the epoch. */
export const MAX_TIME_MS = 8_640_000_000_000_000;

/** Sizes and counts of what the simulator accepts and keeps. */
export const LIMITS = {
  /** Bytes of a control API or Manager API request body (else 413). */
  bodyBytes: 64 * 1024,
  /** Bytes of one incoming SockJS frame: a WebSocket message (else the
   * socket closes with 1009), or an HTTP transport's request body (else 413). */
  frameBytes: 64 * 1024,
  /** Characters of outside data quoted back in an error message; longer
   * values are cut and end with "…". */
  echoChars: 200,
  /** Messages of send_message kept for GET /sim/state: the newest ones. */
  messagesKept: 100,
  /** Characters of each kept message's text; longer texts are cut and end
   * with "…". */
  messageChars: 1000,
  /** CSI tokens kept at once; issuing one more forgets the oldest. Expired
   * tokens are forgotten as new ones are issued. */
  tokens: 10_000,
  /** Sessions without any socket (waiting out their grace time) kept at
   * once; one more destroys the one that has waited longest. */
  idleSessions: 1_000,
  /** Calls in progress (not ended) at once; placing one more is refused. */
  activeCalls: 1_000,
  /** Numbers with a policy other than the default; one more is refused. */
  policies: 1_000,
  /** Messages held by a stall; one more ends the stall at once. */
  heldMessages: 10_000,
  /** Domain masks of one CSI token. */
  domainMasks: 20,
  /** OAuth2 access tokens, refresh tokens and authorization codes kept, each;
   * expired ones are forgotten as new ones are issued, and one more
   * forgets the oldest. */
  oauth2Grants: 10_000,
} as const;

/** What is wrong with `value` as an integer in `range`, or undefined when it
 * is one. */
export function integerProblem(value: unknown, range: Range): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= range.min && value <= range.max) return undefined;
  return `must be an integer from ${range.min} to ${range.max}, not ${describe(value)}`;
}

/** A short description of a value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  if (typeof value === 'string') return excerpt(JSON.stringify(value));
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `text` cut to `max` characters, ending with "…" when it was longer. */
export function excerpt(text: string, max: number = LIMITS.echoChars): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text[end - 1]!)) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Outside data quoted for an error message: in double quotes, cut to
 * LIMITS.echoChars. */
export function quote(value: unknown): string {
  return `"${excerpt(String(value))}"`;
}
