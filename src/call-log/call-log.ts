// The provider's call log: each ended call of the line becomes one record,
// announced once across tabs, delivered through an outbox that survives
// reloads, and remembered in the line's history.
import type { CtiState } from '../context.js';
import type { ContactDirectory } from '../elements/provider/contacts.js';
import { KeyyoCallLoggedEvent } from '../events/call-logged.js';
import { KeyyoErrorEvent } from '../events/error.js';
import type { Call, CTI } from '../sdk/index.js';
import { CtiError, type ErrorCode } from '../sdk/errors.js';
import type { CallSnapshot } from '../snapshot.js';
import { deliver, type CallLogger } from './delivery.js';
import { buildRecord, isLineCall, snapshotOfRecord, type CallRecord, type WrapUp } from './record.js';
import { MemoryStore, openIndexedStore, type CallLogStore, type OutboxEntry } from './store.js';
import { loadWrapUp } from '../shared/chunks.js';

/** Records waiting per line at most, and for how long; the history's bounds. */
export const OUTBOX_LIMIT = 1000;
export const HISTORY_LIMIT = 200;
const KEPT_MS = 30 * 24 * 3600_000;
/** What ended a call (a transfer, a park) shows within this: the record waits for it. */
const SETTLE_MS = 1000;
/** A tab that claimed a record holds the claim this long, past any other tab's (see claimOnce). */
const CLAIM_HOLD_MS = 10_000;
/** Retries wait 2 s, 4 s, 8 s… up to 5 minutes, with jitter. */
const RETRY_MIN_MS = 2000;
const RETRY_MAX_MS = 5 * 60_000;
/** History writes wait this long to go in one transaction. */
const WRITE_BATCH_MS = 200;
/** A wrap-up left by a tab that closed is delivered this long after its time limit. */
const ABANDONED_GRACE_MS = 5000;
const NOTES_LIMIT = 10_000;

export type WrapUpMode = 'off' | 'optional' | 'required';

/** The wrap-up form's chunk, asked for once. */
let wrapUpLoading: Promise<unknown> | undefined;

/** The provider as the call log reads it: its public attributes and session. */
export interface CallLogProvider extends HTMLElement {
  readonly session?: CTI;
  readonly number?: string;
  readonly state: CtiState;
  readonly logUrl?: string;
  readonly callLogger?: CallLogger;
  readonly wrapUp?: string;
  readonly wrapUpTimeout?: number;
  readonly dispositions?: string[];
  readonly noHistory?: boolean;
}

/** What the provider lends the call log from its own bundle. */
export interface CallLogDeps {
  /** Runs `held` in one tab of the origin (the one used last). */
  claim(name: string, leading: boolean, held: () => unknown): Promise<void>;
  /** The elements should show the state again. */
  changed(): void;
  /** The provider's contacts: those remembered with the history show after a reload. */
  readonly contacts: Pick<ContactDirectory, 'recall'>;
}

/** What tabs tell each other of a line's log. */
type Message = { line: string } & ({ type: 'queued' | 'forget' } | { type: 'seen'; at: number });

export class CallLog {
  #store?: CallLogStore;
  #opening: Promise<CallLogStore>;
  #line?: string;
  #stopped = true;
  /** The line's ended calls, newest first, and the snapshots the list shows. */
  #history: CallRecord[] = [];
  #historyCalls: readonly CallSnapshot[] = [];
  #unwritten: CallRecord[] = [];
  #writeTimer?: ReturnType<typeof setTimeout>;
  /** The state last decorated, and what it became. */
  #merged?: [CtiState['calls'], readonly CallSnapshot[], readonly CallSnapshot[]];
  #pending = 0;
  #seenAt = 0;
  /** Records of this tab waiting for the person's wrap-up, oldest first, and their time limits. */
  #wrapUps: readonly CallRecord[] = [];
  #wrapUpTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #channel?: BroadcastChannel;
  #wake?: () => void;
  #stopDelivering?: AbortController;
  #failing = false;
  readonly #service: string;

