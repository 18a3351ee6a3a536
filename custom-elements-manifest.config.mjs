// `npm run manifest` writes custom-elements.json from the elements' JSDoc.
// The plugins below make it say what the package does, for IDEs, wrapper
// and typings generators, and the README's reference (npm run docs).

const EVENT_CLASS = /^'(keyyo-[a-z-]+)'$/;

/** Paths of the published modules: `src/x.ts` is `dist/x.js`. */
function publishedPaths() {
  const rewrite = (value) => {
    if (Array.isArray(value)) return value.forEach(rewrite);
    if (!value || typeof value !== 'object') return;
    for (const [key, item] of Object.entries(value)) {
      if ((key === 'path' || key === 'module') && typeof item === 'string') value[key] = item.replace(/^\/?src\/(.*)\.ts$/, 'dist/$1.js');
      else rewrite(item);
    }
  };
  return { name: 'keyyo-published-paths', packageLinkPhase: ({ customElementsManifest }) => rewrite(customElementsManifest.modules) };
}

/**
 * Events: an element's events are those its JSDoc names with `@fires`, each
 * typed by its class in src/events (the one whose static `type` is the
 * name). What the analyzer guesses from `dispatchEvent(new X(...))` calls
 * (the classes' first argument) is dropped.
 */
function typedEvents() {
  return {
    name: 'keyyo-typed-events',
    packageLinkPhase({ customElementsManifest }) {
      const classes = new Map();
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const type = declaration.members?.find((member) => member.static && member.name === 'type')?.default?.match(EVENT_CLASS)?.[1];
          if (type) classes.set(type, { name: declaration.name, module: module.path });
        }
      }
      for (const element of elements(customElementsManifest)) {
        const documented = (element.events ?? []).filter((event) => event.description);
        element.events = documented.map(({ name, description }) => {
          const type = classes.get(name);
          if (!type) throw new Error(`<${element.tagName}> @fires ${name}: no event class in src/events has this type`);
          return { name, type: { text: type.name, references: [{ name: type.name, module: type.module, package: 'keyyo-cti-elements' }] }, description };
        });
      }
    },
  };
}

/**
 * Parts re-exported from the elements inside: `@exportparts <tag> <list>`
 * on a class, `<list>` as in the `exportparts` attribute it gives `<tag>`
 * (`base: dialer, input, ...`), adds those parts with the inner element's
 * descriptions.
 */
function exportedParts() {
  return {
    name: 'keyyo-exported-parts',
    packageLinkPhase({ customElementsManifest }) {
      const byTag = new Map(elements(customElementsManifest).map((element) => [element.tagName, element]));
      for (const element of byTag.values()) {
        for (const tag of element.exportparts ?? []) {
          const [, inner, list] = tag.match(/^(keyyo-[a-z-]+)\s+(.+)$/s) ?? [];
          const parts = new Map(byTag.get(inner)?.cssParts?.map((part) => [part.name, part.description]));
          element.cssParts ??= [];
          for (const entry of list?.split(',') ?? []) {
            const [from, name = from] = entry.split(':').map((word) => word.trim());
            if (!parts.has(from)) throw new Error(`<${element.tagName}> @exportparts ${inner}: <${inner}> has no part ${from}`);
            const description = from === 'base' ? `The frame of its \`<${inner}>\`.` : `In its \`<${inner}>\`: ${parts.get(from)}`;
            const known = element.cssParts.find((own) => own.name === name);
            if (!known) element.cssParts.push({ name, description });
            else if (!known.description.includes(description)) known.description += ` ${description}`;
          }
        }
        delete element.exportparts;
      }
    },
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const tags = ts.getJSDocTags(node).filter((tag) => tag.tagName.text === 'exportparts');
      if (!tags.length) return;
      const element = moduleDoc.declarations.find((declaration) => declaration.name === node.name.text);
      element.exportparts = tags.map((tag) => ts.getTextOfJSDocComment(tag.comment).trim());
    },
  };
}

