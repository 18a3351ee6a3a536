import { invalidParams, missingParameter, shown } from './errors.js';

/** Reads an international number as people write it: digits with an
 * optional leading +, spaces, dots and dashes, which are stripped. */
export function internationalNumber(value: unknown, name = 'number'): string {
  if (value === undefined || value === null || value === '') throw missingParameter(name);
  if (typeof value !== 'string' && typeof value !== 'number') throw invalidParams(`${name} must be a phone number, not ${typeof value}`);
  const digits = String(value)
    .replace(/[\s.-]/g, '')
    .replace(/^\+/, '');
  if (!/^[1-9]\d{7,14}$/.test(digits)) {
    throw invalidParams(`${name} ${shown(value)} is not an international number (country code first, e.g. 33172587701)`);
  }
  return digits;
}

/** A number to follow: an international number, or "callpark". */
export function subscribable(value: unknown): string {
  return value === 'callpark' ? value : internationalNumber(value);
}
