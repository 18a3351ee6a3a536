import type { Call } from './call.js';
import { CallsStore, isTime } from './calls-store.js';
import { Emitter } from './emitter.js';
import { connectionClosed, CtiError, invalidParams, missingParameter, notConnected, protocolError, serverError, shown, textOf, timedOut } from './errors.js';
import { internationalNumber, subscribable } from './numbers.js';
import { run, type Callback } from './settle.js';
import { SHARING } from './sharing.js';
import { openTransport, type SockJSConstructor, type Transport } from './transport.js';

type Optional = 'SockJS' | 'token_provider' | 'share_connection' | 'keep_subscribed';

/** Where the session stands, and why: what `state` holds and the `state` event tells. */
export type ConnectionState =
  /** No session: never opened, closed by `disconnect()` or destroyed. */
  | { readonly status: 'idle' }
  | { readonly status: 'connecting' }
  | { readonly status: 'connected' }
  /** Lost (or not reached yet) for `cause`: attempt `attempt` comes at `at`
   * (ms since the epoch); without `at`, it is under way, or waits for the
   * browser to be back online. */
  | { readonly status: 'reconnecting'; readonly cause: CtiError; readonly attempt: number; readonly at?: number }
  /** Another tab takes the shared connection over: back at once, else `reconnecting` after a second. */
  | { readonly status: 'handover' }
  /** Given up for `error` (a refused token, no token to restore with, bad input): nothing more is tried. */
  | { readonly status: 'failed'; readonly error: CtiError };

/** A handover not done within this is said to be an outage. */
const HANDOVER_MS = 1000;
/** A connection up this long resets the backoff. */
const STABLE_MS = 30_000;
/** Restoring failed because the service no longer knows the session: create one. */
const GONE = /^(invalid_session_id|invalid_params)$/;

export interface CTIOptions {
  /** Keep the session id in a cookie, for `restore_session` after a reload. Default true. */
  cookie_auto?: boolean;
  /** Default `__ksid`. */
  cookie_name?: string;
  /** Days the cookie lasts (1 to 3650). Default 60. */
  cookie_expires?: number;
  /** An http(s) or ws(s) URL, or a path of the page's origin. Default `https://ws.keyyo.com/cti`. */
  endpoint?: string;
  /** Check that the socket and the session live while connected, and treat a socket that does not answer as dead. Default true. */
  ping_auto?: boolean;
  /** Milliseconds of silence from the service before a liveness check (100 to 3600000). Default 15000. */
  ping_interval?: number;
  /** Milliseconds a command, and each stage of connecting, waits for its reply (100 to 600000). Default 10000. */
  timeout?: number;
  /** Ended calls kept by `get_calls` (0 to 100000). Default 500. */
  history_limit?: number;
  /** The SockJS client constructor, for its HTTP fallbacks where WebSockets are blocked. */
  SockJS?: SockJSConstructor;
  /** Keep the session: try again, with backoff, after the connection is lost or the service could not be reached. Default true. */
  reconnect?: boolean;
  /** The first reconnection attempt comes within this many ms (10 to 3600000). Default 500. */
  reconnect_min_delay?: number;
  /** No wait between attempts is longer (10 to 3600000). Default 30000. */
  reconnect_max_delay?: number;
  /** Gives a CSI token when connecting and reconnecting: a fresh one when
   * `refresh` (the service refused the last one); it has `timeout` ms.
   * Without it the last token is used, until the service refuses it. */
  token_provider?: (refresh: boolean) => Promise<string>;
  /** `SharedConnection` from this SDK: the CTIs of this origin's tabs with
   * the same endpoint and cookie name share one socket and one session.
   * Where Web Locks or BroadcastChannel are missing, each keeps its own. */
  share_connection?: { join(options: CTI['options']): SharedMember | undefined };
  /** Whether something else on the page still needs a number followed:
   * `unsubscribe` then leaves it subscribed (and resolves 1). */
  keep_subscribed?: (number: string) => boolean;
}

/** A CTI's place among those sharing a connection: a socket for its transport, and a way out. */
export interface SharedMember {
  readonly Socket: SockJSConstructor;
  readonly leading: boolean;
  /** How many times its socket was lost to the connection changing hands
   * (said only between tabs, never by a server): each is tried again at once. */
  readonly handovers: number;
  leave(): void;
}

export interface SessionResult {
  /** The line (CSI) of the token. */
  number: string;
  /** Server time, in seconds. */
  now: number;
  session_id?: string;
}

