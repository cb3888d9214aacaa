// Replaces Ink's `import Yoga from 'yoga-layout'` in the bundle (see build.mjs). The stock module
// instantiates its WebAssembly from a base64 data: URL through fetch(), which makes Node load its
// whole HTTP client (undici) at start-up, and it waits for it with a top-level await. Here the bytes,
// extracted at build time to dist/yoga.wasm, are compiled and instantiated synchronously and handed
// to the same Emscripten loader through `instantiateWasm`, its documented hook: the loader then
// finishes setting up the module object it was given before it returns, so no await is needed and
// the bundle can also be a plain script (a CommonJS file, whose compiled code V8 can cache).
import { readFileSync } from 'node:fs';
import loadYogaImpl from 'yoga-layout/binary';
import wrapAssembly from 'yoga-layout/wrap';

const wasm = new WebAssembly.Module(readFileSync(new URL('./yoga.wasm', import.meta.url)));
const module = {
  instantiateWasm(imports, receive) {
    const instance = new WebAssembly.Instance(wasm, imports);
    receive(instance, wasm);
    return instance.exports;
  },
};
// The promise it returns resolves to `module` itself, already set up by now (calledRun).
void loadYogaImpl(module);
if (!module.calledRun) throw new Error('yoga-layout: the WebAssembly module did not start synchronously');
const Yoga = wrapAssembly(module);
export default Yoga;
export * from 'yoga-layout/enums';
