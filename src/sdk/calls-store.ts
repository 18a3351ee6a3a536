import { Call, type CallAttributes, type CallSession, type CallState } from './call.js';

const RANK: Record<CallState, number> = { SETUP: 0, CONNECT: 1, RELEASE: 2, MISSED: 2 };
/** Active calls kept at most: past it, the oldest goes (a real line has a few). */
const ACTIVE_LIMIT = 1000;

/** A time the service can mean, in seconds: from the epoch to 2286. */
export const isTime = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value < 1e10;

/** Reads a notification's call, or nothing if it is not one. */
function attributesOf(value: unknown): CallAttributes | undefined {
  const call = value as CallAttributes | null;
  if (typeof call !== 'object' || call === null) return undefined;
  // `includes` converts nothing: a state that is an object cannot throw here.
  if (typeof call.callref !== 'string' || !Object.keys(RANK).includes(call.state)) return undefined;
  if (typeof call.caller !== 'string' || typeof call.callee !== 'string') return undefined;
  const date = (value: unknown) => (isTime(value) ? value : undefined);
  return {
    callref: call.callref,
    caller: call.caller,
    callee: call.callee,
    state: call.state,
    setup_date: date(call.setup_date),
    connect_date: date(call.connect_date),
    release_date: date(call.release_date),
    callpark_slot: call.callpark_slot === undefined || call.callpark_slot === null ? undefined : String(call.callpark_slot),
  };
}

/**
 * The calls of a session: one `Call` per call ref, found in O(1), updated in
 * place. States only move forward (SETUP, CONNECT, then RELEASE or MISSED):
 * a duplicate or stale notification changes nothing. Ended calls are kept
 * up to `historyLimit`, oldest dropped first; active calls up to 1000 (a
 * service announcing more is not believed: the oldest go).
 */
export class CallsStore {
  #calls = new Map<string, Call>();
  #ended = new Set<string>();

  constructor(
    readonly session: CallSession,
    readonly historyLimit = 500,
  ) {}

  get(callref: string): Call | undefined {
    return this.#calls.get(callref);
  }

  all(): Call[] {
    return [...this.#calls.values()];
  }

  /** Applies a notification; returns the call and whether its state moved
   * (a call seen for the first time moves to the state it is in). */
  apply(value: unknown): { call: Call; moved: boolean } | undefined {
    const attributes = attributesOf(value);
    if (!attributes) return undefined;
    let call = this.#calls.get(attributes.callref);
    if (!call) {
      call = new Call(this.session, attributes);
      this.#calls.set(call.callref, call);
    } else if (RANK[attributes.state] > RANK[call.state]) {
      for (const [key, value] of Object.entries(attributes)) if (value !== undefined) (call as any)[key] = value;
    } else {
      return { call, moved: false };
    }
    if (!call.active) this.#retire(call);
    else if (this.#calls.size - this.#ended.size > ACTIVE_LIMIT) this.#forgetOldestActive();
    return { call, moved: true };
  }

  #forgetOldestActive(): void {
    for (const [callref, call] of this.#calls) if (call.active) return void this.#calls.delete(callref);
  }

  #retire(call: Call): void {
    this.#ended.add(call.callref);
    for (const callref of this.#ended) {
      if (this.#ended.size <= this.historyLimit) break;
      this.#ended.delete(callref);
      this.#calls.delete(callref);
    }
  }
}
