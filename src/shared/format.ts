import type { Contact, CtiState } from '../context.js';
import type { CallSnapshot } from '../snapshot.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** 75 -> "1:15", 3725 -> "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return hours ? `${hours}:${pad(minutes)}:${pad(s % 60)}` : `${minutes}:${pad(s % 60)}`;
}

/** Ringing time while it rings or if it was missed, talk time otherwise
 * (`now`: server time in seconds). */
export function callTime(call: CallSnapshot, now: number): string {
  if (call.setup_date === undefined) return '';
  return formatDuration((call.release_date ?? now) - (call.connect_date ?? call.setup_date));
}

/** Where a live call's time counts from (server time, seconds): its
 * answer, else its ring; undefined once it ended. */
export function tickingFrom(call: CallSnapshot): number | undefined {
  return call.active ? (call.connect_date ?? call.setup_date) : undefined;
}

/** Text from outside (a number, a name) cut to what a row can show, so a
 * megabyte-long value costs no more to render than a short one. */
export function clip(text: string, max = 64): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A number as people of the organisation read it: its local form when the
 * service gave one, else "+" and the international digits; French numbers
 * grouped in pairs, as they are written ("06 99 00 99 02", "+33 1 72 58 77
 * 01"). For reading only: commands and call-backs take the call's own
 * number, and the dialer reads the grouped form back. */
export function displayNumber(number: string, localNumbers: ReadonlyMap<string, string>): string {
  return clip(
    (localNumbers.get(number) ?? (/^\d+$/.test(number) ? `+${number}` : number))
      .replace(/^\+33(?=[1-9]\d{8}$)/, '+33 ')
      .replace(/^(\+33 \d|0[1-9])(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1 $2 $3 $4 $5'),
  );
}

/** What to call the other party of a call: a contact's name when one is
 * known, and the number as the organisation reads it. */
export function partyOf(number: string, cti: CtiState): { name?: string; number: string; contact?: Contact } {
  const contact = cti.contacts.get(number);
  return { name: contact?.name, number: displayNumber(number, cti.localNumbers), contact };
}

/** "Bob Martin" -> "BM", "bob" -> "B". */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
}
