// npm run entries: writes package.json's `exports`, `typesVersions` and
// `sideEffects` from the define modules, src/elements/<folder>/keyyo-<name>.define.ts:
// each element gets `keyyo-cti-elements/<name>.js` (keyyo-dialer:
// `keyyo-cti-elements/dialer.js`), and `sideEffects` names exactly the
// modules that define elements (and the files for pages without a bundler).
// With --check it writes nothing and fails when package.json is not what
// it would write, or when a define module is neither imported by
// src/define.ts nor loaded on demand by src/shared/chunks.ts (the wrap-up
// form: defined when a provider asks for wrap-ups).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const defines = readdirSync('src/elements', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((folder) =>
    readdirSync(`src/elements/${folder.name}`)
      .filter((file) => /^keyyo-[a-z-]+\.define\.ts$/.test(file))
      .map((file) => `elements/${folder.name}/${file.replace(/\.ts$/, '')}`),
  )
  .sort();
const module = (path) => ({ types: `./dist/${path}.d.ts`, default: `./dist/${path}.js` });
const elements = defines.map((path) => [`./${path.replace(/^.*\/keyyo-(.*)\.define$/, '$1')}.js`, module(path)]);
const bundles = ['keyyo-cti.min.js', 'keyyo-cti-elements.js', 'keyyo-cti-elements.iife.js'];

const wanted = {
  exports: {
    '.': module('define'),
    './classes.js': module('index'),
    ...Object.fromEntries(elements),
    './sdk': module('sdk/index'),
    './server': module('server/index'),
    './react': module('react'),
    './jsx': { types: './dist/jsx.d.ts' },
    './vue': { types: './dist/vue.d.ts' },
    ...Object.fromEntries(bundles.map((file) => [`./${file}`, `./dist/${file}`])),
    './custom-elements.json': './custom-elements.json',
    './package.json': './package.json',
  },
  // For TypeScript's moduleResolution node10, which does not read `exports`.
  typesVersions: {
    '*': Object.fromEntries(
      [
        ['classes.js', 'index'],
        ...elements.map(([name, { types }]) => [name.slice(2), types.slice(7, -5)]),
        ['sdk', 'sdk/index'],
        ['server', 'server/index'],
        ['react', 'react'],
        ['jsx', 'jsx'],
        ['vue', 'vue'],
      ].map(([name, path]) => [name, [`./dist/${path}.d.ts`]]),
    ),
  },
  sideEffects: ['./dist/define.js', ...defines.map((path) => `./dist/${path}.js`), ...bundles.map((file) => `./dist/${file}`)],
};

const problems = [];
const imported = readFileSync('src/define.ts', 'utf8');
const onDemand = readFileSync('src/shared/chunks.ts', 'utf8');
for (const path of defines) {
  if (!imported.includes(`'./${path}.js'`) && !onDemand.includes(`'../${path}.js'`)) problems.push(`neither src/define.ts imports nor src/shared/chunks.ts loads ./${path}.js`);
}
const changed = Object.keys(wanted).filter((key) => JSON.stringify(pkg[key]) !== JSON.stringify(wanted[key]));

if (process.argv.includes('--check')) {
  for (const key of changed) problems.push(`package.json "${key}" is not what \`npm run entries\` writes`);
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`package.json: ${elements.length} element entries and sideEffects up to date`);
} else {
  Object.assign(pkg, wanted);
  writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
  console.log([`package.json: ${elements.map(([name]) => name).join(', ')}`, ...problems].join('\n'));
}
