/** The person marked the missed calls as seen, those that ended until
 * `detail.until` (the service's time, seconds): the provider remembers it
 * in every tab. Fired by the softphone as a plain CustomEvent (a class
 * would weigh on every page). */
export type KeyyoMissedSeenEvent = CustomEvent<{ until: number }>;

export const missedSeen = (until: number): KeyyoMissedSeenEvent => new CustomEvent('keyyo-missed-seen', { bubbles: true, composed: true, detail: { until } });
