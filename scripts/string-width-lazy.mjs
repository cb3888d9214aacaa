// What the bundle gets for `string-width` (scripts/build.mjs): the fast path of
// scripts/string-width-fast.mjs, and the real string-width loaded the first time text needs it.
// esbuild bundles this require (the module is started on that first call, not when the app loads):
// loading string-width builds its Unicode regular expressions, 34 ms of a first frame that needs none.
import { fastStringWidthWith } from './string-width-fast.mjs';

let real;
export default fastStringWidthWith(() => (real ??= require('string-width-original').default));
