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
