// The files for pages without a bundler (the unbundled modules for bundlers
// come from `tsc -p tsconfig.build.json`):
// - dist/keyyo-cti.min.js: the drop-in script that defines window.Keyyo as
//   the official 1.1 file did;
// - dist/keyyo-cti-elements.js: every element defined, Lit included, one ES
//   module for `<script type="module">`, with its French texts beside it
//   (dist/keyyo-cti-elements.i18n-fr.js), loaded when an element speaks French,
//   and the chunks a page loads when it uses them: the call log, the wrap-up
//   form, phone links and desktop notifications (.extras.js), the contacts,
//   the subscription registry, the call card's forms, the tab group;
// - dist/keyyo-cti-elements.iife.js: the same for a classic `<script>`, its
//   exports on `window.KeyyoCtiElements`, and its French texts and chunks as
//   classic scripts beside it (dist/keyyo-cti-elements.fr.iife.js,
//   .call-log.iife.js, .wrap-up.iife.js, .extras.iife.js, .contacts.iife.js,
//   .subscriptions.iife.js, .call-prompt.iife.js, .tab-group.iife.js) that it
//   adds itself when needed, each taking Lit and what else it shares with
//   the classic script from it (see classicChunk);
// - dist/sdk.js: the SDK entry as one module, measured by `npm run size` and
//   `npm run bench` (not published: bundlers take `keyyo-cti-elements/sdk`),
//   and dist/sdk-core.js, what a page using `CTI` alone bundles;
// - dist/first-load/: a page with a softphone and its provider as it loads
//   them, its first module apart from the chunks that come later (measured,
//   not published);
// - dist/demo-react.js: the demo's React page (not published).
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import MagicString from 'magic-string';
import { fileURLToPath } from 'node:url';
import { squeezeStyles } from './scripts/squeeze-styles.mjs';

/** The elements' css`` styles squeezed (see scripts/squeeze-styles.mjs). */
const minifyStyles = () => ({
  name: 'minify-styles',
  transform(code, id) {
    if (!/[\\/]src[\\/](elements|shared)[\\/]/.test(id)) return null;
    return { code: squeezeStyles(code), map: null };
  },
});

/** Modules whose effect matters only to who uses them: an event class
 * (its static `type` compiles to an assignment after the class, which kept
 * every event class in every bundle importing one), and dialing, which adds
 * its English texts. Rollup leaves them out of a bundle using none of
 * their exports (the classic call-log chunk reaches dialing through
 * chunks.classic.ts without using it). */
const usedOnly = () => ({
  name: 'used-only',
  transform: (code, id) => (/[\\/]src[\\/](events[\\/]|shared[\\/]dialing\.ts$)/.test(id) ? { moduleSideEffects: false } : null),
});

/** The elements' decorators take src/shared/decorate.ts's `__decorate`
 * rather than tslib's general one. */
const fieldDecorators = () => ({
  name: 'field-decorators',
  resolveId: (source) => (source === 'tslib' ? fileURLToPath(new URL('src/shared/decorate.ts', import.meta.url)) : null),
});

/** After terser, a raw newline is in a template literal (the elements'
 * html``, where a run of whitespace reads as one space), in a license
 * comment, or between two statements: runs of whitespace after a newline
 * become one space, and a license repeated by each module of a package is
 * kept once. */
const squeezeOutput = () => ({
  name: 'squeeze-output',
  renderChunk(code) {
    const output = new MagicString(code);
    const licenses = new Set();
    for (const match of code.matchAll(/\/\*[\s\S]*?\*\/|\n\s*/g)) {
      const [text] = match;
      const end = match.index + text.length;
      if (text.startsWith('/*')) {
        if (licenses.has(text)) output.remove(match.index, end);
        licenses.add(text);
      } else {
        output.overwrite(match.index, end, ' ');
      }
    }
    return { code: output.toString(), map: output.generateMap({ hires: true }) };
  },
});

/** `module`: the output is an ES module, or an IIFE that declares no global
 * of its own; a classic script's global must survive minifying. `outDir`:
 * the folder of a build with chunks. */
