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
//   .subscriptions.iife.js, .tab-group.iife.js) that it adds itself when
//   needed (the call card's forms, which use Lit, it holds);
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
 * the shared connection's tab group and hub) as classic scripts too. */
const classicChunks = () => ({
  name: 'classic-chunks',
  resolveId(source, importer) {
    if (!importer) return null;
    if (/(^|\/)shared\/i18n-load\.js$|^\.\/i18n-load\.js$/.test(source)) return fileURLToPath(new URL('src/shared/i18n-load.classic.ts', import.meta.url));
    if (/(^|\/)shared\/chunks\.js$|^\.\/chunks\.js$/.test(source)) return fileURLToPath(new URL('src/shared/chunks.classic.ts', import.meta.url));
    if (/(^|\/)tab-group-load\.js$/.test(source)) return fileURLToPath(new URL('src/shared/tab-group-load.classic.ts', import.meta.url));
    return null;
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
  {
    input: 'src/define.ts',
    output: { file: 'dist/keyyo-cti-elements.iife.js', format: 'iife', name: 'KeyyoCtiElements', sourcemap: true, inlineDynamicImports: true },
    plugins: [classicChunks(), ...plugins({ module: false })],
  },
  {
    input: 'src/shared/i18n-fr.ts',
    output: { file: 'dist/keyyo-cti-elements.fr.iife.js', format: 'iife', name: 'KeyyoCtiElementsFr', sourcemap: true },
    plugins: plugins({ module: false }),
  },
  {
    input: 'src/call-log/call-log.ts',
    output: { file: 'dist/keyyo-cti-elements.call-log.iife.js', format: 'iife', name: 'KeyyoCtiElementsCallLog', sourcemap: true },
    plugins: [classicChunks(), ...plugins({ module: false })],
  },
  {
    input: 'src/sdk/tab-group.ts',
    output: { file: 'dist/keyyo-cti-elements.tab-group.iife.js', format: 'iife', name: 'KeyyoCtiElementsTabGroup', sourcemap: true },
    plugins: plugins({ module: false }),
  },
  {
    input: 'src/elements/provider/subscriptions.ts',
    output: { file: 'dist/keyyo-cti-elements.subscriptions.iife.js', format: 'iife', name: 'KeyyoCtiElementsSubscriptions', sourcemap: true },
    plugins: plugins({ module: false }),
  },
  {
    input: 'src/elements/provider/contacts.ts',
    output: { file: 'dist/keyyo-cti-elements.contacts.iife.js', format: 'iife', name: 'KeyyoCtiElementsContacts', sourcemap: true },
    plugins: plugins({ module: false }),
  },
  {
    // The extras but the dialing, which the classic script holds (chunks.classic.ts).
    input: 'extras-classic',
    output: { file: 'dist/keyyo-cti-elements.extras.iife.js', format: 'iife', name: 'KeyyoCtiElementsExtras', sourcemap: true },
    plugins: [
      virtualEntry(
        'extras-classic',
        "export { ClickToCall } from './src/elements/provider/click-to-call.ts'; export { IncomingNotifier } from './src/elements/provider/notifications.ts';",
      ),
      ...plugins({ module: false }),
    ],
  },
  {
    input: 'src/elements/wrap-up/keyyo-call-wrap-up.define.ts',
    output: { file: 'dist/keyyo-cti-elements.wrap-up.iife.js', format: 'iife', name: 'KeyyoCtiElementsWrapUp', sourcemap: true },
    plugins: [classicChunks(), ...plugins({ module: false })],
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
