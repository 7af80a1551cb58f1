// Mutation-suite variant (never shipped): the page's prefetch list loses every
// worker script, so those load on first use, after load, when the user adds a
// file. Which code is fetched, and when, is then a channel to the server even
// though each request is an ordinary GET of the site's own inventoried code.
(() => {
  const list = document.getElementById('imglio-prefetch-order');
  if (!list || !list.textContent) return;
  const entries = JSON.parse(list.textContent);
  list.textContent = JSON.stringify(entries.filter((path) => !/worker/.test(path)));
})();