const plugins = ({ module = true, outDir = 'dist' } = {}) => [
  fieldDecorators(),
  minifyStyles(),
  usedOnly(),
  nodeResolve({ browser: true }),
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    exclude: ['src/simulator/**', 'src/server/**'],
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', declaration: false, sourceMap: true, outDir, types: [] },
  }),
  terser({ ecma: 2020, module, compress: { passes: 2 } }),
  squeezeOutput(),
];

/** The classic script loads its French texts and its chunks (the call log,
 * the wrap-up form, the extras, the contacts, the subscription registry,
 * the call card's forms, the shared connection's tab group and hub) as
 * classic scripts too. */
const classicLoaders = () => ({
  name: 'classic-loaders',
  resolveId(source, importer) {
    if (!importer) return null;
    if (/(^|\/)shared\/i18n-load\.js$|^\.\/i18n-load\.js$/.test(source)) return fileURLToPath(new URL('src/shared/i18n-load.classic.ts', import.meta.url));
    if (/(^|\/)shared\/chunks\.js$|^\.\/chunks\.js$/.test(source)) return fileURLToPath(new URL('src/shared/chunks.classic.ts', import.meta.url));
    if (/(^|\/)tab-group-load\.js$/.test(source)) return fileURLToPath(new URL('src/shared/tab-group-load.classic.ts', import.meta.url));
    return null;
  },
});

/** The modules of the classic script that its chunks take from it rather
 * than carry a copy of: Lit and the decorator helper, the elements' base,
 * the texts, formats and styles, the SDK's errors and transport, the chunk
 * loaders. Those that keep state (the texts, the base class) must be here:
 * a chunk's copy would be another instance. */
const CLASSIC_SHARED = [
  /^lit(\/decorators\.js)?$/,
  /[\\/]src[\\/](elements[\\/](define|keyyo)-element|events[\\/]error|sdk[\\/](errors|transport)|snapshot)\.ts$/,
  /[\\/]src[\\/]shared[\\/](chunks\.classic|commands|dates|decorate|dialing|format|i18n|i18n-more|panel-styles|styles)\.ts$/,
];
const isClassicShared = (id) => CLASSIC_SHARED.some((pattern) => pattern.test(id));
/** What the classic chunks import from those modules, by name: written by
 * their builds, read by the classic script's build, which comes after
 * (rollup builds this file's configurations in turn). */
const classicImports = new Map();

/** A classic chunk: a classic script beside the classic script, its
 * exports on `global`; what it imports from the shared modules it reads
 * from the object the classic script hands it as it loads it
 * (src/shared/classic-script.ts), so that none carries a copy of Lit. */
const classicChunk = (input, name, global) => ({
  input,
  external: isClassicShared,
  // Absolute, so that the classic script's build finds them.
  makeAbsoluteExternalsRelative: false,
  output: {
    file: `dist/keyyo-cti-elements.${name}.iife.js`,
    format: 'iife',
    name: global,
    sourcemap: true,
    globals: () => 'document.currentScript.shared',
  },
  plugins: [
    classicLoaders(),
    {
      name: 'classic-imports',
      renderChunk(code, chunk) {
        for (const [id, names] of Object.entries(chunk.importedBindings)) {
          for (const imported of names) {
            if (imported === '*' || imported === 'default') this.error(`${name}: import names from ${id}, not * or default`);
            const from = classicImports.get(imported);
            if (from && from !== id) this.error(`${name}: ${imported} comes from both ${from} and ${id}`);
            classicImports.set(imported, id);
          }
        }
        return null;
      },
    },
    ...plugins({ module: false }),
  ],
});