/**
 * The global tokens: the `@cssprop` tags of `tokens` (src/shared/styles.ts),
 * which must name exactly the `--keyyo-*` properties its CSS reads, are
 * listed on every element of a module that imports `tokens`, after the
 * element's own (whose description wins).
 */
function globalTokens() {
  const tokens = [];
  const readers = new Set();
  return {
    name: 'keyyo-global-tokens',
    analyzePhase({ ts, node, moduleDoc }) {
      if (ts.isImportDeclaration(node) && node.importClause?.namedBindings?.elements?.some((name) => name.name.text === 'tokens')) readers.add(moduleDoc.path);
      if (!ts.isVariableStatement(node) || node.declarationList.declarations[0]?.name.getText() !== 'tokens') return;
      for (const tag of ts.getJSDocTags(node).filter((tag) => tag.tagName.text === 'cssprop')) {
        const [, name, description] = ts.getTextOfJSDocComment(tag.comment).match(/^(--[a-z-]+)\s+-\s+(.*)$/s);
        tokens.push({ name, description });
      }
      const read = [...new Set(node.getText().match(/--keyyo-[a-z-]+/g))].sort();
      const documented = tokens.map((token) => token.name).sort();
      if (read.join() !== documented.join()) throw new Error(`tokens reads ${read.join(', ')} but documents ${documented.join(', ')}`);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        if (!readers.has(module.path)) continue;
        for (const element of module.declarations.filter((declaration) => declaration.tagName)) {
          element.cssProperties ??= [];
          for (const token of tokens) if (!element.cssProperties.some((own) => own.name === token.name)) element.cssProperties.push(token);
        }
      }
    },
  };
}

/**
 * `defineElement('keyyo-x', KeyyoX)` (src/elements/define-element.ts) in a
 * define module is a definition, as `customElements.define` would be: it
 * gives the class its tag.
 */
function defineElementCalls() {
  return {
    name: 'keyyo-define-element-calls',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || node.expression.getText() !== 'defineElement') return;
      const [tag, element] = node.arguments;
      if (!ts.isStringLiteral(tag) || !ts.isIdentifier(element)) return;
      const source = node
        .getSourceFile()
        .statements.find((statement) => ts.isImportDeclaration(statement) && statement.importClause?.namedBindings?.elements?.some((name) => name.name.text === element.text));
      const module = new URL(source.moduleSpecifier.text.replace(/\.js$/, '.ts'), `file:///${moduleDoc.path}`).pathname.slice(1);
      moduleDoc.exports ??= [];
      moduleDoc.exports.push({ kind: 'custom-element-definition', name: tag.text, declaration: { name: element.text, module } });
    },
  };
}

/** A class is a custom element when it has a tag: base classes are not. */
function onlyTaggedElements() {
  return {
    name: 'keyyo-only-tagged-elements',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) if (declaration.customElement && !declaration.tagName) delete declaration.customElement;
      }
    },
  };
}

/** Modules in the order of their paths: the analyzer's file search has no
 * order of its own, and the manifest and README would change from run to run. */
function sortedModules() {
  return {
    name: 'keyyo-sorted-modules',
    packageLinkPhase: ({ customElementsManifest }) => customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
}

function elements(manifest) {
  return manifest.modules.flatMap((module) => (module.declarations ?? []).filter((declaration) => declaration.customElement && declaration.tagName));
}

export default {
  globs: ['src/**/*.ts'],
  exclude: [
    'src/simulator/**',
    'src/sdk/**',
    'src/compat/**',
    'src/elements/define-element.ts',
    'src/react.ts',
    'src/elements/react-events.ts',
    'src/elements/*/*.react.ts',
    'src/**/*.test.ts',
    // Only in the bundles (rollup.config.mjs): not published as modules.
    'src/shared/*.classic.ts',
    'src/shared/classic-*.ts',
    'src/shared/decorate.ts',
  ],
  outdir: '.',
  // package.json names the manifest already; a run with another --outdir
  // (the generated-files test) must not point it elsewhere.
  packagejson: false,
  litelement: true,
  plugins: [defineElementCalls(), exportedParts(), globalTokens(), typedEvents(), onlyTaggedElements(), publishedPaths(), sortedModules()],
};
