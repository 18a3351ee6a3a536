import type { Hub } from '../sdk/hub.js';
import { classicScript } from './classic-script.js';

/** The classic script's hub: a classic script beside it (rollup.config.mjs
 * puts this module in place of sdk/hub-load.ts in the classic builds). */
export const loadHub = (): Promise<typeof Hub> => classicScript<{ Hub: typeof Hub }>('hub', 'KeyyoCtiElementsHub').then((module) => module.Hub);
