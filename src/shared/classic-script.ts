// The classic script's chunks are classic scripts beside it:
// dist/keyyo-cti-elements.<name>.iife.js, each putting its exports on a
// global. Whoever loads one keeps the promise (a chunk loads once).
import { shared } from './classic-shared.js';

const here = (document.currentScript as HTMLScriptElement | null)?.src;

/** Adds the chunk `name` beside the classic script and answers its exports. */
export const classicScript = <T>(name: string, global: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const script = document.createElement('script');
    // Without `here` (the script was not loaded by a script tag), URL throws: the promise rejects.
    script.src = new URL(`keyyo-cti-elements.${name}.iife.js`, here).href;
    // What the chunk imports from this script: it reads them as it runs.
    Object.assign(script, { shared });
    script.onload = () => resolve((globalThis as Record<string, unknown>)[global] as T);
    script.onerror = reject;
    document.head.append(script);
  });
