// Apart from format.ts: a softphone's first load shows no date.

/** Formats of dates, by day (today's or another's) and language. */
const dateFormats: Record<string, Intl.DateTimeFormat> = {};

/** When a call started (seconds since the epoch, the browser's clock) as
 * the page's language writes it: the time of day for today's calls, with
 * the day for the others. */
export function startedAt(seconds: number, lang: string): string {
  const date = new Date(seconds * 1000);
  const today = date.toDateString() === new Date().toDateString();
  const key = today + lang;
  if (!dateFormats[key]) {
    const options: Intl.DateTimeFormatOptions = today ? { timeStyle: 'short' } : { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' };
    try {
      dateFormats[key] = new Intl.DateTimeFormat(lang, options);
    } catch {
      dateFormats[key] = new Intl.DateTimeFormat(undefined, options); // not a language tag: the browser's language
    }
  }
  return dateFormats[key].format(date);
}
