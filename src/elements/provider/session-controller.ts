import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionStatus, CtiState } from '../../context.js';
import { connectSession } from '../../sdk/connect.js';
import { CTI, CtiError, SharedConnection, type Call } from '../../sdk/index.js';
import { MOVED } from '../../sdk/cti.js';
import { canShare } from '../../sdk/shared.js';
import { currentCallOf, snapshotOf, type CallSnapshot } from '../../snapshot.js';
import { watchAutoAnswer } from './auto-answer.js';
import { SubscriptionRegistry } from './subscriptions.js';

/** A CSI token is valid one hour: fetch a new one past 55 minutes. */
const TOKEN_MAX_AGE_MS = 55 * 60_000;
const STATE_RANK = { SETUP: 0, CONNECT: 1, RELEASE: 2, MISSED: 2 } as const;
/** How long a provider in the document may wait for a token source before
 * it says it has none: frameworks set properties just after insertion. */
const TOKEN_SOURCE_GRACE_MS = 500;
/** Local forms of numbers, and calls popped, remembered at most. */
const KEPT_LIMIT = 1000;
/** Numbers waiting for their local form (the newest first), and requests
 * for them on their way, at most: a flood of new callers costs a few
 * requests at a time, and those shown at the top come first. */
const WANTED_LIMIT = 200;
const CONVERSIONS_AT_ONCE = 4;
/** A shared connection changing hands is back within this, or said lost. */
const HANDOVER_GRACE_MS = 1000;
const HOW = 'set token-url, token, or the tokenProvider property (a function; in Vue, :tokenProvider.prop)';
const NO_TOKEN_SOURCE = `No CSI token source: ${HOW}`;
const TOKEN_PROVIDER_NOT_A_FUNCTION = `tokenProvider is not a function (an attribute?): ${HOW}`;

/** The element a SessionController serves: its attributes and properties
 * say how to connect. It holds the session and the status (its public
 * API), and sets them when told (see SessionEvents). */
export interface SessionHost extends ReactiveControllerHost, HTMLElement {
  readonly endpoint?: string;
  readonly token?: string;
  readonly tokenUrl?: string;
  readonly tokenProvider?: () => Promise<string>;
  readonly autoAnswer?: boolean;
  readonly cookieName?: string;
  readonly cookieExpires?: number;
  readonly noCookie: boolean;
  readonly separateConnection: boolean;
  readonly session?: CTI;
  readonly status: ConnectionStatus;
  /** The session's line, once connected. */
  readonly number?: string;
}

/** What the controller tells its element, which turns it into contexts and DOM events. */
export interface SessionEvents {
  /** The session to hold and share: a new one, or none once destroyed. */
  sessionChanged(session: CTI | undefined): void;
  /** The connection status to hold and announce. */
  statusChanged(status: ConnectionStatus): void;
  /** The connection or a command failed. */
  failed(error: CtiError): void;
  /** A followed call rang, was answered or ended; `snapshot` is the call as the next state lists it. */
  callChanged(call: Call, snapshot: CallSnapshot): void;
  /** An element needs a number followed: who it is is worth knowing. */
  numberNeeded(number: string): void;
  /** What the element adds to each state: the contacts known, the last dial notice, its notify mode. */
  elementState(): Pick<CtiState, 'contacts' | 'dialNotice' | 'notifyIncoming'>;
  /** A new state for the elements: after the task that changed it, at most once a frame. */
  published(state: CtiState): void;
}

/**
 * The CTI session of a `<keyyo-cti-provider>`: tokens from the page's
 * source, connecting while the element is in the document (with retries
 * until the service answers), the SDK's events, the subscriptions the
 * elements need, the local forms of numbers, and the state the elements
 * show, published in batches.
 */
