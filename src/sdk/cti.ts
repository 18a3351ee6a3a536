import Cookies from 'js-cookie';
import type { Call } from './call.js';
import { CallsStore } from './calls-store.js';
import { Emitter } from './emitter.js';
import { connectionClosed, CtiError, invalidParams, missingParameter, notConnected, protocolError, serverError, shown, textOf, timedOut } from './errors.js';
import { internationalNumber, subscribable } from './numbers.js';
import { run, type Callback } from './settle.js';
import { Reconnector } from './reconnector.js';
import { openTransport, type SockJSConstructor, type Transport } from './transport.js';

type Optional = 'SockJS' | 'token_provider' | 'share_connection';

/** A socket closed with this code moved (a shared connection changed
 * hands): the session is restored at once, with no backoff. */
export const MOVED = 4000;

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
  /** Reconnect and restore the session after the connection is lost. Default true. */
  reconnect?: boolean;
  /** The first reconnection attempt comes within this many ms (10 to 3600000). Default 500. */
  reconnect_min_delay?: number;
  /** No wait between attempts is longer (10 to 3600000). Default 30000. */
  reconnect_max_delay?: number;
  /** Gives a CSI token when reconnecting: a fresh one when `refresh` (the
   * service refused the last one). Without it the last token is used. */
  token_provider?: (refresh: boolean) => Promise<string>;
  /** `SharedConnection` from this SDK: the CTIs of this origin's tabs with
   * the same endpoint and cookie name share one socket and one session.
   * Where Web Locks or BroadcastChannel are missing, each keeps its own. */
  share_connection?: { join(options: CTI['options']): SharedMember | undefined };
}

/** A CTI's place among those sharing a connection: a socket for its transport, and a way out. */
export interface SharedMember {
  readonly Socket: SockJSConstructor;
  readonly leading: boolean;
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

const isEndpoint = (value: string) => {
  try {
    return value.length < 2048 && /^(http|ws)s?:$/.test(new URL(value, globalThis.location?.href).protocol);
  } catch {
    return false;
  }
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
    const what = min !== undefined ? `a whole number from ${min} to ${max}` : key === 'endpoint' ? 'an http(s) or ws(s) URL' : type === 'undefined' ? 'a function' : 'a ' + type;
    if (
      typeof value !== (type === 'undefined' ? 'function' : type) ||
      (min !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) ||
      (key === 'endpoint' && !isEndpoint(value)) ||
      (key === 'cookie_name' && !value) // js-cookie encodes what a name may not hold
    ) {
      throw invalidParams(`option ${key} must be ${what}, not ${shown(value)}`);
    }
    options[key] = value;
  }
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
      return (action === 'restore_session' || isId(result?.session_id)) && isId(result?.number) && (result.now === undefined || Number.isFinite(result.now));
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

/**
 * A session with the Keyyo CTI service: the API of the official JavaScript
 * SDK 1.1, with promises. Each instance is independent; nothing is global.
 */
export class CTI extends Emitter<CTIEvents> {
  /** Called on every call notification (1.1). */
  onNewCall?: ((call: Call) => void) | null;
  onDisconnected?: ((event: { code: number; reason: string }) => void) | null;

  readonly options: Readonly<Required<Omit<CTIOptions, Optional>> & Pick<CTIOptions, Optional>>;
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
  #reconnector: Reconnector;
  /** Call refs heard since a reconnection began. */
  #caughtUp?: Set<string>;
  /** Set by `disconnect()`: the socket stays closed until the next restore. */
  #suspended = false;

