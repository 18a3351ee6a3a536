import { KeyyoCallConnectEvent } from './call-connect.js';
import type { KeyyoCallLoggedEvent } from './call-logged.js';
import { KeyyoCallMissedEvent } from './call-missed.js';
import { KeyyoCallReleaseEvent } from './call-release.js';
import { KeyyoCallSetupEvent } from './call-setup.js';
import { KeyyoDialRequestEvent, type DialSource } from './dial-request.js';
import { KeyyoErrorEvent } from './error.js';
import { KeyyoMessageSentEvent } from './message-sent.js';
import { KeyyoMissedSeenEvent } from './missed-seen.js';
import { KeyyoScreenPopEvent } from './screen-pop.js';
import { KeyyoSelectCallEvent } from './select-call.js';
import { KeyyoStatusChangeEvent } from './status-change.js';
import type { KeyyoWrapUpEvent } from './wrap-up.js';

// The call log's events are built where the call log loads (a chunk of its
// own): their types only here.
export {
  KeyyoCallConnectEvent,
  type KeyyoCallLoggedEvent,
  KeyyoCallMissedEvent,
  KeyyoCallReleaseEvent,
  KeyyoCallSetupEvent,
  KeyyoDialRequestEvent,
  KeyyoErrorEvent,
  KeyyoMessageSentEvent,
  KeyyoMissedSeenEvent,
  KeyyoScreenPopEvent,
  KeyyoSelectCallEvent,
  type DialSource,
  KeyyoStatusChangeEvent,
  type KeyyoWrapUpEvent,
};

declare global {
  interface GlobalEventHandlersEventMap {
    'keyyo-call-setup': KeyyoCallSetupEvent;
    'keyyo-call-connect': KeyyoCallConnectEvent;
    'keyyo-call-release': KeyyoCallReleaseEvent;
    'keyyo-call-missed': KeyyoCallMissedEvent;
    'keyyo-status-change': KeyyoStatusChangeEvent;
    'keyyo-error': KeyyoErrorEvent;
    'keyyo-dial-request': KeyyoDialRequestEvent;
    'keyyo-select-call': KeyyoSelectCallEvent;
    'keyyo-screen-pop': KeyyoScreenPopEvent;
    'keyyo-message-sent': KeyyoMessageSentEvent;
    'keyyo-call-logged': KeyyoCallLoggedEvent;
    'keyyo-wrap-up': KeyyoWrapUpEvent;
    'keyyo-missed-seen': KeyyoMissedSeenEvent;
  }
}
