// Leaky variant: a DNS-prefetch hint, which resolves a name chosen by the page (not governed by connect-src).
const hint = document.createElement('link');
hint.rel = 'dns-prefetch';
hint.href = '//images.tracker.invalid';
document.head.append(hint);
