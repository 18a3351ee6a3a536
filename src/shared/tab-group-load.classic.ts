import { classicScript } from './classic-script.js';

/** The classic script's tab group and hub: a classic script beside it
 * (rollup.config.mjs puts this module in place of sdk/tab-group-load.ts in
 * the classic builds). */
export const loadTabGroup = (): Promise<typeof import('../sdk/tab-group.js')> => classicScript('tab-group', 'KeyyoCtiElementsTabGroup');
