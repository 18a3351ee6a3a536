// keyyo-cti-elements/server: the CSI-token endpoint of an application's
// server (Node 20+, and any runtime with the fetch API).
export { createTokenHandler, KEYYO_MANAGER_URL } from './token-handler.js';
export type { TokenErrorBody, TokenHandler, TokenHandlerLogEntry, TokenHandlerOptions } from './token-handler.js';
export { CredentialsError, KEYYO_TOKEN_URL, oauth2Credentials } from './oauth2.js';
export type { AccessTokenSource, OAuth2CredentialsOptions } from './oauth2.js';
export { MemoryRateLimitStore } from './rate-limit.js';
export type { RateLimitCount, RateLimitStore } from './rate-limit.js';
export { toNodeHandler } from './node.js';
export type { NodeContext } from './node.js';
