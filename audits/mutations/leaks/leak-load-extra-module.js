// Fetched by load-extra.js while the page loads; does nothing itself.
export const loaded = true;