  constructor(options: CTIOptions = {}) {
    super();
    this.options = optionsOf(options);
    this.#calls = new CallsStore({ command: (action, params) => this.#callCommand(action, params), serverNow: () => this.server_now() }, this.options.history_limit);
    this.#reconnector = new Reconnector(
      { minDelay: this.options.reconnect_min_delay, maxDelay: this.options.reconnect_max_delay, stableAfter: 30_000 },
      () => void this.#reconnect(),
      (attempt, delay) => this.emit('reconnecting', { attempt, delay }),
    );
    this.#shared = this.options.share_connection?.join(this.options);
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
      if (auto_answer != null && typeof auto_answer !== 'boolean') throw invalidParams(`auto_answer must be true or false, not ${shown(auto_answer)}`);
      return this.#open('create_session', {
        token: textOf(token, 'csi_token'),
        protocol_version: 1,
        ...(typeof auto_answer === 'boolean' ? { auto_answer } : {}),
      });
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
    return run(callback, async () => {
      const csiToken = textOf(token, 'csi_token');
      const id = session_id ?? (cookie_auto ? this.#cookie() : undefined);
      if (id === undefined || id === '') {
        if (!cookie_auto) throw missingParameter('session_id');
        return this.#open('create_session', { token: csiToken, protocol_version: 1 });
      }
      textOf(id, 'session_id');
      try {
        return await this.#open('restore_session', { token: csiToken, session_id: id, protocol_version: 1 }, id);
      } catch (error) {
        const code = (error as CtiError).error_code;
        if (!cookie_auto || (code !== 'invalid_session_id' && code !== 'invalid_params')) throw error;
        return this.#open('create_session', { token: csiToken, protocol_version: 1 });
      }
    });
  }

  /** Destroys the session on the service and closes the connection. */
  destroy_session(): Promise<number>;
  destroy_session(callback: Callback<number>): void;
  destroy_session(callback?: Callback<number>) {
    const done = () => {
      if (this.options.cookie_auto) this.#removeCookie();
      this.#shutdown();
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
    return run(callback, () => {
      const target = subscribable(number);
      return this.#command<number>('subscribe', { number: target }).then((result) => (this.#subscriptions.add(target), result));
    });
  }

  unsubscribe(number: string): Promise<number>;
  unsubscribe(number: string, callback: Callback<number>): void;
  unsubscribe(number: string, callback?: Callback<number>) {
    return run(callback, () => {
      const target = subscribable(number);
      return this.#command<number>('unsubscribe', { number: target }).then((result) => (this.#subscriptions.delete(target), result));
    });
  }

  get_subscriptions(): Promise<{ numbers: string[] }>;
  get_subscriptions(callback: Callback<{ numbers: string[] }>): void;
  get_subscriptions(callback?: Callback<{ numbers: string[] }>) {
    return run(callback, () => this.#command<{ numbers: string[] }>('get_subscriptions'));
  }

  set_auto_answer(auto_answer: boolean): Promise<number>;
  set_auto_answer(auto_answer: boolean, callback: Callback<number>): void;
  set_auto_answer(auto_answer: boolean, callback?: Callback<number>) {
    return run(callback, () => {
      if (auto_answer == null) throw missingParameter('auto_answer');
      if (typeof auto_answer !== 'boolean') throw invalidParams(`auto_answer must be true or false, not ${shown(auto_answer)}`);
      return this.#command<number>('set_auto_answer', { auto_answer }).then((result) => ((this.#autoAnswer = auto_answer), result));
    });
  }

  get_auto_answer(): Promise<{ auto_answer: boolean }>;
  get_auto_answer(callback: Callback<{ auto_answer: boolean }>): void;
  get_auto_answer(callback?: Callback<{ auto_answer: boolean }>) {
    return run(callback, () => this.#command<{ auto_answer: boolean }>('get_auto_answer'));
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
    this.#suspended = true;
    this.#reconnector.stop();
    this.#listenToBrowser(false);
    this.#stopPing();
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
    this.#suspended = false;
    if (typeof params.auto_answer === 'boolean') this.#autoAnswer = params.auto_answer;
    this.#listenToBrowser(true);
    this.#sessionId = result.session_id ?? restoredId;
    this.#number = result.number;
    if (typeof result.now === 'number') this.#clockOffset = result.now * 1000 - Date.now();
    if (this.options.cookie_auto && this.#sessionId) this.#writeCookie(this.#sessionId);
    this.#startPing();
    return result;
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
        if (this.connected && !this.#reconnector.waiting) break; // caught up, and the call is not there
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
      if (pending.watch && error.error_code === 'invalid_session_id') this.#sessionGone();
    } else if (fits(pending.action, message.result)) {
      pending.resolve(message.result);
    } else {
      pending.reject(protocolError(pending.action));
    }
  }

  /**
   * The service answered a command that needs the session with `401
   * Unknown session_id` while the socket is open: the session was destroyed
   * (by an administrator, by `destroy_session` in another tab, or it
   * expired). The SDK recovers exactly as after a lost connection, on a new
   * socket: the restore fails, so a new session is created with the page's
   * subscriptions, the calls catch up, and the page hears `disconnected`,
   * `reconnecting`, then `reconnected` with `recreated: true`.
   */
  #sessionGone(): void {
    this.#transport?.close(4001, 'Unknown session_id');
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
   * session is restored on a new connection. */
  #closed(code: number, reason: string): void {
    const hadSession = this.#sessionId !== undefined;
    this.#transport = undefined;
    this.#stopPing();
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(connectionClosed());
      this.#pending.delete(id);
    }
    if (!hadSession || this.#suspended) return;
    this.emit('disconnected', { code, reason });
    if (this.options.reconnect && !this.#reconnector.waiting) this.#reconnector.failed(code === MOVED);
  }

  /** One attempt: restore the session with a token; a new session (with
   * the page's subscriptions) when the service forgot it; then bring the
   * calls up to date. */
  async #reconnect(): Promise<void> {
    const id = this.#sessionId!;
    const provider = this.options.token_provider;
    this.#caughtUp = new Set();
    try {
      // What the token provider gives is checked like the page's own tokens.
      const fetch = async (refresh: boolean) => textOf(provider ? await provider(refresh) : this.#token, 'csi_token');
      let token = await fetch(false);
      const restore = () => this.#open('restore_session', { token, session_id: id, protocol_version: 1 }, id);
      let recreated = false;
      try {
        await restore().catch(async (error: CtiError) => {
          if (error.error_code !== 'invalid_csi_token' || !provider) throw error;
          token = await fetch(true);
          return restore();
        });
      } catch (error) {
        const code = (error as CtiError).error_code;
        if (code !== 'invalid_session_id' && code !== 'invalid_params') throw error;
        await this.#open('create_session', { token, protocol_version: 1, ...(this.#autoAnswer === undefined ? {} : { auto_answer: this.#autoAnswer }) });
        for (const number of this.#subscriptions) await this.#command('subscribe', { number });
        recreated = true;
        if (this.options.cookie_auto) this.#writeCookie(this.#sessionId!);
      }
      await this.#catchUp();
      this.#reconnector.connected();
      this.emit('reconnected', { session_id: this.#sessionId!, recreated });
    } catch {
      this.#caughtUp = undefined;
      if (this.#sessionId !== undefined) this.#reconnector.failed();
    }
  }

  /** The service re-sends its active calls after a restore, before it
   * answers the next command: calls still active here that it did not
   * re-send ended during the outage. */
  async #catchUp(): Promise<void> {
    await this.#command('ping', {}, false);
    const heard = this.#caughtUp!;
    this.#caughtUp = undefined;
    const now = Math.floor(this.server_now());
    for (const call of this.#calls.all()) {
      if (!call.active || heard.has(call.callref)) continue;
      this.#applyCall({ ...call.toJSON(), state: call.connect_date === undefined ? 'MISSED' : 'RELEASE', release_date: now });
    }
  }

  /** Back online, or the page woke up (back-forward cache, shown again):
   * reconnect at once, or check that the socket still answers. */
  #wake = (event: Event) => {
    if (event.type === 'offline') return this.#reconnector.pause();
    if (event.type === 'visibilitychange' && document.visibilityState !== 'visible') return;
    if (this.#reconnector.waiting) this.#reconnector.now();
    else if (this.connected) this.#probe();
  };

  #listenToBrowser(on: boolean): void {
    if (typeof window === 'undefined') return;
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
    this.#command('get_auto_answer').catch(() => {});
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

  #shutdown(): void {
    this.#sessionId = undefined;
    this.#stopPing();
    this.#reconnector.stop();
    this.#listenToBrowser(false);
    this.#transport?.close();
    this.#shared?.leave();
  }

  // The session id, never the token, goes into the cookie.
  #cookie(): string | undefined {
    return typeof document === 'undefined' ? undefined : Cookies.get(this.options.cookie_name);
  }

  #writeCookie(id: string): void {
    if (typeof document === 'undefined') return;
    Cookies.set(this.options.cookie_name, id, {
      expires: this.options.cookie_expires,
      sameSite: 'Strict',
      secure: location.protocol === 'https:',
    });
  }

  #removeCookie(): void {
    if (typeof document !== 'undefined') Cookies.remove(this.options.cookie_name);
  }
}