export interface CTIEvents {
  /** Every call notification, as 1.1 fired it. */
  newCall: (call: Call) => void;
  setup: (call: Call) => void;
  connect: (call: Call) => void;
  release: (call: Call) => void;
  missed: (call: Call) => void;
  /** The socket closed while a session was open. */
  disconnected: (event: { code: number; reason: string }) => void;
  /** An attempt to reconnect is scheduled in `delay` ms. */
  reconnecting: (event: { attempt: number; delay: number }) => void;
  /** The session is back: restored, or `recreated` when the service had destroyed it. */
  reconnected: (event: { session_id: string; recreated: boolean }) => void;
  /** The connection state changed. */
  state: (state: ConnectionState) => void;
  /** What the session follows changed: the service's whole list (`get_subscriptions`), or
   * one `number` subscribed or not (a `subscribe` or `unsubscribe` that succeeded). */
  subscriptions: (event: { numbers: readonly string[] } | { number: string; subscribed: boolean }) => void;
  /** The service confirmed the session's auto-answer. */
  autoAnswer: (auto_answer: boolean) => void;
  [name: string]: (...args: any[]) => void;
}

interface Pending {
  action: string;
  /** A `401 Unknown session_id` answer means the session is gone. */
  watch: boolean;
  resolve(result: any): void;
  reject(error: CtiError): void;
  timer: ReturnType<typeof setTimeout>;
}

const DEFAULTS = {
  cookie_auto: true,
  cookie_name: '__ksid',
  cookie_expires: 60,
  endpoint: 'https://ws.keyyo.com/cti',
  ping_auto: true,
  ping_interval: 15_000,
  timeout: 10_000,
  history_limit: 500,
  reconnect: true,
  reconnect_min_delay: 500,
  reconnect_max_delay: 30_000,
  SockJS: undefined as SockJSConstructor | undefined,
  token_provider: undefined as CTIOptions['token_provider'],
  share_connection: undefined as CTIOptions['share_connection'],
  keep_subscribed: undefined as CTIOptions['keep_subscribed'],
};

/** The numeric options' ranges, whole numbers of ms, days and calls. A ping interval of 0
 * would flood the service; a negative timeout would fail every command. */
const RANGES: Record<string, [number, number]> = {
  cookie_expires: [1, 3650],
  ping_interval: [100, 3_600_000],
  timeout: [100, 600_000],
  history_limit: [0, 100_000],
  reconnect_min_delay: [10, 3_600_000],
  reconnect_max_delay: [10, 3_600_000],
};

/** An http(s) or ws(s) URL, or a path of the page's origin; a query or a
 * fragment would end up inside the socket's address. */
const isEndpoint = (value: string) => {
  try {
    return /^[^?#\s]{1,2047}$/.test(value) && /^(http|ws)s?:$/.test(new URL(value, globalThis.location?.href).protocol);
  } catch {
    return false;
  }
};

const WHAT: Record<string, string> = {
  endpoint: 'an http(s) or ws(s) URL without ? or #',
  // Browsers drop a cookie of more than 4 kB without a word.
  cookie_name: '1 to 200 characters',
  share_connection: 'SharedConnection',
};

/** The options with their defaults, each checked: a wrong one throws a
 * `CtiError` (`invalid_params`) naming it, before anything starts. Each
 * option has the type of its default (a function where it has none). */
function optionsOf(given: any): typeof DEFAULTS {
  given ??= {};
  if (typeof given !== 'object') throw invalidParams('options must be an object');
  const options: any = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS)) {
    const value = given[key];
    if (value === undefined) continue;
    const [min, max] = RANGES[key] ?? [];
    const type = typeof options[key];
    if (
      key === 'share_connection'
        ? typeof value?.join !== 'function'
        : typeof value !== (type === 'undefined' ? 'function' : type) ||
          (min !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) ||
          (key === 'endpoint' && !isEndpoint(value)) ||
          (key === 'cookie_name' && !/^\S{1,200}$/.test(value))
    ) {
      const what = min !== undefined ? `a whole number from ${min} to ${max}` : (WHAT[key] ?? (type === 'undefined' ? 'a function' : 'a ' + type));
      throw invalidParams(`option ${key} must be ${what}, not ${shown(value)}`);
    }
    options[key] = value;
  }
  if (options.reconnect_min_delay > options.reconnect_max_delay) throw invalidParams('option reconnect_min_delay must not exceed reconnect_max_delay');
  return options;
}

/** Whether a reply has the shape its action promises; a reply that has
 * not is a `protocol_error`, not a TypeError in the page. */
