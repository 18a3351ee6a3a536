import type { CallRecord } from './record.js';

/** The page's call logger: resolves once its CRM keeps the record. */
export type CallLogger = (record: CallRecord) => Promise<unknown>;

/** A delivery that takes longer failed (the record is tried again later). */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** Delivers one record to the page's logger, or POSTs it to `url`; rejects
 * with why it was not acknowledged. */
export async function deliver(record: CallRecord, target: CallLogger | string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const controller = new AbortController();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`));
    }, DELIVERY_TIMEOUT_MS);
  });
  try {
    await Promise.race([typeof target === 'string' ? post(record, target, controller.signal) : call(record, target), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function call(record: CallRecord, logger: CallLogger): Promise<void> {
  const answer = logger(record);
  if (typeof (answer as PromiseLike<unknown> | undefined)?.then !== 'function') {
    throw new Error(`callLogger returned ${answer === null ? 'null' : typeof answer}, not a promise`);
  }
  await answer;
}

/** A POST the page's server acknowledges with a 2xx answer that is not an
 * HTML page (a sign-in page served in its place is no acknowledgement); a
 * redirect is not followed. */
async function post(record: CallRecord, url: string, signal: AbortSignal): Promise<void> {
  const response = await fetch(new URL(url, document.baseURI), {
    method: 'POST',
    credentials: 'include',
    redirect: 'manual',
    // The request outlives a tab that closes meanwhile.
    keepalive: true,
    headers: { 'content-type': 'application/json', 'idempotency-key': record.id },
    body: JSON.stringify(record),
    signal,
  }).catch((error: Error) => {
    throw new Error(signal.aborted ? 'no answer in time' : `${url} cannot be reached (${error.message})`);
  });
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) throw new Error(`${url} answered a redirect`);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  if (/text\/html/i.test(response.headers.get('content-type') ?? '')) throw new Error(`${url} answered an HTML page`);
}
