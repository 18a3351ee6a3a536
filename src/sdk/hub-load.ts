import type { Hub } from './hub.js';

// The hub's chunk, asked for once (a failed load is asked again). The
// classic script loads a classic script instead (hub-load.classic.ts).
let loading: Promise<typeof Hub> | undefined;

/** The leader's hub class. */
export const loadHub = (): Promise<typeof Hub> =>
  (loading ??= import('./hub.js').then(
    (module) => module.Hub,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  ));
