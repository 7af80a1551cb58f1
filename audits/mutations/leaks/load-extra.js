// Leaky variant: while the page loads, it fetches a file of the site that the page does not load by itself
// (not linked, not a static import): a same-origin GET with no query and no body, which every request
// pattern allows. Which file is fetched, and when, can carry information; only an allow-list stops it.
import('/_astro/leak-load-extra-module.js');
