import { KeyyoDialRequestEvent, type DialSource } from '../events/index.js';
import { internationalNumber, type CTI, type CtiError } from '../sdk/index.js';
import type { CtiState, DialNotice } from '../context.js';
import { attempt } from './commands.js';
import { clip } from './format.js';
import { addEnglish, messagesFor, statusText } from './i18n.js';
import { dialingTexts } from './i18n-more.js';
import { readPhoneLink } from './tel-uri.js';

addEnglish(dialingTexts);

/** Keeps what a phone number can hold: digits, a leading +, * and #. */
export function cleanNumber(text: string): string {
  const kept = text.replace(/[^\d+*#]/g, '');
  return kept.slice(0, 1) + kept.slice(1).replace(/\+/g, '');
}

/** The international form of what a person typed when they wrote it in
 * that form (+33..., or 8 or more digits not starting with 0); null when it
 * is no phone number; undefined when only the service can read it (a short
 * or national form). */
export function writtenInternational(text: string): string | null | undefined {
  const raw = cleanNumber(text);
  if (!/\d/.test(raw)) return null;
  if (!raw.startsWith('+') && !/^[1-9]\d{7,}$/.test(raw)) return undefined;
  try {
    return internationalNumber(raw);
  } catch {
    return null;
  }
}

/** The international form of what a person typed (short, national or
 * international, as the service reads them), or undefined when it is none. */
export async function resolveNumber(session: CTI, text: string): Promise<string | undefined> {
  const written = writtenInternational(text);
  if (written !== undefined) return written ?? undefined;
  try {
    return internationalNumber(await session.local_to_int(cleanNumber(text)));
  } catch (error) {
    const code = (error as CtiError).error_code;
    if (code === 'invalid_params' || code === 'missing_parameter') return undefined;
    throw error;
  }
}

/**
 * Every way of placing a call goes through here: the number is checked and
 * made international, the page may veto the cancelable `keyyo-dial-request`
 * fired from `host`, then the call is placed. Answers what went wrong, in
 * words for the user, or '' once the call is placed.
 */
export async function requestDial(host: HTMLElement, session: CTI | undefined, cti: CtiState, text: string, source: DialSource): Promise<string> {
  const t = messagesFor(host);
  if (!session?.connected) return statusText(cti, t);
  return attempt(host, cti, async () => {
    const number = await resolveNumber(session, text);
    if (!number) return t.invalidNumber;
    if (!host.dispatchEvent(new KeyyoDialRequestEvent(number, source))) return t.dialVetoed;
    return session.dial(number);
  });
}

/**
 * Dials what a phone link (`tel:`, `callto:`) or a `data-keyyo-dial` value
 * names, through `requestDial` with source `"link"`. Answers what the user
 * should be told, if anything: why nothing was dialled, or which of the
 * link's parameters (an extension) were not.
 */
export async function dialLink(host: HTMLElement, session: CTI | undefined, cti: CtiState, link: string): Promise<DialNotice | undefined> {
  const t = messagesFor(host);
  const read = readPhoneLink(link);
  if (!read) return { number: clip(link), text: t.linkRefused(clip(link)), refused: true };
  const failed = await requestDial(host, session, cti, read.number, 'link');
  if (failed) return { number: read.number, text: failed, refused: true };
  if (read.dropped.length) return { number: read.number, text: t.dialledWithout(read.number, clip(read.dropped.join(';'))), refused: false };
  return undefined;
}
