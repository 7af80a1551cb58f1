import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findTool, removeStale, witnessUnavailable } from './netns.ts';

describe('witnessUnavailable', () => {
  it('says why the witness cannot run, and is switched off by AUDIT_PACKET_WITNESS=off', () => {
    expect(witnessUnavailable({ AUDIT_PACKET_WITNESS: 'off' })).toBe('AUDIT_PACKET_WITNESS=off was set');
    // The project's own tests run where the witness can: root, ip and tcpdump (checked by scripts/check-test-prereqs.mjs).
    expect(witnessUnavailable({})).toBeNull();
  });
});

describe('removeStale', () => {
  it("removes a namespace and veth left by a dead audit process, and nothing of a live one's", async () => {
    const ip = findTool('ip') as string;
    // A pid above the kernel's pid_max is never alive.
    const dead = 'imglio-audit-4194999-1';
    const live = `imglio-audit-${process.pid}-999`;
    try {
      execFileSync(ip, ['netns', 'add', dead]);
      execFileSync(ip, ['netns', 'add', live]);
      execFileSync(ip, ['link', 'add', 'iah4194999x1', 'type', 'veth', 'peer', 'name', 'ian4194999x1']);
      const removed = await removeStale(ip);
      expect(removed).toEqual(expect.arrayContaining([`namespace ${dead}`, 'veth iah4194999x1']));
      const left = execFileSync(ip, ['netns', 'list'], { encoding: 'utf8' });
      expect(left).not.toContain(dead);
      expect(left).toContain(live);
    } finally {
      for (const name of [dead, live]) {
        try {
          execFileSync(ip, ['netns', 'delete', name], { stdio: 'ignore' });
        } catch {
          // already gone
        }
      }
      try {
        execFileSync(ip, ['link', 'delete', 'iah4194999x1'], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  });
});