function fits(action: string, result: any): boolean {
  switch (action) {
    case 'ping':
      return true;
    case 'get_subscriptions':
      return Array.isArray(result?.numbers) && result.numbers.every((number: unknown) => typeof number === 'string');
    case 'get_auto_answer':
      return typeof result?.auto_answer === 'boolean';
    case 'get_int_to_local_numbers':
    case 'get_local_to_int_number':
      return typeof result === 'string';
    case 'create_session':
    case 'restore_session':
      return (action === 'restore_session' || isId(result?.session_id)) && isId(result?.number) && (result.now === undefined || isTime(result.now));
    default:
      return result !== undefined && result !== null;
  }
}

const isId = (value: unknown) => typeof value === 'string' && value !== '' && value.length <= 4096;

/** Whether a call reached what a command on it aimed for, after its reply
 * was lost; undefined when the aim is not a state of this call (a
 * supervised transfer leaves it connected while the new party rings). */
function reached(action: string, call: Call): boolean | undefined {
  switch (action) {
    case 'answer_call':
      return call.connect_date !== undefined || call.state === 'CONNECT';
    case 'reject_call':
      return call.state === 'MISSED';
    case 'supervised_transfer_call':
      return undefined;
    default:
      // hang up, and transfer, merge, park, pause, unpark: each ends the call it replaces
      return !call.active;
  }
}

/** Checks an auto-answer given: true or false. */
function booleanOf(auto_answer: unknown): void {
  if (typeof auto_answer !== 'boolean') throw invalidParams(`auto_answer must be true or false, not ${shown(auto_answer)}`);
}

/** Connects `cti` with tokens from its `token_provider` and keeps it
 * connected (see connectSession); set once the class is defined. */
export let keep: (cti: CTI, auto_answer?: boolean) => void;

/**
 * A session with the Keyyo CTI service: the API of the official JavaScript
 * SDK 1.1, with promises. Each instance is independent; nothing is global.
 *
 * One state machine owns the session's life: open (restore, else create;
 * a refused token asked again, fresh; connected; then the subscriptions
 * read back and the calls caught up), lose, recover with backoff, hand over between tabs,
 * and give up with a final error. `state` says where it stands, and why.
 */
export class CTI extends Emitter<CTIEvents> {
  /** Called on every call notification (1.1). */
  onNewCall?: ((call: Call) => void) | null;
  onDisconnected?: ((event: { code: number; reason: string }) => void) | null;

  readonly options: Readonly<Required<Omit<CTIOptions, Optional>> & Pick<CTIOptions, Optional>>;
  #state: ConnectionState = { status: 'idle' };
  #transport?: Transport;
  #shared?: SharedMember;
  #opening?: Promise<Transport>;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #sessionId?: string;
  #number?: string;
  /** Server clock minus browser clock, in ms. */
  #clockOffset = 0;
  #pingTimer?: ReturnType<typeof setTimeout>;
  /** When the last frame came, and when the last liveness check left (ms). */
  #heard = 0;
  #probed = 0;
  #calls: CallsStore;
  /** Kept in memory only, to restore the session after a lost connection. */
  #token?: string;
  #autoAnswer?: boolean;
  /** What the page subscribed to, to subscribe again in a new session. */
  #subscriptions = new Set<string>();
  /** Call refs heard since a reconnection began. */
  #caughtUp?: Set<string>;
  /** The machine's one timer: the next attempt, or the end of a handover's grace. */
  #timer?: ReturnType<typeof setTimeout>;
  /** Attempts failed since the connection last held. */
  #failures = 0;
  #connectedAt = 0;
  /** Bumped by every open, `disconnect()` and `destroy_session()`: an attempt started before is void. */
  #run = 0;
  /** The run of the machine's attempt under way, if any (a newer run voids it). */
  #attempting = 0;
  /** The shared connection's handovers already acted on. */
  #handovers = 0;