/** The classic script's object of what its chunks import (see classicChunk). */
const classicShared = () => ({
  name: 'classic-shared',
  resolveId: (source) => (/(^|\/)classic-shared\.js$/.test(source) ? '\0classic-shared' : null),
  load(id) {
    if (id !== '\0classic-shared') return null;
    if (!classicImports.size) this.error('the classic chunks are built before the classic script');
    const byModule = new Map();
    for (const [imported, from] of classicImports) byModule.set(from, [...(byModule.get(from) ?? []), imported]);
    const imports = [...byModule].map(([from, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(from)};`);
    return `${imports.join('\n')}\nexport const shared = { ${[...classicImports.keys()].join(', ')} };`;
  },
});

/** An entry written here, as a page's own code would import the package
 * (its imports kept for their effects: they define elements). */
const virtualEntry = (name, code) => ({
  name,
  resolveId: (source, importer) => (source === name ? source : importer === name ? { id: fileURLToPath(new URL(source, import.meta.url)), moduleSideEffects: true } : null),
  load: (id) => (id === name ? code : null),
});

/** The drop-in leaves out what only a shared connection needs. */
const noSharing = () => ({
  name: 'no-sharing',
  resolveId: (source, importer) =>
    /[\\/]src[\\/]sdk[\\/]/.test(importer ?? '') && source === './sharing.js' ? fileURLToPath(new URL('src/compat/sharing.ts', import.meta.url)) : null,
});

export default [
  {
    input: 'src/compat/keyyo-cti.ts',
    output: { file: 'dist/keyyo-cti.min.js', format: 'iife', sourcemap: true },
    plugins: [noSharing(), ...plugins()],
  },
  {
    input: 'src/define.ts',
    output: { dir: 'dist', entryFileNames: 'keyyo-cti-elements.js', chunkFileNames: 'keyyo-cti-elements.[name].js', format: 'es', sourcemap: true },
    // The chunks take what they share with the elements from the entry itself.
    preserveEntrySignatures: 'allow-extension',
    plugins: plugins(),
  },
  // The classic chunks before the classic script: its build gives them what they import.
  classicChunk('src/shared/i18n-fr.ts', 'fr', 'KeyyoCtiElementsFr'),
  classicChunk('src/call-log/call-log.ts', 'call-log', 'KeyyoCtiElementsCallLog'),
  classicChunk('src/sdk/tab-group.ts', 'tab-group', 'KeyyoCtiElementsTabGroup'),
  classicChunk('src/elements/provider/subscriptions.ts', 'subscriptions', 'KeyyoCtiElementsSubscriptions'),
  classicChunk('src/elements/provider/contacts.ts', 'contacts', 'KeyyoCtiElementsContacts'),
  classicChunk('src/elements/wrap-up/keyyo-call-wrap-up.define.ts', 'wrap-up', 'KeyyoCtiElementsWrapUp'),
  classicChunk('src/elements/call-actions/call-prompt.ts', 'call-prompt', 'KeyyoCtiElementsCallPrompt'),
  classicChunk('src/elements/provider/extras.ts', 'extras', 'KeyyoCtiElementsExtras'),
  {
    input: 'src/define.ts',
    output: { file: 'dist/keyyo-cti-elements.iife.js', format: 'iife', name: 'KeyyoCtiElements', sourcemap: true },
    plugins: [classicShared(), classicLoaders(), ...plugins({ module: false })],
  },
  {
    input: 'src/sdk/index.ts',
    // One file, the tab group and hub included: what a page bundling the SDK downloads in all.
    output: { file: 'dist/sdk.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: plugins(),
  },
  {
    // What a page that imports `CTI` (and its errors) from the SDK bundles: no shared connection.
    input: 'sdk-core',
    output: { file: 'dist/sdk-core.js', format: 'es', sourcemap: true },
    plugins: [virtualEntry('sdk-core', "export { CTI, connectSession, Call, CtiError, internationalNumber } from './src/sdk/index.ts';"), ...plugins()],
  },
  {
    // What a page with a softphone loads before it can show a ringing call
    // and answer it (dist/first-load/softphone.js), and beside it the chunks
    // that come after, as an application bundling the package splits them.
    input: { softphone: 'first-load' },
    output: { dir: 'dist/first-load', chunkFileNames: '[name].js', format: 'es', sourcemap: true },
    preserveEntrySignatures: 'allow-extension',
    plugins: [
      virtualEntry('first-load', "import './src/elements/provider/keyyo-cti-provider.define.ts'; import './src/elements/softphone/keyyo-softphone.define.ts';"),
      ...plugins({ outDir: 'dist/first-load' }),
    ],
  },
  {
    input: 'demo/react/app.js',
    output: { file: 'dist/demo-react.js', format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: [replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }), commonjs(), ...plugins().slice(0, -1)],
  },
];
