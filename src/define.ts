// Defines every Keyyo element: the entry of the single-file bundle.
import './elements/provider/keyyo-cti-provider.define.js';
import './elements/call-list/keyyo-call-list.define.js';
import './elements/dialer/keyyo-dialer.define.js';
import './elements/call-actions/keyyo-call-actions.define.js';
import './elements/softphone/keyyo-softphone.define.js';
import './elements/click-to-call/keyyo-click-to-call.define.js';
import './elements/line-board/keyyo-line-board.define.js';
import './elements/call-park/keyyo-call-park.define.js';
import './elements/auto-answer/keyyo-auto-answer.define.js';
import './elements/message/keyyo-message.define.js';

export * from './index.js';
