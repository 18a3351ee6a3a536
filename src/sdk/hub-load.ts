import type { Hub } from './hub.js';

/** The leader's hub, a chunk. The classic script loads a classic script
 * instead (hub-load.classic.ts); shared.ts keeps the promise. */
export const loadHub = (): Promise<typeof Hub> => import('./hub.js').then((module) => module.Hub);
