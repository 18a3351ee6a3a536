import { ContextProvider } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  initialState,
  selectionContext,
  sessionContext,
  stateContext,
  subscriptionsContext,
  type ConnectionStatus,
  type CtiState,
  type Contact,
  type DialNotice,
  type NotifyMode,
} from '../../context.js';
import {
  KeyyoCallConnectEvent,
  KeyyoCallMissedEvent,
  KeyyoCallReleaseEvent,
  KeyyoCallSetupEvent,
  KeyyoErrorEvent,
  KeyyoScreenPopEvent,
  KeyyoSelectCallEvent,
  KeyyoStatusChangeEvent,
} from '../../events/index.js';
import { connectSession } from '../../sdk/connect.js';
import { CTI, CtiError, SharedConnection, type Call } from '../../sdk/index.js';
import { dialLink } from '../../shared/dialing.js';
import { displayNumber } from '../../shared/format.js';
import { messagesFor } from '../../shared/i18n.js';
import { tokens } from '../../shared/styles.js';
import { currentCallOf, snapshotOf, type CallSnapshot } from '../../snapshot.js';
import { watchAutoAnswer } from './auto-answer.js';
import { ClickToCall } from './click-to-call.js';
import { ContactDirectory, contactUrlResolver, type ContactResolver } from './contacts.js';
import { canShare } from '../../sdk/shared.js';
import { claimOnce, watchUse } from './claim.js';
import { IncomingNotifier } from './notifications.js';
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
/** A tab that claimed a screen pop keeps it this long: past any other tab's claim (1 s after its look-up). */
const POP_CLAIM_MS = 5000;
const HOW = 'set token-url, token, or the tokenProvider property (a function; in Vue, :tokenProvider.prop)';
const NO_TOKEN_SOURCE = `No CSI token source: ${HOW}`;
const TOKEN_PROVIDER_NOT_A_FUNCTION = `tokenProvider is not a function (an attribute?): ${HOW}`;
const CALL_EVENTS = { SETUP: KeyyoCallSetupEvent, CONNECT: KeyyoCallConnectEvent, RELEASE: KeyyoCallReleaseEvent, MISSED: KeyyoCallMissedEvent };

/** `auto-answer` absent: the service's default; "false": off; else on. */
const autoAnswerConverter = {
  fromAttribute: (value: string | null) => (value === null ? undefined : value !== 'false'),
  toAttribute: (value: boolean | undefined) => (value === undefined ? null : String(value)),
};

/**
 * Owns a Keyyo CTI session and shares it, with its calls, with the elements
 * inside it. Shows nothing itself but its content.
 *
 * @summary The session behind every Keyyo element inside it.
 * @slot - The page's content, with Keyyo elements anywhere inside.
 * Call events reach the page once the elements show the change, so a
 * script reacting to one finds the elements up to date.
 *
 * @fires keyyo-call-setup - A followed call rings. `detail.call`: a snapshot of the call; `detail.contact` when the other party is already known.
 * @fires keyyo-call-connect - A followed call is answered. `detail.call`, `detail.contact`.
 * @fires keyyo-call-release - A followed call ends after being answered. `detail.call`, `detail.contact`.
 * @fires keyyo-call-missed - A followed call ends without being answered. `detail.call`, `detail.contact`.
 * @fires keyyo-screen-pop - Once per call ringing in on the session's line, when the caller's look-up settled (found or not): `detail.call`, `detail.contact`.
 * @fires keyyo-status-change - The connection status changed. `detail.status`.
 * @fires keyyo-error - The connection or a command failed. `detail.error`: `{status_code, message, error_code}`.
 * @fires keyyo-dial-request - With `click-to-call`: a phone link was clicked; cancelable. `detail.number`: the international number; `detail.source`: `"link"`.
 * @fires keyyo-select-call - A desktop notification was clicked: its call becomes the one the actions act on. `detail.callref`.
 * @csspart announcer - The visually hidden live region announcing incoming calls.
 */
