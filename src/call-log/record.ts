// The call record a CRM keeps: built from the SDK's calls alone (no DOM), the
// same in every tab that heard the call end.
import type { Call, CallAttributes } from '../sdk/index.js';
import type { Contact } from '../context.js';
import type { CallSnapshot } from '../snapshot.js';

/** Which way a call went, seen from the line: `internal` when the other
 * party is a line of the same organisation (the service writes its number
 * as a short local number). */
export type RecordDirection = 'inbound' | 'outbound' | 'internal';

/**
 * How the call ended, as far as the service's notifications tell:
 * - `answered`: answered, then hung up by either side;
 * - `missed`: rang in and was never answered, or was rejected (the service
 *   reports both alike);
 * - `not_answered`: the line called out and the other side never answered
 *   (or refused the call);
 * - `transferred`: the call ended as a new call joined its other party with a
 *   third number (seen when the session follows that number);
 * - `parked`: the call ended as it went into the call park, or ended while
 *   waiting there without the line taking it back;
 * - `merged`: the call ended as it was joined with another call of the line
 *   (seen when the session follows one of the parties).
 */
export type CallOutcome = 'answered' | 'missed' | 'not_answered' | 'transferred' | 'parked' | 'merged';

/** A number in its two forms: international, and as the organisation writes it when the service said. */
export interface RecordNumber {
  readonly number: string;
  readonly local?: string;
}

/** What the person on the line wrote after the call. */
export interface WrapUp {
  readonly notes: string;
  readonly disposition?: string;
  /** Saved by the person, skipped, or delivered when the time limit passed. */
  readonly status: 'saved' | 'skipped' | 'timed_out';
}

/** One ended call of the session's own line, as `keyyo-call-logged` carries
 * it and the call logger receives it. Times are epoch milliseconds on the
 * service's clock (the browser's may be off); durations whole seconds. */
export interface CallRecord {
  /** The same in every tab, after a reload or a reconnection: the line, the
   * call's setup time and the service's call ref. The delivery's
   * `Idempotency-Key`. */
  readonly id: string;
  /** The session's line, international form. */
  readonly line: string;
  /** The service's call ref. */
  readonly callref: string;
  readonly direction: RecordDirection;
  readonly caller: RecordNumber;
  readonly callee: RecordNumber;
  /** The party that is not the line. */
  readonly party: RecordNumber;
  /** Who the party is, when the contact resolver knew by the call's end. */
  readonly contact?: Contact;
  readonly startedAt: number;
  /** Absent when nobody answered. */
  readonly answeredAt?: number;
  readonly endedAt: number;
  readonly ringingSeconds: number;
  readonly talkSeconds: number;
  readonly outcome: CallOutcome;
  /** With the provider's `wrap-up`: the notes and disposition. */
  readonly wrapUp?: WrapUp;
}

/** Other calls end or start within this of a call's end belong to what ended it (a transfer, a park, a merge). */
const NEIGHBOUR_SECONDS = 2;
const ID_LIMIT = 200;

/** The record's id: readable, and safe in an HTTP header. */
export function recordId(line: string, callref: string, setupDate: number | undefined): string {
  const id = `${line}-${setupDate === undefined ? 'x' : Math.floor(setupDate)}-${encodeURIComponent(callref)}`;
  return id.length <= ID_LIMIT ? id : `${id.slice(0, ID_LIMIT - 9)}~${hash(id)}`;
}

/** FNV-1a, 32 bits, hex: a long call ref still gives distinct ids. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193);
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** What a record is built from besides the call. */
export interface RecordContext {
  /** The session's line. */
  readonly line: string;
  /** The session's other calls (active and recently ended): what a transfer, a park or a merge left behind. */
  readonly calls: Iterable<CallAttributes>;
  /** Local forms known, by international number. */
  readonly localNumbers: ReadonlyMap<string, string>;
  readonly contact?: Contact;
  /** Server time now, seconds: for dates the service did not send. */
  readonly now: number;
}