  constructor(
    private readonly provider: CallLogProvider,
    private readonly deps: CallLogDeps,
  ) {
    // A log per service: a page that moves between the simulator and the
    // service, or tests of many simulators, never mix their calls.
    this.#service = new URL(provider.session?.options.endpoint ?? '', globalThis.location?.href).href;
    this.#opening = openIndexedStore(this.#service).catch((error: Error) => {
      this.#fail('storage_unavailable', `Call logs and history are kept in memory only: they will not survive a reload (${error.message})`);
      return new MemoryStore();
    });
    provider.addEventListener('keyyo-wrap-up', ({ detail: { id, ...wrapUp } }) => void this.finishWrapUp(id, wrapUp));
    provider.addEventListener('keyyo-missed-seen', ({ detail }) => this.markSeen(detail.until));
  }

  /** Starts on the session's line: loads its history, what waits, and
   * delivers. A line other than the last one's forgets that one's history. */
  async start(line: string): Promise<void> {
    if (!this.#stopped && line === this.#line) return;
    this.stop();
    this.#stopped = false;
    this.#line = line;
    if (this.#wrapUpMode() !== 'off') wrapUpLoading ??= loadWrapUp();
    const store = (this.#store = await this.#opening);
    if (this.#line !== line || this.#stopped) return;
    this.#listen(line);
    try {
      const last = await store.meta<string>('line');
      if (last !== undefined && last !== line) await store.forget(last);
      if (last !== line) await store.setMeta('line', line);
      const since = Date.now() - KEPT_MS;
      await store.trim(line, HISTORY_LIMIT, since);
      this.#seenAt = (await store.meta<number>(`seen ${line}`)) ?? 0;
      if (!this.provider.noHistory) this.#setHistory(this.#mergeHistory(await store.history(line, HISTORY_LIMIT, since)));
      await this.#count();
    } catch (error) {
      this.#fail('storage_unavailable', `The call history could not be read (${(error as Error).message})`);
    }
    this.deps.changed();
    this.#deliverLoop(line);
  }

  /** Stops delivering (the provider left the page). */
  stop(): void {
    this.#stopped = true;
    this.#stopDelivering?.abort();
    this.#wake?.();
    this.#channel?.close();
    this.#channel = undefined;
  }

  /** The state the elements show: the history after the session's calls,
   * the records waiting, the wrap-ups, and when missed calls were seen. */
  decorate(state: CtiState): CtiState {
    let calls = state.calls;
    if (this.#historyCalls.length) {
      if (this.#merged?.[0] !== calls || this.#merged[1] !== this.#historyCalls) {
        this.#merged = [calls, this.#historyCalls, mergeCalls(calls, this.#historyCalls)];
      }
      calls = this.#merged[2];
    }
    const { dispositions } = this.provider;
    return Object.freeze({
      ...state,
      calls,
      pendingLogs: this.#pending,
      wrapUps: this.#wrapUps,
      missedSeenAt: this.#seenAt,
      dispositions: Array.isArray(dispositions) ? dispositions : undefined,
      wrapUpRequired: this.#wrapUpMode() === 'required',
      wrapUpTimeout: this.#wrapUpTimeoutMs() / 1000,
    });
  }

  /** A call ended: once what ended it showed, its record. */
  ended(call: Call): void {
    const session = this.provider.session;
    const line = this.provider.number;
    if (!session || !isLineCall(call, line)) return;
    setTimeout(() => {
      const record = buildRecord(call.toJSON(), {
        line,
        calls: session.get_calls(),
        localNumbers: this.provider.state.localNumbers,
        contact: this.provider.state.contacts.get(call.caller === line ? call.callee : call.caller),
        now: session.server_now(),
      });
      if (!this.provider.noHistory) this.#remember(record);
      void this.#claim(record, session.leading);
    }, SETTLE_MS);
  }

  /** The person saved or skipped a wrap-up, or its time ran out: the record goes. */
  async finishWrapUp(id: string, wrapUp: WrapUp): Promise<void> {
    clearTimeout(this.#wrapUpTimers.get(id));
    this.#wrapUpTimers.delete(id);
    this.#wrapUps = this.#wrapUps.filter((record) => record.id !== id);
    this.deps.changed();
    const store = await this.#opening;
    const entry = await store.get(id);
    if (entry?.state !== 'wrap-up') return;
    const notes = String(wrapUp.notes ?? '').slice(0, NOTES_LIMIT);
    const disposition = typeof wrapUp.disposition === 'string' && wrapUp.disposition ? wrapUp.disposition : undefined;
    await this.#queue(store, entry, { ...entry.record, wrapUp: Object.freeze({ notes, ...(disposition ? { disposition } : {}), status: wrapUp.status }) });
  }

  /** Missed calls that ended until `until` (server time, seconds) were seen, in every tab. */
  markSeen(until: number): void {
    if (!(until > this.#seenAt) || !this.#line) return;
    this.#seenAt = until;
    this.deps.changed();
    void this.#store?.setMeta(`seen ${this.#line}`, until).catch(() => {});
    this.#post({ line: this.#line, type: 'seen', at: until });
  }

  /** Forgets the line's history and what was seen, in every tab (the session was destroyed). */
  async forget(): Promise<void> {
    const line = this.#line;
    if (!line) return;
    this.#forgetHere();
    this.#post({ line, type: 'forget' });
    await (await this.#opening).forget(line).catch(() => {});
  }

  #forgetHere(): void {
    this.#setHistory([]);
    this.#unwritten = [];
    this.#seenAt = 0;
    this.deps.changed();
  }

  #listen(line: string): void {
    if (typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel(`keyyo-cti-call-log ${this.#service}`);
    this.#channel.onmessage = ({ data }: MessageEvent<Message>) => {
      if (data.line !== line) return;
      if (data.type === 'seen') {
        this.#seenAt = Math.max(this.#seenAt, data.at);
        this.deps.changed();
      } else if (data.type === 'forget') {
        this.#forgetHere();
      } else {
        void this.#count();
        this.#wake?.();
      }
    };
  }

  #post(message: Message): void {
    this.#channel?.postMessage(message);
  }

  /** In one tab of the origin (the one used last), the record is this browser's, once. */
  async #claim(record: CallRecord, leading: boolean): Promise<void> {
    const store = await this.#opening;
    const wrapUp = this.#wrapUpMode() !== 'off';
    const now = Date.now();
    const entry: OutboxEntry = {
      id: record.id,
      line: record.line,
      record,
      state: wrapUp ? 'wrap-up' : 'queued',
      due: wrapUp ? now + this.#wrapUpTimeoutMs() : now,
      tries: 0,
      queuedAt: now,
    };
    await this.deps.claim(`keyyo-cti-log ${this.#service} ${record.id}`, leading, async () => {
      const { claimed, dropped } = await store.claim(entry, OUTBOX_LIMIT).catch((error: Error) => {
        this.#fail('storage_unavailable', `A call log could not be kept (${error.message})`);
        return { claimed: false, dropped: 0 };
      });
      if (dropped)
        this.#fail('log_dropped', `${dropped} call log${dropped === 1 ? '' : 's'} waiting the longest ${dropped === 1 ? 'was' : 'were'} dropped: more than ${OUTBOX_LIMIT} waited`);
      if (!claimed) return;
      if (wrapUp) this.#awaitWrapUp(record, entry.due);
      else await this.#announce(store, record);
      await new Promise((resolve) => setTimeout(resolve, CLAIM_HOLD_MS));
    });
  }

  #awaitWrapUp(record: CallRecord, due: number): void {
    this.#wrapUps = [...this.#wrapUps, record];
    this.#wrapUpTimers.set(
      record.id,
      setTimeout(() => void this.finishWrapUp(record.id, { notes: '', status: 'timed_out' }), Math.max(0, due - Date.now())),
    );
    this.deps.changed();
  }

  /** A record ready to go: its event, then delivery. */
  async #queue(store: CallLogStore, entry: OutboxEntry, record: CallRecord): Promise<void> {
    await store.put({ ...entry, record, state: 'queued', due: Date.now() });
    await this.#announce(store, record);
  }

  async #announce(store: CallLogStore, record: CallRecord): Promise<void> {
    this.provider.dispatchEvent(new KeyyoCallLoggedEvent(record));
    if (store.durable) this.#post({ line: record.line, type: 'queued' });
    await this.#count();
    this.#wake?.();
  }

  async #count(): Promise<void> {
    if (!this.#line || !this.#store) return;
    const pending = await this.#store.queued(this.#line).catch(() => this.#pending);
    if (pending === this.#pending) return;
    this.#pending = pending;
    this.deps.changed();
  }

  /** Delivers the line's records, oldest first, one at a time, in one tab
   * of the origin at a time (the others take over when it goes). */
  #deliverLoop(line: string): void {
    const stop = (this.#stopDelivering = new AbortController());
    const run = () => this.#deliverAll(line, stop.signal);
    if (!this.#store?.durable || !navigator.locks) return void run();
    navigator.locks.request(`keyyo-cti-log-delivery ${this.#service} ${line}`, { signal: stop.signal }, run).catch(() => {}); // stopped while waiting
  }

  async #deliverAll(line: string, stop: AbortSignal): Promise<void> {
    const store = this.#store!;
    await this.#finishAbandoned(store, line).catch(() => {});
    while (!stop.aborted) {
      const target = this.provider.callLogger ?? this.provider.logUrl;
      const [entry] = target ? await store.waiting(line, 'queued', 1).catch(() => []) : [];
      const wait = entry ? entry.due - Date.now() : Infinity;
      if (wait > 0) {
        await this.#sleep(wait);
        continue;
      }
      try {
        await deliver(entry!.record, target!);
        await store.remove(entry!.id);
        this.#failing = false;
      } catch (error) {
        const tries = entry!.tries + 1;
        const backoff = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** (tries - 1));
        await store.put({ ...entry!, tries, due: Date.now() + backoff / 2 + Math.random() * (backoff / 2) }).catch(() => {});
        // Said once until a delivery works again: a service down is one failure, not one per record.
        if (!this.#failing) this.#fail('log_delivery_failed', `A call log could not be delivered, it will be tried again: ${(error as Error)?.message ?? String(error)}`);
        this.#failing = true;
      }
      if (store.durable) this.#post({ line, type: 'queued' });
      await this.#count();
    }
  }

  /** Wrap-ups of tabs that closed before their time limit: delivered as they are. */
  async #finishAbandoned(store: CallLogStore, line: string): Promise<void> {
    for (const entry of await store.waiting(line, 'wrap-up', OUTBOX_LIMIT)) {
      if (entry.due + ABANDONED_GRACE_MS > Date.now() || this.#wrapUpTimers.has(entry.id)) continue;
      await this.#queue(store, entry, { ...entry.record, wrapUp: Object.freeze({ notes: '', status: 'timed_out' as const }) });
    }
  }

  /** Until `ms` pass, or something new waits. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === Infinity ? undefined : setTimeout(() => this.#wake?.(), Math.min(ms, 2 ** 31 - 1));
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  #remember(record: CallRecord): void {
    this.#setHistory(this.#mergeHistory([record]));
    this.#unwritten.push(record);
    this.deps.changed();
    if (this.#writeTimer === undefined) this.#writeTimer = setTimeout(() => this.#write(), WRITE_BATCH_MS);
  }

  /** The ended calls of the last moments, in one transaction. */
  #write(): void {
    this.#writeTimer = undefined;
    const records = this.#unwritten;
    this.#unwritten = [];
    const store = this.#store;
    if (!store || !records.length) return;
    void store
      .remember(records)
      .then(() => store.trim(records[0]!.line, HISTORY_LIMIT, Date.now() - KEPT_MS))
      .catch((error: Error) => this.#fail('storage_unavailable', `The call history could not be kept (${error.message})`));
  }

  /** The history with `records` in it, newest first, bounded. */
  #mergeHistory(records: readonly CallRecord[]): CallRecord[] {
    const byId = new Map(this.#history.map((record) => [record.id, record]));
    for (const record of records) {
      byId.set(record.id, record);
      if (record.contact) this.deps.contacts.recall(record.party.number, record.contact);
    }
    return [...byId.values()].sort((a, b) => b.endedAt - a.endedAt).slice(0, HISTORY_LIMIT);
  }

  #setHistory(history: CallRecord[]): void {
    this.#history = history;
    this.#historyCalls = Object.freeze(history.map(snapshotOfRecord));
  }

  #wrapUpMode(): WrapUpMode {
    const mode = this.provider.wrapUp;
    return mode === 'optional' || mode === 'required' ? mode : 'off';
  }

  #wrapUpTimeoutMs(): number {
    const seconds = Number(this.provider.wrapUpTimeout);
    return (Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 24 * 3600) : 120) * 1000;
  }

  #fail(code: ErrorCode, message: string): void {
    this.provider.dispatchEvent(new KeyyoErrorEvent(new CtiError(500, code, message)));
  }
}

/** The session's calls, then the remembered ones it no longer holds, ended calls newest first. */
export function mergeCalls(calls: readonly CallSnapshot[], history: readonly CallSnapshot[]): readonly CallSnapshot[] {
  const known = new Set<string>();
  for (const call of calls) known.add(call.callref);
  const merged: CallSnapshot[] = [];
  let next = 0;
  const endOf = (call: CallSnapshot) => call.release_date ?? call.setup_date ?? 0;
  for (const call of calls) {
    if (!call.active) {
      for (; next < history.length && endOf(history[next]!) > endOf(call); next++) if (!known.has(history[next]!.callref)) merged.push(history[next]!);
    }
    merged.push(call);
  }
  for (; next < history.length; next++) if (!known.has(history[next]!.callref)) merged.push(history[next]!);
  return Object.freeze(merged);
}
