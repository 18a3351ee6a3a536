import { Emitter } from './emitter.js';
import { invalidParams, missingParameter, shown } from './errors.js';
import { internationalNumber } from './numbers.js';
import { run, type Callback } from './settle.js';

export type CallState = 'SETUP' | 'CONNECT' | 'RELEASE' | 'MISSED';
export type CallSide = 'caller' | 'callee';

/** A call's data as notifications carry it (seconds of server time). */
export interface CallAttributes {
  callref: string;
  caller: string;
  callee: string;
  state: CallState;
  setup_date?: number;
  connect_date?: number;
  release_date?: number;
  callpark_slot?: string;
}

export interface CallEvents {
  setup: (call: Call) => void;
  connect: (call: Call) => void;
  release: (call: Call) => void;
  missed: (call: Call) => void;
  [name: string]: (call: Call) => void;
}

/** What a call needs from its session. */
export interface CallSession {
  command(action: string, params: Record<string, unknown>): Promise<any>;
  /** Server time now, in seconds. */
  serverNow(): number;
}

const sideOf = (value: unknown, name: string): CallSide => {
  if (value === undefined || value === null) throw missingParameter(name);
  if (value !== 'caller' && value !== 'callee') throw invalidParams(`${name} must be "caller" or "callee", not ${shown(value)}`);
  return value;
};

const countOf = (value: unknown, name: string, max = 2 ** 31): number => {
  if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > max) throw invalidParams(`${name} must be a whole number from 0 to ${max}, not ${shown(value)}`);
  return value as number;
};

/**
 * One call, by call ref. The SDK keeps one object per call and updates it in
 * place, so handlers set on it keep firing as its state moves on.
 */
export class Call extends Emitter<CallEvents> implements CallAttributes {
  callref!: string;
  caller!: string;
  callee!: string;
  state!: CallState;
  setup_date?: number;
  connect_date?: number;
  release_date?: number;
  callpark_slot?: string;

  /** 1.1 handlers, called once per transition. */
  onSetup?: ((call: Call) => void) | null;
  onConnect?: ((call: Call) => void) | null;
  onRelease?: ((call: Call) => void) | null;
  onMissed?: ((call: Call) => void) | null;

  readonly #session: CallSession;

  constructor(session: CallSession, attributes: CallAttributes) {
    super();
    if (typeof session?.command !== 'function') throw invalidParams('a Call needs its session');
    this.#session = session;
    Object.assign(this, attributes);
  }

  /** 1.1's documentation filters calls on `call.type`: the same as `state`. */
  get type(): CallState {
    return this.state;
  }

  /** True until the call is released or missed. */
  get active(): boolean {
    return this.state === 'SETUP' || this.state === 'CONNECT';
  }

