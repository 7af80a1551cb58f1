import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceDateEpoch, sourceInfo } from './source-info.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const notARepo = mkdtempSync(join(tmpdir(), 'imglio-no-git-'));
afterAll(() => rmSync(notARepo, { recursive: true, force: true }));

describe('sourceInfo', () => {
  it('names the commit of a git checkout, with its date as SOURCE_DATE_EPOCH', () => {
    const info = sourceInfo(repo, {});
    expect(info.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(info.sourceDateEpoch).toBeGreaterThan(1_600_000_000);
  });
  it('says "unknown" and dirty without git, and has no date but 0', () => {
    expect(sourceInfo(notARepo, {})).toEqual({ commit: 'unknown', dirty: true, sourceDateEpoch: 0 });
  });
  it('takes SOURCE_DATE_EPOCH from the environment when set, and refuses a malformed one', () => {
    expect(sourceDateEpoch(notARepo, { SOURCE_DATE_EPOCH: '1764600000' })).toBe(1764600000);
    expect(() => sourceDateEpoch(notARepo, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(/whole number/);
  });
});
