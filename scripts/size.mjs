// npm run size: what a page downloads for the drop-in script, minified and gzipped.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

for (const file of ['dist/keyyo-cti.min.js', 'dist/sdk.js', 'dist/keyyo-cti-elements.js']) {
  const source = readFileSync(file);
  const gzip = gzipSync(source, { level: 9 }).length;
  console.log(`${file}: ${(source.length / 1024).toFixed(1)} KB minified, ${(gzip / 1024).toFixed(2)} KB gzip`);
}
