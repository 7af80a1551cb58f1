/**
 * The runtime trap: an init script (runs in every frame before any page
 * script) that wraps the APIs which escape the CSP or the network recorders
 * and reports each call through a Playwright binding (a DevTools channel, not
 * the network). It also reports every CSP violation the page sees.
 *
 * Workers: init scripts do not reach workers, and need not for these APIs.
 * RTCPeerConnection, navigator.sendBeacon, <a ping> and <link rel=…> exist
 * only in documents (WorkerNavigator has no sendBeacon, workers have no DOM
 * and no RTCPeerConnection in Chromium). What a worker can use (fetch, XHR,
 * WebSocket, EventSource, importScripts) goes through the network stack and
 * is seen by both recorders, and the static scan reads every worker script
 * the site ships.
 */
import type { BrowserContext } from 'playwright-core';

export interface TrapRecord {
  readonly api: string;
  readonly detail: string;
  readonly page: string;
  readonly phase: string;
  readonly time: number;
}

export const TRAP_BINDING = '__imglioAuditTrap';

/** Runs in the page; must be self-contained (it is serialized). */
function trapInPage(binding: string): void {
  const w = window as unknown as Record<string, unknown>;
  const send = w[binding] as ((record: { api: string; detail: string; page: string }) => void) | undefined;
  if (typeof send !== 'function') return;
  const report = (api: string, detail: unknown): void => {
    let text: string;
    try {
      text = typeof detail === 'string' ? detail : JSON.stringify(detail);
    } catch {
      text = String(detail);
    }
    try {
      send({ api, detail: String(text).slice(0, 2000), page: location.href });
    } catch {
      // the binding is gone (page closing)
    }
  };
  const describe = (data: unknown): string => {
    if (data == null) return 'no data';
    if (typeof data === 'string') return `${data.length} characters: ${data.slice(0, 200)}`;
    if (data instanceof Blob) return `Blob of ${data.size} bytes (${data.type})`;
    if (data instanceof ArrayBuffer) return `ArrayBuffer of ${data.byteLength} bytes`;
    if (ArrayBuffer.isView(data)) return `${data.constructor.name} of ${data.byteLength} bytes`;
    return Object.prototype.toString.call(data);
  };
  for (const name of ['RTCPeerConnection', 'webkitRTCPeerConnection', 'WebSocket', 'EventSource', 'WebTransport']) {
    const original = w[name] as (new (...args: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') continue;
    w[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        report(name, args.map((a) => (typeof a === 'string' ? a : describe(a) === '[object Object]' ? a : describe(a))));
        return Reflect.construct(target, args, newTarget) as object;
      },
    });
  }
  const beacon = Navigator.prototype.sendBeacon;
  Navigator.prototype.sendBeacon = function sendBeacon(this: Navigator, url: string | URL, data?: BodyInit | null): boolean {
    report('sendBeacon', `${String(url)} with ${describe(data)}`);
    return beacon.call(this, url, data);
  };
  const HINT = /\b(prefetch|preconnect|dns-prefetch|prerender)\b/i;
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function patchedSetAttribute(this: Element, name: string, value: string): void {
    const lower = String(name).toLowerCase();
    if (lower === 'ping') report('<a ping>', `${this.tagName} ping=${value}`);
    if (lower === 'rel' && this.tagName === 'LINK' && HINT.test(String(value))) report('rel=prefetch|preconnect|dns-prefetch|prerender', `rel=${value}`);
    return setAttribute.call(this, name, value);
  };
  for (const proto of [HTMLAnchorElement.prototype, HTMLAreaElement.prototype]) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'ping');
    if (descriptor?.set) {
      const set = descriptor.set;
      Object.defineProperty(proto, 'ping', { ...descriptor, set(this: Element, value: string) { report('<a ping>', `${this.tagName} ping=${value}`); set.call(this, value); } });
    }
  }
  const relDescriptor = Object.getOwnPropertyDescriptor(HTMLLinkElement.prototype, 'rel');
  if (relDescriptor?.set) {
    const set = relDescriptor.set;
    Object.defineProperty(HTMLLinkElement.prototype, 'rel', {
      ...relDescriptor,
      set(this: HTMLLinkElement, value: string) {
        if (HINT.test(String(value))) report('rel=prefetch|preconnect|dns-prefetch|prerender', `rel=${value}`);
        set.call(this, value);
      },
    });
  }
  // Markup parsed or inserted without the setters above (innerHTML, the parser itself).
  const inspect = (node: Node): void => {
    if (!(node instanceof Element)) return;
    for (const element of [node, ...node.querySelectorAll('a[ping], area[ping], link[rel], script[type="speculationrules"]')]) {
      if ((element.tagName === 'A' || element.tagName === 'AREA') && element.hasAttribute('ping')) report('<a ping>', `${element.tagName} ping=${element.getAttribute('ping')}`);
      if (element.tagName === 'LINK' && HINT.test(element.getAttribute('rel') ?? '')) report('rel=prefetch|preconnect|dns-prefetch|prerender', `rel=${element.getAttribute('rel')} href=${element.getAttribute('href')}`);
      if (element.tagName === 'SCRIPT' && element.getAttribute('type') === 'speculationrules') report('speculation rules', element.textContent ?? '');
    }
  };
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'attributes' && mutation.target instanceof Element) inspect(mutation.target);
      for (const node of mutation.addedNodes) inspect(node);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['ping', 'rel', 'type'] });
  document.addEventListener('securitypolicyviolation', (event) => {
    report('csp-violation', `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}${event.sourceFile ? ` from ${event.sourceFile}:${event.lineNumber}` : ''}`);
  });
  const OriginalWorker = w['Worker'] as (new (...args: unknown[]) => unknown) | undefined;
  if (typeof OriginalWorker === 'function') {
    w['Worker'] = new Proxy(OriginalWorker, {
      construct(target, args, newTarget) {
        report('Worker', String(args[0]));
        return Reflect.construct(target, args, newTarget) as object;
      },
    });
  }
}

/** Installs the trap in every page and frame of `context`; records land in `records`. */
export async function installTrap(context: BrowserContext, records: TrapRecord[], phase: () => string): Promise<void> {
  await context.exposeBinding(TRAP_BINDING, (_source, record: { api: string; detail: string; page: string }) => {
    records.push({ api: String(record.api), detail: String(record.detail), page: String(record.page), phase: phase(), time: Date.now() });
  });
  await context.addInitScript({ content: `(${trapInPage.toString()})(${JSON.stringify(TRAP_BINDING)});` });
}
