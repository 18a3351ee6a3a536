// The hosted CTI service as a pure model: sessions, subscriptions, phones and
// calls, driven by commands from sockets and by the control API, on an
// injectable clock. It knows nothing of HTTP or SockJS: a socket is anything
// that can be sent a message and closed. The rules where the service is
// undocumented are listed in README.md beside this file.
import { randomBytes } from 'node:crypto';
import type { Clock, Timer } from './clock.js';
import { Directory, isInternational, type Line } from './directory.js';
import { LOOPBACK_MASKS, originAllowed } from './domains.js';
import { invalidParams, invalidToken, missingParameter, RpcError, unknownSession } from './errors.js';
import { excerpt, integerProblem, LIMITS, quote, RANGES, type Range } from './limits.js';

export type CallState = 'SETUP' | 'CONNECT' | 'RELEASE' | 'MISSED';

/** A call as notifications carry it. */
export interface CallAttributes {
  callref: string;
  caller: string;
  callee: string;
  state: CallState;
  setup_date: number;
  connect_date?: number;
  release_date?: number;
  callpark_slot?: string;
}

/** One socket of a client, as the model sees it. */
export interface Socket {
  send(message: object): void;
  close(code: number, reason: string): void;
  /** The Origin header of the page that opened it; none for a client that
   * is no browser page. */
  readonly origin?: string;
}

export interface PhonePolicy {
  /** Answer a ringing call after this many ms; null: only when told to. */
  answer_after_ms: number | null;
  /** Refuse every call at once. */
  busy: boolean;
}

export interface ModelOptions {
  clock: Clock;
  directory?: Directory;
  /** A ringing phone gives up after this long (MISSED). */
  ringTimeoutMs?: number;
  tokenLifetimeMs?: number;
  /** How long a session with no socket left survives. */
  sessionGraceMs?: number;
  /** Ended calls kept for GET /sim/state. */
  historyLimit?: number;
}

/**
 * Where a call stands, finer than its notified state:
 * - `dialing`: the caller's own phone rings first (a session dialed with
 *   auto-answer off);
 * - `ringing`: the callee's phone rings;
 * - `connected`: both parties talk;
 * - `parked`: one party waits in a callpark slot;
 * - `ended`.
 */
type Phase = 'dialing' | 'ringing' | 'connected' | 'parked' | 'ended';

interface CallRecord {
  attrs: CallAttributes;
  phase: Phase;
  /** The number whose phone rings, while dialing or ringing. */
  ringing?: string;
  /** The organisation whose callpark holds the call, while parked. */
  parkOrganisation?: string;
  /** Set on the consultation call of a supervised transfer: the call it
   * replaces and the party kept from it. */
  supervises?: { original: CallRecord; kept: string };
  timers: Timer[];
}

interface Session {
  id: string;
  line: Line;
  autoAnswer: boolean;
  subscriptions: Set<string>;
  /** Documented counter: 1 at creation, +1 per restore, -1 per closed socket. */
  counter: number;
  sockets: Set<Socket>;
  expiry?: Timer;
}

interface Token {
  csi: string;
  expiresAt: number;
  /** The domains whose pages may use it. */
  masks: readonly string[];
}

export interface SentMessage {
  from: string;
  to: string;
  message: string;
  date: number;
}

type Params = Record<string, unknown>;
type Handler = (params: Params, socket: Socket, session: Session) => unknown;

export const CALLPARK = 'callpark';
const SIDES = ['caller', 'callee'] as const;
type Side = (typeof SIDES)[number];

const seconds = (ms: number) => Math.floor(ms / 1000);
const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');

export class CtiModel {
  readonly clock: Clock;
  readonly directory: Directory;
  readonly ringTimeoutMs: number;
  readonly tokenLifetimeMs: number;
  readonly sessionGraceMs: number;
  readonly historyLimit: number;

  #tokens = new Map<string, Token>();
  #sessions = new Map<string, Session>();
  #socketSessions = new Map<Socket, Session>();
  /** Sessions without a socket, waiting out their grace time, oldest first. */
  #idle = new Set<Session>();
  #sockets = new Set<Socket>();
  /** Every call, active and recent, in creation order. */
  #calls = new Map<string, CallRecord>();
  #endedCount = 0;
  #activeCount = 0;
  #policies = new Map<string, PhonePolicy>();
  #messages: SentMessage[] = [];
  /** Call refs stay unique across resets, so a client never confuses an old
   * call with a new one. */
  #callrefPrefix = randomBytes(3).toString('hex');
  #callrefCounter = 0;

