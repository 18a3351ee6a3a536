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
