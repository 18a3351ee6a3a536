import type { Messages } from './i18n.js';

// The classic script's French texts: a second classic script beside it,
// dist/keyyo-cti-elements.fr.iife.js, added to the page when an element
// first speaks French (rollup.config.mjs puts this module in place of
// i18n-load.ts in that build).
const here = (document.currentScript as HTMLScriptElement | null)?.src;

export function loadFrench(): Promise<Messages> {
  return new Promise((resolve, reject) => {
    if (!here) return reject(new Error('The script of the elements is not known'));
    const script = document.createElement('script');
    script.src = new URL('keyyo-cti-elements.fr.iife.js', here).href;
    script.onload = () => resolve((globalThis as unknown as { KeyyoCtiElementsFr: { fr: Messages } }).KeyyoCtiElementsFr.fr);
    script.onerror = reject;
    document.head.append(script);
  });
}
