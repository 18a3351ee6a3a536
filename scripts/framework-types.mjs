// Part of `npm run build`: JSX and Vue template typings from
// custom-elements.json, by wc-toolkit's generators, in dist/:
// - dist/jsx.d.ts: `IntrinsicElements` for React 19, Preact (and the other
//   JSX libraries the generator knows) and Solid (`prop:` and `on:` forms,
//   added to solid-js/jsx-runtime, where Solid's JSX namespace is);
// - dist/vue.d.ts: Vue's `GlobalComponents`.
// Fixes to what the generators write: the JSX file names the event classes
// without importing them, and the Vue file imports a name once per element
// that uses it, types a handler's event as `CustomEvent<class>` and names
// handlers `"onkeyyo-call-missed"` where Vue looks for `onKeyyoCallMissed`.
import { readFileSync, writeFileSync } from 'node:fs';
import { generateJsxTypes } from '@wc-toolkit/jsx-types';
import { generateVuejsTypes } from 'custom-element-vuejs-integration';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const events = [
  ...new Set(
    manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .flatMap((element) => element.events ?? [])
      .map((event) => event.type.text),
  ),
].sort();
const options = { outdir: 'dist', globalTypePath: './index.js', hideLogs: true };

generateJsxTypes(manifest, { ...options, fileName: 'jsx.d.ts', stronglyTypedEvents: true });
const jsx = readFileSync('dist/jsx.d.ts', 'utf8');
writeFileSync(
  'dist/jsx.d.ts',
  `import type { ${events.join(', ')} } from './index.js';\n${jsx}
declare module "solid-js/jsx-runtime" {
  namespace JSX {
    interface IntrinsicElements extends CustomElementsSolidJs {}
  }
}
`,
);

generateVuejsTypes(manifest, { ...options, fileName: 'vue.d.ts' });
const vue = readFileSync('dist/vue.d.ts', 'utf8')
  .replace(
    /import type \{([^}]*)\} from "\.\/index\.js";/,
    (_, names) =>
      `import type { ${[
        ...new Set(
          names
            .split(',')
            .map((name) => name.trim())
            .filter(Boolean),
        ),
      ].join(', ')} } from "./index.js";`,
  )
  .replace(/CustomEvent<(Keyyo\w+Event)>/g, '$1')
  // Vue's template checker looks `@keyyo-dial-request` up as `onKeyyoDialRequest`.
  .replace(/"on(keyyo-[a-z-]+)"\?:/g, (_, name) => `on${name.replace(/(^|-)([a-z])/g, (__, ___, letter) => letter.toUpperCase())}?:`);
writeFileSync('dist/vue.d.ts', vue);
console.log(`dist/jsx.d.ts, dist/vue.d.ts: ${manifest.modules.flatMap((module) => module.declarations ?? []).filter((element) => element.tagName).length} elements`);
