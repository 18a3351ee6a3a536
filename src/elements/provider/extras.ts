// What a provider needs only with `click-to-call` or `notify-incoming`: a
// chunk loaded when the page sets them (see shared/chunks.ts).
export { ClickToCall } from './click-to-call.js';
export { dialLink } from '../../shared/dialing.js';
export { IncomingNotifier } from './notifications.js';
