// The elements' classes, contexts, events and the SDK, without defining any
// element: import `keyyo-cti-elements/define` (src/define.ts) for that.
export * from './sdk/index.js';
export * from './events/index.js';
export { sessionContext, stateContext, selectionContext, type ConnectionStatus, type CtiState } from './context.js';
export type { CallDirection, CallSnapshot } from './snapshot.js';
export { KeyyoCtiProvider } from './elements/provider/provider.js';
export { KeyyoCallList, type CallListFilter } from './elements/call-list/call-list.js';
export { KeyyoDialer } from './elements/dialer/dialer.js';
export { KeyyoCallActions } from './elements/call-actions/call-actions.js';
