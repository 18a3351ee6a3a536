// Domain masks: the domains allowed to use a CSI token (`domain_masks[]` of
// the Manager API's csi_token), and the simulator's rule for checking them
// against the Origin of the socket that opens a session. The hosted
// service's own check is unpublished; this one is the simulator's.
import { describe, excerpt, LIMITS } from './limits.js';

/** The masks of a token minted without any: the loopback names, where the
 * demo and the tests run. */
export const LOOPBACK_MASKS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** What is wrong with a domain mask (`*.domain.com`, `domain.com`, an IPv4
 * address), or undefined when it is one. */
export function domainMaskProblem(mask: unknown): string | undefined {
  if (typeof mask !== 'string') return `a domain mask must be a string, not ${describe(mask)}`;
  const host = mask.toLowerCase().replace(/^\*\./, '');
  if (host.length === 0 || host.length > 253 || !host.split('.').every((label) => LABEL.test(label))) {
    return `${JSON.stringify(excerpt(mask))} is not a domain mask (such as *.example.com or example.com)`;
  }
  return undefined;
}

/** What is wrong with a list of domain masks, or undefined when each is one. */
export function domainMasksProblem(masks: readonly unknown[]): string | undefined {
  if (masks.length > LIMITS.domainMasks) return `at most ${LIMITS.domainMasks} domain masks, not ${masks.length}`;
  for (const mask of masks) {
    const problem = domainMaskProblem(mask);
    if (problem) return problem;
  }
  return undefined;
}

/** Whether a page of `origin` may use a token of `masks`: its host (the
 * port does not count) is a mask, or ends with `.domain.com` for a mask
 * `*.domain.com` (which does not cover domain.com itself). An opaque
 * origin (`null`) or one that is no URL matches nothing. */
export function originAllowed(origin: string, masks: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (!host) return false;
  return masks.some((mask) => (mask.startsWith('*.') ? host.endsWith(mask.slice(1)) : host === mask));
}
