/** The drop-in script's src/sdk/sharing.ts (rollup.config.mjs): a page
 * written for 1.1 has no SharedConnection; each CTI keeps its own socket. */
export const SHARING: boolean = false;
