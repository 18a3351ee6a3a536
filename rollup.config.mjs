// The files for pages without a bundler (the unbundled modules for bundlers
// come from `tsc -p tsconfig.build.json`):
// - dist/keyyo-cti.min.js: the drop-in script that defines window.Keyyo as
//   the official 1.1 file did;
// - dist/keyyo-cti-elements.js: every element defined, Lit included, one ES
//   module for `<script type="module">`;
// - dist/keyyo-cti-elements.iife.js: the same for a classic `<script>`, its
//   exports on `window.KeyyoCtiElements`;
// - dist/sdk.js: the SDK entry as one module, measured by `npm run size` and
//   `npm run bench` (not published: bundlers take `keyyo-cti-elements/sdk`);
// - dist/demo-react.js: the demo's React page (not published).
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import MagicString from 'magic-string';

/** Squeezes the comments and spaces out of the elements' css`` styles:
 * the bundle carries them as strings, which no JavaScript minifier touches. */
const minifyStyles = () => ({
  name: 'minify-styles',
  transform(code, id) {
    if (!/[\\/]src[\\/](elements|shared)[\\/]/.test(id)) return null;
    const squeezed = code.replace(
      /css\s*`([^`]*)`/g,
      (_, text) =>
        'css`' +
        text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/ ?([{};,>]) ?/g, '$1')
          .replace(/: /g, ':')
          .replace(/;}/g, '}')
          .trim() +
        '`',
    );
    return { code: squeezed, map: null };
  },
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
 * of its own; a classic script's global must survive minifying. */
const plugins = ({ module = true } = {}) => [
  minifyStyles(),
  nodeResolve({ browser: true }),
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    exclude: ['src/simulator/**'],
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', declaration: false, sourceMap: true, outDir: 'dist', types: [] },
  }),
  terser({ ecma: 2020, module, compress: { passes: 2 } }),
  squeezeOutput(),
];

export default [
  {
    input: 'src/compat/keyyo-cti.ts',
    output: { file: 'dist/keyyo-cti.min.js', format: 'iife', sourcemap: true },
    plugins: plugins(),
  },
  {
    input: 'src/define.ts',
    output: { file: 'dist/keyyo-cti-elements.js', format: 'es', sourcemap: true },
    plugins: plugins(),
  },
  {
    input: 'src/define.ts',
    output: { file: 'dist/keyyo-cti-elements.iife.js', format: 'iife', name: 'KeyyoCtiElements', sourcemap: true },
    plugins: plugins({ module: false }),
  },
  {
    input: 'src/sdk/index.ts',
    output: { file: 'dist/sdk.js', format: 'es', sourcemap: true },
    plugins: plugins(),
  },
  {
    input: 'demo/react/app.js',
    output: { file: 'dist/demo-react.js', format: 'es', sourcemap: true },
    plugins: [replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }), commonjs(), ...plugins().slice(0, -1)],
  },
];
