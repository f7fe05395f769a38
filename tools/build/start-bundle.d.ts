/** Types of start-bundle.js (plain JavaScript: it runs before anything is compiled). */

/** The bundle npm start runs: dist/render/main.js. */
export const BUNDLE: string;
/** True when the bundle was built from the sources as they are now. */
export function isFresh(): boolean;
/** Rebuilds the bundle when it is stale; returns whether it did. */
export function ensureStartBundle(): boolean;
