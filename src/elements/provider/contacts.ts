import type { Contact } from '../../context.js';
import type { CallSnapshot } from '../../snapshot.js';

/** Finds who a number (international form) belongs to; `undefined` when
 * nobody. `call` is the call that brought the number, if any (none for a
 * colleague's line shown on a board). */
export type ContactResolver = (number: string, call?: CallSnapshot) => Promise<Contact | undefined> | Contact | undefined;

/** A look-up slower than this leaves the number as it is: a name shown
 * after the call was answered helps nobody. */
const LOOKUP_TIMEOUT_MS = 3000;
/** How long an answer stays true: a found contact, and a number nobody has. */
const FOUND_TTL_MS = 10 * 60_000;
const NOT_FOUND_TTL_MS = 60_000;
/** Numbers remembered at most, the least recently looked up forgotten first. */
const LIMIT = 1000;
const TEXT_LIMIT = 200;

/**
 * The provider's contacts, a chunk loaded when the page gives a way to
 * find them or the history remembers one: one look-up per number at a time, answers kept
 * for a while, failures and slow answers forgotten (the number shows as it
 * is, and the next call asks again). Keys are outside data, so every table
 * is a Map; `known` is a new Map whenever it changed, so a state holding
 * one never changes under its reader.
 */
export class ContactDirectory {
  resolver?: ContactResolver;
  /** The contacts found, by number: what the elements show. */
  known: ReadonlyMap<string, Contact> = new Map();
  #checkedAt = new Map<string, number>();
  #pending = new Map<string, Promise<Contact | undefined>>();
  /** Bumped by `clear()`: answers to look-ups made before are dropped. */
  #generation = 0;

  constructor(private readonly changed: () => void) {}

  /** The contact of a number, found earlier and still fresh. */
  get(number: string): Contact | undefined {
    return this.#fresh(number) ? this.known.get(number) : undefined;
  }

  /** Looks a number up (at most one request at a time per number); never
   * rejects: a failure, a timeout or an answer that cannot be read answers
   * `undefined`. */
  lookUp(number: string, call?: CallSnapshot): Promise<Contact | undefined> {
    const resolver = this.resolver;
    if (!resolver || this.#fresh(number)) return Promise.resolve(this.known.get(number));
    let pending = this.#pending.get(number);
    if (!pending) {
      const generation = this.#generation;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(reject, LOOKUP_TIMEOUT_MS)));
      pending = Promise.race([Promise.resolve().then(() => resolver(number, call)), timeout])
        // The page's answer is read here: a getter that throws is a failed look-up.
        .then(contactFrom)
        .then(
          (contact) => (generation === this.#generation ? this.#remember(number, contact) : undefined),
          () => undefined,
        )
        .finally(() => {
          clearTimeout(timer);
          if (generation === this.#generation) this.#pending.delete(number);
        });
      this.#pending.set(number, pending);
    }
    return pending;
  }

  /** A contact remembered with an ended call (the call history): shown
   * until a look-up says otherwise, and not counted as an answer. */
  recall(number: string, contact: Contact): void {
    if (this.known.has(number) || this.known.size >= LIMIT) return;
    this.known = new Map(this.known).set(number, contact);
    this.changed();
  }

  /** Finds numbers with `source` from now on (a URL: GET, see
   * `contactUrlResolver`), and forgets every answer. */
  use(source: ContactResolver | string | undefined): void {
    this.resolver = typeof source === 'string' ? contactUrlResolver(source) : source;
    this.clear();
  }

  /** Forgets every answer, and the look-ups on their way (the resolver changed). */
  clear(): void {
    this.#generation++;
    this.known = new Map();
    this.#checkedAt.clear();
    this.#pending.clear();
    this.changed();
  }

  #fresh(number: string): boolean {
    const at = this.#checkedAt.get(number);
    return at !== undefined && Date.now() - at < (this.known.has(number) ? FOUND_TTL_MS : NOT_FOUND_TTL_MS);
  }

  #remember(number: string, contact: Contact | undefined): Contact | undefined {
    this.#checkedAt.delete(number); // re-inserted last: the most recently used
    this.#checkedAt.set(number, Date.now());
    const known = new Map(this.known);
    if (contact) known.set(number, contact);
    else known.delete(number);
    if (this.#checkedAt.size > LIMIT) {
      const oldest = this.#checkedAt.keys().next().value!;
      this.#checkedAt.delete(oldest);
      known.delete(oldest);
    }
    this.known = known;
    this.changed();
    return contact;
  }
}

/** A resolver for `contact-url`: GET `<url>?number=<international>` with
 * the page's credentials; 404 or an empty answer is nobody. */
export function contactUrlResolver(url: string): ContactResolver {
  return async (number) => {
    const target = new URL(url, document.baseURI);
    target.searchParams.set('number', number);
    const response = await fetch(target, { credentials: 'include', headers: { accept: 'application/json' } });
    if (response.status === 404 || response.status === 204) return undefined;
    if (!response.ok) throw new Error(`${target.pathname} answered ${response.status}`);
    return response.json();
  };
}

/** Keeps what can be shown of a resolver's answer: a name, a company, and
 * links only when they are http(s). */
function contactFrom(answer: unknown): Contact | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { name, company, avatar, url } = answer as Record<string, unknown>;
  if (typeof name !== 'string' || !name.trim()) return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, TEXT_LIMIT) : undefined);
  const link = (value: unknown) => {
    if (typeof value !== 'string' || value.length > 2048) return undefined;
    try {
      const parsed = new URL(value, document.baseURI);
      return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
    } catch {
      return undefined;
    }
  };
  const fields = { name: text(name), company: text(company), avatar: link(avatar), url: link(url) };
  return Object.freeze(Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))) as unknown as Contact;
}
