// `npm run manifest` writes custom-elements.json from the elements' JSDoc.
import { resolveModuleOrPackageSpecifier } from '@custom-elements-manifest/analyzer/src/utils/index.js';

/**
 * The elements are defined through `defineElement(tag, Class)`
 * (src/elements/define-element.ts), which the analyzer reads as it reads
 * `customElements.define`. The `customElements.define(name, element)` inside
 * that helper names no element: its definition is dropped (a custom element's
 * name has a hyphen).
 */
function defineElementCalls() {
  return {
    name: 'keyyo-define-element',
    analyzePhase({ ts, node, moduleDoc, context }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, element] = node.arguments;
      if (!tag || !ts.isStringLiteral(tag) || !element || !ts.isIdentifier(element)) return;
      const declaration = { name: element.text, ...resolveModuleOrPackageSpecifier(moduleDoc, context, element.text) };
      moduleDoc.exports = [...(moduleDoc.exports ?? []), { kind: 'custom-element-definition', name: tag.text, declaration }];
    },
    moduleLinkPhase({ moduleDoc }) {
      moduleDoc.exports = moduleDoc.exports?.filter((entry) => entry.kind !== 'custom-element-definition' || entry.name.includes('-'));
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/simulator/**', 'src/sdk/**', 'src/compat/**', 'src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  plugins: [defineElementCalls()],
};
