// The English texts of what a softphone shows only later (its dialer, its
// call list, its card's forms) or never (the team board, the call park, the
// message form, auto-answer): each element puts its own in the English
// table as its class is defined (`addEnglish`), so a page never downloads
// the texts of elements it does not use. (The French table, a chunk, has
// every text.)

/** The call card's forms asking for a number, a call or a slot (and the call park's). */
export const promptTexts = {
  transferTo: 'Transfer to',
  inviteTimer: 'Give up after (seconds, 0: never)',
  mergeWith: 'Merge with',
  slot: 'Slot (optional)',
  confirm: 'Confirm',
  cancel: 'Cancel',
  invalidSlot: 'A slot is a whole number',
} as const;

/** Dialing what a person typed or a link names (shared/dialing.ts adds them). */
export const dialingTexts = {
  number: 'Phone number',
  call: 'Call',
  invalidNumber: 'Enter a phone number, e.g. 7701, 01 72 58 77 01 or +33 1 72 58 77 01',
  dialVetoed: 'The call was not placed',
  linkRefused: (link: string) => `Not a phone number: ${link}`,
  dialledWithout: (number: string, dropped: string) => `Calling ${number}; not dialled: ${dropped}`,
} as const;

/** The dialer. */
export const dialerTexts = {
  calling: 'Calling…',
} as const;

/** The call list. */
export const callListTexts = {
  more: 'Show more calls',
  other: 'Line',
  noCalls: 'No calls yet',
  noMissed: 'No missed calls',
  inbound: 'Incoming',
  outbound: 'Outgoing',
  noAnswer: 'No answer',
  callBack: 'Call back',
  callBackTo: (who: string) => `Call back ${who}`,
} as const;

/** The team board. */
export const teamTexts = {
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
} as const;

/** The call park. */
export const callParkTexts = {
  callPark: 'Call park',
  parkEmpty: 'No call is parked',
  parkUnavailable: 'The phone service does not show the call park',
  take: 'Take',
  takeWho: (who: string, slot: string) => `Take ${who} from slot ${slot}`,
  parkWho: (who: string) => `Park ${who}`,
  slotTaken: (slot: string) => `Slot ${slot} is taken`,
} as const;

/** The message form. */
export const messageTexts = {
  sendMessage: 'Send a message',
  to: 'To',
  message: 'Message',
  send: 'Send',
  sending: 'Sending…',
  messageSent: 'Message sent',
  messageEmpty: 'Write a message first',
  messageTooLong: (max: number) => `A message holds at most ${max} characters`,
} as const;

/** Auto-answer. */
export const autoAnswerTexts = {
  autoAnswer: 'Auto-answer',
  autoAnswerHelp: 'Your phone picks up by itself for the calls you place or transfer from here',
} as const;
