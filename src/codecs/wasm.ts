/**
 * Compiling inlined wasm and handing it to jSquash's glue (worker side).
 * See src/integrations/inline-wasm.ts for how the bytes get into the bundle.
 */
import { simd, threads } from 'wasm-feature-detect';

export type WasmBytesModule = { default: () => Uint8Array };

export async function compileInlined(load: () => Promise<WasmBytesModule>): Promise<WebAssembly.Module> {
  const { default: wasmBytes } = await load();
  return WebAssembly.compile(wasmBytes() as Uint8Array<ArrayBuffer>);
}

/**
 * Emscripten option that instantiates our precompiled Module. Passing the
 * Module as the callback's second argument matters for threaded builds: the
 * glue forwards it to its pthread workers, which otherwise try to fetch it.
 */
export function instantiateWith(module: WebAssembly.Module): {
  instantiateWasm: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => WebAssembly.Exports;
} {
  return {
    instantiateWasm: (imports, receive) => {
      const instance = new WebAssembly.Instance(module, imports);
      receive(instance, module);
      return instance.exports;
    },
  };
}

/** The init of the wasm-bindgen builds we use: they take the Module itself (newer ones take { module_or_path }). */
export type BindgenInit = (module: WebAssembly.Module) => Promise<unknown>;

/** Compiles the inlined wasm and hands it to a jSquash init(module, options). */
export async function initWithInlined(init: unknown, load: () => Promise<WasmBytesModule>): Promise<void> {
  const module = await compileInlined(load);
  await (init as (m: WebAssembly.Module, o: object) => Promise<unknown>)(module, instantiateWith(module));
}

/** Runs an Emscripten glue factory on our precompiled Module (no main(), no fetch). */
export function instantiateGlue<T>(factory: unknown, module: WebAssembly.Module): Promise<T> {
  return (factory as (options: object) => Promise<T>)({ noInitialRun: true, ...instantiateWith(module) });
}

let singleThreadOnly = false;

/** Set by the image worker per job: the pool asked for single-threaded builds (this job is one of a batch). */
export function setSingleThreadOnly(value: boolean): void {
  singleThreadOnly = value;
}

/** Whether the current job must use a single-threaded build even though threads are available. */
export const isSingleThreadOnly = (): boolean => singleThreadOnly;

/** The same test jSquash's init uses to pick a threaded build (it skips Node and Cloudflare, never us). */
export async function canUseThreads(): Promise<boolean> {
  return globalThis.crossOriginIsolated === true && (await threads());
}

export const canUseSimd = simd;

/** Memoises an async initialiser so each codec compiles once per worker. */
export function once<T>(init: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= init().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** An ArrayBuffer holding exactly the view's bytes, copying only when the view is part of a larger or shared buffer. */
export function ownedBuffer(view: Uint8Array): ArrayBuffer {
  const { buffer } = view;
  if (buffer instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buffer.byteLength) return buffer;
  return view.slice().buffer as ArrayBuffer;
}
