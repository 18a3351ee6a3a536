// Everything the provider shares with the elements inside it, one context
// per slice of state.
import { createContext } from '@lit/context';
import type { CTI, CtiError } from './sdk/index.js';
import type { CallRecord } from './call-log/record.js';
import type { CallSnapshot } from './snapshot.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'error';

/** Who a number belongs to, as the page's contact resolver or `contact-url` says. */
export interface Contact {
  readonly name: string;
  readonly company?: string;
  /** An http(s) image URL. */
  readonly avatar?: string;
  /** An http(s) link to the contact's record. */
  readonly url?: string;
}

/** What became of a number a link asked to dial, in words for the user. */
export interface DialNotice {
  /** The number as the link gave it, or the link itself when it holds none. */
  readonly number: string;
  readonly text: string;
  /** Nothing was dialled. */
  readonly refused: boolean;
}

/** When a call ringing in shows a desktop notification: while the page is hidden, or always. */
export type NotifyMode = 'hidden' | 'always';

/** An immutable picture of the session, published after the task that changed it, and at most once a frame under a flood. */
export interface CtiState {
  readonly status: ConnectionStatus;
  /** The session's line, international form. */
  readonly number?: string;
  /** Active calls first (ringing, then in conversation), then ended calls, newest first. */
  readonly calls: readonly CallSnapshot[];
  /** The call a person on the line deals with now: the oldest call ringing
   * in on the session's line, else its newest call in progress (dialled or
   * in conversation), never a parked or paused one. */
  readonly current?: CallSnapshot;
  /** What the session follows (international numbers, and "callpark"), as the service last said. */
  readonly subscriptions: readonly string[];
  /** Where the session stands on each number that an element or the page
   * needs followed. */
  readonly following: ReadonlyMap<string, Following>;
  readonly autoAnswer?: boolean;
  readonly lastError?: CtiError;
  /** Local forms (e.g. "7701") of international numbers, as the service gives them. */
  readonly localNumbers: ReadonlyMap<string, string>;
  /** Contacts already known, by international number (look-ups never block the UI). */
  readonly contacts: ReadonlyMap<string, Contact>;
  /** While reconnecting: the attempt, when it is made (ms since the epoch),
   * and whether the session never connected yet (the service was not reached). */
  readonly reconnect?: { readonly attempt: number; readonly at: number; readonly first?: boolean };
  /** What became of the last phone link clicked, when the user must be told. */
  readonly dialNotice?: DialNotice;
  /** The provider's `notify-incoming`, when set: the softphone then offers to allow notifications. */
  readonly notifyIncoming?: NotifyMode;
  /** With a call log: the records waiting for delivery. */
  readonly pendingLogs?: number;
  /** With `wrap-up`: the records of this tab waiting for the person's notes, oldest first. */
  readonly wrapUps?: readonly CallRecord[];
  /** With `wrap-up`: the provider's dispositions, whether it may be skipped, its time limit in seconds. */
  readonly dispositions?: readonly string[];
  readonly wrapUpRequired?: boolean;
  readonly wrapUpTimeout?: number;
  /** With the history: missed calls that ended until then (server time, seconds) were seen. */
  readonly missedSeenAt?: number;
}

/** How the session follows a number someone needs: being subscribed (or
 * waiting for the connection), followed, or refused by the service. */
export type Following = { readonly status: 'pending' | 'followed' } | { readonly status: 'refused'; readonly error: CtiError };

/** The provider's count of who needs which number followed: it subscribes
 * when the first one needs a number and unsubscribes when the last one
 * lets it go. */
export interface Subscriptions {
  /** Someone needs `number` (international, or "callpark") followed; the
   * function returned says they no longer do. */
  need(number: string): () => void;
}

export const initialState: CtiState = Object.freeze({
  status: 'idle',
  calls: [],
  subscriptions: [],
  following: new Map(),
  localNumbers: new Map(),
  contacts: new Map(),
});

// Keys from the global registry: the chunks a classic script loads later
// (the wrap-up form) carry their own copy of this module.
/** The SDK session the provider owns: elements call its methods. */
export const sessionContext = createContext<CTI | undefined>(Symbol.for('keyyo-session'));
export const stateContext = createContext<CtiState>(Symbol.for('keyyo-state'));
/** The call ref chosen in a call list, target of the call actions. */
export const selectionContext = createContext<string | undefined>(Symbol.for('keyyo-selection'));
export const subscriptionsContext = createContext<Subscriptions | undefined>(Symbol.for('keyyo-subscriptions'));
