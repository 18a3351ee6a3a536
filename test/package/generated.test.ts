// The generated files that are checked in are what their generators write
// now: custom-elements.json (npm run manifest), the README's element
// reference (npm run docs), and package.json's entries and sideEffects
// (npm run entries).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readmeWithReference } from '../../scripts/readme-elements.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('generated files', () => {
  it('custom-elements.json is what the analyzer writes from the JSDoc (else: npm run docs)', () => {
    const outdir = 'test-output/manifest';
    rmSync(join(ROOT, outdir), { recursive: true, force: true });
    execFileSync(process.execPath, [join(ROOT, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--outdir', outdir], { cwd: ROOT, stdio: 'pipe' });
    assert.equal(read(`${outdir}/custom-elements.json`), read('custom-elements.json'));
  });

  it("the README's element reference is what custom-elements.json says (else: npm run docs)", () => {
    const readme = read('README.md');
    assert.equal(readmeWithReference(readme, JSON.parse(read('custom-elements.json'))).text, readme);
  });

  it('package.json has an entry and a sideEffects line per define module (else: npm run entries)', () => {
    execFileSync(process.execPath, ['scripts/package-entries.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' });
  });
});
