export { CTI, type CTIOptions, type CTIEvents, type ConnectionState, type SessionResult, type SharedMember } from './cti.js';
export { SharedConnection } from './shared.js';
export { connectSession, type ConnectOptions } from './connect.js';
export { Call, type CallAttributes, type CallEvents, type CallSide, type CallState } from './call.js';
export { CtiError, type ErrorCode } from './errors.js';
export { internationalNumber } from './numbers.js';
export type { Callback } from './settle.js';
export type { SockJSConstructor, SockJSLike } from './transport.js';