export class SessionController implements ReactiveController {
  /** Who needs which number followed; the element shares it with the elements inside. */
  readonly subscriptions = new SubscriptionRegistry({
    changed: () => this.schedulePublish(),
    noticed: (number) => {
      this.#learnLocalForm(number);
      this.events.numberNeeded(number);
    },
  });
  #token?: { value: string; at: number };
  #frame?: number;
  #frameFallback?: ReturnType<typeof setTimeout>;
  /** Changes wait to be published. */
  #due = false;
  /** Calls that changed since the last publish, with their new snapshot. */
  #changed = new Map<Call, CallSnapshot>();
  /** The calls last published, in order, and whom for. */
  #calls: readonly CallSnapshot[] = [];
  #callsFor?: [CTI | undefined, string | undefined];
  #lastError?: CtiError;
  #autoAnswerState?: boolean;
  #localNumbers = new Map<string, string>();
  /** Numbers to ask the local form of, the newest last. */
  #wanted = new Map<string, true>();
  #askingLocalForms = new Set<string>();
  #tokenSourceCheck?: ReturnType<typeof setTimeout>;
  #warned = false;
  #connecting?: Promise<void>;
  #stopConnecting?: AbortController;
  #reconnect?: CtiState['reconnect'];
  /** A shared connection changing hands, not yet said. */
  #handover?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: SessionHost,
    private readonly events: SessionEvents,
  ) {
    host.addController(this);
  }

  /** In the document: connects, or says so if the page gives no token source in time. */
  hostConnected(): void {
    void this.connect();
    clearTimeout(this.#tokenSourceCheck);
    this.#tokenSourceCheck = setTimeout(() => this.#checkTokenSource(), TOKEN_SOURCE_GRACE_MS);
  }

  /** Leaving the page closes the connection (the session stays on the
   * service for 5 minutes, so coming back restores it). */
  hostDisconnected(): void {
    clearTimeout(this.#tokenSourceCheck);
    this.#stopConnecting?.abort();
    this.host.session?.disconnect();
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    clearTimeout(this.#frameFallback);
    this.#frame = undefined;
    this.#due = false;
  }

  /** The connection is shared with the other pages of the origin. */
  get #sharing(): boolean {
    return !this.host.noCookie && !this.host.separateConnection && canShare();
  }

  /** Connects unless connected, connecting, out of the document, or without a token source. */
  connect(): Promise<void> {
    if (!this.host.isConnected || !this.#hasTokenSource() || this.host.session?.connected) return Promise.resolve();
    this.#connecting ??= this.#open().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /** Destroys the session on the service. */
  async destroy(): Promise<void> {
    const session = this.host.session;
    this.#stopConnecting?.abort();
    this.events.sessionChanged(undefined);
    if (session?.connected) await session.destroy_session().catch(() => {});
    else session?.disconnect(); // still connecting: it stops there
    this.#setStatus('idle');
    this.publish();
  }

  /** The element's `auto-answer` changed: the connected session follows. */
  autoAnswerChanged(): void {
    const session = this.host.session;
    if (this.host.autoAnswer !== undefined && session?.connected) this.#run(this.#refreshSessionState(session.set_auto_answer(this.host.autoAnswer)));
  }

  async #open(): Promise<void> {
    this.#setStatus('connecting');
    const stop = (this.#stopConnecting = new AbortController());
    try {
      // The SDK refuses options out of range (a cookie-expires of -1) here.
      const session = this.host.session ?? this.#createSession();
      this.events.sessionChanged(session);
      await connectSession(session, {
        ...(this.host.autoAnswer === undefined ? {} : { auto_answer: this.host.autoAnswer }),
        signal: stop.signal,
        retrying: (attempt, delay, error) => this.#retrying(attempt, delay, error),
      });
      if (stop.signal.aborted) return;
      this.#reconnect = undefined;
      this.#lastError = undefined;
      this.#setStatus('connected');
      // The session is usable now; its settings follow in one round trip.
      const setting = this.host.autoAnswer !== undefined && !this.host.noCookie ? session.set_auto_answer(this.host.autoAnswer) : undefined;
      this.#run(this.#refreshSessionState(setting));
    } catch (error) {
      if (stop.signal.aborted) return;
      this.#reconnect = undefined;
      this.#fail(error as CtiError);
      this.#setStatus('error');
    }
    this.publish();
  }

  /** The service cannot be reached yet: the page hears it once, the
   * status says when the next try is. */
  #retrying(attempt: number, delay: number, error: CtiError): void {
    if (attempt === 1) this.#fail(error);
    this.#reconnect = { attempt, at: Date.now() + delay, first: true };
    this.#setStatus('reconnecting');
    this.publish();
  }

  /** The token held, unless it is too old to be accepted; the `token`
   * attribute at once (the socket opens without waiting for anything). */
  #currentToken(): string | Promise<string> {
    if (this.#token && Date.now() - this.#token.at < TOKEN_MAX_AGE_MS) return this.#token.value;
    if (!this.host.token || this.host.tokenProvider || this.host.tokenUrl) return this.#fetchToken();
    this.#token = { value: this.host.token, at: Date.now() };
    return this.host.token;
  }

  async #fetchToken(): Promise<string> {
    let value: unknown;
    if (this.#tokenSourceProblem()) throw this.#tokenSourceError();
    if (this.host.tokenProvider) {
      value = await this.host.tokenProvider().catch((error: unknown) => {
        throw error instanceof CtiError ? error : new CtiError(400, 'invalid_csi_token', `tokenProvider failed: ${String(error)}`);
      });
    } else if (this.host.tokenUrl) {
      const response = await fetch(this.host.tokenUrl, { credentials: 'include', headers: { accept: 'application/json, text/plain' } }).catch(() => {
        throw new CtiError(400, 'connection_closed', `The token URL ${this.host.tokenUrl} cannot be reached`);
      });
      if (!response.ok) throw new CtiError(response.status, 'invalid_csi_token', `The token URL answered ${response.status}`);
      const text = (await response.text()).trim();
      try {
        const json = JSON.parse(text);
        value = typeof json === 'string' ? json : (json?.token ?? json?.csi_token);
      } catch {
        value = text;
      }
    } else {
      value = this.host.token;
    }
    if (typeof value !== 'string' || value === '') throw new CtiError(400, 'invalid_csi_token', 'The token source gave no CSI token');
    this.#token = { value, at: Date.now() };
    return value;
  }

  #hasTokenSource(): boolean {
    return Boolean(this.host.tokenProvider || this.host.tokenUrl || this.host.token);
  }

  /** What is wrong with how the page gives tokens, if anything. A function
   * bound as an attribute (a framework setting it before the element was
   * defined) arrives as a string attribute. */
  #tokenSourceProblem(): string | undefined {
    if (this.host.tokenProvider !== undefined && typeof this.host.tokenProvider !== 'function') return TOKEN_PROVIDER_NOT_A_FUNCTION;
    if (!this.#hasTokenSource()) return this.host.hasAttribute('tokenprovider') || this.host.hasAttribute('token-provider') ? TOKEN_PROVIDER_NOT_A_FUNCTION : NO_TOKEN_SOURCE;
    return undefined;
  }

  #tokenSourceError(): CtiError {
    return new CtiError(400, 'no_token_source', this.#tokenSourceProblem()!);
  }

  /** A provider left without a token source would wait silently: say so. */
  #checkTokenSource(): void {
    if (!this.host.isConnected || this.host.status !== 'idle' || !this.#tokenSourceProblem()) return;
    const error = this.#tokenSourceError();
    if (!this.#warned) console.warn(`<keyyo-cti-provider>: ${error.message}`);
    this.#warned = true;
    this.#fail(error);
    this.#setStatus('error');
    this.publish();
  }

  #createSession(): CTI {
    const session = new CTI({
      ...(this.host.endpoint ? { endpoint: this.host.endpoint } : {}),
      cookie_auto: !this.host.noCookie,
      ...(this.#sharing ? { share_connection: SharedConnection } : {}),
      ...(this.host.cookieName ? { cookie_name: this.host.cookieName } : {}),
      ...(this.host.cookieExpires ? { cookie_expires: this.host.cookieExpires } : {}),
      token_provider: async (refresh) => (refresh ? this.#fetchToken() : this.#currentToken()),
    });
    this.subscriptions.attach(session);
    watchAutoAnswer(session, (value) => {
      this.#autoAnswerState = value;
      this.schedulePublish();
    });
    session.on('setup, connect, release, missed', (call: Call) => {
      this.events.callChanged(call, this.#changed.get(call) ?? snapshotOf(call, this.host.number));
      for (const number of [call.caller, call.callee]) this.#learnLocalForm(number);
      this.schedulePublish();
    });
    session.on('newCall', (call: Call) => {
      this.#changed.set(call, snapshotOf(call, this.host.number));
      this.schedulePublish();
    });
    session.on('disconnected', ({ code }: { code: number }) => {
      // Another tab took the shared connection over: no failure, and back in
      // a few ms; said only if it takes longer than a handover should.
      if (code === MOVED) return void (this.#handover = setTimeout(() => this.#lost(), HANDOVER_GRACE_MS));
      this.#lost();
    });
    session.on('reconnecting', ({ attempt, delay }: { attempt: number; delay: number }) => {
      if (this.#handover && delay === 0) return;
      this.#reconnect = { attempt, at: Date.now() + delay };
      this.#setStatus('reconnecting');
      this.publish();
    });
    session.on('reconnected', () => {
      clearTimeout(this.#handover);
      this.#handover = undefined;
      this.#reconnect = undefined;
      this.#lastError = undefined;
      this.#setStatus('connected');
      this.publish();
      this.#refreshSessionState().catch(() => {});
    });
    return session;
  }

  #lost(): void {
    this.#handover = undefined;
    this.#fail(new CtiError(400, 'connection_closed', 'The connection to the phone service was lost'));
    this.#setStatus('reconnecting');
    this.publish();
  }

  /** Notes a number whose local form is not known yet; the newest are asked first. */
  #learnLocalForm(number: string): void {
    if (this.#localNumbers.has(number) || this.#askingLocalForms.has(number)) return;
    remember(this.#wanted, number, true, WANTED_LIMIT);
  }

  /** Asks the service how the organisation writes the numbers noted, a few
   * at a time (once a frame, and as answers come back). */
  #askLocalForms(): void {
    const session = this.host.session;
    while (this.#askingLocalForms.size < CONVERSIONS_AT_ONCE && this.#wanted.size && session?.connected) {
      const number = lastKey(this.#wanted);
      this.#wanted.delete(number);
      if (this.#localNumbers.has(number)) continue;
      this.#askingLocalForms.add(number);
      session
        .int_to_local(number)
        .then(
          (local) => {
            remember(this.#localNumbers, number, local);
            this.schedulePublish();
          },
          () => {}, // asked again with the next call
        )
        .finally(() => {
          this.#askingLocalForms.delete(number);
          this.#askLocalForms();
        });
    }
  }

  /** The session's subscriptions and auto-answer, after `setting` (sent
   * first, on the same socket) if any: one round trip. */
  async #refreshSessionState(setting?: Promise<unknown>): Promise<void> {
    const session = this.host.session!;
    if (session.number) this.#learnLocalForm(session.number);
    const [{ numbers }] = await Promise.all([session.get_subscriptions(), session.get_auto_answer(), setting]);
    this.subscriptions.reconcile(numbers);
  }

  #run(command: Promise<unknown>): void {
    command.catch((error: CtiError) => this.#fail(error)).finally(() => this.schedulePublish());
  }

  #fail(error: CtiError): void {
    this.#lastError = error;
    this.events.failed(error);
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.host.status !== status) this.events.statusChanged(status);
  }

  /** Notifications may come by the hundred: the elements hear of them at
   * most once per animation frame, and at once (after the task that
   * brought them) when the frame before published nothing. A hidden page
   * gets no frames, so a timer stands in after a while. */
  schedulePublish(): void {
    if (this.#due) return;
    this.#due = true;
    // A frame is coming: the last one published something.
    if (this.#frame !== undefined) return;
    queueMicrotask(() => this.#due && this.publish());
    this.#requestFrame();
  }

  #requestFrame(): void {
    const frame = () => {
      cancelAnimationFrame(this.#frame!);
      clearTimeout(this.#frameFallback);
      this.#frame = undefined;
      if (!this.#due) return;
      this.publish();
      this.#requestFrame();
    };
    this.#frame = requestAnimationFrame(frame);
    this.#frameFallback = setTimeout(frame, 250);
  }

  /** Publishes the state now. */
  publish(): void {
    const number = this.host.number;
    this.#due = false;
    const calls = this.#orderCalls();
    const { contacts, dialNotice, notifyIncoming } = this.events.elementState();
    this.events.published(
      Object.freeze({
        status: this.host.status,
        number,
        calls,
        current: currentCallOf(calls),
        subscriptions: Object.freeze(this.subscriptions.subscribed()),
        following: this.subscriptions.following,
        autoAnswer: this.#autoAnswerState,
        lastError: this.#lastError,
        localNumbers: this.#localNumbers,
        contacts,
        reconnect: this.#reconnect,
        dialNotice,
        notifyIncoming,
      }),
    );
    this.#askLocalForms();
  }

  /** The calls in their order, from the last ones published and the calls
   * that changed since: the work grows with the changes, not the calls. */
  #orderCalls(): readonly CallSnapshot[] {
    const session = this.host.session;
    const number = this.host.number;
    let changed = this.#changed;
    let calls = this.#calls;
    this.#changed = new Map();
    if (this.#callsFor?.[0] !== session || this.#callsFor?.[1] !== number) {
      this.#callsFor = [session, number];
      calls = [];
      changed = new Map((session?.get_calls() ?? []).map((call) => [call, snapshotOf(call, number)]));
    }
    if (changed.size) {
      // The others stay, but for the ended calls the SDK's history forgot.
      const kept = calls.filter(({ callref }) => {
        const call = session?.get_call(callref);
        return call && !changed.has(call);
      });
      const fresh = [...changed].filter(([call]) => session?.get_call(call.callref) === call).map(([, snapshot]) => snapshot);
      // Two sorted runs: the sort merges them in one pass.
      calls = [...kept, ...fresh.sort(byPlace)].sort(byPlace);
    }
    return (this.#calls = Object.freeze(calls));
  }
}

/** Active calls first (ringing, then in conversation), then ended calls, newest first. */
function byPlace(a: CallSnapshot, b: CallSnapshot): number {
  if (a.active !== b.active) return a.active ? -1 : 1;
  if (a.active && a.state !== b.state) return STATE_RANK[a.state] - STATE_RANK[b.state];
  return (b.release_date ?? b.setup_date ?? 0) - (a.release_date ?? a.setup_date ?? 0);
}

function lastKey<K>(table: Map<K, unknown>): K {
  let last: K | undefined;
  for (last of table.keys());
  return last!;
}

/** Sets a key last in a Map, forgetting the oldest one past the limit. */
export function remember<K, V>(table: Map<K, V>, key: K, value: V, limit = KEPT_LIMIT): void {
  table.delete(key);
  table.set(key, value);
  if (table.size > limit) table.delete(table.keys().next().value as K);
}
