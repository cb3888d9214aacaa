// Bundle the app for start-up speed on a slow laptop: one ESM file plus lazily loaded chunks (the TUI
// and board are only loaded when used), production React, native modules left external.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// yoga-layout: ship its WebAssembly as a file and load it without fetch() (see scripts/yoga-shim.mjs).
const yogaDir = join(dirname(createRequire(import.meta.url).resolve('yoga-layout')), '..');
const yogaBinary = join(yogaDir, 'binaries/yoga-wasm-base64-esm.js');
const b64 = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(readFileSync(yogaBinary, 'utf8'));
if (!b64) throw new Error('build: the WebAssembly of yoga-layout was not found in ' + yogaBinary);
writeFileSync(join(dist, 'yoga.wasm'), Buffer.from(b64[1], 'base64'));
const yogaPlugin = {
  name: 'yoga-wasm-file',
  setup(b) {
    const paths = {
      'yoga-layout': join(root, 'scripts/yoga-shim.mjs'),
      'yoga-layout/binary': yogaBinary,
      'yoga-layout/wrap': join(yogaDir, 'src/wrapAssembly.js'),
      'yoga-layout/enums': join(yogaDir, 'src/generated/YGEnums.js'),
    };
    b.onResolve({ filter: /^yoga-layout(\/(binary|wrap|enums))?$/ }, (a) => ({ path: paths[a.path] }));
    // The loader keeps its base64 copy of the WebAssembly (120 KB of source parsed at every start, a
    // 95 KB string kept) though given wasmBinary it never reads it: an empty data: URL stays in its place.
    b.onLoad({ filter: /yoga-wasm-base64-esm\.js$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      if (a.path !== yogaBinary || !b64 || !src.includes(b64[0])) throw new Error(`build: yoga-layout's loader changed, review the base64 removal (${a.path})`);
      return { contents: src.replace(b64[0], '"data:application/octet-stream;base64,"'), loader: 'js' };
    });
  },
};
// string-width: a fast path for Vietnamese text (see scripts/string-width-fast.mjs).
const inkRequire = createRequire(createRequire(import.meta.url).resolve('ink'));
const stringWidthReal = inkRequire.resolve('string-width');
const stringWidthPlugin = {
  name: 'string-width-fast',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, () => ({ path: join(root, 'scripts/string-width-fast.mjs') }));
    b.onResolve({ filter: /^string-width-original$/ }, () => ({ path: stringWidthReal }));
  },
};

// Ink's Output builds every frame from scratch and keeps its caches of measured and tokenised
// lines on the Output object, so they are thrown away after each frame. Most lines of the counter
// screen do not change between frames: keep one cache across frames, renewed when it grows large.
// Measured: key-to-frame p95 16.3 -> 11.8 ms, peak RSS 87.7 -> 79.7 MiB (less garbage per frame).
const inkOutput = join(dirname(createRequire(import.meta.url).resolve('ink')), 'output.js');
const inkCachePlugin = {
  name: 'ink-output-cache',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      const field = '    caches = new OutputCaches();';
      if (a.path !== inkOutput || !src.includes(field)) throw new Error(`build: ink's output.js changed, review the cache patch (${a.path})`);
      const shared = `
let sharedCaches = new OutputCaches();
function frameCaches() {
    if (sharedCaches.styledChars.size > 4000 || sharedCaches.widths.size > 8000) sharedCaches = new OutputCaches();
    return sharedCaches;
}
export default class Output {`;
      // Rows of the grid to strings without the empty style diffs, one shared blank cell (see
      // scripts/ink-frame-fast.mjs).
      const imports = "import { styledCharsFromTokens, styledCharsToString, tokenize, } from '@alcalzone/ansi-tokenize';";
      const blank = `                row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`;
      const rowOut = 'return styledCharsToString(lineWithoutEmptyItems).trimEnd();';
      for (const part of [imports, blank, rowOut]) if (!src.includes(part)) throw new Error(`build: ink's output.js changed, review the frame patch (${a.path})`);
      const patched = src
        .replace(imports, `import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';\nimport { BLANK, lineToString } from ${JSON.stringify(join(root, 'scripts/ink-frame-fast.mjs'))};`)
        .replace(blank, '                row.push(BLANK);')
        .replace(rowOut, 'return lineToString(lineWithoutEmptyItems).trimEnd();')
        .replace('export default class Output {', shared)
        .replace(field, '    caches = frameCaches();');
      return { contents: patched, loader: 'js' };
    });
  },
};

// The English catalogue (108 KB of source, some 1,700 strings) was built at every start, though a
// Vietnamese screen never reads it: in the bundle it is built the first time a process asks for
// English (catalogues.en, a getter). The source stays a plain object for the tests and the type check.
const i18nDir = join(root, 'src/i18n');
const lazyEnPlugin = {
  name: 'lazy-en-catalogue',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]i18n[\\/](en|index)\.ts$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      const review = () => new Error(`build: ${a.path} changed, review the lazy English catalogue`);
      if (a.path === join(i18nDir, 'en.ts')) {
        const head = 'export const en: Record<MessageKey, string> = {';
        const body = src.trimEnd();
        if (src.split(head).length !== 2 || !body.endsWith('\n};') || body.indexOf('\n};') !== body.length - 3) throw review();
        const contents = `${body.slice(0, -3).replace(head, 'let built: Record<MessageKey, string> | undefined;\nexport function enCatalogue(): Record<MessageKey, string> {\n  return (built ??= {')}\n  });\n}\n`;
        return { contents, loader: 'ts' };
      }
      if (a.path === join(i18nDir, 'index.ts')) {
        const imp = "import { en } from './en.js';";
        const cat = 'export const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };';
        if (!src.includes(imp) || !src.includes(cat)) throw review();
        const contents = src.replace(imp, "import { enCatalogue } from './en.js';").replace(cat, 'export const catalogues: Record<Lang, Record<MessageKey, string>> = {\n  vi,\n  get en() {\n    return enCatalogue();\n  },\n};');
        return { contents, loader: 'ts' };
      }
      return undefined;
    });
  },
};

await build({
  // The hub link's worker thread (src/hub/link.ts) is a file of its own beside the bundle.
  entryPoints: { luudong: 'src/cli/index.ts', 'hub-link': 'src/hub/linkWorker.ts' },
  outdir: dist,
  absWorkingDir: root,
  plugins: [yogaPlugin, stringWidthPlugin, inkCachePlugin, lazyEnPlugin],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: !process.env.LUUDONG_BUILD_READABLE, // readable output for profiling
  sourcemap: 'linked',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['better-sqlite3', 'node-hid', 'serialport', 'react-devtools-core', 'pg-native'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