export class KeyyoCtiProvider extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        display: contents;
      }
    `,
  ];

  /** The CTI service; default the hosted one. */
  @property() endpoint?: string;
  /** A CSI token, if the page has one. */
  @property() token?: string;
  /** A URL on the page's own server answering a CSI token (JSON `token` or `csi_token`, or plain text). */
  @property({ attribute: 'token-url' }) tokenUrl?: string;
  /** Auto-answer of the session: absent, the service's default; `"false"` to turn it off. */
  @property({ attribute: 'auto-answer', converter: autoAnswerConverter }) autoAnswer?: boolean;
  /** Name of the cookie keeping the session id. */
  @property({ attribute: 'cookie-name' }) cookieName?: string;
  /** Days the session cookie lasts. */
  @property({ attribute: 'cookie-expires', type: Number }) cookieExpires?: number;
  /** Keep no cookie: every page load creates a new session (of its own: it shares no connection). */
  @property({ attribute: 'no-cookie', type: Boolean }) noCookie = false;
  /** A connection of this page's own. Without it, the pages of this origin
   * with the same endpoint and cookie name share one: one page holds the
   * socket, the others speak through it, and another takes over within a
   * second when that page goes. */
  @property({ attribute: 'separate-connection', type: Boolean }) separateConnection = false;
  /** Returns a fresh CSI token; wins over `token-url` and `token`. A
   * property only: in Vue, bind it as `:tokenProvider.prop`. */
  @property({ attribute: false }) tokenProvider?: () => Promise<string>;
  /** A URL on the page's own server answering who a number is: GET with
   * `?number=<international>` and the page's credentials, JSON
   * `{name, company?, avatar?, url?}`, 404 for nobody. */
  @property({ attribute: 'contact-url' }) contactUrl?: string;
  /** Finds who a number is: `(number, call) => Promise<{name, company?,
   * avatar?, url?} | undefined>`; wins over `contact-url`. Answers are kept
   * a while; one slower than 3 s is ignored. */
  @property({ attribute: false }) contactResolver?: ContactResolver;
  /** Phone links dial on the session's line while connected: `tel:` and
   * `callto:` links and elements with `data-keyyo-dial="<number>"` inside
   * the provider, or anywhere on the page with `"document"`. */
  @property({ attribute: 'click-to-call' }) clickToCall?: string | null;
  /** A desktop notification for each call ringing in on the session's
   * line while the page is hidden, or always with `"always"`; once the
   * user allowed them (the softphone offers it). */
  @property({ attribute: 'notify-incoming' }) notifyIncoming?: string | null;

  /** `idle`, `connecting`, `connected`, `reconnecting` or `error`. */
  @property({ reflect: true }) status: ConnectionStatus = 'idle';

  @state() private announcement = '';

  /** The SDK session, once connecting. */
  session?: CTI;

  #sessionProvider = new ContextProvider(this, { context: sessionContext });
  #stateProvider = new ContextProvider(this, { context: stateContext, initialValue: initialState });
  #selectionProvider = new ContextProvider(this, { context: selectionContext });
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
  #subscriptions = new SubscriptionRegistry({
    changed: () => this.#schedulePublish(),
    noticed: (number) => {
      this.#learnLocalForm(number);
      if (number !== this.number) void this.#contacts.lookUp(number);
    },
  });
  #autoAnswerState?: boolean;
  #localNumbers = new Map<string, string>();
  /** Numbers to ask the local form of, the newest last. */
  #wanted = new Map<string, true>();
  #askingLocalForms = new Set<string>();
  #contacts = new ContactDirectory(() => this.#schedulePublish());
  /** Inbound calls whose screen pop was fired (or is on its way). */
  #popped = new Map<string, true>();
  /** Call events waiting for the state they describe to be shown. */
  #pendingEvents: Event[] = [];
  #tokenSourceCheck?: ReturnType<typeof setTimeout>;
  #warned = false;
  #connecting?: Promise<void>;
  #stopConnecting?: AbortController;
  #reconnect?: CtiState['reconnect'];
  #dialNotice?: DialNotice;
  /** A notification's click makes its call the one the elements act on. */
  #notifier = new IncomingNotifier((callref) => this.dispatchEvent(new KeyyoSelectCallEvent(callref)));
  #clickToCall = new ClickToCall(
    this,
    () => Boolean(this.session?.connected),
    (link) => void this.#dialLink(link),
  );

  constructor() {
    super();
    new ContextProvider(this, { context: subscriptionsContext, initialValue: this.#subscriptions });
    // The page hears the selection too (it bubbles on); this provider keeps it.
    this.addEventListener(KeyyoSelectCallEvent.type, (event) => this.#selectionProvider.setValue(event.detail.callref));
  }

  /** The session's line, once connected. */
  get number(): string | undefined {
    return this.session?.number;
  }

  /** The calls as the elements see them. */
  get state(): CtiState {
    return this.#stateProvider.value;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchUse();
    void this.connect();
    clearTimeout(this.#tokenSourceCheck);
    this.#tokenSourceCheck = setTimeout(() => this.#checkTokenSource(), TOKEN_SOURCE_GRACE_MS);
  }

  /** Leaving the page closes the connection (the session stays on the
   * service for 5 minutes, so coming back restores it). */
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#tokenSourceCheck);
    this.#stopConnecting?.abort();
    this.session?.disconnect();
    if (this.#frame !== undefined) cancelAnimationFrame(this.#frame);
    clearTimeout(this.#frameFallback);
    this.#frame = undefined;
    this.#due = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('notifyIncoming')) this.#publish();
    if (changed.has('clickToCall')) this.#clickToCall.scope = this.clickToCall == null ? undefined : this.clickToCall === 'document' ? 'document' : 'subtree';
    if (changed.has('contactResolver') || changed.has('contactUrl')) {
      this.#contacts.resolver = this.contactResolver ?? (this.contactUrl ? contactUrlResolver(this.contactUrl) : undefined);
      this.#contacts.clear();
    }
    const source = changed.has('token') || changed.has('tokenUrl') || changed.has('tokenProvider');
    if (source && !this.session?.connected) void this.connect();
    if (changed.has('autoAnswer') && this.autoAnswer !== undefined && this.session?.connected) {
      this.#run(this.#refreshSessionState(this.session.set_auto_answer(this.autoAnswer)));
    }
  }

  /** Connects when in the document with a token source: restores the
   * cookie's session, or creates one. Safe to call again. */
  connect(): Promise<void> {
    if (!this.isConnected || !this.#hasTokenSource() || this.session?.connected) return Promise.resolve();
    this.#connecting ??= this.#open().finally(() => (this.#connecting = undefined));
    return this.#connecting;
  }

  /** Destroys the session on the service (the page logs out of telephony). */
  async destroy(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.#sessionProvider.setValue(undefined);
    if (session?.connected) await session.destroy_session().catch(() => {});
    this.#setStatus('idle');
    this.#publish();
  }

  override render() {
    return html`<slot></slot><span part="announcer" class="visually-hidden" role="status" aria-live="assertive">${this.announcement}</span>`;
  }

  async #open(): Promise<void> {
    this.#setStatus('connecting');
    const stop = (this.#stopConnecting = new AbortController());
    try {
      // The SDK refuses options out of range (a cookie-expires of -1) here.
      const session = (this.session ??= this.#createSession());
      this.#sessionProvider.setValue(session);
      await connectSession(session, {
        ...(this.autoAnswer === undefined ? {} : { auto_answer: this.autoAnswer }),
        signal: stop.signal,
        retrying: (attempt, delay, error) => this.#retrying(attempt, delay, error),
      });
      if (stop.signal.aborted) return;
      this.#reconnect = undefined;
      this.#lastError = undefined;
      this.#setStatus('connected');
      // The session is usable now; its settings follow in one round trip.
      const setting = this.autoAnswer !== undefined && !this.noCookie ? session.set_auto_answer(this.autoAnswer) : undefined;
      this.#run(this.#refreshSessionState(setting));
    } catch (error) {
      if (stop.signal.aborted) return;
      this.#reconnect = undefined;
      this.#fail(error as CtiError);
      this.#setStatus('error');
    }
    this.#publish();
  }

  /** The service cannot be reached yet: the page hears it once, the
   * status says when the next try is. */
  #retrying(attempt: number, delay: number, error: CtiError): void {
    if (attempt === 1) this.#fail(error);
    this.#reconnect = { attempt, at: Date.now() + delay, first: true };
    this.#setStatus('reconnecting');
    this.#publish();
  }

  /** The token held, unless it is too old to be accepted; the `token`
   * attribute at once (the socket opens without waiting for anything). */
  #currentToken(): string | Promise<string> {
    if (this.#token && Date.now() - this.#token.at < TOKEN_MAX_AGE_MS) return this.#token.value;
    if (!this.token || this.tokenProvider || this.tokenUrl) return this.#fetchToken();
    this.#token = { value: this.token, at: Date.now() };
    return this.token;
  }

  async #fetchToken(): Promise<string> {
    let value: unknown;
    if (this.#tokenSourceProblem()) throw this.#tokenSourceError();
    if (this.tokenProvider) {
      value = await this.tokenProvider().catch((error: unknown) => {
        throw error instanceof CtiError ? error : new CtiError(400, 'invalid_csi_token', `tokenProvider failed: ${String(error)}`);
      });
    } else if (this.tokenUrl) {
      const response = await fetch(this.tokenUrl, { credentials: 'include', headers: { accept: 'application/json, text/plain' } }).catch(() => {
        throw new CtiError(400, 'connection_closed', `The token URL ${this.tokenUrl} cannot be reached`);
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
      value = this.token;
    }
    if (typeof value !== 'string' || value === '') throw new CtiError(400, 'invalid_csi_token', 'The token source gave no CSI token');
    this.#token = { value, at: Date.now() };
    return value;
  }

  #hasTokenSource(): boolean {
    return Boolean(this.tokenProvider || this.tokenUrl || this.token);
  }

  /** What is wrong with how the page gives tokens, if anything. A function
   * bound as an attribute (a framework setting it before the element was
   * defined) arrives as a string attribute. */
  #tokenSourceProblem(): string | undefined {
    if (this.tokenProvider !== undefined && typeof this.tokenProvider !== 'function') return TOKEN_PROVIDER_NOT_A_FUNCTION;
    if (!this.#hasTokenSource()) return this.hasAttribute('tokenprovider') || this.hasAttribute('token-provider') ? TOKEN_PROVIDER_NOT_A_FUNCTION : NO_TOKEN_SOURCE;
    return undefined;
  }

  #tokenSourceError(): CtiError {
    return new CtiError(400, 'no_token_source', this.#tokenSourceProblem()!);
  }

  /** A provider left without a token source would wait silently: say so. */
  #checkTokenSource(): void {
    if (!this.isConnected || this.status !== 'idle' || !this.#tokenSourceProblem()) return;
    const error = this.#tokenSourceError();
    if (!this.#warned) console.warn(`<keyyo-cti-provider>: ${error.message}`);
    this.#warned = true;
    this.#fail(error);
    this.#setStatus('error');
    this.#publish();
  }

  #createSession(): CTI {
    const session = new CTI({
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      cookie_auto: !this.noCookie,
      ...(this.#sharing() ? { share_connection: SharedConnection } : {}),
      ...(this.cookieName ? { cookie_name: this.cookieName } : {}),
      ...(this.cookieExpires ? { cookie_expires: this.cookieExpires } : {}),
      token_provider: async (refresh) => (refresh ? this.#fetchToken() : this.#currentToken()),
    });
    this.#subscriptions.attach(session);
    watchAutoAnswer(session, (value) => {
      this.#autoAnswerState = value;
      this.#schedulePublish();
    });
    session.on('setup, connect, release, missed', (call: Call) => this.#onCall(call));
    session.on('newCall', (call: Call) => {
      this.#changed.set(call, snapshotOf(call, this.number));
      this.#schedulePublish();
    });
    session.on('disconnected', () => {
      this.#fail(new CtiError(400, 'connection_closed', 'The connection to the phone service was lost'));
      this.#setStatus('reconnecting');
      this.#publish();
    });
    session.on('reconnecting', ({ attempt, delay }: { attempt: number; delay: number }) => {
      this.#reconnect = { attempt, at: Date.now() + delay };
      this.#setStatus('reconnecting');
      this.#publish();
    });
    session.on('reconnected', () => {
      this.#reconnect = undefined;
      this.#lastError = undefined;
      this.#setStatus('connected');
      this.#publish();
      this.#refreshSessionState().catch(() => {});
    });
    return session;
  }

  #onCall(call: Call): void {
    const snapshot = this.#changed.get(call) ?? snapshotOf(call, this.number);
    const contact = this.#contacts.get(snapshot.other);
    this.#queue(new CALL_EVENTS[call.state](snapshot, contact));
    if (call.state === 'SETUP' && snapshot.direction === 'inbound') this.#announceIncoming(snapshot);
    const lookUp = this.#contacts.lookUp(snapshot.other, snapshot);
    if (snapshot.direction === 'inbound' && call.active && !this.#popped.has(call.callref)) {
      remember(this.#popped, call.callref, true);
      void lookUp.then((found) => {
        this.#popOnce(call, found);
        const now = snapshotOf(call, this.number);
        if (now.state !== 'SETUP') return;
        if (found && !contact) this.#announceIncoming(now);
        this.#notify(now, found);
      });
    }
    if (call.state !== 'SETUP') this.#notifier.stop(call.callref);
    for (const number of [call.caller, call.callee]) this.#learnLocalForm(number);
    this.#schedulePublish();
  }

  /** The screen pop: with a shared connection, in one tab only (the one used last). */
  #popOnce(call: Call, contact: Contact | undefined): void {
    const pop = () => this.#queue(new KeyyoScreenPopEvent(snapshotOf(call, this.number), contact));
    if (!this.#sharing()) return pop();
    void claimOnce(`keyyo-cti-pop-${call.callref}`, this.session!.leading, () => (pop(), new Promise((resolve) => setTimeout(resolve, POP_CLAIM_MS))));
  }

  #sharing(): boolean {
    return !this.noCookie && !this.separateConnection && canShare();
  }

  /** Dials what a phone link names; what the user must be told is shown
   * by the dialers and said in the live region. */
  async #dialLink(link: string): Promise<void> {
    const notice = await dialLink(this, this.session, this.state, link);
    if (!notice) return;
    this.#dialNotice = notice;
    this.announcement = notice.text;
    this.#publish();
  }

  #notifyMode(): NotifyMode | undefined {
    return this.notifyIncoming == null ? undefined : this.notifyIncoming === 'always' ? 'always' : 'hidden';
  }

  /** A desktop notification of a call ringing in, with who calls when known. */
  #notify(call: CallSnapshot, contact: Contact | undefined): void {
    const mode = this.#notifyMode();
    if (!mode) return;
    const t = messagesFor(this);
    const number = displayNumber(call.other, this.#localNumbers);
    const body = contact ? `${contact.name}${contact.company ? ` · ${contact.company}` : ''}\n${number}` : number;
    void this.#notifier.ring({ callref: call.callref, title: t.incomingCall, body, ...(contact?.avatar ? { icon: contact.avatar } : {}) }, mode, this.session?.leading ?? true);
  }

  /** Says who calls in the live region; keyboard focus stays where the user is. */
  #announceIncoming(call: CallSnapshot): void {
    const number = displayNumber(call.other, this.#localNumbers);
    const name = this.#contacts.get(call.other)?.name;
    this.announcement = messagesFor(this).incomingFrom(name ? `${name}, ${number}` : number);
  }

  /** A call event goes out after the elements show what it tells. */
  #queue(event: Event): void {
    this.#pendingEvents.push(event);
    this.#schedulePublish();
  }

  /** Notes a number whose local form is not known yet; the newest are asked first. */
  #learnLocalForm(number: string): void {
    if (this.#localNumbers.has(number) || this.#askingLocalForms.has(number)) return;
    remember(this.#wanted, number, true, WANTED_LIMIT);
  }

  /** Asks the service how the organisation writes the numbers noted, a few
   * at a time (once a frame, and as answers come back). */
  #askLocalForms(): void {
    const session = this.session;
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
            this.#schedulePublish();
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
    const session = this.session!;
    if (session.number) this.#learnLocalForm(session.number);
    const [{ numbers }] = await Promise.all([session.get_subscriptions(), session.get_auto_answer(), setting]);
    this.#subscriptions.reconcile(numbers);
  }

  #run(command: Promise<unknown>): void {
    command.catch((error: CtiError) => this.#fail(error)).finally(() => this.#schedulePublish());
  }

  #fail(error: CtiError): void {
    this.#lastError = error;
    this.dispatchEvent(new KeyyoErrorEvent(error));
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new KeyyoStatusChangeEvent(status));
  }

  /** Notifications may come by the hundred: the elements hear of them at
   * most once per animation frame, and at once (after the task that
   * brought them) when the frame before published nothing. A hidden page
   * gets no frames, so a timer stands in after a while. */
  #schedulePublish(): void {
    if (this.#due) return;
    this.#due = true;
    // A frame is coming: the last one published something.
    if (this.#frame !== undefined) return;
    queueMicrotask(() => this.#due && this.#publish());
    this.#requestFrame();
  }

  #requestFrame(): void {
    const frame = () => {
      cancelAnimationFrame(this.#frame!);
      clearTimeout(this.#frameFallback);
      this.#frame = undefined;
      if (!this.#due) return;
      this.#publish();
      this.#requestFrame();
    };
    this.#frame = requestAnimationFrame(frame);
    this.#frameFallback = setTimeout(frame, 250);
  }

  #publish(): void {
    const number = this.number;
    const events = this.#pendingEvents;
    this.#pendingEvents = [];
    this.#due = false;
    const calls = this.#orderCalls();
    this.#stateProvider.setValue(
      Object.freeze({
        status: this.status,
        number,
        calls,
        current: currentCallOf(calls),
        subscriptions: Object.freeze(this.#subscriptions.subscribed()),
        following: this.#subscriptions.following,
        autoAnswer: this.#autoAnswerState,
        lastError: this.#lastError,
        localNumbers: this.#localNumbers,
        contacts: this.#contacts.known,
        reconnect: this.#reconnect,
        dialNotice: this.#dialNotice,
        notifyIncoming: this.#notifyMode(),
      }),
    );
    this.#askLocalForms();
    // Lit renders the new state in microtasks: a task later, it is on screen.
    if (events.length) setTimeout(() => events.forEach((event) => this.dispatchEvent(event)));
  }

  /** The calls in their order, from the last ones published and the calls
   * that changed since: the work grows with the changes, not the calls. */
  #orderCalls(): readonly CallSnapshot[] {
    const session = this.session;
    const number = this.number;
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
function remember<K, V>(table: Map<K, V>, key: K, value: V, limit = KEPT_LIMIT): void {
  table.delete(key);
  table.set(key, value);
  if (table.size > limit) table.delete(table.keys().next().value as K);
}
