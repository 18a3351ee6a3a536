import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionStatus, CtiState } from '../../context.js';
import { connectSession, CTI, SharedConnection, type Call, type ConnectionState, type CtiError } from '../../sdk/index.js';
import { currentCallOf, snapshotOf, type CallSnapshot } from '../../snapshot.js';
import { LocalNumbers } from './local-numbers.js';
import { StatePublisher } from './state-publisher.js';
import { LazySubscriptions } from './subscriptions-lazy.js';
import { TokenSource, type TokenHost } from './token-source.js';

const STATE_RANK = { SETUP: 0, CONNECT: 1, RELEASE: 2, MISSED: 2 } as const;
/** How long a provider in the document may wait for a token source before
 * it says it has none: frameworks set properties just after insertion. */
const TOKEN_SOURCE_GRACE_MS = 500;

/** The element a SessionController serves: its attributes and properties
 * say how to connect. It holds the session and the status (its public
 * API), and sets them when told (see SessionEvents). */
export interface SessionHost extends ReactiveControllerHost, TokenHost {
  readonly endpoint?: string;
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
 * The CTI session of a `<keyyo-cti-provider>`, from the element's side:
 * creates the SDK's `CTI` with the page's token source and starts it
 * while the element is in the document; maps the SDK's connection state
 * to the element's status and `keyyo-error` (the SDK's state machine does
 * every retry, handover and recovery); hears the SDK's calls, subscriptions
 * and auto-answer; and publishes the state the elements show, in batches.
 */
export class SessionController implements ReactiveController {
  /** Who needs which number followed; the element shares it with the elements inside. */
  readonly subscriptions = new LazySubscriptions({
    changed: () => this.schedulePublish(),
    noticed: (number) => {
      this.#localNumbers.learn(number);
      this.events.numberNeeded(number);
    },
  });
  readonly #tokens: TokenSource;
  readonly #localNumbers = new LocalNumbers(() => this.schedulePublish());
  readonly #publisher = new StatePublisher(() => this.#publish());
  /** Calls that changed since the last publish, with their new snapshot. */
  #changed = new Map<Call, CallSnapshot>();
  /** The calls last published, in order, and whom for. */
  #calls: readonly CallSnapshot[] = [];
  #callsFor?: [CTI | undefined, string | undefined];
  #lastError?: CtiError;
  #autoAnswerState?: boolean;
  #tokenSourceCheck?: ReturnType<typeof setTimeout>;
  #warned = false;
  #reconnect?: CtiState['reconnect'];

  constructor(
    private readonly host: SessionHost,
    private readonly events: SessionEvents,
  ) {
    this.#tokens = new TokenSource(host);
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
    this.host.session?.disconnect();
    this.#publisher.stop();
  }

