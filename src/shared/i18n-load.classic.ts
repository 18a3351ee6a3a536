import type { Messages } from './i18n.js';
import { classicScript } from './classic-script.js';

// The classic script's French texts: a second classic script beside it,
// dist/keyyo-cti-elements.fr.iife.js, added to the page when an element
// first speaks French (rollup.config.mjs puts this module in place of
// i18n-load.ts in that build).
export const loadFrench = (): Promise<Messages> => classicScript<{ fr: Messages }>('fr', 'KeyyoCtiElementsFr').then((module) => module.fr);
