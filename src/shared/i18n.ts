import type { CtiState } from '../context.js';
import type { CtiError } from '../sdk/index.js';

// English and French texts; an element speaks the language of the nearest
// `lang` attribute above it, across shadow roots.

const en = {
  notConnected: 'Not connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  reconnectingIn: (attempt: number, seconds: number) => `Connection lost: reconnecting (attempt ${attempt}${seconds > 0 ? `, in ${seconds} s` : ''})…`,
  retryingIn: (attempt: number, seconds: number) => `The phone service cannot be reached: trying again (attempt ${attempt}${seconds > 0 ? `, in ${seconds} s` : ''})…`,
  number: 'Phone number',
  call: 'Call',
  calling: 'Calling…',
  keypad: 'Keypad',
  invalidNumber: 'Enter a phone number, e.g. 7701, 01 72 58 77 01 or +33 1 72 58 77 01',
  dialVetoed: 'The call was not placed',
  linkRefused: (link: string) => `Not a phone number: ${link}`,
  dialledWithout: (number: string, dropped: string) => `Calling ${number}; not dialled: ${dropped}`,
  calls: 'Calls',
  noCalls: 'No calls yet',
  noMissed: 'No missed calls',
  noActive: 'No call in progress',
  more: 'Show more calls',
  inbound: 'Incoming',
  outbound: 'Outgoing',
  other: 'Line',
  ringing: 'Ringing',
  connected: 'In conversation',
  released: 'Ended',
  missed: 'Missed',
  parked: 'Parked',
  incomingFrom: (who: string) => `Incoming call from ${who}`,
  callBack: 'Call back',
  callBackTo: (who: string) => `Call back ${who}`,
  openRecord: 'Open record',
  online: 'Connected',
  line: (number: string) => `Line ${number}`,
  phone: 'Phone',
  allCalls: 'All',
  missedCalls: 'Missed',
  missedCount: (count: number) => `${count} missed call${count === 1 ? '' : 's'}`,
  clearMissed: 'Mark as seen',
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
  transferTo: 'Transfer to',
  inviteTimer: 'Give up after (seconds, 0: never)',
  mergeWith: 'Merge with',
  slot: 'Park slot (empty: any)',
  confirm: 'Confirm',
  cancel: 'Cancel',
  actions: 'Call actions',
  invalidSlot: 'A slot is a whole number',
  team: 'Team',
  freeCount: (free: number, total: number) => `${free} of ${total} free`,
  findColleague: 'Find a colleague',
  noLines: 'No line to show',
  you: 'you',
  free: 'Free',
  callingWho: (who: string) => `Calling ${who}`,
  talkingWith: (who: string) => `In conversation with ${who}`,
  severalCalls: (count: number) => `${count} calls`,
  lineRefused: 'The phone service cannot follow this line',
  lineInvalid: 'Not a phone number',
  consult: 'Consult',
  callWho: (who: string) => `Call ${who}`,
  transferToWho: (who: string) => `Transfer to ${who}`,
  consultWho: (who: string) => `Consult ${who}, then transfer once they answer`,
  callPark: 'Call park',
  parkEmpty: 'No call is parked',
  parkUnavailable: 'The phone service does not show the call park',
  take: 'Take',
  takeWho: (who: string, slot: string) => `Take ${who} from slot ${slot}`,
  parkWho: (who: string) => `Park ${who}`,
  slotTaken: (slot: string) => `Slot ${slot} is taken`,
  autoAnswer: 'Auto-answer',
  autoAnswerHelp: 'Your phone picks up by itself for the calls you place or transfer from here',
  sendMessage: 'Send a message',
  to: 'To',
  message: 'Message',
  send: 'Send',
  sending: 'Sending…',
  messageSent: 'Message sent',
  messageEmpty: 'Write a message first',
  messageTooLong: (max: number) => `A message holds at most ${max} characters`,
} as const;

type Messages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

