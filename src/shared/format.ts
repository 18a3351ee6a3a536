const pad = (n: number) => String(n).padStart(2, '0');

/** 75 -> "1:15", 3725 -> "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  return hours ? `${hours}:${pad(minutes)}:${pad(s % 60)}` : `${minutes}:${pad(s % 60)}`;
}

/** A number as people of the organisation read it: its local form when the
 * service gave one, else "+" and the international digits. */
export function displayNumber(number: string, localNumbers: Readonly<Record<string, string>>): string {
  return localNumbers[number] ?? (/^\d+$/.test(number) ? `+${number}` : number);
}
