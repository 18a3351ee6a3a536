/** The person marked the missed calls as seen, those that ended until
 * `detail.until` (the service's time, seconds): the provider remembers it
 * in every tab. */
export class KeyyoMissedSeenEvent extends CustomEvent<{ until: number }> {
  static readonly type = 'keyyo-missed-seen';

  constructor(until: number) {
    super(KeyyoMissedSeenEvent.type, { bubbles: true, composed: true, detail: { until } });
  }
}
