/**
 * Everything the site wrote to or left in the browser, for the storage
 * allow-list (audits/lib/preferences.ts): three witnesses.
 *
 * 1. An init script in every page and frame reports each write as it
 *    happens, so something created and removed again is still seen:
 *    localStorage/sessionStorage setItem, indexedDB.open/deleteDatabase,
 *    caches.open/delete, OPFS handles created, navigator.storageBuckets.open,
 *    serviceWorker.register, document.cookie writes.
 * 2. The DevTools protocol tracks the origin's IndexedDB and Cache Storage
 *    lists (this also sees workers, which init scripts do not reach) and
 *    lists them again at every read-back, with the origin's usage.
 * 3. A read-back from a page of the origin after every flow: every key of
 *    both web storages, every IndexedDB database (indexedDB.databases()) and
 *    its records, every cache and entry, the whole OPFS tree, every storage
 *    bucket, every service-worker registration and document.cookie.
 */
import type { BrowserContext, Page } from 'playwright-core';

export type StorageArea = 'localStorage' | 'sessionStorage' | 'IndexedDB' | 'Cache Storage' | 'OPFS' | 'Storage Buckets' | 'service worker' | 'document.cookie';

export interface StoredItem {
  readonly where: StorageArea;
  readonly key: string;
  /** Text as stored, or bytes as a latin1 string when `binary`. */
  readonly value: string;
  readonly binary: boolean;
}

/** A write seen as it happened (init script) or a list change the browser reported (DevTools protocol). */
export interface StorageEvent {
  readonly witness: 'init script' | 'DevTools protocol';
  readonly where: StorageArea;
  readonly api: string;
  readonly key: string;
  /** The value written, for web storage (first 100 000 characters) and cookies. */
  readonly value: string;
  readonly valueLength: number;
  readonly page: string;
  readonly phase: string;
}

export const STORAGE_BINDING = '__imglioAuditStorage';

/** Runs in every page and frame before any page script; must be self-contained (it is serialized). */
function watchStorageInPage(binding: string): void {
  const w = window as unknown as Record<string, unknown>;
  const send = w[binding] as ((record: { where: string; api: string; key: string; value: string; valueLength: number; page: string }) => void) | undefined;
  if (typeof send !== 'function') return;
  const report = (where: string, api: string, key: unknown, value: unknown = ''): void => {
    const text = String(value);
    try {
      send({ where, api, key: String(key), value: text.slice(0, 100_000), valueLength: text.length, page: location.href });
    } catch {
      // the binding is gone (page closing)
    }
  };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function patchedSetItem(this: Storage, key: string, value: string): void {
    report(this === window.sessionStorage ? 'sessionStorage' : 'localStorage', 'setItem', key, value);
    return setItem.call(this, key, value);
  };
  const idb = IDBFactory.prototype;
  const open = idb.open;
  idb.open = function patchedOpen(this: IDBFactory, name: string, version?: number): IDBOpenDBRequest {
    report('IndexedDB', 'indexedDB.open', name);
    return version === undefined ? open.call(this, name) : open.call(this, name, version);
  };
  const deleteDatabase = idb.deleteDatabase;
  idb.deleteDatabase = function patchedDelete(this: IDBFactory, name: string): IDBOpenDBRequest {
    report('IndexedDB', 'indexedDB.deleteDatabase', name);
    return deleteDatabase.call(this, name);
  };
  if (typeof CacheStorage === 'function') {
    const cacheOpen = CacheStorage.prototype.open;
    CacheStorage.prototype.open = function patchedCacheOpen(this: CacheStorage, name: string): Promise<Cache> {
      report('Cache Storage', 'caches.open', name);
      return cacheOpen.call(this, name);
    };
    const cacheDelete = CacheStorage.prototype.delete;
    CacheStorage.prototype.delete = function patchedCacheDelete(this: CacheStorage, name: string): Promise<boolean> {
      report('Cache Storage', 'caches.delete', name);
      return cacheDelete.call(this, name);
    };
  }
  if (typeof FileSystemDirectoryHandle === 'function') {
    const dir = FileSystemDirectoryHandle.prototype;
    const getFileHandle = dir.getFileHandle;
    dir.getFileHandle = function patchedGetFile(this: FileSystemDirectoryHandle, name: string, options?: FileSystemGetFileOptions): Promise<FileSystemFileHandle> {
      if (options?.create) report('OPFS', 'getFileHandle({ create: true })', `${this.name || '/'}/${name}`);
      return getFileHandle.call(this, name, options);
    };
    const getDirectoryHandle = dir.getDirectoryHandle;
    dir.getDirectoryHandle = function patchedGetDir(this: FileSystemDirectoryHandle, name: string, options?: FileSystemGetDirectoryOptions): Promise<FileSystemDirectoryHandle> {
      if (options?.create) report('OPFS', 'getDirectoryHandle({ create: true })', `${this.name || '/'}/${name}`);
      return getDirectoryHandle.call(this, name, options);
    };
  }
  const buckets = (navigator as unknown as { storageBuckets?: { open?: (name: string, options?: unknown) => Promise<unknown> } }).storageBuckets;
  if (buckets && typeof buckets.open === 'function') {
    const bucketOpen = buckets.open.bind(buckets);
    buckets.open = (name: string, options?: unknown) => {
      report('Storage Buckets', 'navigator.storageBuckets.open', name);
      return bucketOpen(name, options);
    };
  }
  if (typeof ServiceWorkerContainer === 'function') {
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function patchedRegister(this: ServiceWorkerContainer, url: string | URL, options?: RegistrationOptions): Promise<ServiceWorkerRegistration> {
      report('service worker', 'navigator.serviceWorker.register', String(url));
      return register.call(this, url, options);
    };
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie?.set) {
    const set = cookie.set;
    Object.defineProperty(Document.prototype, 'cookie', {
      ...cookie,
      set(this: Document, value: string) {
        report('document.cookie', 'document.cookie =', String(value).split('=')[0] ?? '', value);
        set.call(this, value);
      },
    });
  }
}

