import { describe, expect, it } from 'vitest';
import { planPrefetch, referencedScripts } from './prefetch-order.ts';

const byName = (paths: string[]) => new Map(paths.map((path) => [path.slice(path.lastIndexOf('/') + 1), path]));

describe('referencedScripts', () => {
  it('finds static, dynamic, worker and preload-map references in order of first mention', () => {
    const names = byName(['/_astro/a.1.js', '/_astro/b-2.js', '/_astro/w.worker-3.js', '/_astro/zip.4.js', '/_astro/client-zip.4.js']);
    const code = 'import{x}from"./b-2.js";const w=new URL("/_astro/w.worker-3.js",import.meta.url);m.f=["_astro/a.1.js"];import("./b-2.js");import("./client-zip.4.js")';
    expect(referencedScripts(code, names)).toEqual(['/_astro/b-2.js', '/_astro/w.worker-3.js', '/_astro/a.1.js', '/_astro/client-zip.4.js']);
  });
});

describe('planPrefetch', () => {
  const scripts = new Map([
    ['/_astro/core.js', ''],
    ['/_astro/island.js', 'import("./pool.js");import("./zip.js")'],
    ['/_astro/pool.js', 'import"./types.js";new URL("/_astro/worker.js",import.meta.url)'],
    ['/_astro/types.js', ''],
    ['/_astro/worker.js', 'import("./codec-b.js");import("./codec-a.js")'],
    ['/_astro/codec-a.js', ''],
    ['/_astro/codec-b.js', 'import"./shared.js"'],
    ['/_astro/shared.js', ''],
    ['/_astro/zip.js', ''],
    ['/_astro/orphan.js', ''],
  ]);

  it('lists every script no page loads at start, dependencies first, unreached files last', () => {
    const plan = planPrefetch({ scripts, pageLoads: new Map([['/', ['/_astro/core.js']], ['/tool/', ['/_astro/core.js', '/_astro/island.js']]]) });
    expect(plan.problems).toEqual([]);
    expect(plan.order).toEqual(['/_astro/types.js', '/_astro/shared.js', '/_astro/codec-b.js', '/_astro/codec-a.js', '/_astro/worker.js', '/_astro/pool.js', '/_astro/zip.js', '/_astro/orphan.js']);
  });

  it('is the same whatever order the inputs come in', () => {
    const reversed = new Map([...scripts].reverse());
    const a = planPrefetch({ scripts, pageLoads: new Map([['/', ['/_astro/core.js']], ['/tool/', ['/_astro/island.js', '/_astro/core.js']]]) });
    const b = planPrefetch({ scripts: reversed, pageLoads: new Map([['/tool/', ['/_astro/core.js', '/_astro/island.js']], ['/', ['/_astro/core.js']]]) });
    expect(b.order).toEqual(a.order);
  });

  it('refuses a build where a page could need, after load, a script another page loads at start', () => {
    const plan = planPrefetch({ scripts, pageLoads: new Map([['/lab/', ['/_astro/pool.js']], ['/tool/', ['/_astro/core.js', '/_astro/island.js']]]) });
    expect(plan.problems.join('\n')).toMatch(/\/tool\/ can load \/_astro\/pool\.js .* loaded at start by other pages/);
    expect(plan.order).not.toContain('/_astro/pool.js');
  });

  it('reports a page loading something that is not a script of the build', () => {
    const plan = planPrefetch({ scripts, pageLoads: new Map([['/', ['/_astro/missing.js']]]) });
    expect(plan.problems).toEqual(['/ loads /_astro/missing.js, which is not a script of the build']);
  });
});
