/** What a phone link asks to dial. */
export interface LinkNumber {
  /** The number, separators removed: `+` and digits, or a local form. */
  readonly number: string;
  /** The parameters not dialled (`ext=12`, `isub=3`, ...), as written. */
  readonly dropped: readonly string[];
}

/** RFC 3966 visual separators, and the spaces pages write anyway. */
const SEPARATORS = /[-.()\s]/g;
/** A global number (`+` and digits) or a local one (digits, `*`, `#`). */
const DIALLABLE = /^(\+\d+|[\d*#]+)$/;

/**
 * Reads a `tel:` or `callto:` link (RFC 3966, and the `callto:` of
 * softphones) or a bare number (`data-keyyo-dial`): visual separators go,
 * parameters such as `;ext=` are dropped and listed. Anything else (letters,
 * a user name) is undefined: better refused than dialled wrong.
 */
export function readPhoneLink(text: string): LinkNumber | undefined {
  let value: string;
  try {
    value = decodeURIComponent(text.trim());
  } catch {
    return undefined; // a broken %-escape
  }
  value = value.replace(/^(tel:|callto:)(\/\/)?/i, '');
  const [subscriber = '', ...parameters] = value.split(';');
  // "+33 (0)1 72...": the national trunk 0 is not dialled after a country code.
  const number = subscriber.replace(/^(\+\d{1,3})\s*\(0\)/, '$1').replace(SEPARATORS, '');
  if (!DIALLABLE.test(number)) return undefined;
  return { number, dropped: parameters.filter(Boolean) };
}
