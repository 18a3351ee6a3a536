// Defines every Keyyo element: the entry of the single-file bundle.
import './elements/provider/keyyo-cti-provider.define.js';
import './elements/call-list/keyyo-call-list.define.js';
import './elements/dialer/keyyo-dialer.define.js';
import './elements/call-actions/keyyo-call-actions.define.js';
import './elements/softphone/keyyo-softphone.define.js';
import './elements/click-to-call/keyyo-click-to-call.define.js';

export * from './index.js';
