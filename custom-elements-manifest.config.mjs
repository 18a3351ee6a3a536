// `npm run manifest` writes custom-elements.json from the elements' JSDoc.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/simulator/**', 'src/sdk/**', 'src/compat/**', 'src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
};
