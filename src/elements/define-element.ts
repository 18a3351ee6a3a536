/** Marks the classes this package defines, in every copy of it on a page. */
const OURS = Symbol.for('keyyo-cti-elements');

/**
 * Defines an element unless its name is taken: a page that loads the
 * elements twice (two bundles, a script tag and an import) keeps the first
 * definition instead of throwing. A name held by some other element is
 * said in the console.
 */
export function defineElement(name: string, element: CustomElementConstructor): void {
  Object.defineProperty(element, OURS, { value: true });
  const defined = customElements.get(name) as (CustomElementConstructor & { [OURS]?: boolean }) | undefined;
  if (!defined) customElements.define(name, element);
  else if (!defined[OURS]) console.warn(`<${name}> is already defined by another element: the Keyyo element is not defined.`);
}
