import type { CtiState } from '../context.js';
import type { CtiError } from '../sdk/index.js';
import type * as more from './i18n-more.js';
import { loadFrench } from './i18n-load.js';

// English and French texts; an element speaks the language of the nearest
// `lang` attribute above it, across shadow roots. The French texts load the
// first time an element speaks French: pages in English never download them.

const en = {
  notConnected: 'Not connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  reconnectingIn: (attempt: number, seconds: number) => `Connection lost: reconnecting (attempt ${attempt}${seconds > 0 ? `, in ${seconds} s` : ''})…`,
  retryingIn: (attempt: number, seconds: number) => `The phone service cannot be reached: trying again (attempt ${attempt}${seconds > 0 ? `, in ${seconds} s` : ''})…`,
  keypad: 'Keypad',
  calls: 'Calls',
  noActive: 'No call in progress',
  ringing: 'Ringing',
  connected: 'In conversation',
  released: 'Ended',
  missed: 'Missed',
  parked: 'Parked',
  incomingFrom: (who: string) => `Incoming call from ${who}`,
  openRecord: 'Open record',
  online: 'Connected',
  line: (number: string) => `Line ${number}`,
  phone: 'Phone',
  allCalls: 'All',
  missedCalls: 'Missed',
  missedCount: (count: number) => `${count} missed call${count === 1 ? '' : 's'}`,
  clearMissed: 'Mark as seen',
  pendingLogs: 'Call logs waiting to be sent:',
  openPhone: 'Open the phone',
  closePhone: 'Close the phone',
  ringingFrom: (who: string) => `Ringing: ${who}`,
  incomingCall: 'Incoming call',
  enableNotifications: 'Notify me of incoming calls',
  notificationsBlocked: 'Call notifications are blocked in this browser’s site settings',
  errNoTokenSource: 'The phone is not set up: it has no way to get an access token.',
  errTokenRefused: 'The phone service refused the access token: sign in again, or ask your administrator.',
  errUnreachable: 'The phone service cannot be reached: check the network connection.',
  errTimeout: 'The phone service did not answer in time: try again.',
  errSessionEnded: 'The phone session ended: reconnecting…',
  errRefused: 'The phone service refused this request.',
  errFailed: 'The phone service could not do this: try again.',
  answer: 'Answer',
  reject: 'Reject',
  hangUp: 'Hang up',
  transfer: 'Transfer',
  supervisedTransfer: 'Supervised transfer',
  merge: 'Merge',
  pause: 'Pause',
  park: 'Park',
  unpark: 'Unpark',
  actions: 'Call actions',
} as const;

type Texts = typeof en &
  typeof more.dialerTexts &
  typeof more.callListTexts &
  typeof more.teamTexts &
  typeof more.callParkTexts &
  typeof more.messageTexts &
  typeof more.autoAnswerTexts &
  typeof more.promptTexts &
  typeof more.dialingTexts;
type Messages = { [K in keyof Texts]: Texts[K] extends string ? string : Texts[K] };

export type { Messages };

/** The English texts: those of the elements of i18n-more.ts once they loaded. */
const english = en as unknown as Messages;

/** Puts an element's English texts (from i18n-more.ts) in the table. */
export function addEnglish(texts: Partial<Messages>): void {
  Object.assign(english, texts);
}

/** The nearest element that passes `test`, from `element` up through
 * shadow roots. */
export function closestAround(element: Element, test: (element: Element) => boolean): Element | undefined {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && test(node)) return node;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
}

/** The language of the nearest `lang` attribute, through shadow roots. */
export function languageOf(element: Element): string {
  return closestAround(element, (node) => node.hasAttribute('lang'))?.getAttribute('lang') ?? (document.documentElement.lang || navigator.language || 'en');
}

let french: Messages | undefined;
let loadingFrench: Promise<void> | undefined;
/** Elements that spoke English while the French texts were on their way. */
const waitingForFrench = new Set<Element & { requestUpdate?(): void }>();

/** The texts of an element's language; English for a moment, the first
 * time an element speaks French, which renders again once they came. */
export function messagesFor(element: Element): Messages {
  if (!languageOf(element).toLowerCase().startsWith('fr')) return english;
  if (french) return french;
  waitingForFrench.add(element);
  loadingFrench ??= loadFrench().then(
    (texts) => {
      french = texts;
      for (const waiting of waitingForFrench) waiting.requestUpdate?.();
      waitingForFrench.clear();
    },
    () => waitingForFrench.clear(), // they stay in English
  );
  return english;
}

/** A sentence a person on the phone understands for what went wrong. */
export function errorText(error: CtiError | undefined, t: Messages, reconnect?: CtiState['reconnect']): string {
  switch (error?.error_code as string | undefined) {
    case 'no_token_source':
      return t.errNoTokenSource;
    case 'invalid_csi_token':
      return t.errTokenRefused;
    case 'connection_closed':
      return t.errUnreachable;
    case 'timeout':
      return t.errTimeout;
    case 'invalid_session_id':
      return t.errSessionEnded;
    case 'not_connected':
      return reconnect ? reconnectText(t, reconnect) : t.notConnected;
    case 'invalid_params':
    case 'missing_parameter':
      return t.errRefused;
    default:
      return t.errFailed;
  }
}

/** "Connection lost: reconnecting (attempt 2, in 4 s)…", or "cannot be reached" before the first connection. */
export function reconnectText(t: Messages, reconnect: NonNullable<CtiState['reconnect']>): string {
  return (reconnect.first ? t.retryingIn : t.reconnectingIn)(reconnect.attempt, Math.max(0, Math.ceil((reconnect.at - Date.now()) / 1000)));
}

/** The connection as a person reads it: "Connected", "Reconnecting…", or why not. */
export function statusText(cti: CtiState, t: Messages): string {
  switch (cti.status) {
    case 'connected':
      return t.online;
    case 'connecting':
      return t.connecting;
    case 'reconnecting':
      return cti.reconnect ? reconnectText(t, cti.reconnect) : t.reconnecting;
    case 'error':
      return errorText(cti.lastError, t);
    default:
      return t.notConnected;
  }
}