  constructor(options: ModelOptions) {
    this.clock = options.clock;
    this.directory = options.directory ?? new Directory();
    this.ringTimeoutMs = option(options.ringTimeoutMs, 30_000, 'ringTimeoutMs', RANGES.ringTimeoutMs);
    this.tokenLifetimeMs = option(options.tokenLifetimeMs, 3_600_000, 'tokenLifetimeMs', RANGES.tokenLifetimeMs);
    this.sessionGraceMs = option(options.sessionGraceMs, 300_000, 'sessionGraceMs', RANGES.sessionGraceMs);
    this.historyLimit = option(options.historyLimit, 1000, 'historyLimit', RANGES.historyLimit);
  }

  // ---- Manager API ---------------------------------------------------------

  /** A CSI token for a line, valid `tokenLifetimeMs` and only for that
   * line, from pages of the domains of `masks` (checked by the caller; none:
   * the loopback names). `expires_in` is in seconds, as the Manager API
   * says it. */
  issueToken(csi: string, masks: readonly string[] = []): { token: string; expires_in: number } | undefined {
    if (!this.directory.line(csi)) return undefined;
    const token = randomBytes(24).toString('hex');
    const expiresAt = this.clock.now() + this.tokenLifetimeMs;
    this.#pruneTokens();
    this.#tokens.set(token, { csi, expiresAt, masks: masks.length ? masks : LOOPBACK_MASKS });
    return { token, expires_in: Math.ceil(this.tokenLifetimeMs / 1000) };
  }

  /** Forgets expired tokens (in the order they were issued, which is the
   * order they expire unless expired on demand), and the oldest past
   * LIMITS.tokens. */
  #pruneTokens(): void {
    const now = this.clock.now();
    for (const [token, entry] of this.#tokens) {
      if (entry.expiresAt > now && this.#tokens.size < LIMITS.tokens) break;
      this.#tokens.delete(token);
    }
  }

  /** Expires a token at once (a test's shortcut for waiting an hour). */
  expireToken(token: string): boolean {
    const entry = this.#tokens.get(token);
    if (entry) entry.expiresAt = this.clock.now();
    return entry !== undefined;
  }

  // ---- Sockets -------------------------------------------------------------

  open(socket: Socket): void {
    this.#sockets.add(socket);
  }

  close(socket: Socket): void {
    this.#sockets.delete(socket);
    this.#detach(socket);
  }