  static {
    keep = (cti, auto_answer) => {
      cti.#autoAnswer ??= auto_answer;
      if (/^(idle|failed)$/.test(cti.#state.status)) void cti.#attempt('connecting');
    };
  }

  constructor(options: CTIOptions = {}) {
    super();
    this.options = optionsOf(options);
    this.#calls = new CallsStore({ command: (action, params) => this.#callCommand(action, params), serverNow: () => this.server_now() }, this.options.history_limit);
    if (SHARING) this.#shared = this.options.share_connection?.join(this.options);
  }

  /** Where the session stands: `connecting`, `connected`, `reconnecting`
   * (with its cause and next attempt), `handover`, `failed` (with the
   * error), or `idle`; each change is the `state` event. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** Whether this CTI shares one connection with other tabs. */
  get sharing(): boolean {
    return !!this.#shared;
  }

  /** Whether this CTI holds its socket: true unless it shares another tab's. */
  get leading(): boolean {
    return this.#shared?.leading ?? true;
  }

  /** True while a session is open on a live socket. */
  get connected(): boolean {
    return this.#sessionId !== undefined && this.#transport !== undefined;
  }

  /** The session's line, once connected. */
  get number(): string | undefined {
    return this.#number;
  }

  get session_id(): string | undefined {
    return this.#sessionId;
  }

  /** Server time now, in seconds, from the browser's clock corrected by the
   * server's `now`. */
  server_now(): number {
    return (Date.now() + this.#clockOffset) / 1000;
  }

  // ---- Sessions ---------------------------------------------------------------

  /** Creates a session with a CSI token; auto-answer defaults to true. */
  create_session(token: string, callback: Callback<SessionResult>): void;
  create_session(token: string, auto_answer?: boolean): Promise<SessionResult>;
  create_session(token: string, auto_answer: boolean | undefined, callback: Callback<SessionResult>): void;
  create_session(token: string, auto_answer?: boolean | Callback<SessionResult>, callback?: Callback<SessionResult>) {
    if (typeof auto_answer === 'function') [callback, auto_answer] = [auto_answer, undefined];
    return run(callback, () => {
      if (auto_answer != null) booleanOf(auto_answer);
      const csiToken = textOf(token, 'csi_token');
      return this.#opened(() => this.#create(csiToken, auto_answer));
    });
  }

  /**
   * Restores a session after a reload. Without `session_id`, the cookie's
   * (with `cookie_auto`); when there is none, or the service no longer knows
   * it (`invalid_session_id`, `invalid_params`), a new session is created.
   */
  restore_session(token: string, callback: Callback<SessionResult>): void;
  restore_session(token: string, session_id?: string): Promise<SessionResult>;
  restore_session(token: string, session_id: string | undefined, callback: Callback<SessionResult>): void;
  restore_session(token: string, session_id?: string | Callback<SessionResult>, callback?: Callback<SessionResult>) {
    if (typeof session_id === 'function') [callback, session_id] = [session_id, undefined];
    const { cookie_auto } = this.options;
    return run(callback, () => {
      const csiToken = textOf(token, 'csi_token');
      const id = session_id ?? (cookie_auto ? this.#cookie() : undefined);
      if (!id && !cookie_auto) throw missingParameter('session_id');
      const checked = id && textOf(id, 'session_id');
      return this.#opened(() => this.#restoreElseCreate(csiToken, checked, cookie_auto));
    });
  }

  /** Destroys the session on the service and closes the connection. */
  destroy_session(): Promise<number>;
  destroy_session(callback: Callback<number>): void;
  destroy_session(callback?: Callback<number>) {
    const done = () => {
      if (this.options.cookie_auto) this.#writeCookie('', 0);
      this.#sessionId = undefined;
      this.disconnect();
    };
    return run(callback, () =>
      this.#command<number>('destroy_session').then(
        (result) => (done(), result),
        (error: CtiError) => {
          // Already gone on the service: gone here too, nothing to recover.
          if (error.error_code === 'invalid_session_id') done();
          throw error;
        },
      ),
    );
  }

  // ---- Session commands --------------------------------------------------------

  /** Follows the calls of a line of the organisation, or `"callpark"`. */
  subscribe(number: string): Promise<number>;
  subscribe(number: string, callback: Callback<number>): void;
  subscribe(number: string, callback?: Callback<number>) {
    return run(callback, () => this.#follow(subscribable(number), true));
  }

  /** Stops following a number (while `keep_subscribed` does not say it is needed). */
  unsubscribe(number: string): Promise<number>;
  unsubscribe(number: string, callback: Callback<number>): void;
  unsubscribe(number: string, callback?: Callback<number>) {
    return run(callback, () => {
      const target = subscribable(number);
      if (!this.options.keep_subscribed?.(target)) return this.#follow(target, false);
      this.emit('subscriptions', { number: target, subscribed: false });
      return Promise.resolve(1);
    });
  }

  get_subscriptions(): Promise<{ numbers: string[] }>;
  get_subscriptions(callback: Callback<{ numbers: string[] }>): void;
  get_subscriptions(callback?: Callback<{ numbers: string[] }>) {
    return run(callback, () => this.#command<{ numbers: string[] }>('get_subscriptions').then((result) => (this.emit('subscriptions', { numbers: result.numbers }), result)));
  }

  set_auto_answer(auto_answer: boolean): Promise<number>;
  set_auto_answer(auto_answer: boolean, callback: Callback<number>): void;
  set_auto_answer(auto_answer: boolean, callback?: Callback<number>) {
    return run(callback, () => {
      if (auto_answer == null) throw missingParameter('auto_answer');
      booleanOf(auto_answer);
      return this.#command<number>('set_auto_answer', { auto_answer }).then((result) => (this.#answers(auto_answer), result));
    });
  }

  get_auto_answer(): Promise<{ auto_answer: boolean }>;
  get_auto_answer(callback: Callback<{ auto_answer: boolean }>): void;
  get_auto_answer(callback?: Callback<{ auto_answer: boolean }>) {
    return run(callback, () => this.#command<{ auto_answer: boolean }>('get_auto_answer').then((result) => (this.#answers(result.auto_answer), result)));
  }

  /** Calls a number (international form) from the session's line. */
  dial(number: string): Promise<number>;
  dial(number: string, callback: Callback<number>): void;
  dial(number: string, callback?: Callback<number>) {
    return run(callback, () => this.#command<number>('call', { number: internationalNumber(number) }));
  }

  /** Sends a SIP message. */
  send_message(number: string, message: string): Promise<number>;
  send_message(number: string, message: string, callback: Callback<number>): void;
  send_message(number: string, message: string, callback?: Callback<number>) {
    return run(callback, () => {
      const to = internationalNumber(number);
      if (message === '' || (typeof message === 'string' && message.trim() === '')) throw invalidParams('message must be a non-empty text');
      return this.#command<number>('send_message', { number: to, message: textOf(message, 'message') });
    });
  }

  /** The form a person of the organisation dials (e.g. `7701`, `0699009902`). */
  int_to_local(number: string): Promise<string>;
  int_to_local(number: string, callback: Callback<string>): void;
  int_to_local(number: string, callback?: Callback<string>) {
    return run(callback, () => this.#command<string>('get_int_to_local_numbers', { number: internationalNumber(number) }));
  }

  /** The international form of what a person dialled (`7701`, `01 72 58 77 01`...). */
  local_to_int(number: string): Promise<string>;
  local_to_int(number: string, callback: Callback<string>): void;
  local_to_int(number: string, callback?: Callback<string>) {
    return run(callback, () => this.#command<string>('get_local_to_int_number', { number: textOf(number, 'number').trim() }));
  }

  ping(): Promise<unknown>;
  ping(callback: Callback<unknown>): void;
  ping(callback?: Callback<unknown>) {
    return run(callback, () => this.#command<unknown>('ping', {}, false));
  }

  /** Closes the connection and stops reconnecting, without destroying the
   * session: `restore_session` takes it up again within 5 minutes. */
  disconnect(): void {
    this.#run++;
    this.#set({ status: 'idle' });
    this.#stopPing();
    this.#listenToBrowser(false);
    this.#transport?.close();
    this.#shared?.leave();
  }

  /** Active, made, received and missed calls (synchronous, as in 1.1). */
  get_calls(): Call[] {
    return this.#calls.all();
  }

  /** The call with that call ref, or undefined (for anything but a known call ref). */
  get_call(callref: string): Call | undefined {
    return this.#calls.get(callref);
  }

  // ---- Internals ----------------------------------------------------------------

  // ---- The session's life ----------------------------------------------------------

  /** A new state; the timer of the last one (an attempt, a handover's grace) stops. */
  #set(state: ConnectionState): void {
    clearTimeout(this.#timer);
    this.#state = state;
    this.emit('state', state);
  }

  /** A page's own create or restore (1.1): what it opens, the machine keeps. */
  async #opened(open: () => Promise<SessionResult>): Promise<SessionResult> {
    const run = ++this.#run;
    const result = await open();
    if (run === this.#run) this.#up();
    return result;
  }

  #up(): void {
    this.#connectedAt = Date.now();
    this.#set({ status: 'connected' });
  }

  /**
   * One attempt: a token (the token provider's, else the one held); the
   * session held, or the cookie's, restored, else a new one created with
   * the page's subscriptions; a token the service refuses asked again
   * once, fresh; connected; then the subscriptions read back and the
   * calls caught up.
   */
  async #attempt(status?: 'connecting'): Promise<void> {
    const run = ++this.#run;
    const held = this.#sessionId;
    const id = held ?? this.#cookie();
    if (status) this.#set({ status });
    this.#attempting = run;
    this.#caughtUp = new Set();
    try {
      // With no session yet, the socket opens while the token comes: one
      // round trip less, and no command goes out on it before the session
      // does. (A held session's socket waits: commands would go out on it.)
      if (!held) this.#connect().catch(() => {});
      let token = await this.#tokenOf(false);
      // Stopped (`disconnect()`) while the token came: nothing opens.
      const open = () => (run === this.#run ? this.#restoreElseCreate(token, id, true) : Promise.reject(connectionClosed()));
      await open().catch(async (error: CtiError) => {
        if (error.error_code !== 'invalid_csi_token' || !this.options.token_provider) throw error;
        token = await this.#tokenOf(true);
        return open();
      });
      // A new session follows nothing yet: what the page followed is subscribed again.
      if (this.#sessionId !== id) for (const number of this.#subscriptions) this.#command('subscribe', { number }).catch(() => {});
      if (run !== this.#run) return;
      // Connected after one round trip: calls that ended during an outage
      // end one round trip later. A loss meanwhile fails this attempt.
      const catchingUp = this.#catchUp();
      this.#up();
      await catchingUp;
      if (run !== this.#run) return;
      this.#attempting = 0;
      if (held) this.emit('reconnected', { session_id: this.#sessionId!, recreated: this.#sessionId !== held });
    } catch (error) {
      if (run === this.#run) {
        this.#attempting = 0;
        this.#retry(error as CtiError);
      }
    }
  }

  /**
   * After a lost connection or a failed attempt: the connection changing
   * hands between tabs is tried again at once; what may pass (no socket,
   * no answer, the service's 5xx, a session it forgot) after the backoff
   * (exponential, full jitter; none while the browser is offline);
   * anything else (a refused token, bad input) is final.
   */
  #retry(cause: CtiError): void {
    const { error_code, status_code } = cause;
    if (
      !this.options.reconnect ||
      !(/^(timeout|connection_closed|not_connected|invalid_session_id)$/.test(error_code) || (status_code >= 500 && error_code !== 'protocol_error'))
    ) {
      // No session: a socket opened while the token came goes (a shared
      // one, opening or open, with its group, which another tab may lead).
      if (!this.#sessionId) {
        this.#transport?.close();
        if (SHARING) this.#shared?.leave();
      }
      return this.#set({ status: 'failed', error: cause });
    }
    const shared = this.#shared;
    if (SHARING && shared && shared.handovers !== this.#handovers) {
      this.#handovers = shared.handovers;
      if (this.#state.status !== 'handover') {
        this.#set({ status: 'handover' });
        // Its attempt goes on: no time for the next one.
        this.#timer = setTimeout(() => this.#set({ status: 'reconnecting', cause, attempt: this.#failures + 1 }), HANDOVER_MS);
      }
      return void this.#attempt();
    }
    const { reconnect_min_delay: min, reconnect_max_delay: max } = this.options;
    const delay = Math.floor(Math.random() * Math.min(max, min * 2 ** this.#failures++));
    const attempt = this.#failures;
    // Offline: no attempt until the browser is back online.
    const waits = !offline();
    this.#set({ status: 'reconnecting', cause, attempt, ...(waits && { at: Date.now() + delay }) });
    if (!waits) return;
    this.emit('reconnecting', { attempt, delay });
    this.#timer = setTimeout(() => this.#attempt(), delay);
  }

  /** A token: the token provider's, within `timeout`, else the one held. */
  async #tokenOf(refresh: boolean): Promise<string> {
    const { token_provider: source, timeout } = this.options;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return textOf(
        source ? await Promise.race([source(refresh), new Promise((_, reject) => (timer = setTimeout(reject, timeout, timedOut('token_provider', timeout))))]) : this.#token,
        'csi_token',
      );
    } catch (error) {
      throw error instanceof CtiError ? error : new CtiError(400, 'invalid_csi_token', `token_provider failed: ${shown(error instanceof Error ? error.message : error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Restores session `id`, else creates one: when there is none, or
   * (with `create`) when the service no longer knows it. */
  async #restoreElseCreate(token: string, id: string | undefined, create: boolean): Promise<SessionResult> {
    if (!id) return this.#create(token);
    try {
      return await this.#open('restore_session', { token, session_id: id, protocol_version: 1 }, id);
    } catch (error) {
      if (!create || !GONE.test((error as CtiError).error_code)) throw error;
      return this.#create(token);
    }
  }

  #create(token: string, auto_answer = this.#autoAnswer): Promise<SessionResult> {
    return this.#open('create_session', { token, protocol_version: 1, ...(auto_answer === undefined ? {} : { auto_answer }) });
  }

  /** Opens the socket if needed, then creates or restores the session. */
  async #open(action: 'create_session' | 'restore_session', params: Record<string, unknown>, restoredId?: string): Promise<SessionResult> {
    const transport = await this.#connect();
    const result = await this.#send<SessionResult>(transport, action, params).catch((error: CtiError) => {
      // A reply of the wrong shape leaves a session on the socket that the
      // SDK cannot name: the socket goes, and the service forgets it.
      if (error.error_code === 'protocol_error') transport.close();
      throw error;
    });
    this.#token = params.token as string;
    if (typeof params.auto_answer === 'boolean') this.#answers(params.auto_answer);
    this.#listenToBrowser(true);
    this.#sessionId = result.session_id ?? restoredId;
    this.#number = result.number;
    if (typeof result.now === 'number') this.#clockOffset = result.now * 1000 - Date.now();
    if (this.options.cookie_auto && this.#sessionId) this.#writeCookie(this.#sessionId);
    this.#startPing();
    return result;
  }

  #answers(auto_answer: boolean): void {
    this.#autoAnswer = auto_answer;
    this.emit('autoAnswer', auto_answer);
  }

  #follow(number: string, subscribed: boolean): Promise<number> {
    return this.#command<number>(subscribed ? 'subscribe' : 'unsubscribe', { number }).then((result) => {
      this.#subscriptions[subscribed ? 'add' : 'delete'](number);
      this.emit('subscriptions', { number, subscribed });
      return result;
    });
  }

  #connect(): Promise<Transport> {
    if (this.#transport) return Promise.resolve(this.#transport);
    this.#opening ??= openTransport(
      this.options.endpoint,
      {
        message: (text) => this.#receive(text),
        alive: () => (this.#heard = Date.now()),
        close: (code, reason) => this.#closed(code, reason),
      },
      this.options.timeout,
      this.#shared?.Socket ?? this.options.SockJS,
    ).then(
      (transport) => {
        this.#opening = undefined;
        return (this.#transport = transport);
      },
      (error) => {
        this.#opening = undefined;
        throw error;
      },
    );
    return this.#opening;
  }

  #command<T>(action: string, params: Record<string, unknown> = {}, needsSession = true): Promise<T> {
    if (!this.#transport || (needsSession && !this.#sessionId)) return Promise.reject(notConnected());
    return this.#send<T>(this.#transport, action, params, needsSession && action !== 'destroy_session');
  }

  #send<T>(transport: Transport, action: string, params: Record<string, unknown>, watch = false): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(timedOut(action, this.options.timeout));
        // A socket that leaves a command unanswered is dead, even if not closed.
        if (this.#transport === transport) transport.close();
      }, this.options.timeout);
      this.#pending.set(id, { action, watch, resolve, reject, timer });
      transport.send({ ...params, action, id });
    });
  }

  /**
   * A command on a call. When its reply is lost (a timeout, or the socket
   * closed first) the command may still have run: the SDK watches the call
   * (its notification, or the catch-up of the reconnection that follows;
   * at most `timeout` ms more) and resolves with 1 if the call reached what
   * the command aimed for. Nothing is sent again.
   */
  async #callCommand(action: string, params: Record<string, unknown>): Promise<number> {
    try {
      return await this.#command<number>(action, params);
    } catch (error) {
      const call = this.#calls.get(params.call_ref as string);
      const lost = /^(timeout|connection_closed)$/.test((error as CtiError).error_code);
      for (let waited = 0; call && lost && reached(action, call) !== undefined && waited <= this.options.timeout; waited += 50) {
        if (reached(action, call)) return 1;
        if (this.#state.status === 'connected' && !this.#caughtUp) break; // caught up, and the call is not there
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw error;
    }
  }

  #receive(text: string): void {
    let message: any;
    try {
      message = JSON.parse(text);
    } catch {
      return; // not a message; a reply lost this way times out
    }
    if (message?.notify === 'call') {
      this.#applyCall(message.call);
      return;
    }
    const pending = this.#pending.get(message?.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.error !== undefined) {
      const error = serverError(message.error);
      pending.reject(error);
      // The service destroyed the session while its socket stays open (an
      // administrator, `destroy_session` in another tab, expiry): the
      // machine recovers as after a lost connection, with a new session.
      if (pending.watch && error.error_code === 'invalid_session_id') this.#transport?.close();
    } else if (fits(pending.action, message.result)) {
      pending.resolve(message.result);
    } else {
      pending.reject(protocolError(pending.action));
    }
  }

  #applyCall(value: unknown): void {
    const applied = this.#calls.apply(value);
    if (!applied) return;
    const { call, moved } = applied;
    this.#caughtUp?.add(call.callref);
    this.emit('newCall', call);
    if (moved) {
      call.notify(call.state);
      this.emit(call.state.toLowerCase(), call);
    }
  }

  /** The socket closed: every waiting command fails (none is sent again: a
   * second dial would place a second call), the page hears of it, and the
   * machine recovers the session (or the attempt under way decides). */
  #closed(code: number, reason: string): void {
    this.#transport = undefined;
    this.#stopPing();
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(connectionClosed());
      this.#pending.delete(id);
    }
    if (this.#sessionId === undefined || this.#state.status === 'idle') return;
    this.emit('disconnected', { code, reason });
    if (this.#attempting === this.#run) return;
    if (Date.now() - this.#connectedAt >= STABLE_MS) this.#failures = 0;
    this.#retry(connectionClosed(` (${code} ${reason})`));
  }

  /** The service re-sends its active calls after a restore, before it
   * answers the next command (here, the subscriptions, read back): calls
   * still active here that it did not re-send ended during the outage. */
  async #catchUp(): Promise<void> {
    const heard = this.#caughtUp!;
    await this.get_subscriptions().finally(() => (this.#caughtUp = undefined));
    const now = Math.floor(this.server_now());
    for (const call of this.#calls.all()) {
      if (!call.active || heard.has(call.callref)) continue;
      this.#applyCall({ ...call.toJSON(), state: call.connect_date === undefined ? 'MISSED' : 'RELEASE', release_date: now });
    }
  }

  /** Back online, or the page woke up (back-forward cache, shown again):
   * reconnect at once, or check that the socket still answers. */
  #wake = (event: Event) => {
    const waiting = this.#state.status === 'reconnecting' && this.#attempting !== this.#run;
    if (event.type === 'offline') return waiting && clearTimeout(this.#timer);
    if (event.type === 'visibilitychange' && document.visibilityState !== 'visible') return;
    if (waiting) {
      clearTimeout(this.#timer);
      this.emit('reconnecting', { attempt: this.#failures, delay: 0 });
      void this.#attempt();
    } else if (this.connected) this.#probe();
  };

  #listenToBrowser(on: boolean): void {
    if (!globalThis.window) return;
    const method = on ? 'addEventListener' : 'removeEventListener';
    for (const type of ['online', 'offline', 'pageshow']) window[method](type, this.#wake);
    document[method]('visibilitychange', this.#wake);
  }

  /**
   * Liveness. Every frame from the service (a reply, a notification, the
   * SockJS `h` heartbeat of servers that send one) proves the socket alive.
   * After `ping_interval` with no frame, and at least every 4 ×
   * `ping_interval` anyway, the SDK sends `get_auto_answer` rather than
   * `ping`: it needs the session, so its answer also proves the service
   * still knows the session (a `401` starts the recovery), and, as for any
   * command, no answer within `timeout` declares the socket dead.
   *
   * Bound: a service that goes silent is declared dead at most
   * `ping_interval + timeout` after its last frame: 25 s with the defaults.
   * (The `sockjs` server package sends its 25 s heartbeat over WebSockets
   * as a WebSocket ping, which page scripts never see: `h` frames help
   * where they come, they cannot be counted on.)
   */
  #beat = () => {
    const every = this.options.ping_interval;
    const now = Date.now();
    if (now - Math.max(this.#heard, this.#probed) >= every || now - this.#probed >= 4 * every) {
      this.#probed = now;
      this.#probe();
    }
    this.#pingTimer = setTimeout(this.#beat, Math.min(Math.max(this.#heard, this.#probed) + every, this.#probed + 4 * every) - now);
  };

  #probe(): void {
    this.get_auto_answer().catch(() => {});
  }

  #startPing(): void {
    this.#stopPing();
    if (!this.options.ping_auto) return;
    this.#heard = this.#probed = Date.now();
    this.#pingTimer = setTimeout(this.#beat, this.options.ping_interval);
  }

  #stopPing(): void {
    clearTimeout(this.#pingTimer);
  }

  // The session id, never the token, goes into the cookie: `SameSite=Strict`,
  // for the whole origin, encoded as js-cookie (and 1.1) wrote it.
  #cookie(): string | undefined {
    const name = encodeURIComponent(this.options.cookie_name) + '=';
    try {
      return (
        decodeURIComponent(
          globalThis.document?.cookie
            .split('; ')
            .find((pair) => pair.startsWith(name))
            ?.slice(name.length) ?? '',
        ) || undefined
      );
    } catch {
      return undefined; // not ours: a value that does not decode
    }
  }

  #writeCookie(id: string, days: number = this.options.cookie_expires): void {
    const secure = globalThis.location?.protocol === 'https:' ? '; secure' : '';
    if (globalThis.document)
      document.cookie = `${encodeURIComponent(this.options.cookie_name)}=${encodeURIComponent(id)}; path=/; max-age=${days * 86_400}; samesite=strict${secure}`;
  }
}

function offline(): boolean {
  return globalThis.navigator?.onLine === false;
}