const fr: Messages = {
  notConnected: 'Non connecté',
  connecting: 'Connexion…',
  reconnecting: 'Reconnexion…',
  reconnectingIn: (attempt: number, seconds: number) => `Connexion perdue : reconnexion (essai ${attempt}${seconds > 0 ? `, dans ${seconds} s` : ''})…`,
  retryingIn: (attempt: number, seconds: number) => `Le service téléphonique est injoignable : nouvel essai (essai ${attempt}${seconds > 0 ? `, dans ${seconds} s` : ''})…`,
  number: 'Numéro de téléphone',
  call: 'Appeler',
  calling: 'Appel…',
  keypad: 'Clavier',
  invalidNumber: 'Saisissez un numéro, par ex. 7701, 01 72 58 77 01 ou +33 1 72 58 77 01',
  dialVetoed: "L'appel n'a pas été passé",
  linkRefused: (link: string) => `Pas un numéro de téléphone : ${link}`,
  dialledWithout: (number: string, dropped: string) => `Appel du ${number} ; non composé : ${dropped}`,
  calls: 'Appels',
  noCalls: "Aucun appel pour l'instant",
  noMissed: 'Aucun appel manqué',
  noActive: 'Aucun appel en cours',
  more: "Afficher plus d'appels",
  inbound: 'Entrant',
  outbound: 'Sortant',
  other: 'Ligne',
  ringing: 'Sonne',
  connected: 'En conversation',
  released: 'Terminé',
  missed: 'Manqué',
  parked: 'En parking',
  incomingFrom: (who: string) => `Appel entrant de ${who}`,
  callBack: 'Rappeler',
  callBackTo: (who: string) => `Rappeler ${who}`,
  openRecord: 'Ouvrir la fiche',
  online: 'Connecté',
  line: (number: string) => `Ligne ${number}`,
  phone: 'Téléphone',
  allCalls: 'Tous',
  missedCalls: 'Manqués',
  missedCount: (count: number) => `${count} appel${count === 1 ? '' : 's'} manqué${count === 1 ? '' : 's'}`,
  clearMissed: 'Marquer comme vus',
  openPhone: 'Ouvrir le téléphone',
  closePhone: 'Fermer le téléphone',
  ringingFrom: (who: string) => `Sonne : ${who}`,
  incomingCall: 'Appel entrant',
  enableNotifications: 'Me notifier des appels entrants',
  notificationsBlocked: 'Les notifications d’appel sont bloquées dans les réglages du site de ce navigateur',
  errNoTokenSource: "Le téléphone n'est pas configuré : il n'a aucun moyen d'obtenir un jeton d'accès.",
  errTokenRefused: "Le service téléphonique a refusé le jeton d'accès : reconnectez-vous ou contactez votre administrateur.",
  errUnreachable: 'Le service téléphonique est injoignable : vérifiez la connexion réseau.',
  errTimeout: "Le service téléphonique n'a pas répondu à temps : réessayez.",
  errSessionEnded: 'La session téléphonique a pris fin : reconnexion…',
  errRefused: 'Le service téléphonique a refusé cette demande.',
  errFailed: "Le service téléphonique n'a pas pu le faire : réessayez.",
  answer: 'Répondre',
  reject: 'Rejeter',
  hangUp: 'Raccrocher',
  transfer: 'Transférer',
  supervisedTransfer: 'Transfert supervisé',
  merge: 'Fusionner',
  pause: 'Mettre en attente',
  park: 'Parquer',
  unpark: 'Reprendre',
  transferTo: 'Transférer vers',
  inviteTimer: 'Abandonner après (secondes, 0 : jamais)',
  mergeWith: 'Fusionner avec',
  slot: 'Place de parking (vide : libre)',
  confirm: 'Valider',
  cancel: 'Annuler',
  actions: "Actions sur l'appel",
  invalidSlot: 'Une place est un nombre entier',
  team: 'Équipe',
  freeCount: (free: number, total: number) => `${free} sur ${total} libre${free > 1 ? 's' : ''}`,
  findColleague: 'Chercher un collègue',
  noLines: 'Aucune ligne à afficher',
  you: 'vous',
  free: 'Libre',
  callingWho: (who: string) => `Appelle ${who}`,
  talkingWith: (who: string) => `En conversation avec ${who}`,
  severalCalls: (count: number) => `${count} appels`,
  lineRefused: 'Le service téléphonique ne peut pas suivre cette ligne',
  lineInvalid: "Ce n'est pas un numéro de téléphone",
  consult: 'Consulter',
  callWho: (who: string) => `Appeler ${who}`,
  transferToWho: (who: string) => `Transférer vers ${who}`,
  consultWho: (who: string) => `Consulter ${who}, puis transférer à sa réponse`,
  callPark: "Parking d'appels",
  parkEmpty: 'Aucun appel en parking',
  parkUnavailable: "Le service téléphonique n'affiche pas le parking d'appels",
  take: 'Prendre',
  takeWho: (who: string, slot: string) => `Prendre ${who} (place ${slot})`,
  parkWho: (who: string) => `Parquer ${who}`,
  slotTaken: (slot: string) => `La place ${slot} est prise`,
  autoAnswer: 'Décroché automatique',
  autoAnswerHelp: "Votre téléphone décroche tout seul pour les appels passés ou transférés d'ici",
  sendMessage: 'Envoyer un message',
  to: 'À',
  message: 'Message',
  send: 'Envoyer',
  sending: 'Envoi…',
  messageSent: 'Message envoyé',
  messageEmpty: "Écrivez d'abord un message",
  messageTooLong: (max: number) => `Un message compte au plus ${max} caractères`,
};

export type { Messages };

/** The language of the nearest `lang` attribute, through shadow roots. */
export function languageOf(element: Element): string {
  let node: Node | null = element;
  while (node) {
    if (node instanceof Element && node.hasAttribute('lang')) return node.getAttribute('lang')!;
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return document.documentElement.lang || navigator.language || 'en';
}

export function messagesFor(element: Element): Messages {
  return languageOf(element).toLowerCase().startsWith('fr') ? fr : en;
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
