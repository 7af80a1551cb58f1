/**
 * Everything the site left in the browser: localStorage, sessionStorage,
 * IndexedDB, Cache Storage and the origin private file system, read from a
 * page of the audited origin. Binary values are returned byte for byte so the
 * canary search sees them as they are stored.
 */
import type { Page } from 'playwright-core';

export interface StoredItem {
  readonly where: 'localStorage' | 'sessionStorage' | 'IndexedDB' | 'Cache Storage' | 'OPFS' | 'document.cookie';
  readonly key: string;
  /** Text as stored, or bytes as a latin1 string when `binary`. */
  readonly value: string;
  readonly binary: boolean;
}

export async function readStorage(page: Page): Promise<{ items: StoredItem[]; errors: string[] }> {
  return page.evaluate(async () => {
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
        if (!info.name) continue;
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(info.name as string);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        for (const storeName of db.objectStoreNames) {
          const values = await new Promise<unknown[]>((resolve, reject) => {
            const request = db.transaction(storeName, 'readonly').objectStore(storeName).getAll();
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          items.push({ where: 'IndexedDB', key: `${info.name}/${storeName} (${values.length} records)`, value: '', binary: false });
          for (const [i, value] of values.entries()) await flatten('IndexedDB', `${info.name}/${storeName}[${i}]`, value);
        }
        db.close();
      }
    } catch (error) {
      errors.push(`IndexedDB: ${String(error)}`);
    }
    try {
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
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
          if (handle.kind === 'directory') await walk(handle as FileSystemDirectoryHandle, `${path}${name}/`);
          else items.push({ where: 'OPFS', key: `${path}${name}`, value: latin1(await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer()), binary: true });
        }
      };
      await walk(await navigator.storage.getDirectory(), '/');
    } catch (error) {
      errors.push(`OPFS: ${String(error)}`);
    }
    return { items: items as StoredItem[], errors };
  });
}
