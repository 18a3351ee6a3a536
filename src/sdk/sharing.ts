/** Whether a CTI can share its connection between tabs (`share_connection`).
 * The drop-in script replaces this module with src/compat/sharing.ts: its
 * pages have no SharedConnection to give, so it leaves the paths out. */
export const SHARING: boolean = true;
