/** The README with its element reference generated from the manifest. */
export function readmeWithReference(readme: string, manifest: unknown): { text: string; elements: number };
