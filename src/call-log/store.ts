// Where call records wait for delivery and ended calls are remembered: one
// IndexedDB database for the origin, shared by its tabs, or memory when the
// browser gives no IndexedDB (private windows, blocked storage, full disk).
import type { CallRecord } from './record.js';

/** A record waiting: for its wrap-up, or for delivery (at `due`, epoch ms). */
export interface OutboxEntry {
  readonly id: string;
  readonly line: string;
  record: CallRecord;
  state: 'wrap-up' | 'queued';
  /** When it is delivered next (queued), or when its wrap-up times out. */
  due: number;
  tries: number;
  /** When it was claimed: the oldest are delivered first, and dropped first past the bound. */
  readonly queuedAt: number;
}

/** What the call log keeps, whatever holds it. */
export interface CallLogStore {
  /** Whether it survives a reload. */
  readonly durable: boolean;
  /** Takes a call's record for this browser: false when a tab (or an earlier
   * load) already did. Entries past `limit` for the line go, oldest first:
   * how many is answered. */
  claim(entry: OutboxEntry, limit: number): Promise<{ claimed: boolean; dropped: number }>;
  /** The line's records in `state`, oldest first, at most `count`. */
  waiting(line: string, state: OutboxEntry['state'], count: number): Promise<OutboxEntry[]>;
  /** How many records of the line wait for delivery. */
  queued(line: string): Promise<number>;
  get(id: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  /** Delivered: gone from the outbox; its claim stays, so it is never sent again. */
  remove(id: string): Promise<void>;
  /** The line's newest ended calls since `since` (epoch ms), newest first. */
  history(line: string, count: number, since: number): Promise<CallRecord[]>;
  /** Adds or replaces ended calls (one write for many). */
  remember(records: readonly CallRecord[]): Promise<void>;
  /** Forgets the line's history past the newest `count`, and anything older than `before`; claims older than `before` too. */
  trim(line: string, count: number, before: number): Promise<void>;
  /** A value of the line's (the missed calls seen until when), or of the browser's (the last line). */
  meta<T>(key: string): Promise<T | undefined>;
  setMeta(key: string, value: unknown): Promise<void>;
  /** Forgets the line's history and what was seen; the records waiting stay. */
  forget(line: string): Promise<void>;
  close(): void;
}

/** The service's database in this origin; rejects when the browser gives none. */
export function openIndexedStore(service: string): Promise<CallLogStore> {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('This browser has no IndexedDB'));
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(`keyyo-cti-call-log ${service}`, 1);
    } catch (error) {
      return reject(error);
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('waiting', ['line', 'state', 'queuedAt']);
      db.createObjectStore('claims', { keyPath: 'id' }).createIndex('at', 'at');
      db.createObjectStore('history', { keyPath: 'id' }).createIndex('ended', ['line', 'endedAt']);
      db.createObjectStore('meta');
    };
    request.onsuccess = () => resolve(new IndexedStore(request.result));
    request.onerror = () => reject(request.error ?? new Error('IndexedDB refused to open'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
}

type StoreName = 'outbox' | 'claims' | 'history' | 'meta';

/** A request's result, as a promise. */
function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function finished(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

const lineRange = (line: string, state?: string) =>
  state === undefined ? IDBKeyRange.bound([line, -Infinity], [line, Infinity]) : IDBKeyRange.bound([line, state, -Infinity], [line, state, Infinity]);

class IndexedStore implements CallLogStore {
  readonly durable = true;

  constructor(private readonly db: IDBDatabase) {
    // Another version of the page upgrading the database: let it.
    db.onversionchange = () => db.close();
  }

  #transaction(names: StoreName[], mode: IDBTransactionMode = 'readonly'): IDBTransaction {
    return this.db.transaction(names, mode);
  }

  async claim(entry: OutboxEntry, limit: number): Promise<{ claimed: boolean; dropped: number }> {
    const transaction = this.#transaction(['claims', 'outbox'], 'readwrite');
    const claims = transaction.objectStore('claims');
    const outbox = transaction.objectStore('outbox');
    let claimed = false;
    let dropped = 0;
    // Another tab's claim of the same id wins: the transactions of one
    // database never overlap on a store.
    claims.get(entry.id).onsuccess = (event) => {
      if ((event.target as IDBRequest).result) return;
      claimed = true;
      claims.add({ id: entry.id, at: entry.queuedAt });
      outbox.add(entry);
      const index = outbox.index('waiting');
      index.count(IDBKeyRange.bound([entry.line], [entry.line, []])).onsuccess = (counted) => {
        // Past the bound, the oldest queued records go.
        let excess = (counted.target as IDBRequest<number>).result - limit;
        if (excess <= 0) return;
        index.openCursor(lineRange(entry.line, 'queued')).onsuccess = (opened) => {
          const cursor = (opened.target as IDBRequest<IDBCursorWithValue | null>).result;
          if (!cursor || excess-- <= 0) return;
          cursor.delete();
          dropped++;
          cursor.continue();
        };
      };
    };
    await finished(transaction);
    return { claimed, dropped };
  }

  waiting(line: string, state: OutboxEntry['state'], count: number): Promise<OutboxEntry[]> {
    return done(this.#transaction(['outbox']).objectStore('outbox').index('waiting').getAll(lineRange(line, state), count));
  }

  queued(line: string): Promise<number> {
    return done(this.#transaction(['outbox']).objectStore('outbox').index('waiting').count(lineRange(line, 'queued')));
  }

  get(id: string): Promise<OutboxEntry | undefined> {
    return done(this.#transaction(['outbox']).objectStore('outbox').get(id));
  }

  async put(entry: OutboxEntry): Promise<void> {
    const transaction = this.#transaction(['outbox'], 'readwrite');
    transaction.objectStore('outbox').put(entry);
    await finished(transaction);
  }

  async remove(id: string): Promise<void> {
    const transaction = this.#transaction(['outbox'], 'readwrite');
    transaction.objectStore('outbox').delete(id);
    await finished(transaction);
  }

  async history(line: string, count: number, since: number): Promise<CallRecord[]> {
    const index = this.#transaction(['history']).objectStore('history').index('ended');
    const records: CallRecord[] = [];
    await new Promise<void>((resolve, reject) => {
      const request = index.openCursor(IDBKeyRange.bound([line, since], [line, Infinity]), 'prev');
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const cursor = request.result;
        if (!cursor || records.length >= count) return resolve();
        records.push(cursor.value.record);
        cursor.continue();
      };
    });
    return records;
  }

  async remember(records: readonly CallRecord[]): Promise<void> {
    const transaction = this.#transaction(['history'], 'readwrite');
    const history = transaction.objectStore('history');
    for (const record of records) history.put({ id: record.id, line: record.line, endedAt: record.endedAt, record });
    await finished(transaction);
  }

  async trim(line: string, count: number, before: number): Promise<void> {
    const transaction = this.#transaction(['history', 'claims'], 'readwrite');
    let kept = 0;
    transaction.objectStore('history').index('ended').openCursor(lineRange(line), 'prev').onsuccess = (event) => {
      const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
      if (!cursor) return;
      if (++kept > count || cursor.value.endedAt < before) cursor.delete();
      cursor.continue();
    };
    // Claims older than the service keeps a call for cannot come back.
    transaction.objectStore('claims').index('at').openKeyCursor(IDBKeyRange.upperBound(before)).onsuccess = (event) => {
      const cursor = (event.target as IDBRequest<IDBCursor | null>).result;
      if (!cursor) return;
      transaction.objectStore('claims').delete(cursor.primaryKey);
      cursor.continue();
    };
    await finished(transaction);
  }

  meta<T>(key: string): Promise<T | undefined> {
    return done(this.#transaction(['meta']).objectStore('meta').get(key));
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    const transaction = this.#transaction(['meta'], 'readwrite');
    transaction.objectStore('meta').put(value, key);
    await finished(transaction);
  }

  async forget(line: string): Promise<void> {
    const transaction = this.#transaction(['history', 'meta'], 'readwrite');
    transaction.objectStore('history').index('ended').openKeyCursor(lineRange(line)).onsuccess = (event) => {
      const cursor = (event.target as IDBRequest<IDBCursor | null>).result;
      if (!cursor) return;
      transaction.objectStore('history').delete(cursor.primaryKey);
      cursor.continue();
    };
    transaction.objectStore('meta').delete(`seen ${line}`);
    await finished(transaction);
  }

  close(): void {
    this.db.close();
  }
}

/** The same in memory: this tab only, gone with it. */
export class MemoryStore implements CallLogStore {
  readonly durable = false;
  #outbox = new Map<string, OutboxEntry>();
  #claims = new Map<string, number>();
  #history = new Map<string, CallRecord>();
  #meta = new Map<string, unknown>();

  async claim(entry: OutboxEntry, limit: number): Promise<{ claimed: boolean; dropped: number }> {
    if (this.#claims.has(entry.id)) return { claimed: false, dropped: 0 };
    this.#claims.set(entry.id, entry.queuedAt);
    this.#outbox.set(entry.id, entry);
    let dropped = 0;
    const mine = [...this.#outbox.values()].filter((waiting) => waiting.line === entry.line);
    for (const oldest of mine.filter((waiting) => waiting.state === 'queued')) {
      if (mine.length - dropped <= limit) break;
      this.#outbox.delete(oldest.id);
      dropped++;
    }
    return { claimed: true, dropped };
  }

  async waiting(line: string, state: OutboxEntry['state'], count: number): Promise<OutboxEntry[]> {
    return [...this.#outbox.values()].filter((entry) => entry.line === line && entry.state === state).slice(0, count);
  }

  async queued(line: string): Promise<number> {
    return (await this.waiting(line, 'queued', Infinity)).length;
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    return this.#outbox.get(id);
  }

  async put(entry: OutboxEntry): Promise<void> {
    this.#outbox.set(entry.id, entry);
  }

  async remove(id: string): Promise<void> {
    this.#outbox.delete(id);
  }

  async history(line: string, count: number, since: number): Promise<CallRecord[]> {
    return [...this.#history.values()]
      .filter((record) => record.line === line && record.endedAt >= since)
      .sort((a, b) => b.endedAt - a.endedAt)
      .slice(0, count);
  }

  async remember(records: readonly CallRecord[]): Promise<void> {
    for (const record of records) this.#history.set(record.id, record);
  }

  async trim(line: string, count: number, before: number): Promise<void> {
    const kept = new Set((await this.history(line, count, before)).map((record) => record.id));
    for (const [id, record] of this.#history) if (record.line === line && !kept.has(id)) this.#history.delete(id);
  }

  async meta<T>(key: string): Promise<T | undefined> {
    return this.#meta.get(key) as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    this.#meta.set(key, value);
  }

  async forget(line: string): Promise<void> {
    for (const [id, record] of this.#history) if (record.line === line) this.#history.delete(id);
    this.#meta.delete(`seen ${line}`);
  }

  close(): void {}
}
