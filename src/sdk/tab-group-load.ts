/** A tab's group and the leader's hub, a chunk. The classic script loads a
 * classic script instead (tab-group-load.classic.ts); shared.ts keeps the promise. */
export const loadTabGroup = (): Promise<typeof import('./tab-group.js')> => import('./tab-group.js');
