import type { Messages } from './i18n.js';

/** The French texts, as a module of their own: bundlers split it off. */
export const loadFrench = (): Promise<Messages> => import('./i18n-fr.js').then((module) => module.fr);