/** Installs the write witness in every page and frame of `context`; events land in `events`. */
export async function installStorageWatch(context: BrowserContext, events: StorageEvent[], phase: () => string): Promise<void> {
  await context.exposeBinding(STORAGE_BINDING, (_source, record: { where: StorageArea; api: string; key: string; value: string; valueLength: number; page: string }) => {
    events.push({ witness: 'init script', where: record.where, api: String(record.api), key: String(record.key), value: String(record.value), valueLength: Number(record.valueLength), page: String(record.page), phase: phase() });
  });
  await context.addInitScript({ content: `(${watchStorageInPage.toString()})(${JSON.stringify(STORAGE_BINDING)});` });
}

/**
 * Tracks the origin's IndexedDB and Cache Storage lists through the DevTools protocol for as long as `page`
 * lives: any database or cache created or deleted by the page or any of its workers is reported.
 */
export async function trackOriginStorage(page: Page, origin: string, events: StorageEvent[], phase: () => string): Promise<void> {
  const session = await page.context().newCDPSession(page);
  const push = (where: StorageArea, api: string, key: string, value = '') => {
    events.push({ witness: 'DevTools protocol', where, api, key, value, valueLength: value.length, page: page.url(), phase: phase() });
  };
  // A list change is also reported when a storage backend merely starts (the read-back itself does that), so it
  // only triggers a listing: what is found then is the evidence. Content changes name their database or cache.
  session.on('Storage.indexedDBListUpdated', () => {
    void session.send('IndexedDB.requestDatabaseNames', { securityOrigin: origin }).then(({ databaseNames }) => {
      for (const name of databaseNames) push('IndexedDB', 'database listed after Storage.indexedDBListUpdated', name);
    }).catch(() => undefined);
  });
  session.on('Storage.indexedDBContentUpdated', (event) => push('IndexedDB', 'Storage.indexedDBContentUpdated', event.databaseName, event.objectStoreName));
  session.on('Storage.cacheStorageListUpdated', () => {
    void session.send('CacheStorage.requestCacheNames', { securityOrigin: origin }).then(({ caches }) => {
      for (const cache of caches) push('Cache Storage', 'cache listed after Storage.cacheStorageListUpdated', cache.cacheName);
    }).catch(() => undefined);
  });
  session.on('Storage.cacheStorageContentUpdated', (event) => push('Cache Storage', 'Storage.cacheStorageContentUpdated', event.cacheName));
  await session.send('Storage.trackIndexedDBForOrigin', { origin });
  await session.send('Storage.trackCacheStorageForOrigin', { origin });
}

/** What the DevTools protocol lists for the origin: database and cache names, and usage by storage type. */
async function listThroughDevTools(page: Page, origin: string): Promise<{ items: StoredItem[]; notes: string[] }> {
  const session = await page.context().newCDPSession(page);
  const items: StoredItem[] = [];
  const notes: string[] = [];
  try {
    const { databaseNames } = await session.send('IndexedDB.requestDatabaseNames', { securityOrigin: origin });
    for (const name of databaseNames) items.push({ where: 'IndexedDB', key: `${name} (listed by the DevTools protocol)`, value: '', binary: false });
  } catch (error) {
    notes.push(`DevTools IndexedDB.requestDatabaseNames: ${String(error)}`);
  }
  try {
    const { caches } = await session.send('CacheStorage.requestCacheNames', { securityOrigin: origin });
    for (const cache of caches) items.push({ where: 'Cache Storage', key: `${cache.cacheName} (listed by the DevTools protocol)`, value: '', binary: false });
  } catch (error) {
    notes.push(`DevTools CacheStorage.requestCacheNames: ${String(error)}`);
  }
  try {
    const usage = await session.send('Storage.getUsageAndQuota', { origin });
    const used = usage.usageBreakdown.filter((u) => u.usage > 0).map((u) => `${u.storageType} ${u.usage} bytes`);
    notes.push(`DevTools Storage.getUsageAndQuota for ${origin}: ${usage.usage} bytes in use${used.length ? ` (${used.join(', ')})` : ''}`);
  } catch (error) {
    notes.push(`DevTools Storage.getUsageAndQuota: ${String(error)}`);
  }
  await session.detach().catch(() => undefined);
  return { items, notes };
}