  /** Connects unless connected, connecting, out of the document, or
   * without a token source; the SDK keeps the session from there.
   * Resolves once connected, or once the SDK gave up. */
  connect(): Promise<void> {
    if (!this.host.isConnected || !this.#tokens.given) return Promise.resolve();
    let session = this.host.session;
    if (!session) {
      try {
        session = this.#createSession();
      } catch (error) {
        // The SDK refuses options out of range (a cookie-expires of -1, an empty endpoint) here.
        this.#failed(error as CtiError);
        return Promise.resolve();
      }
      this.events.sessionChanged(session);
    }
    const first = session.state.status === 'idle';
    return connectSession(session, this.host.autoAnswer === undefined ? {} : { auto_answer: this.host.autoAnswer }).then(
      // The session is usable now; the page's auto-answer follows in one round trip.
      () => void (first && this.host.autoAnswer !== undefined && !this.host.noCookie && this.#run(session.set_auto_answer(this.host.autoAnswer))),
      () => {}, // said by the state
    );
  }

  /** Destroys the session on the service. */
  async destroy(): Promise<void> {
    const session = this.host.session;
    this.events.sessionChanged(undefined);
    this.#localNumbers.clear();
    this.#autoAnswerState = undefined;
    this.#reconnect = undefined;
    this.#setStatus('idle');
    this.#publisher.now();
    if (session?.connected) await session.destroy_session().catch(() => session.disconnect());
    else session?.disconnect(); // still connecting: it stops there
  }

  /** The element's `auto-answer` changed: the connected session follows. */
  autoAnswerChanged(): void {
    const session = this.host.session;
    if (this.host.autoAnswer !== undefined && session?.connected) this.#run(session.set_auto_answer(this.host.autoAnswer));
  }

  /** The SDK's connection state, as the element's status and errors: each
   * outage and each final failure is said once; a handover says nothing
   * (the SDK says `reconnecting` if it takes over a second). */
  #stateChanged(session: CTI, state: ConnectionState): void {
    if (session !== this.host.session || state.status === 'handover') return;
    if (state.status === 'reconnecting') {
      if (this.host.status !== 'reconnecting') this.#fail(state.cause);
      this.#reconnect = state.at === undefined ? undefined : { attempt: state.attempt, at: state.at, first: !session.session_id };
    } else {
      this.#reconnect = undefined;
      if (state.status === 'failed') this.#fail(state.error);
    }
    if (state.status === 'connected') {
      this.#lastError = undefined;
      if (session.number) this.#localNumbers.learn(session.number);
      // A view refreshed: a connection lost meanwhile is said by the state, not as an error.
      session.get_auto_answer().catch(() => {});
    }
    this.#setStatus(state.status === 'failed' ? 'error' : state.status);
    this.#publisher.now();
  }

  /** A provider left without a token source would wait silently: say so. */
  #checkTokenSource(): void {
    const error = this.#tokens.problem();
    if (!this.host.isConnected || this.host.status !== 'idle' || !error) return;
    if (!this.#warned) console.warn(`<keyyo-cti-provider>: ${error.message}`);
    this.#warned = true;
    this.#failed(error);
  }

  #failed(error: CtiError): void {
    this.#fail(error);
    this.#setStatus('error');
    this.#publisher.now();
  }

  #createSession(): CTI {
    const { host } = this;
    const session = new CTI({
      ...(host.endpoint == null ? {} : { endpoint: host.endpoint }),
      cookie_auto: !host.noCookie,
      ...(host.noCookie || host.separateConnection ? {} : { share_connection: SharedConnection }),
      ...(host.cookieName ? { cookie_name: host.cookieName } : {}),
      ...(host.cookieExpires ? { cookie_expires: host.cookieExpires } : {}),
      token_provider: (refresh) => this.#tokens.get(refresh),
      keep_subscribed: (number) => this.subscriptions.needs(number),
    });
    this.subscriptions.attach(session);
    session.on('state', (state: ConnectionState) => this.#stateChanged(session, state));
    session.on('autoAnswer', (value: boolean) => {
      this.#autoAnswerState = value;
      this.schedulePublish();
    });
    session.on('setup, connect, release, missed', (call: Call) => {
      this.events.callChanged(call, this.#changed.get(call) ?? snapshotOf(call, host.number));
      for (const number of [call.caller, call.callee]) this.#localNumbers.learn(number);
      this.schedulePublish();
    });
    session.on('newCall', (call: Call) => {
      this.#changed.set(call, snapshotOf(call, host.number));
      this.schedulePublish();
    });
    return session;
  }

  #run(command: Promise<unknown>): void {
    void command.catch((error: CtiError) => this.#fail(error)).finally(() => this.schedulePublish());
  }

  #fail(error: CtiError): void {
    this.#lastError = error;
    this.events.failed(error);
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.host.status !== status) this.events.statusChanged(status);
  }

  /** Something the elements show changed: published after this task, at most once a frame. */
  schedulePublish(): void {
    this.#publisher.schedule();
  }

  /** Publishes the state now. */
  publish(): void {
    this.#publisher.now();
  }

  #publish(): void {
    const calls = this.#orderCalls();
    const { contacts, dialNotice, notifyIncoming } = this.events.elementState();
    this.events.published(
      Object.freeze({
        status: this.host.status,
        number: this.host.number,
        calls,
        current: currentCallOf(calls),
        subscriptions: this.subscriptions.subscribed(),
        following: this.subscriptions.following,
        autoAnswer: this.#autoAnswerState,
        lastError: this.#lastError,
        localNumbers: this.#localNumbers.known,
        contacts,
        reconnect: this.#reconnect,
        dialNotice,
        notifyIncoming,
      }),
    );
    this.#localNumbers.ask(this.host.session);
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
