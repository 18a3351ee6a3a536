// What the classic script hands its chunks as it loads them: every name
// they import from the modules it shares with them, so that none carries a
// copy of Lit or of the classic script's own code. rollup.config.mjs writes
// this module in the classic script's build, from the chunks' imports.
export const shared: Record<string, unknown> = {};
