// npx tsx scripts/bench-apps.ts: what applications bundling the package
// ship, as their users download it. The package is packed and installed
// into applications built by Vite (run `npm run build` first); for each,
// gzip (level 9) of what the page loads first (the entry chunk and the
// chunks it imports statically) and of the chunks it loads later.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = resolve(import.meta.dirname, '..');

const APPS: Record<string, string> = {
  'the dialer alone': `import 'keyyo-cti-elements/dialer.js';`,
  'a softphone and its provider': `import 'keyyo-cti-elements/cti-provider.js'; import 'keyyo-cti-elements/softphone.js';`,
  'every element': `import 'keyyo-cti-elements';`,
  'React, empty': `import { createElement as h } from 'react'; import { createRoot } from 'react-dom/client'; createRoot(document.body).render(h('p'));`,
  'React, KeyyoDialer': `import { createElement as h } from 'react'; import { createRoot } from 'react-dom/client'; import { KeyyoDialer } from 'keyyo-cti-elements/react'; createRoot(document.body).render(h(KeyyoDialer));`,
  'React, every component': `import { createElement as h } from 'react'; import { createRoot } from 'react-dom/client'; import * as all from 'keyyo-cti-elements/react'; createRoot(document.body).render(Object.values(all).filter((c) => typeof c === 'object').map((c, i) => h(c, { key: i })));`,
};

type Chunk = { file: string; src?: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };

const work = mkdtempSync(join(tmpdir(), 'keyyo-apps-'));
try {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({ name: 'apps', private: true, type: 'module', dependencies: { 'keyyo-cti-elements': `file:${join(work, packed.filename)}`, react: '19', 'react-dom': '19' } }),
  );
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: work });

  const rows: string[][] = [];
  for (const [name, code] of Object.entries(APPS)) {
    const root = join(work, name.replace(/\W+/g, '-'));
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<script type="module" src="./main.js"></script>');
    writeFileSync(join(root, 'main.js'), code);
    const outDir = join(root, 'dist');
    await build({ root, logLevel: 'error', configFile: false, build: { outDir, manifest: true } });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
    // The entry and what it imports statically, then every other chunk.
    const first = new Set<string>();
    const visit = (key: string) => {
      if (first.has(key)) return;
      first.add(key);
      for (const imported of manifest[key]!.imports ?? []) visit(imported);
    };
    visit(Object.keys(manifest).find((key) => manifest[key]!.isEntry)!);
    const gzipOf = (keys: string[]) => gzipSync(Buffer.concat(keys.map((key) => readFileSync(join(outDir, manifest[key]!.file)))), { level: 9 }).length;
    const later = Object.keys(manifest).filter((key) => !first.has(key) && manifest[key]!.file.endsWith('.js'));
    const english = later.filter((key) => !/i18n-fr/.test(key));
    rows.push([name, `${(gzipOf([...first]) / 1000).toFixed(1)} kB`, english.length ? `${(gzipOf(english) / 1000).toFixed(1)} kB in ${english.length}` : '-']);
  }
  const table = [['application (Vite)', 'first load', 'later chunks (but French)'], ...rows];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]!.length)));
  for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
} finally {
  rmSync(work, { recursive: true, force: true });
}
