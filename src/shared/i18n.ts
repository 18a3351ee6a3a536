// English and French texts; an element speaks the language of the nearest
// `lang` attribute above it, across shadow roots.

const en = {
  notConnected: 'Not connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  reconnectingIn: (attempt: number, seconds: number) => `Connection lost: reconnecting (attempt ${attempt}${seconds > 0 ? `, in ${seconds} s` : ''})…`,
  connectionError: 'Not connected: the phone service is unreachable',
  number: 'Phone number',
  call: 'Call',
  calling: 'Calling…',
  clear: 'Delete last digit',
  keypad: 'Keypad',
  invalidNumber: 'Enter a phone number, e.g. 7701, 01 72 58 77 01 or +33 1 72 58 77 01',
  dialVetoed: 'The call was not placed',
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
  noCall: 'Select a call to act on it',
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
} as const;

type Messages = { [K in keyof typeof en]: (typeof en)[K] extends string ? string : (typeof en)[K] };

const fr: Messages = {
  notConnected: 'Non connecté',
  connecting: 'Connexion…',
  reconnecting: 'Reconnexion…',
  reconnectingIn: (attempt: number, seconds: number) => `Connexion perdue : reconnexion (essai ${attempt}${seconds > 0 ? `, dans ${seconds} s` : ''})…`,
  connectionError: 'Non connecté : le service téléphonique est injoignable',
  number: 'Numéro de téléphone',
  call: 'Appeler',
  calling: 'Appel…',
  clear: 'Effacer le dernier chiffre',
  keypad: 'Clavier',
  invalidNumber: 'Saisissez un numéro, par ex. 7701, 01 72 58 77 01 ou +33 1 72 58 77 01',
  dialVetoed: "L'appel n'a pas été passé",
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
  noCall: 'Sélectionnez un appel pour agir dessus',
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
