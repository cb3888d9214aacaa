// @ts-nocheck
// Replaces Ink's `import Yoga from 'yoga-layout'` in the bundle (see build.mjs). The stock module
// instantiates its WebAssembly from a base64 data: URL through fetch(), which makes Node load its
// whole HTTP client (undici) at start-up. Here the bytes, extracted at build time to dist/yoga.wasm,
// are handed to the same Emscripten loader as `wasmBinary`, its documented option.
import { readFileSync } from 'node:fs';
import loadYogaImpl from 'yoga-layout/binary';
import wrapAssembly from 'yoga-layout/wrap';

const wasmBinary = readFileSync(new URL('./yoga.wasm', import.meta.url));
const Yoga = wrapAssembly(await loadYogaImpl({ wasmBinary }));
export default Yoga;
export * from 'yoga-layout/enums';