export interface StorageReadBack {
  readonly items: StoredItem[];
  /** What could not be read, and what the DevTools protocol reported about usage. */
  readonly notes: string[];
}

/** Reads every storage area from a page of the audited origin. */
export async function readStorage(page: Page, origin: string): Promise<StorageReadBack> {
  const inPage = await page.evaluate(async () => {
    const items: Array<{ where: string; key: string; value: string; binary: boolean }> = [];
    const errors: string[] = [];
    const latin1 = (buffer: ArrayBuffer): string => {
      const bytes = new Uint8Array(buffer);
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return text;
    };
    const flatten = async (where: string, key: string, value: unknown): Promise<void> => {
      if (value instanceof Blob) items.push({ where, key, value: latin1(await value.arrayBuffer()), binary: true });
      else if (value instanceof ArrayBuffer) items.push({ where, key, value: latin1(value), binary: true });
      else if (ArrayBuffer.isView(value)) items.push({ where, key, value: latin1(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer), binary: true });
      else if (Array.isArray(value)) for (const [i, v] of value.entries()) await flatten(where, `${key}[${i}]`, v);
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) await flatten(where, `${key}.${k}`, v);
      else items.push({ where, key, value: String(value), binary: false });
    };
    if (document.cookie) items.push({ where: 'document.cookie', key: 'document.cookie', value: document.cookie, binary: false });
    for (const [where, store] of [['localStorage', localStorage], ['sessionStorage', sessionStorage]] as const) {
      for (let i = 0; i < store.length; i += 1) {
        const key = store.key(i) ?? '';
        items.push({ where, key, value: store.getItem(key) ?? '', binary: false });
      }
    }
    try {
      for (const info of await indexedDB.databases()) {
        const name = info.name ?? '';
        items.push({ where: 'IndexedDB', key: `${name} (version ${info.version ?? '?'})`, value: '', binary: false });
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(name);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const storeName of db.objectStoreNames) {
          const values = await new Promise<unknown[]>((resolve, reject) => {
            const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          items.push({ where: 'IndexedDB', key: `${name}/${storeName} (${values.length} records)`, value: '', binary: false });
          for (const [i, value] of values.entries()) await flatten('IndexedDB', `${name}/${storeName}[${i}]`, value);
        }
        db.close();
      }
    } catch (error) {
      errors.push(`IndexedDB: ${String(error)}`);
    }
    try {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        const requests = await cache.keys();
        items.push({ where: 'Cache Storage', key: `${name} (${requests.length} entries)`, value: '', binary: false });
        for (const request of requests) {
          const response = await cache.match(request);
          items.push({ where: 'Cache Storage', key: `${name} ${request.url}`, value: response ? latin1(await response.arrayBuffer()) : '', binary: true });
        }
      }
    } catch (error) {
      errors.push(`Cache Storage: ${String(error)}`);
    }
    try {
      const walk = async (dir: FileSystemDirectoryHandle, path: string): Promise<void> => {
        for await (const [name, handle] of (dir as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
          if (handle.kind === 'directory') {
            items.push({ where: 'OPFS', key: `${path}${name}/`, value: '', binary: false });
            await walk(handle as FileSystemDirectoryHandle, `${path}${name}/`);
          } else {
            items.push({ where: 'OPFS', key: `${path}${name}`, value: latin1(await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer()), binary: true });
          }
        }
      };
      await walk(await navigator.storage.getDirectory(), '/');
    } catch (error) {
      errors.push(`OPFS: ${String(error)}`);
    }
    const buckets = (navigator as unknown as { storageBuckets?: { keys(): Promise<string[]> } }).storageBuckets;
    if (buckets) {
      try {
        for (const name of await buckets.keys()) items.push({ where: 'Storage Buckets', key: name, value: '', binary: false });
      } catch (error) {
        errors.push(`Storage Buckets: ${String(error)}`);
      }
    } else {
      errors.push('Storage Buckets: navigator.storageBuckets is not available in this browser');
    }
    try {
      for (const registration of await navigator.serviceWorker.getRegistrations()) {
        items.push({ where: 'service worker', key: registration.scope, value: registration.active?.scriptURL ?? registration.installing?.scriptURL ?? registration.waiting?.scriptURL ?? '', binary: false });
      }
    } catch (error) {
      errors.push(`service workers: ${String(error)}`);
    }
    return { items, errors };
  });
  const devTools = await listThroughDevTools(page, origin);
  const serviceWorkers = page.context().serviceWorkers().map((sw): StoredItem => ({ where: 'service worker', key: `${sw.url()} (running, seen by Playwright)`, value: '', binary: false }));
  return { items: [...(inPage.items as StoredItem[]), ...devTools.items, ...serviceWorkers], notes: [...inPage.errors, ...devTools.notes] };
}