  /** One message from a socket, as the text the client sent. */
  receive(socket: Socket, text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      socket.close(3000, 'Broken JSON');
      return;
    }
    const id = isRecord(message) && Number.isSafeInteger(message.id) && (message.id as number) > 0 ? message.id : null;
    try {
      if (!isRecord(message)) throw invalidParams('a message must be a JSON object');
      if (message.id === undefined) throw missingParameter('id');
      if (id === null) throw invalidParams('"id" must be a positive integer');
      if (message.action === undefined) throw missingParameter('action');
      if (typeof message.action !== 'string') throw invalidParams('"action" must be a string');
      const result = this.#execute(message.action, message, socket);
      socket.send({ id, result });
      this.#afterReply(message.action, message, socket);
    } catch (error) {
      if (error instanceof RpcError) {
        socket.send({ id, error: error.toJSON() });
        return;
      }
      socket.send({ id, error: { status_code: 500, message: 'Internal error' } });
      throw error;
    }
  }

  #execute(action: string, params: Params, socket: Socket): unknown {
    if (action === 'ping') return { now: seconds(this.clock.now()) };
    if (action === 'create_session') return this.#createSession(params, socket);
    if (action === 'restore_session') return this.#restoreSession(params, socket);
    const handler = this.#handlers.get(action);
    if (!handler) throw invalidParams(`unknown action ${quote(action)}`);
    const session = this.#socketSessions.get(socket);
    if (!session) throw unknownSession('no session on this connection: create or restore one first');
    return handler(params, socket, session);
  }

  /** Catch-up notifications, sent after the reply so a client knows its
   * session before it hears of calls. */
  #afterReply(action: string, params: Params, socket: Socket): void {
    const session = this.#socketSessions.get(socket);
    if (!session) return;
    if (action === 'create_session' || action === 'restore_session') {
      for (const call of this.#activeCalls()) {
        if (this.#concerns(session, call)) socket.send(this.#notification(call));
      }
    } else if (action === 'subscribe') {
      const number = params.number as string;
      for (const call of this.#activeCalls()) {
        if (this.#concernsNumber(number, session.line.organisation, call)) socket.send(this.#notification(call));
      }
    }
  }

  // ---- Sessions ------------------------------------------------------------

  #lineForToken(params: Params, socket: Socket): Line {
    const token = requireString(params, 'token');
    const protocol = params.protocol_version;
    if (protocol === undefined) throw missingParameter('protocol_version');
    if (protocol !== 1) throw invalidParams('"protocol_version" must be 1');
    const entry = this.#tokens.get(token);
    if (!entry) throw invalidToken('unknown token');
    if (entry.expiresAt <= this.clock.now()) throw invalidToken('expired');
    // A page outside the token's domains may not use it; a client that is
    // no page sends no Origin (and could send any).
    if (socket.origin !== undefined && !originAllowed(socket.origin, entry.masks)) {
      throw invalidToken(`not valid for pages of ${quote(socket.origin)}: its domain masks are ${entry.masks.join(', ')}`);
    }
    return this.directory.line(entry.csi)!;
  }

  #createSession(params: Params, socket: Socket): object {
    const line = this.#lineForToken(params, socket);
    const autoAnswer = optionalBoolean(params, 'auto_answer') ?? true;
    const session: Session = {
      id: randomId(18),
      line,
      autoAnswer,
      subscriptions: new Set([line.number]),
      counter: 1,
      sockets: new Set(),
    };
    this.#sessions.set(session.id, session);
    this.#attach(socket, session);
    return { number: line.number, now: seconds(this.clock.now()), session_id: session.id };
  }

  #restoreSession(params: Params, socket: Socket): object {
    const line = this.#lineForToken(params, socket);
    const id = requireString(params, 'session_id');
    const session = this.#sessions.get(id);
    // A token opens only its own line's sessions. Another line's session is
    // answered exactly as an unknown id, same words, same path, so that
    // nobody learns which ids exist.
    if (!session || session.line.number !== line.number) throw unknownSession(`no session ${quote(id)}: it was destroyed or never existed`);
    if (this.#socketSessions.get(socket) !== session) {
      session.counter += 1;
      this.#attach(socket, session);
    }
    session.expiry?.cancel();
    session.expiry = undefined;
    this.#idle.delete(session);
    return { number: line.number, now: seconds(this.clock.now()) };
  }

  #attach(socket: Socket, session: Session): void {
    this.#detach(socket);
    this.#socketSessions.set(socket, session);
    session.sockets.add(socket);
  }

  /** The socket leaves its session: the counter drops, and at 0 the grace
   * timer starts. */
  #detach(socket: Socket): void {
    const session = this.#socketSessions.get(socket);
    if (!session) return;
    this.#socketSessions.delete(socket);
    session.sockets.delete(socket);
    session.counter -= 1;
    if (session.counter <= 0 && this.#sessions.has(session.id)) {
      session.counter = 0;
      session.expiry?.cancel();
      session.expiry = this.clock.setTimer(this.sessionGraceMs, () => this.destroySession(session.id));
      this.#idle.add(session);
      // Bounded: past the limit, the session idle the longest goes first.
      for (const oldest of this.#idle) {
        if (this.#idle.size <= LIMITS.idleSessions) break;
        this.destroySession(oldest.id);
      }
    }
  }

  /** The sockets of one session, or every open socket. */
  sockets(sessionId?: string): Socket[] {
    if (sessionId === undefined) return [...this.#sockets];
    return [...(this.#sessions.get(sessionId)?.sockets ?? [])];
  }

  /** Destroys a session at once; its sockets stay open without a session. */
  destroySession(id: string): boolean {
    const session = this.#sessions.get(id);
    if (!session) return false;
    this.#sessions.delete(id);
    this.#idle.delete(session);
    session.expiry?.cancel();
    for (const socket of session.sockets) this.#socketSessions.delete(socket);
    session.sockets.clear();
    return true;
  }

  // ---- Commands of a session -------------------------------------------------

  /** The commands of a session, by action. A Map: an action named after a
   * member of Object.prototype (`constructor`, `__proto__`) is unknown like
   * any other. */
  #handlers = new Map<string, Handler>(
    Object.entries({
      destroy_session: (_params, _socket, session) => {
        this.destroySession(session.id);
        return 1;
      },
      subscribe: (params, _socket, session) => {
        session.subscriptions.add(this.#subscribable(params, session));
        return 1;
      },
      unsubscribe: (params, _socket, session) => {
        session.subscriptions.delete(this.#subscribable(params, session));
        return 1;
      },
      get_subscriptions: (_params, _socket, session) => ({ numbers: [...session.subscriptions] }),
      get_auto_answer: (_params, _socket, session) => ({ auto_answer: session.autoAnswer }),
      set_auto_answer: (params, _socket, session) => {
        if (params.auto_answer === undefined) throw missingParameter('auto_answer');
        session.autoAnswer = optionalBoolean(params, 'auto_answer')!;
        return 1;
      },
      call: (params, _socket, session) => {
        const number = requireInternational(params, 'number');
        if (number === session.line.number) throw invalidParams('a line cannot call itself');
        this.#dial(session, number);
        return 1;
      },
      send_message: (params, _socket, session) => {
        const to = requireInternational(params, 'number');
        const message = requireString(params, 'message');
        if (message.length === 0) throw invalidParams('"message" is empty');
        // Kept for GET /sim/state, bounded: the newest messages, each cut.
        this.#messages.push({ from: session.line.number, to, message: excerpt(message, LIMITS.messageChars), date: seconds(this.clock.now()) });
        if (this.#messages.length > LIMITS.messagesKept) this.#messages.shift();
        return 1;
      },
      get_int_to_local_numbers: (params, _socket, session) => this.directory.toLocal(requireInternational(params, 'number'), session.line.organisation),
      get_local_to_int_number: (params, _socket, session) => {
        const dialled = requireString(params, 'number');
        const number = this.directory.toInternational(dialled, session.line.organisation);
        if (!number) throw invalidParams(`${quote(dialled)} is neither a local number of the organisation nor a national or international number`);
        return number;
      },
      answer_call: (params, _socket, session) => {
        const call = this.#callFor(params, session, 'call_ref');
        if (call.phase !== 'dialing' && call.phase !== 'ringing') throw invalidParams(`call ${call.attrs.callref} is not ringing`);
        if (this.directory.line(call.ringing!)?.organisation !== session.line.organisation) {
          throw invalidParams(`the ringing phone of call ${call.attrs.callref} is not a line of this organisation`);
        }
        this.#answer(call);
        return 1;
      },
      reject_call: (params, _socket, session) => {
        const call = this.#callFor(params, session, 'call_ref');
        if (call.phase !== 'ringing' || call.attrs.callee !== session.line.number) {
          throw invalidParams(`call ${call.attrs.callref} is not ringing on this session's line ${session.line.number}`);
        }
        this.#end(call);
        return 1;
      },
      terminate_call: (params, _socket, session) => {
        const call = this.#callFor(params, session, 'call_ref');
        if (call.phase === 'ended') throw invalidParams(`call ${call.attrs.callref} has already ended`);
        this.#end(call);
        return 1;
      },
      transfer_call: (params, _socket, session) => {
        const call = this.#connectedCall(params, session);
        const kept = call.attrs[requireSide(params, 'side')];
        const to = requireInternational(params, 'to');
        if (to === kept) throw invalidParams(`cannot transfer ${kept} to itself`);
        this.#end(call);
        this.#ring(this.#newCall(kept, to, 'ringing'), to);
        return 1;
      },
      supervised_transfer_call: (params, _socket, session) => {
        const call = this.#connectedCall(params, session);
        const side = requireSide(params, 'side');
        const to = requireInternational(params, 'to');
        const inviteTimer = optionalInteger(params, 'invite_timer', RANGES.inviteTimerSeconds) ?? 0;
        const kept = call.attrs[side];
        const transferring = call.attrs[otherSide(side)];
        if (to === kept || to === transferring) throw invalidParams(`cannot transfer to a party of the call`);
        this.#roomForCall();
        const consultation = this.#newCall(transferring, to, 'ringing');
        consultation.supervises = { original: call, kept };
        this.#ring(consultation, to);
        if (inviteTimer > 0 && consultation.phase === 'ringing') {
          consultation.timers.push(this.clock.setTimer(inviteTimer * 1000, () => this.#end(consultation)));
        }
        return 1;
      },
      merge_call: (params, _socket, session) => {
        const first = this.#connectedCall(params, session);
        const firstParty = first.attrs[requireSide(params, 'side')];
        const second = this.#connectedCall(params, session, 'call_ref2');
        const secondParty = second.attrs[requireSide(params, 'side2')];
        if (first === second) throw invalidParams('cannot merge a call with itself');
        if (firstParty === secondParty) throw invalidParams(`both sides are ${firstParty}`);
        this.#end(first);
        this.#end(second);
        this.#newCall(firstParty, secondParty, 'connected');
        return 1;
      },
      park_call: (params, _socket, session) => {
        const call = this.#connectedCall(params, session);
        const side = requireSide(params, 'side');
        const slot = optionalSlot(params);
        this.#park(call, side, slot === undefined || slot === -1 ? this.#freeSlot(session) : String(slot), session);
        return 1;
      },
      pause_call: (params, _socket, session) => {
        const call = this.#connectedCall(params, session);
        const own = SIDES.find((side) => call.attrs[side] === session.line.number);
        if (!own) throw invalidParams(`this session's line ${session.line.number} is not a party of call ${call.attrs.callref}`);
        this.#park(call, otherSide(own), session.line.number, session);
        return 1;
      },
      unpark_call: (params, _socket, session) => {
        const call = this.#callFor(params, session, 'call_ref');
        if (call.phase !== 'parked') throw invalidParams(`call ${call.attrs.callref} is not parked`);
        this.#unpark(call, session);
        return 1;
      },
      unpark_slot: (params, _socket, session) => {
        const value = params.slot;
        if (value === undefined) throw missingParameter('slot');
        if (!(typeof value === 'string' || Number.isSafeInteger(value))) throw invalidParams('"slot" must be a slot number');
        const slot = String(value);
        const call = this.#parkedIn(session.line.organisation, slot);
        if (!call) throw invalidParams(`no call is parked in slot ${quote(slot)}`);
        this.#unpark(call, session);
        return 1;
      },
    } satisfies Record<string, Handler>),
  );

  /** What a session may subscribe to: its organisation's lines and the callpark. */
  #subscribable(params: Params, session: Session): string {
    const number = requireString(params, 'number');
    if (number === CALLPARK) return number;
    if (!isInternational(number)) throw invalidParams(`${quote(number)} is not an international number or "callpark"`);
    if (this.directory.line(number)?.organisation !== session.line.organisation) {
      throw invalidParams(`${number} is not a line of this session's organisation`);
    }
    return number;
  }

  /** A call the session may act on: one of its parties is a line of the
   * session's organisation. Others are refused as if they did not exist. */
  #callFor(params: Params, session: Session, name: string): CallRecord {
    const callref = requireString(params, name);
    const call = this.#calls.get(callref);
    if (!call || !this.#partyOf(session.line.organisation, call)) throw invalidParams(`unknown call ${quote(callref)}`);
    return call;
  }

  #connectedCall(params: Params, session: Session, name = 'call_ref'): CallRecord {
    const call = this.#callFor(params, session, name);
    if (call.phase !== 'connected') throw invalidParams(`call ${call.attrs.callref} is not in conversation`);
    return call;
  }

  #partyOf(organisation: string, call: CallRecord): boolean {
    return [call.attrs.caller, call.attrs.callee].some((number) => this.directory.line(number)?.organisation === organisation);
  }

  // ---- Calls -----------------------------------------------------------------

  /** Calls in progress are bounded: one more is refused. */
  #roomForCall(): void {
    if (this.#activeCount >= LIMITS.activeCalls) throw invalidParams(`too many calls in progress (${LIMITS.activeCalls}): end some first`);
  }

  #dial(session: Session, number: string): void {
    this.#roomForCall();
    const own = session.line.number;
    if (session.autoAnswer) {
      this.#ring(this.#newCall(own, number, 'ringing'), number);
    } else {
      this.#ring(this.#newCall(own, number, 'dialing'), own);
    }
  }

  /** Another party places a call (the control API). */
  placeCall(from: string, to: string): string {
    if (!isInternational(from)) throw invalidParams(`"from" ${quote(from)} is not an international number`);
    if (!isInternational(to)) throw invalidParams(`"to" ${quote(to)} is not an international number`);
    if (from === to) throw invalidParams('a phone cannot call itself');
    this.#roomForCall();
    const call = this.#newCall(from, to, 'ringing');
    this.#ring(call, to);
    return call.attrs.callref;
  }

  /** A new call ref for a new pair of parties, announced at once. Calls
   * that replace answered ones (merge, completed supervised transfer, park,
   * unpark with auto-answer) start in conversation. */
  #newCall(caller: string, callee: string, phase: Phase, park?: { organisation: string; slot: string }): CallRecord {
    const now = seconds(this.clock.now());
    const answered = phase === 'connected' || phase === 'parked';
    const call: CallRecord = {
      attrs: {
        callref: `${this.#callrefPrefix}-${++this.#callrefCounter}`,
        caller,
        callee,
        state: answered ? 'CONNECT' : 'SETUP',
        setup_date: now,
        ...(answered ? { connect_date: now } : {}),
        ...(park ? { callpark_slot: park.slot } : {}),
      },
      phase,
      parkOrganisation: park?.organisation,
      timers: [],
    };
    this.#calls.set(call.attrs.callref, call);
    this.#activeCount += 1;
    this.#notify(call);
    return call;
  }

  /** A phone starts ringing for a call; its policy may answer or refuse. */
  #ring(call: CallRecord, number: string): void {
    call.ringing = number;
    const policy = this.policy(number);
    if (policy.busy) {
      this.#end(call);
      return;
    }
    this.#clearTimers(call);
    call.timers.push(this.clock.setTimer(this.ringTimeoutMs, () => this.#end(call)));
    if (policy.answer_after_ms !== null) {
      call.timers.push(this.clock.setTimer(policy.answer_after_ms, () => this.#answer(call)));
    }
  }

  /** The ringing phone goes off hook. */
  #answer(call: CallRecord): void {
    this.#clearTimers(call);
    if (call.phase === 'dialing') {
      call.phase = 'ringing';
      this.#ring(call, call.attrs.callee);
      return;
    }
    const supervision = call.supervises;
    if (supervision && supervision.original.phase === 'connected') {
      // The new recipient answered: the consultation and the original call
      // end, and the kept party now talks with the recipient.
      this.#connect(call);
      this.#end(call);
      this.#end(supervision.original);
      this.#newCall(supervision.kept, call.attrs.callee, 'connected');
      return;
    }
    this.#connect(call);
  }

  #connect(call: CallRecord): void {
    call.phase = 'connected';
    call.ringing = undefined;
    call.attrs.state = 'CONNECT';
    call.attrs.connect_date ??= seconds(this.clock.now());
    this.#notify(call);
  }

  /** Ends a call: RELEASE once it was answered, MISSED if it never was. */
  #end(call: CallRecord): void {
    if (call.phase === 'ended') return;
    const answered = call.phase === 'connected' || call.phase === 'parked';
    this.#clearTimers(call);
    call.phase = 'ended';
    call.ringing = undefined;
    call.attrs.state = answered ? 'RELEASE' : 'MISSED';
    call.attrs.release_date = seconds(this.clock.now());
    this.#notify(call);
    this.#activeCount -= 1;
    this.#endedCount += 1;
    this.#trimHistory();
  }

  #park(call: CallRecord, side: Side, slot: string, session: Session): void {
    const organisation = session.line.organisation;
    if (this.#parkedIn(organisation, slot)) throw invalidParams(`slot ${slot} is taken`);
    this.#end(call);
    this.#newCall(call.attrs[side], call.attrs[otherSide(side)], 'parked', { organisation, slot });
  }

  /** The session's own line takes a parked call back. */
  #unpark(call: CallRecord, session: Session): void {
    const party = call.attrs.caller;
    const own = session.line.number;
    if (party === own) throw invalidParams(`the parked party is this session's own line`);
    this.#end(call);
    if (session.autoAnswer) {
      this.#newCall(party, own, 'connected');
    } else {
      this.#ring(this.#newCall(party, own, 'ringing'), own);
    }
  }

  #parkedIn(organisation: string, slot: string): CallRecord | undefined {
    for (const call of this.#activeCalls()) {
      if (call.phase === 'parked' && call.parkOrganisation === organisation && call.attrs.callpark_slot === slot) return call;
    }
    return undefined;
  }

  #freeSlot(session: Session): string {
    for (let slot = 1; ; slot++) {
      if (!this.#parkedIn(session.line.organisation, String(slot))) return String(slot);
    }
  }

  #clearTimers(call: CallRecord): void {
    for (const timer of call.timers) timer.cancel();
    call.timers = [];
  }

  *#activeCalls(): Iterable<CallRecord> {
    for (const call of this.#calls.values()) if (call.phase !== 'ended') yield call;
  }

  /** Forgets the oldest ended calls past the history limit. */
  #trimHistory(): void {
    if (this.#endedCount <= this.historyLimit) return;
    for (const [callref, call] of this.#calls) {
      if (call.phase !== 'ended') continue;
      this.#calls.delete(callref);
      if (--this.#endedCount <= this.historyLimit) return;
    }
  }

  // ---- Notifications ---------------------------------------------------------

  #notification(call: CallRecord): object {
    return { notify: 'call', call: { ...call.attrs } };
  }

  #concernsNumber(number: string, organisation: string, call: CallRecord): boolean {
    if (number === CALLPARK) return call.parkOrganisation === organisation && call.attrs.callpark_slot !== undefined;
    return call.attrs.caller === number || call.attrs.callee === number;
  }

  #concerns(session: Session, call: CallRecord): boolean {
    for (const number of session.subscriptions) {
      if (this.#concernsNumber(number, session.line.organisation, call)) return true;
    }
    return false;
  }

  /** Every socket of every session subscribed to a party of the call, or to
   * the callpark holding it, hears its whole current state. */
  #notify(call: CallRecord): void {
    const message = this.#notification(call);
    for (const session of this.#sessions.values()) {
      if (!this.#concerns(session, call)) continue;
      for (const socket of session.sockets) socket.send(message);
    }
  }

  // ---- Control API: the other parties ----------------------------------------

  policy(number: string): PhonePolicy {
    return this.#policies.get(number) ?? { answer_after_ms: null, busy: false };
  }

  setPolicy(number: string, policy: Partial<PhonePolicy>): PhonePolicy {
    if (!isInternational(number)) throw invalidParams(`${quote(number)} is not an international number`);
    const next = { ...this.policy(number), ...policy };
    if (next.answer_after_ms !== null) {
      const problem = integerProblem(next.answer_after_ms, RANGES.answerAfterMs);
      if (problem) throw invalidParams(`"answer_after_ms" ${problem.replace('must be', 'must be null or')}`);
    }
    if (typeof next.busy !== 'boolean') throw invalidParams('"busy" must be a boolean');
    // Only policies other than the default are kept, and a bounded number of them.
    if (next.answer_after_ms === null && !next.busy) {
      this.#policies.delete(number);
    } else {
      if (!this.#policies.has(number) && this.#policies.size >= LIMITS.policies) {
        throw invalidParams(`too many phones with a policy (${LIMITS.policies}): set some back to the default first`);
      }
      this.#policies.set(number, next);
    }
    return next;
  }

  /** The phone picks up its ringing call. */
  phoneAnswer(number: string): string {
    const call = this.#newest((candidate) => candidate.ringing === number);
    if (!call) throw invalidParams(`phone ${number} is not ringing`);
    this.#answer(call);
    return call.attrs.callref;
  }

  /** The phone hangs up: its call in conversation first, else it refuses
   * the call ringing on it, else it gives up the call it is placing. */
  phoneHangup(number: string): string {
    const call =
      this.#newest((c) => c.phase === 'connected' && (c.attrs.caller === number || c.attrs.callee === number)) ??
      this.#newest((c) => c.phase === 'parked' && c.attrs.caller === number) ??
      this.#newest((c) => c.ringing === number) ??
      this.#newest((c) => c.phase === 'ringing' && c.attrs.caller === number);
    if (!call) throw invalidParams(`phone ${number} has no call`);
    this.#end(call);
    return call.attrs.callref;
  }

  /** The phone refuses its ringing call (MISSED for the caller). */
  phoneReject(number: string): string {
    const call = this.#newest((candidate) => candidate.ringing === number);
    if (!call) throw invalidParams(`phone ${number} is not ringing`);
    this.#end(call);
    return call.attrs.callref;
  }

  #newest(match: (call: CallRecord) => boolean): CallRecord | undefined {
    let found: CallRecord | undefined;
    for (const call of this.#activeCalls()) if (match(call)) found = call;
    return found;
  }

  #phoneState(number: string): 'idle' | 'ringing' | 'in_call' {
    let state: 'idle' | 'ringing' | 'in_call' = 'idle';
    for (const call of this.#activeCalls()) {
      if (call.ringing === number) state = state === 'idle' ? 'ringing' : state;
      const talking =
        (call.phase === 'connected' && (call.attrs.caller === number || call.attrs.callee === number)) ||
        (call.phase === 'ringing' && call.attrs.caller === number) ||
        (call.phase === 'parked' && call.attrs.caller === number);
      if (talking) state = 'in_call';
    }
    return state;
  }

  /** Everything, for GET /sim/state. */
  snapshot(): object {
    const numbers = [...this.directory.lines, ...this.directory.outside].map((entry) => entry.number);
    for (const call of this.#calls.values()) numbers.push(call.attrs.caller, call.attrs.callee);
    return {
      now: seconds(this.clock.now()),
      sessions: [...this.#sessions.values()].map((session) => ({
        session_id: session.id,
        number: session.line.number,
        auto_answer: session.autoAnswer,
        subscriptions: [...session.subscriptions],
        counter: session.counter,
        sockets: session.sockets.size,
        expiring: session.expiry !== undefined,
      })),
      calls: [...this.#calls.values()].map((call) => ({ ...call.attrs })),
      phones: [...new Set(numbers)].map((number) => ({
        number,
        name: this.directory.nameOf(number) ?? null,
        state: this.#phoneState(number),
        policy: this.policy(number),
      })),
      messages: [...this.#messages],
      sockets: this.#sockets.size,
      tokens: this.#tokens.size,
    };
  }

  /** Back to a fresh world: every socket is closed, every session, token,
   * call, policy and message forgotten. */
  reset(): void {
    for (const call of this.#calls.values()) this.#clearTimers(call);
    for (const session of this.#sessions.values()) session.expiry?.cancel();
    const sockets = [...this.#sockets];
    this.#sockets.clear();
    this.#socketSessions.clear();
    this.#sessions.clear();
    this.#tokens.clear();
    this.#calls.clear();
    this.#endedCount = 0;
    this.#activeCount = 0;
    this.#idle.clear();
    this.#policies.clear();
    this.#messages = [];
    for (const socket of sockets) socket.close(3000, 'Simulator reset');
  }
}

// ---- Parameter checks --------------------------------------------------------

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'string') throw invalidParams(`"${name}" must be a string`);
  return value;
}

function requireInternational(params: Params, name: string): string {
  const value = requireString(params, name);
  if (!isInternational(value)) throw invalidParams(`"${name}" must be an international number (digits only, country code first), not ${quote(value)}`);
  return value;
}

function requireSide(params: Params, name: string): Side {
  const value = requireString(params, name);
  if (!(SIDES as readonly string[]).includes(value)) throw invalidParams(`"${name}" must be "caller" or "callee", not ${quote(value)}`);
  return value as Side;
}

function optionalBoolean(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidParams(`"${name}" must be true or false`);
  return value;
}

function optionalInteger(params: Params, name: string, range: Range): number | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  const problem = integerProblem(value, range);
  if (problem) throw invalidParams(`"${name}" ${problem}`);
  return value as number;
}

/** A number option of the model, checked against its range. */
function option(value: number | undefined, fallback: number, name: string, range: Range): number {
  if (value === undefined) return fallback;
  const problem = integerProblem(value, range);
  if (problem) throw new RangeError(`${name} ${problem}`);
  return value;
}

/** A park slot: a non-negative integer, or -1 for the first free one. */
function optionalSlot(params: Params): number | undefined {
  const value = params.slot;
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || (value as number) < -1) throw invalidParams('"slot" must be a non-negative integer, or -1 for any free slot');
  return value as number;
}

function otherSide(side: Side): Side {
  return side === 'caller' ? 'callee' : 'caller';
}
