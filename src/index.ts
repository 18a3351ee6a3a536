// The elements' classes, contexts, events and the SDK, without defining any
// element: import `keyyo-cti-elements/define` (src/define.ts) for that.
export * from './sdk/index.js';
export * from './events/index.js';
export {
  sessionContext,
  stateContext,
  selectionContext,
  subscriptionsContext,
  type Contact,
  type ConnectionStatus,
  type CtiState,
  type DialNotice,
  type Following,
  type NotifyMode,
  type Subscriptions,
} from './context.js';
export { currentCallOf, type CallDirection, type CallSnapshot } from './snapshot.js';
export { KeyyoCtiProvider } from './elements/provider/provider.js';
export type { ContactResolver } from './elements/provider/contacts.js';
export type { CallRecord, CallOutcome, RecordDirection, RecordNumber, WrapUp } from './call-log/record.js';
export type { CallLogger } from './call-log/delivery.js';
// The form loads apart (with the provider's `wrap-up`, or its own entry): its type only here.
export type { KeyyoCallWrapUp } from './elements/wrap-up/wrap-up.js';
export { KeyyoCallList, type CallListFilter } from './elements/call-list/call-list.js';
export { KeyyoDialer } from './elements/dialer/dialer.js';
export { KeyyoCallActions } from './elements/call-actions/call-actions.js';
export { KeyyoSoftphone, type SoftphonePlacement } from './elements/softphone/softphone.js';
export { KeyyoClickToCall } from './elements/click-to-call/click-to-call.js';
export { KeyyoLineBoard, type TeamLine } from './elements/line-board/line-board.js';
export { KeyyoCallPark } from './elements/call-park/call-park.js';
export { KeyyoAutoAnswer } from './elements/auto-answer/auto-answer.js';
export { KeyyoMessage, MESSAGE_MAX_LENGTH } from './elements/message/message.js';
