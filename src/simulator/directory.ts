// Who is who in the simulated world: the organisations' lines (each with a
// CSI, which is its international number, and a short local number) and the
// outside numbers. A directory file (JSON) can replace the default one.

export interface Line {
  /** International number, digits only; also the line's CSI. */
  number: string;
  /** Short number inside the organisation, e.g. "7701". */
  local: string;
  name: string;
  organisation: string;
}

export interface Contact {
  number: string;
  name: string;
}

/** The shape of a directory file. */
export interface DirectoryConfig {
  /** Country calling code of the organisations, e.g. "33". */
  country_code?: string;
  organisations: { name: string; lines: { number: string; local: string; name: string }[] }[];
  outside?: Contact[];
}

export const DEFAULT_DIRECTORY: DirectoryConfig = {
  country_code: '33',
  organisations: [
    {
      name: 'Keyyo demo',
      lines: [
        { number: '33172587701', local: '7701', name: 'Alice' },
        { number: '33172587702', local: '7702', name: 'Carol' },
      ],
    },
  ],
  outside: [{ number: '33699009902', name: 'Bob' }],
};

const INTERNATIONAL = /^[1-9]\d{7,14}$/;

/** True for an international number written as the service writes it:
 * digits only, country code first, no leading 0 or +. */
export function isInternational(number: string): boolean {
  return INTERNATIONAL.test(number);
}

export class Directory {
  readonly countryCode: string;
  readonly lines: Line[];
  readonly outside: Contact[];
  readonly #lines = new Map<string, Line>();

  constructor(config: DirectoryConfig = DEFAULT_DIRECTORY) {
    this.countryCode = config.country_code ?? '33';
    if (!/^[1-9]\d{0,2}$/.test(this.countryCode)) throw new Error(`directory: invalid country_code "${this.countryCode}"`);
    if (!Array.isArray(config.organisations)) throw new Error('directory: "organisations" must be an array');
    this.lines = config.organisations.flatMap((organisation) => {
      if (typeof organisation?.name !== 'string' || !Array.isArray(organisation.lines)) {
        throw new Error('directory: each organisation needs a "name" and a "lines" array');
      }
      return organisation.lines.map((line) => ({ ...line, organisation: organisation.name }));
    });
    this.outside = config.outside ?? [];
    const seen = new Set<string>();
    for (const entry of [...this.lines, ...this.outside]) {
      if (typeof entry.number !== 'string' || !isInternational(entry.number)) {
        throw new Error(`directory: "${entry.number}" is not an international number (digits only, country code first)`);
      }
      if (seen.has(entry.number)) throw new Error(`directory: ${entry.number} is listed twice`);
      seen.add(entry.number);
    }
    for (const line of this.lines) {
      if (typeof line.local !== 'string' || !/^\d{2,6}$/.test(line.local)) {
        throw new Error(`directory: line ${line.number} needs a "local" short number of 2 to 6 digits`);
      }
      this.#lines.set(line.number, line);
    }
  }

  line(number: string): Line | undefined {
    return this.#lines.get(number);
  }

  nameOf(number: string): string | undefined {
    return this.line(number)?.name ?? this.outside.find((contact) => contact.number === number)?.name;
  }

  /** The form a person of `organisation` dials: the short number for a line
   * of the organisation, the national form (0...) in the same country, the
   * 00 form elsewhere. */
  toLocal(number: string, organisation: string): string {
    const line = this.line(number);
    if (line?.organisation === organisation) return line.local;
    if (number.startsWith(this.countryCode)) return '0' + number.slice(this.countryCode.length);
    return '00' + number;
  }

  /** Reads what a person of `organisation` dialled (short, national, 00,
   * + or international form, with spaces, dots or dashes) as an
   * international number, or undefined when it is none of these. */
  toInternational(dialled: string, organisation: string): string | undefined {
    const digits = dialled.replace(/[\s.\-()]/g, '');
    if (digits.startsWith('+')) return isInternational(digits.slice(1)) ? digits.slice(1) : undefined;
    if (!/^\d+$/.test(digits)) return undefined;
    const line = this.lines.find((candidate) => candidate.organisation === organisation && candidate.local === digits);
    if (line) return line.number;
    if (digits.startsWith('00')) return isInternational(digits.slice(2)) ? digits.slice(2) : undefined;
    if (digits.startsWith('0')) {
      const international = this.countryCode + digits.slice(1);
      return isInternational(international) ? international : undefined;
    }
    return isInternational(digits) ? digits : undefined;
  }
}
