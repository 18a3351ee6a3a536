// The elements as React components, made with @lit/react: React 18 and 19
// set their properties as properties (`tokenProvider`, `contactResolver`,
// `call`) and hear their events through props (`onKeyyoCallSetup`, ...).
// A component defines its element (and those it shows) when imported: an
// application bundles only the elements whose components it uses, since
// every component lives in a module of its own, free of side effects but
// for its element's definition.
//
//   import { KeyyoCtiProvider, KeyyoSoftphone } from 'keyyo-cti-elements/react';
//   <KeyyoCtiProvider tokenProvider={fetchToken} onKeyyoScreenPop={(event) => open(event.detail.contact)}>
//     <KeyyoSoftphone />
//   </KeyyoCtiProvider>
export { KeyyoAutoAnswer } from './elements/auto-answer/keyyo-auto-answer.react.js';
export { KeyyoCallActions } from './elements/call-actions/keyyo-call-actions.react.js';
export { KeyyoCallList } from './elements/call-list/keyyo-call-list.react.js';
export { KeyyoCallPark } from './elements/call-park/keyyo-call-park.react.js';
export { KeyyoClickToCall } from './elements/click-to-call/keyyo-click-to-call.react.js';
export { KeyyoCtiProvider } from './elements/provider/keyyo-cti-provider.react.js';
export { KeyyoDialer } from './elements/dialer/keyyo-dialer.react.js';
export { KeyyoLineBoard } from './elements/line-board/keyyo-line-board.react.js';
export { KeyyoMessage } from './elements/message/keyyo-message.react.js';
export { KeyyoSoftphone } from './elements/softphone/keyyo-softphone.react.js';
export { KeyyoCallWrapUp } from './elements/wrap-up/keyyo-call-wrap-up.react.js';
