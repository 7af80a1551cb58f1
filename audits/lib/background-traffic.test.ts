import { describe, expect, it } from 'vitest';
import { isBrowserBackgroundHost } from './background-traffic.ts';

describe('browser background traffic', () => {
  it("recognises Chromium's own hosts, as URLs and as CONNECT authorities", () => {
    expect(isBrowserBackgroundHost('http://update.googleapis.com/service/update2/json')).toBe(true);
    expect(isBrowserBackgroundHost('accounts.google.com:443')).toBe(true);
    expect(isBrowserBackgroundHost('redirector.gvt1.com:443')).toBe(true);
  });

  it('never sets aside the target or look-alike hosts', () => {
    expect(isBrowserBackgroundHost('http://127.0.0.1:8080/')).toBe(false);
    expect(isBrowserBackgroundHost('https://imglio.example/')).toBe(false);
    expect(isBrowserBackgroundHost('https://notgoogle.com.evil.example/')).toBe(false);
    expect(isBrowserBackgroundHost('https://evilgoogle.com/')).toBe(false);
    expect(isBrowserBackgroundHost('exfil.audit.invalid:80')).toBe(false);
  });
});
