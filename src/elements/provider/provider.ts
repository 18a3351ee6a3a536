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
import type { Call, CTI } from '../../sdk/index.js';
import { SessionController } from './session-controller.js';
import { remember } from './local-numbers.js';
import { displayNumber } from '../../shared/format.js';
import { messagesFor } from '../../shared/i18n.js';
import { tokens } from '../../shared/styles.js';
import { snapshotOf, type CallSnapshot } from '../../snapshot.js';
import type { ClickToCall } from './click-to-call.js';
import type { ContactDirectory, ContactResolver } from './contacts.js';
import { claimOnce, watchUse } from './claim.js';
import type { IncomingNotifier } from './notifications.js';
import type { CallLog } from '../../call-log/call-log.js';
import type { CallLogger } from '../../call-log/delivery.js';
import { loadCallLog, loadContacts, loadExtras } from '../../shared/chunks.js';

/** A tab that claimed a screen pop keeps it this long: past any other tab's claim (1 s after its look-up). */
const POP_CLAIM_MS = 5000;
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
 * @fires keyyo-call-logged - An ended call of the session's line was logged, once across the tabs sharing the connection (after its wrap-up with `wrap-up`). `detail.record`.
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
   * socket, the others speak through it, and another takes over at once
   * when that page goes. */
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

  /** Where each call record goes: POST as JSON with the page's
   * credentials and an `Idempotency-Key` header (the record's id); a 2xx
   * answer acknowledges it. Records wait in the browser until then. */
  @property({ attribute: 'log-url' }) logUrl?: string;
  /** Receives each call record: `(record) => Promise`, settled once the
   * CRM keeps it; wins over `log-url`. A property only (read at each
   * delivery). */
  callLogger?: CallLogger;
  /** A form for notes and a disposition after each call of the line,
   * delivered with its record: `off` (default), `optional` (it may be
   * skipped) or `required`. */
  @property({ attribute: 'wrap-up' }) wrapUp: 'off' | 'optional' | 'required' = 'off';
  /** Seconds the wrap-up waits before the record goes as it is; default 120. */
  @property({ attribute: 'wrap-up-timeout', type: Number }) wrapUpTimeout?: number;
  /** The dispositions the wrap-up offers: a JSON array of texts, or the property. */
  @property({ type: Array }) dispositions?: string[];
  /** Keep no history of ended calls in the browser (shared computers). */
  @property({ attribute: 'no-history', type: Boolean }) noHistory?: boolean;

  /** `idle`, `connecting`, `connected`, `reconnecting` or `error`. */
  @property({ reflect: true }) status: ConnectionStatus = 'idle';

  @state() private announcement = '';

  /** The SDK session, once connecting. */
  session?: CTI;

  /** Call records waiting for delivery (in every tab of the line). */
  get pendingLogs(): number {
    return this.state.pendingLogs ?? 0;
  }

  #sessionProvider = new ContextProvider(this, { context: sessionContext });
  #stateProvider = new ContextProvider(this, { context: stateContext, initialValue: initialState });
  #selectionProvider = new ContextProvider(this, { context: selectionContext });
  /** Who numbers belong to: a chunk, loaded once the page gives a way to
   * find them or the history remembers one. */
  #contacts?: ContactDirectory;
  #loadingContacts?: Promise<ContactDirectory>;
  /** Inbound calls whose screen pop was fired (or is on its way). */
  #popped = new Map<string, true>();
  /** Call events waiting for the state they describe to be shown. */
  #pendingEvents: Event[] = [];
  #dialNotice?: DialNotice;
  /** A notification's click makes its call the one the elements act on. */
  /** With `notify-incoming` and `click-to-call`, loaded when first set. */
  #notifier?: IncomingNotifier;
  #clickToCall?: ClickToCall;
  #extras?: ReturnType<typeof loadExtras>;
  #loadExtras = () => (this.#extras ??= loadExtras());
  /** Owns the session; what it reports becomes this element's contexts, properties and DOM events. */
  #sessionController = new SessionController(this, {
    sessionChanged: (session) => {
      this.session = session;
      this.#sessionProvider.setValue(session);
    },
    statusChanged: (status) => {
      this.status = status;
      this.dispatchEvent(new KeyyoStatusChangeEvent(status));
    },
    failed: (error) => this.dispatchEvent(new KeyyoErrorEvent(error)),
    callChanged: (call, snapshot) => this.#onCall(call, snapshot),
    numberNeeded: (number) => {
      if (number !== this.number) void this.#lookUp(number);
    },
    elementState: () => ({ contacts: this.#contacts?.known ?? initialState.contacts, dialNotice: this.#dialNotice, notifyIncoming: this.#notifyMode() }),
    published: (cti) => {
      const events = this.#pendingEvents;
      this.#pendingEvents = [];
      if (cti.number) void this.#callLog()?.then((log) => log.start(cti.number!));
      this.#stateProvider.setValue(this.#log?.decorate(cti) ?? cti);
      // Lit renders the new state in microtasks: a task later, it is on screen.
      if (events.length) setTimeout(() => events.forEach((event) => this.dispatchEvent(event)));
    },
  });

  constructor() {
    super();
    new ContextProvider(this, { context: subscriptionsContext, initialValue: this.#sessionController.subscriptions });
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
    // Screen pops and notifications go to the tab the user used last.
    watchUse();
  }

  // Before the update rather than after it: what these start (a status
  // becoming "connecting") joins this update instead of scheduling another.
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('notifyIncoming')) this.#sessionController.publish();
    if (changed.has('notifyIncoming') && this.notifyIncoming != null) {
      // A notification's click makes its call the one the elements act on.
      void this.#loadExtras().then(
        ({ IncomingNotifier }) => (this.#notifier ??= new IncomingNotifier((callref) => this.dispatchEvent(new KeyyoSelectCallEvent(callref)), claimOnce)),
      );
    }
    if (changed.has('clickToCall') && (this.clickToCall != null || this.#clickToCall)) {
      void this.#loadExtras().then(({ ClickToCall, dialLink }) => {
        this.#clickToCall ??= new ClickToCall(
          this,
          () => Boolean(this.session?.connected),
          async (link) => this.#tell(await dialLink(this, this.session, this.state, link)),
        );
        this.#clickToCall.scope = this.clickToCall == null ? undefined : this.clickToCall === 'document' ? 'document' : 'subtree';
      });
    }
    if (changed.has('contactResolver') || changed.has('contactUrl')) {
      if (this.#contacts) this.#contacts.use(this.#contactSource());
      else if (this.#contactSource()) this.#directory().catch(() => {}); // said by the look-ups
    }
    const source = changed.has('token') || changed.has('tokenUrl') || changed.has('tokenProvider');
    if (source && !this.session?.connected) void this.connect();
    if (changed.has('autoAnswer')) this.#sessionController.autoAnswerChanged();
  }

  /** Connects when in the document with a token source: restores the
   * cookie's session, or creates one. Safe to call again. */
  connect(): Promise<void> {
    return this.#sessionController.connect();
  }

  /** Destroys the session on the service (the page logs out of telephony)
   * and forgets the line's history in this browser. */
  destroy(): Promise<void> {
    void this.#log?.forget();
    return this.#sessionController.destroy();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#log?.stop();
  }

  #log?: CallLog;
  #logLoading?: Promise<CallLog>;

  /** The page's way to find who a number is: its function, else its URL. */
  #contactSource(): ContactResolver | string | undefined {
    return this.contactResolver ?? (this.contactUrl || undefined);
  }

  #directory(): Promise<ContactDirectory> {
    return (this.#loadingContacts ??= loadContacts().then(
      ({ ContactDirectory }) => {
        this.#contacts = new ContactDirectory(() => this.#sessionController.schedulePublish());
        this.#contacts.use(this.#contactSource());
        return this.#contacts;
      },
      (error) => {
        this.#loadingContacts = undefined; // asked for again by the next look-up
        throw error;
      },
    ));
  }

  /** Who a number is, when the page gives a way to find it (else what the
   * history remembers); never rejects: a chunk that cannot load leaves the number as it is. */
  #lookUp(number: string, call?: CallSnapshot): Promise<Contact | undefined> {
    if (!this.#contacts && !this.#contactSource()) return Promise.resolve(undefined);
    return this.#directory().then(
      (contacts) => contacts.lookUp(number, call),
      () => undefined,
    );
  }

  /** The call log, loaded when the page keeps a history, logs calls or wraps them up. */
  #callLog(): Promise<CallLog> | undefined {
    if (this.noHistory && !this.logUrl && !this.callLogger && this.wrapUp === 'off') return this.#logLoading;
    return (this.#logLoading ??= loadCallLog().then(
      (CallLog) =>
        (this.#log = new CallLog(this, {
          claim: claimOnce,
          changed: () => this.#sessionController.schedulePublish(),
          contacts: { recall: (number, contact) => void this.#directory().then((contacts) => contacts.recall(number, contact)) },
        })),
    ));
  }

  override render() {
    return html`<slot></slot><span part="announcer" class="visually-hidden" role="status" aria-live="assertive">${this.announcement}</span>`;
  }

  /** A followed call rang, was answered or ended: its event, the live
   * region, the screen pop, the desktop notification. */
  #onCall(call: Call, snapshot: CallSnapshot): void {
    const contact = this.#contacts?.get(snapshot.other);
    this.#queue(new CALL_EVENTS[call.state](snapshot, contact));
    if (call.state === 'SETUP' && snapshot.direction === 'inbound') this.#announceIncoming(snapshot);
    const lookUp = this.#lookUp(snapshot.other, snapshot);
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
    if (call.state !== 'SETUP') this.#notifier?.stop(call.callref);
    if (!call.active) void this.#callLog()?.then((log) => log.ended(call));
  }

  /** The screen pop: with a shared connection, in one tab only (the one used last). */
  #popOnce(call: Call, contact: Contact | undefined): void {
    const pop = () => this.#queue(new KeyyoScreenPopEvent(snapshotOf(call, this.number), contact));
    const session = this.session;
    if (!session?.sharing) return pop();
    void claimOnce(`keyyo-cti-pop-${call.callref}`, session.leading, () => (pop(), new Promise((resolve) => setTimeout(resolve, POP_CLAIM_MS))));
  }

  /** What the user must be told of a phone link dialled, if anything:
   * shown by the dialers and said in the live region. */
  #tell(notice: DialNotice | undefined): void {
    if (!notice) return;
    this.#dialNotice = notice;
    this.announcement = notice.text;
    this.#sessionController.publish();
  }

  #notifyMode(): NotifyMode | undefined {
    return this.notifyIncoming == null ? undefined : this.notifyIncoming === 'always' ? 'always' : 'hidden';
  }

  /** A desktop notification of a call ringing in, with who calls when known. */
  #notify(call: CallSnapshot, contact: Contact | undefined): void {
    const mode = this.#notifyMode();
    if (!mode) return;
    const t = messagesFor(this);
    const number = displayNumber(call.other, this.state.localNumbers);
    const body = contact ? `${contact.name}${contact.company ? ` · ${contact.company}` : ''}\n${number}` : number;
    void this.#notifier?.ring({ callref: call.callref, title: t.incomingCall, body, ...(contact?.avatar ? { icon: contact.avatar } : {}) }, mode, this.session?.leading ?? true);
  }

  /** Says who calls in the live region; keyboard focus stays where the user is. */
  #announceIncoming(call: CallSnapshot): void {
    const number = displayNumber(call.other, this.state.localNumbers);
    const name = this.#contacts?.get(call.other)?.name;
    this.announcement = messagesFor(this).incomingFrom(name ? `${name}, ${number}` : number);
  }

  /** A call event goes out after the elements show what it tells. */
  #queue(event: Event): void {
    this.#pendingEvents.push(event);
    this.#sessionController.schedulePublish();
  }
}
