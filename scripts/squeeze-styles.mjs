// The elements' css`` styles without their comments and spaces: bundlers and
// minifiers keep a template literal's text as written, so what is not
// squeezed here reaches every page.
// - `squeezeStyles(code)`: for rollup's bundles (the whole text on one line);
// - `node scripts/squeeze-styles.mjs dist`: for the modules tsc wrote, which
//   applications bundle themselves; their lines stay where they were, so
//   that tsc's source maps still point at the right line.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const COMMENT = /\/\*[\s\S]*?\*\//g;

/** One line of CSS without its spaces around punctuation (and around a
 * calc()'s `*`, which needs none), nor the 0 before a decimal point. */
const squeezeLine = (line) =>
  line
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/(?<=[\d)]) \* (?=[\d(v.])/g, '*')
    .replace(/(?<![\w.-])0\.(?=\d)/g, '.')
    .trim();

export function squeezeStyles(code, { keepLines = false } = {}) {
  return code.replace(/css\s*`([^`]*)`/g, (_, text) => {
    const squeezed = keepLines
      ? text
          .replace(COMMENT, (comment) => '\n'.repeat(comment.split('\n').length - 1))
          .split('\n')
          .map(squeezeLine)
          .join('\n')
          .replace(/;(\n*)}/g, '$1}')
      : squeezeLine(text.replace(COMMENT, '')).replace(/;}/g, '}');
    return 'css`' + squeezed + '`';
  });
}

/** Squeezes the styles of every module under `dir`, in place. */
function squeezeModules(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) squeezeModules(path);
    else if (path.endsWith('.js')) {
      const code = readFileSync(path, 'utf8');
      const squeezed = squeezeStyles(code, { keepLines: true });
      if (squeezed !== code) writeFileSync(path, squeezed);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) squeezeModules(process.argv[2] ?? 'dist');
