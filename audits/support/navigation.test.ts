import { describe, expect, it } from 'vitest';
import { navigationProblems, type NavigationEvent, type PageHistory } from './navigation.ts';

const URL_A = 'http://127.0.0.1:8080/compress/';
const event = (e: Partial<NavigationEvent>): NavigationEvent => ({ page: 0, phase: 'load /compress/', source: 'framenavigated', kind: 'goto', url: URL_A, time: 0, ...e });

describe('navigationProblems', () => {
  const pages: PageHistory[] = [{ page: 0, gotoUrl: URL_A, gotoPhase: 'load /compress/', baseline: 2 }];
  const clean = [event({}), event({ source: 'snapshot', kind: 'after load', historyLength: 2 }), event({ source: 'snapshot', kind: 'before the page was closed', historyLength: 2, phase: 'after-load /compress/' })];

  it('passes one audit navigation per page with the URL and history length unchanged', () => {
    expect(navigationProblems({ events: clean, pages }, new Set([URL_A]))).toEqual([]);
  });

  it('fails a same-document navigation, a history call, a changed URL or history length, and an unexpected goto target', () => {
    const problems = navigationProblems({
      events: [
        ...clean,
        event({ kind: 'navigation', url: `${URL_A}#data`, phase: 'after-load /compress/' }),
        event({ source: 'init-script', kind: 'history.replaceState(?x=1)', url: `${URL_A}?x=1`, historyLength: 2 }),
        event({ source: 'snapshot', kind: 'before the page was closed', url: `${URL_A}#data`, historyLength: 3 }),
      ],
      pages,
    }, new Set([URL_A]));
    expect(problems).toEqual([
      `page 0 (${URL_A}) [after-load /compress/]: main frame navigated to ${URL_A}#data (framenavigated), not by the audit`,
      `page 0 (${URL_A}) [load /compress/]: history.replaceState(?x=1) → ${URL_A}?x=1, history.length 2`,
      `page 0 (${URL_A}) [load /compress/]: location.href is ${URL_A}#data before the page was closed`,
      `page 0 (${URL_A}) [load /compress/]: history.length is 3 before the page was closed, was 2 after load`,
    ]);
    expect(navigationProblems({ events: [], pages }, new Set(['http://127.0.0.1:8080/']))).toEqual([`page 0 [load /compress/]: the audit's navigation ended at ${URL_A}, which is not a URL the audit went to`]);
  });
});
