import type { Call, CallAttributes } from './sdk/index.js';

/** Which way a call goes, seen from the session's line. */
export type CallDirection = 'inbound' | 'outbound' | 'other';

/** A plain, frozen copy of a call for the page and the elements: what DOM
 * events carry and what the state context lists. */
export interface CallSnapshot extends CallAttributes {
  direction: CallDirection;
  /** The party that is not the session's line (the caller for others' calls). */
  other: string;
  /** Ended without being answered. */
  missed: boolean;
  /** Ringing or in conversation. */
  active: boolean;
}

export function snapshotOf(call: Call, ownNumber: string | undefined): CallSnapshot {
  const direction: CallDirection = call.caller === ownNumber ? 'outbound' : call.callee === ownNumber ? 'inbound' : 'other';
  return Object.freeze({
    ...call.toJSON(),
    direction,
    other: direction === 'outbound' ? call.callee : call.caller,
    missed: call.state === 'MISSED',
    active: call.active,
  });
}

/**
 * The call a person on the session's line deals with now: the oldest call
 * ringing in, else the newest in progress on the line (an outgoing call
 * still ringing the other side counts: the user is off hook and may hang
 * up). Parked and paused calls wait in the park until someone takes them.
 */
export function currentCallOf(calls: readonly CallSnapshot[]): CallSnapshot | undefined {
  let ringing: CallSnapshot | undefined;
  let inProgress: CallSnapshot | undefined;
  for (const call of calls) {
    if (!call.active || call.callpark_slot !== undefined || call.direction === 'other') continue;
    if (call.state === 'SETUP' && call.direction === 'inbound') {
      if (!ringing || (call.setup_date ?? 0) < (ringing.setup_date ?? 0)) ringing = call;
    } else if (!inProgress || startOf(call) >= startOf(inProgress)) {
      inProgress = call;
    }
  }
  return ringing ?? inProgress;
}

const startOf = (call: CallSnapshot) => call.connect_date ?? call.setup_date ?? 0;

const activeByNumber = new WeakMap<readonly CallSnapshot[], ReadonlyMap<string, readonly CallSnapshot[]>>();

/** The active calls of each number, as caller or callee: worked out once
 * per list of calls published, however many elements ask. */
export function activeCallsByNumber(calls: readonly CallSnapshot[]): ReadonlyMap<string, readonly CallSnapshot[]> {
  let index = activeByNumber.get(calls);
  if (!index) {
    const table = new Map<string, CallSnapshot[]>();
    for (const call of calls) {
      if (!call.active) continue;
      for (const number of call.caller === call.callee ? [call.caller] : [call.caller, call.callee]) {
        const list = table.get(number);
        if (list) list.push(call);
        else table.set(number, [call]);
      }
    }
    activeByNumber.set(calls, (index = table));
  }
  return index;
}

/** The side of a call that is not `own` line: the party a transfer or a park moves. */
export function otherSideOf(call: CallSnapshot, own: string | undefined): 'caller' | 'callee' {
  return call.caller === own ? 'callee' : 'caller';
}

/** The call a transfer or a park moves: the call chosen in a list while it
 * is active, else the current call; only while in conversation. */
export function callToMove(calls: readonly CallSnapshot[], current: CallSnapshot | undefined, selected: string | undefined): CallSnapshot | undefined {
  const chosen = selected === undefined ? undefined : calls.find((call) => call.callref === selected);
  const call = chosen?.active ? chosen : current;
  return call?.state === 'CONNECT' && call.callpark_slot === undefined ? call : undefined;
}
