/**
 * The prefetch list, planned at build time from the built files: every script
 * under /_astro/ that no page loads before it is interactive, in one fixed
 * order. After a page has loaded, the site fetches exactly this list (see
 * src/prefetch/runtime.ts), so no later request depends on what the user does.
 *
 * Order: depth-first from each page's own scripts (pages and their files
 * sorted), following the references in each file in the order they appear
 * (static and dynamic imports, worker URLs), emitting a file after everything
 * it references: dependencies come before the modules that import them. Files
 * no page reaches come last, sorted by path.
 */

export interface PrefetchInput {
  /** Every script of the build: root-relative path ("/_astro/x.js") → its code. */
  readonly scripts: ReadonlyMap<string, string>;
  /** Per page (clean URL), the scripts it loads before it is interactive (see scripts/js-budget.mjs). */
  readonly pageLoads: ReadonlyMap<string, readonly string[]>;
}

export interface PrefetchPlan {
  /** Root-relative paths in fetch order. */
  readonly order: readonly string[];
  /** Why this build cannot promise "nothing after the prefetch"; empty when it can. */
  readonly problems: readonly string[];
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * The scripts a file's code names, in order of first mention. Vite writes
 * references as "./x.js", "/_astro/x.js" or "_astro/x.js" (its preload map),
 * so a file name appearing as a whole word is a reference.
 */
export function referencedScripts(code: string, scriptsByName: ReadonlyMap<string, string>): string[] {
  const found: { at: number; path: string }[] = [];
  for (const [name, path] of scriptsByName) {
    let from = 0;
    for (;;) {
      const at = code.indexOf(name, from);
      if (at < 0) break;
      const before = at === 0 ? '' : code[at - 1];
      const after = code[at + name.length] ?? '';
      // A whole file name: not the tail of a longer one ("zip.js" inside "client-zip.js").
      if (!/[\w.-]/.test(before ?? '') && !/[\w-]/.test(after)) {
        found.push({ at, path });
        break;
      }
      from = at + 1;
    }
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.path);
}

export function planPrefetch({ scripts, pageLoads }: PrefetchInput): PrefetchPlan {
  const problems: string[] = [];
  const scriptsByName = new Map<string, string>();
  for (const path of [...scripts.keys()].sort()) {
    const name = baseName(path);
    if (scriptsByName.has(name)) problems.push(`two scripts share the file name ${name}`);
    scriptsByName.set(name, path);
  }
  const references = new Map<string, string[]>();
  const referencesOf = (path: string): string[] => {
    let list = references.get(path);
    if (!list) {
      list = referencedScripts(scripts.get(path) ?? '', scriptsByName).filter((other) => other !== path);
      references.set(path, list);
    }
    return list;
  };

  const loadedSomewhere = new Set<string>();
  for (const [page, loads] of pageLoads) {
    for (const path of loads) {
      if (!scripts.has(path)) problems.push(`${page} loads ${path}, which is not a script of the build`);
      loadedSomewhere.add(path);
    }
  }
  const prefetched = (path: string): boolean => scripts.has(path) && !loadedSomewhere.has(path);

  // A page must never need a script that only other pages load at start: it is neither loaded nor prefetched there.
  const pages = [...pageLoads.keys()].sort();
  for (const page of pages) {
    const own = new Set(pageLoads.get(page));
    const seen = new Set<string>();
    const stack = [...own];
    while (stack.length > 0) {
      const path = stack.pop() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      for (const next of referencesOf(path)) {
        if (!own.has(next) && !prefetched(next)) problems.push(`${page} can load ${next} (from ${path}) after it is interactive, but ${next} is loaded at start by other pages and so not prefetched`);
        stack.push(next);
      }
    }
  }

  const order: string[] = [];
  const visited = new Set<string>();
  const visit = (path: string): void => {
    if (visited.has(path)) return;
    visited.add(path);
    for (const next of referencesOf(path)) visit(next);
    if (prefetched(path)) order.push(path);
  };
  for (const page of pages) for (const path of [...(pageLoads.get(page) ?? [])].sort()) visit(path);
  for (const path of [...scripts.keys()].sort()) visit(path);
  return { order, problems: [...new Set(problems)] };
}
