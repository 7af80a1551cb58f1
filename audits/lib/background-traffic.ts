/**
 * Chromium's own background traffic (component updates, account and
 * safe-browsing checks) goes through the recording proxy too. It is set
 * aside by origin, and only when no page or worker of the audit sent it.
 * Pure.
 */
const BROWSER_HOSTS = /(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com|gvt2\.com|googleusercontent\.com|chrome\.com|chromium\.org|googlezip\.net)$/i;

/** `url` is a full URL or, for CONNECT tunnels, `host:port`. */
export function isBrowserBackgroundHost(url: string): boolean {
  let host: string;
  try {
    host = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? new URL(url).hostname : (url.split(':')[0] ?? '');
  } catch {
    return false;
  }
  return BROWSER_HOSTS.test(host);
}