/** The record of an ended call of the line. */
export function buildRecord(call: CallAttributes, context: RecordContext): CallRecord {
  const { line, localNumbers } = context;
  const end = call.release_date ?? context.now;
  const start = Math.min(call.setup_date ?? call.connect_date ?? end, end);
  const answered = call.connect_date;
  const inbound = call.callee === line;
  const partyNumber = inbound ? call.caller : call.callee;
  const numberOf = (number: string): RecordNumber => {
    const local = localNumbers.get(number);
    return Object.freeze(local === undefined ? { number } : { number, local });
  };
  const party = numberOf(partyNumber);
  const internal = party.local !== undefined && /^[1-9]\d{0,6}$/.test(party.local);
  return Object.freeze({
    id: recordId(line, call.callref, call.setup_date),
    line,
    callref: call.callref,
    direction: internal ? 'internal' : inbound ? 'inbound' : 'outbound',
    caller: numberOf(call.caller),
    callee: numberOf(call.callee),
    party,
    ...(context.contact ? { contact: context.contact } : {}),
    startedAt: Math.round(start * 1000),
    ...(answered === undefined ? {} : { answeredAt: Math.round(answered * 1000) }),
    endedAt: Math.round(end * 1000),
    ringingSeconds: Math.max(0, Math.floor((answered ?? end) - start)),
    talkSeconds: answered === undefined ? 0 : Math.max(0, Math.floor(end - answered)),
    outcome: outcomeOf(call, context, inbound, partyNumber),
  });
}

function outcomeOf(call: CallAttributes, context: RecordContext, inbound: boolean, party: string): CallOutcome {
  if (call.state === 'MISSED') return inbound ? 'missed' : 'not_answered';
  const end = call.release_date ?? context.now;
  const near = (date: number | undefined) => date !== undefined && Math.abs(date - end) <= NEIGHBOUR_SECONDS;
  // What started as this call ended, with its other party in it.
  const followers: CallAttributes[] = [];
  const endedWith: string[] = [];
  for (const other of context.calls) {
    if (other.callref === call.callref) continue;
    if ((other.caller === party || other.callee === party) && near(other.setup_date ?? other.connect_date)) followers.push(other);
    if (other.state === 'RELEASE' && (other.caller === context.line || other.callee === context.line) && near(other.release_date)) {
      endedWith.push(other.caller === context.line ? other.callee : other.caller);
    }
  }
  const takenBack = followers.some((other) => other.callpark_slot === undefined && (other.caller === context.line || other.callee === context.line));
  if (call.callpark_slot !== undefined) return takenBack ? 'answered' : 'parked';
  if (followers.some((other) => other.callpark_slot !== undefined)) return 'parked';
  const third = followers.map((other) => (other.caller === party ? other.callee : other.caller)).find((number) => number !== context.line);
  if (third === undefined) return 'answered';
  return endedWith.includes(third) ? 'merged' : 'transferred';
}

/** A record as the call list shows it: a call snapshot on the service's clock (seconds). */
export function snapshotOfRecord(record: CallRecord): CallSnapshot {
  const missed = record.answeredAt === undefined;
  return Object.freeze({
    callref: record.callref,
    caller: record.caller.number,
    callee: record.callee.number,
    state: missed ? 'MISSED' : 'RELEASE',
    setup_date: record.startedAt / 1000,
    connect_date: missed ? undefined : record.answeredAt! / 1000,
    release_date: record.endedAt / 1000,
    callpark_slot: undefined,
    direction: record.caller.number === record.line ? 'outbound' : 'inbound',
    other: record.party.number,
    missed,
    active: false,
  });
}

/** Whether an ended call is one the line logs: its own, over. */
export function isLineCall(call: Pick<Call, 'caller' | 'callee' | 'active'>, line: string | undefined): line is string {
  return line !== undefined && !call.active && (call.caller === line || call.callee === line);
}
