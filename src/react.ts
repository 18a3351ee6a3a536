// The elements as React components, made with @lit/react: React 18 and 19
// set their properties as properties (`tokenProvider`, `contactResolver`,
// `call`) and hear their events through props (`onKeyyoCallSetup`, ...).
// Importing this module defines the elements.
//
//   import { KeyyoCtiProvider, KeyyoSoftphone } from 'keyyo-cti-elements/react';
//   <KeyyoCtiProvider tokenProvider={fetchToken} onKeyyoScreenPop={(event) => open(event.detail.contact)}>
//     <KeyyoSoftphone />
//   </KeyyoCtiProvider>
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import './define.js';
import { KeyyoCallActions as CallActions } from './elements/call-actions/call-actions.js';
import { KeyyoCallList as CallList } from './elements/call-list/call-list.js';
import { KeyyoAutoAnswer as AutoAnswer } from './elements/auto-answer/auto-answer.js';
import { KeyyoCallPark as CallPark } from './elements/call-park/call-park.js';
import { KeyyoClickToCall as ClickToCall } from './elements/click-to-call/click-to-call.js';
import { KeyyoLineBoard as LineBoard } from './elements/line-board/line-board.js';
import { KeyyoMessage as Message } from './elements/message/message.js';
import { KeyyoDialer as Dialer } from './elements/dialer/dialer.js';
import { KeyyoCtiProvider as Provider } from './elements/provider/provider.js';
import { KeyyoSoftphone as Softphone } from './elements/softphone/softphone.js';
import type {
  KeyyoCallConnectEvent,
  KeyyoCallLoggedEvent,
  KeyyoCallMissedEvent,
  KeyyoCallReleaseEvent,
  KeyyoCallSetupEvent,
  KeyyoDialRequestEvent,
  KeyyoErrorEvent,
  KeyyoMessageSentEvent,
  KeyyoScreenPopEvent,
  KeyyoSelectCallEvent,
  KeyyoStatusChangeEvent,
} from './events/index.js';

const onError = { onKeyyoError: 'keyyo-error' as EventName<KeyyoErrorEvent> };
const onDialRequest = { onKeyyoDialRequest: 'keyyo-dial-request' as EventName<KeyyoDialRequestEvent> };
const onSelectCall = { onKeyyoSelectCall: 'keyyo-select-call' as EventName<KeyyoSelectCallEvent> };

export const KeyyoCtiProvider = createComponent({
  react: React,
  tagName: 'keyyo-cti-provider',
  elementClass: Provider,
  events: {
    onKeyyoCallSetup: 'keyyo-call-setup' as EventName<KeyyoCallSetupEvent>,
    onKeyyoCallConnect: 'keyyo-call-connect' as EventName<KeyyoCallConnectEvent>,
    onKeyyoCallRelease: 'keyyo-call-release' as EventName<KeyyoCallReleaseEvent>,
    onKeyyoCallMissed: 'keyyo-call-missed' as EventName<KeyyoCallMissedEvent>,
    onKeyyoScreenPop: 'keyyo-screen-pop' as EventName<KeyyoScreenPopEvent>,
    onKeyyoStatusChange: 'keyyo-status-change' as EventName<KeyyoStatusChangeEvent>,
    onKeyyoCallLogged: 'keyyo-call-logged' as EventName<KeyyoCallLoggedEvent>,
    ...onDialRequest,
    ...onSelectCall,
    ...onError,
  },
  displayName: 'KeyyoCtiProvider',
});

export const KeyyoSoftphone = createComponent({
  react: React,
  tagName: 'keyyo-softphone',
  elementClass: Softphone,
  events: { ...onDialRequest, ...onSelectCall, ...onError },
  displayName: 'KeyyoSoftphone',
});

export const KeyyoDialer = createComponent({
  react: React,
  tagName: 'keyyo-dialer',
  elementClass: Dialer,
  events: { ...onDialRequest, ...onError },
  displayName: 'KeyyoDialer',
});

export const KeyyoCallList = createComponent({
  react: React,
  tagName: 'keyyo-call-list',
  elementClass: CallList,
  events: { ...onSelectCall, ...onDialRequest, ...onError },
  displayName: 'KeyyoCallList',
});

export const KeyyoCallActions = createComponent({
  react: React,
  tagName: 'keyyo-call-actions',
  elementClass: CallActions,
  events: onError,
  displayName: 'KeyyoCallActions',
});

export const KeyyoClickToCall = createComponent({
  react: React,
  tagName: 'keyyo-click-to-call',
  elementClass: ClickToCall,
  events: { ...onDialRequest, ...onError },
  displayName: 'KeyyoClickToCall',
});

export const KeyyoLineBoard = createComponent({
  react: React,
  tagName: 'keyyo-line-board',
  elementClass: LineBoard,
  events: { ...onDialRequest, ...onError },
  displayName: 'KeyyoLineBoard',
});

export const KeyyoCallPark = createComponent({
  react: React,
  tagName: 'keyyo-call-park',
  elementClass: CallPark,
  events: onError,
  displayName: 'KeyyoCallPark',
});

export const KeyyoAutoAnswer = createComponent({
  react: React,
  tagName: 'keyyo-auto-answer',
  elementClass: AutoAnswer,
  events: onError,
  displayName: 'KeyyoAutoAnswer',
});

export const KeyyoMessage = createComponent({
  react: React,
  tagName: 'keyyo-message',
  elementClass: Message,
  events: { onKeyyoMessageSent: 'keyyo-message-sent' as EventName<KeyyoMessageSentEvent>, ...onError },
  displayName: 'KeyyoMessage',
});