  answer(): Promise<number>;
  answer(callback: Callback<number>): void;
  answer(callback?: Callback<number>) {
    return run(callback, () => this.#command('answer_call'));
  }

  hang_up(): Promise<number>;
  hang_up(callback: Callback<number>): void;
  hang_up(callback?: Callback<number>) {
    return run(callback, () => this.#command('terminate_call'));
  }

  /** Sends a call ringing on the session's own line to voicemail. */
  reject(): Promise<number>;
  reject(callback: Callback<number>): void;
  reject(callback?: Callback<number>) {
    return run(callback, () => this.#command('reject_call'));
  }

  /** Transfers `side` of the call to `to`. */
  transfer(side: CallSide, to: string): Promise<number>;
  transfer(side: CallSide, to: string, callback: Callback<number>): void;
  transfer(side: CallSide, to: string, callback?: Callback<number>) {
    return run(callback, () => this.#command('transfer_call', { side: sideOf(side, 'call_side'), to: internationalNumber(to, 'to') }));
  }

  /** Calls `to` first, and joins it with `side` only if it answers within
   * `invite_timer` seconds (0: no limit). */
  supervised_transfer(side: CallSide, to: string, callback: Callback<number>): void;
  supervised_transfer(side: CallSide, to: string, invite_timer?: number): Promise<number>;
  supervised_transfer(side: CallSide, to: string, invite_timer: number | undefined, callback: Callback<number>): void;
  supervised_transfer(side: CallSide, to: string, invite_timer?: number | Callback<number>, callback?: Callback<number>) {
    if (typeof invite_timer === 'function') [callback, invite_timer] = [invite_timer, undefined];
    return run(callback, () =>
      this.#command('supervised_transfer_call', {
        side: sideOf(side, 'call_side'),
        to: internationalNumber(to, 'to'),
        // The service waits a day at most.
        ...(invite_timer == null ? {} : { invite_timer: countOf(invite_timer, 'invite_timer', 86_400) }),
      }),
    );
  }

  /** Joins `side` of this call with `second_side` of `second_call`. */
  merge(side: CallSide, second_call: Call, second_side: CallSide): Promise<number>;
  merge(side: CallSide, second_call: Call, second_side: CallSide, callback: Callback<number>): void;
  merge(side: CallSide, second_call: Call, second_side: CallSide, callback?: Callback<number>) {
    return run(callback, () => {
      if (second_call == null) throw missingParameter('second_call');
      // Only a call of this session, as the SDK knows it, names a call the service holds.
      if (!(#session in Object(second_call)) || second_call.#session !== this.#session) throw invalidParams('second_call must be a call of this session');
      return this.#command('merge_call', {
        side: sideOf(side, 'call_side'),
        call_ref2: second_call.callref,
        side2: sideOf(second_side, 'second_call_side'),
      });
    });
  }

  /** Parks the call in the slot named after the session's own number. */
  pause(): Promise<number>;
  pause(callback: Callback<number>): void;
  pause(callback?: Callback<number>) {
    return run(callback, () => this.#command('pause_call'));
  }

  /** Parks `side` in `slot` (-1 or none: any free slot). */
  park(side: CallSide, callback: Callback<number>): void;
  park(side: CallSide, slot?: number): Promise<number>;
  park(side: CallSide, slot: number | undefined, callback: Callback<number>): void;
  park(side: CallSide, slot?: number | Callback<number>, callback?: Callback<number>) {
    if (typeof slot === 'function') [callback, slot] = [slot, undefined];
    return run(callback, () => {
      if (slot != null && slot !== -1) countOf(slot, 'slot');
      return this.#command('park_call', { side: sideOf(side, 'side'), ...(slot == null ? {} : { slot }) });
    });
  }

  unpark(): Promise<number>;
  unpark(callback: Callback<number>): void;
  unpark(callback?: Callback<number>) {
    return run(callback, () => this.#command('unpark_call'));
  }

  /** Seconds the call rang: until answered, ended, or now. */
  get_ringing_duration(): number {
    if (this.setup_date === undefined) return 0;
    const end = this.connect_date ?? this.release_date ?? this.#session.serverNow();
    return Math.max(0, Math.floor(end - this.setup_date));
  }

  /** Seconds of conversation: from the answer until the end, or now. */
  get_duration(): number {
    if (this.connect_date === undefined) return 0;
    const end = this.release_date ?? this.#session.serverNow();
    return Math.max(0, Math.floor(end - this.connect_date));
  }

  /** A plain copy of the call's data. */
  toJSON(): CallAttributes {
    const { callref, caller, callee, state, setup_date, connect_date, release_date, callpark_slot } = this;
    return { callref, caller, callee, state, setup_date, connect_date, release_date, callpark_slot };
  }

  #command(action: string, params: Record<string, unknown> = {}): Promise<number> {
    return this.#session.command(action, { call_ref: this.callref, ...params });
  }

  /** Fires the handlers of the state the call just moved to (the session calls it). */
  notify(state: CallState): void {
    if (typeof state === 'string') this.emit(state.toLowerCase() as 'setup', this);
  }
}
