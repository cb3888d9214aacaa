// Bundle the app for start-up speed on a slow laptop: one CommonJS file that bin/luudong.js runs with
// V8's code cache (modules loaded later, such as the TUI or the board, are initialised only when
// used), production React, native modules left external; the hub link's worker beside it.
import { build } from 'esbuild';
import ts from 'typescript';
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
// string-width: a fast path for Vietnamese text, the real one loaded when first needed (see
// scripts/string-width-fast.mjs and string-width-lazy.mjs).
const inkRequire = createRequire(createRequire(import.meta.url).resolve('ink'));
const stringWidthReal = inkRequire.resolve('string-width');
const stringWidthPlugin = {
  name: 'string-width-fast',
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, () => ({ path: join(root, 'scripts/string-width-lazy.mjs') }));
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

// Ink's reconciler connects React DevTools when DEV=true, through two top-level awaits (a dynamic
// import and its package.json). The bundle is production React with react-devtools-core left out,
// so that branch can only fail; without it the module has no top-level await and the bundle can be
// a plain CommonJS script (see the code cache in bin/codecache.js).
const inkReconciler = join(dirname(createRequire(import.meta.url).resolve('ink')), 'reconciler.js');
const inkNoDevtoolsPlugin = {
  name: 'ink-no-devtools',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      const start = src.indexOf('if (isDev()) {\n    try {\n        await import(\'./devtools.js\');');
      const end = src.indexOf('\nconst diff = ', start);
      const pkg = "const packageJson = isDev()\n    ? await loadPackageJson()\n    : { name: undefined, version: undefined };";
      if (a.path !== inkReconciler || start < 0 || end < 0 || !src.includes(pkg) || src.split('await ').length !== 4) throw new Error(`build: ink's reconciler.js changed, review the devtools removal (${a.path})`);
      const patched = src.slice(0, start) + src.slice(end).replace(pkg, 'const packageJson = { name: undefined, version: undefined };');
      return { contents: patched, loader: 'js' };
    });
  },
};

// Grapheme splitting without ICU for the text a screen draws (see scripts/grapheme-fast.mjs), in
// place of the segmenters that @alcalzone/ansi-tokenize (Ink's output), slice-ansi (clipping) and
// string-width (off its fast path) make when they load.
const segmenterPatches = [
  ['/@alcalzone/ansi-tokenize/build/tokenize.js', 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });'],
  ['/slice-ansi/tokenize-ansi.js', "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});"],
  [`/ink/node_modules/string-width/index.js`, 'const segmenter = new Intl.Segmenter();'],
];
const graphemePlugin = {
  name: 'grapheme-fast',
  setup(b) {
    b.onLoad({ filter: /[\\/](ansi-tokenize[\\/]build[\\/]tokenize|slice-ansi[\\/]tokenize-ansi|string-width[\\/]index)\.js$/ }, (a) => {
      const src = readFileSync(a.path, 'utf8');
      const patch = segmenterPatches.find(([end]) => a.path.replaceAll('\\', '/').endsWith(end));
      const line = patch?.[1];
      if (!line || src.split(line).length !== 2 || src.split('new Intl.Segmenter').length !== 2) throw new Error(`build: ${a.path} changed, review the grapheme segmenter patch`);
      const name = line.slice('const '.length, line.indexOf(' ='));
      const patched = src.replace(line, `import { graphemeSegmenter as __graphemeSegmenter } from ${JSON.stringify(join(root, 'scripts/grapheme-fast.mjs'))};\nconst ${name} = __graphemeSegmenter();`);
      return { contents: patched, loader: 'js' };
    });
  },
};

// esbuild writes ASCII, escaping other characters, except inside regular expression literals
// (/[đĐ]/g): one such letter makes the whole bundle a two-byte string in V8, twice the memory of
// its 2.5 MB. The literals of our own code get a \u escape for each such letter here (found by
// TypeScript's parser, so only real regular expressions are touched; same meaning), and the build
// warns if the bundle still holds anything that is not ASCII (bin/codecache.js then reads it as
// UTF-8: correct, only bigger).
const MAYBE_REGEX_NON_ASCII = /\/[^\n]*[^\x00-\x7f]/;
const asciiRegexPlugin = {
  name: 'ascii-regex',
  setup(b) {
    b.onLoad({ filter: /[\\/](src|drivers)[\\/].*\.tsx?$/ }, (a) => {
      if (/[\\/]src[\\/]i18n[\\/](en|index)\.ts$/.test(a.path)) return undefined; // lazyEnPlugin's
      const src = readFileSync(a.path, 'utf8');
      if (!MAYBE_REGEX_NON_ASCII.test(src)) return undefined;
      const file = ts.createSourceFile(a.path, src, ts.ScriptTarget.Latest, false, a.path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
      const edits = [];
      const visit = (node) => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral && /[^\x00-\x7f]/.test(node.text)) edits.push([node.getStart(file), node.end, node.text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)]);
        ts.forEachChild(node, visit);
      };
      visit(file);
      if (!edits.length) return undefined;
      let out = src;
      for (const [start, end, text] of edits.reverse()) out = out.slice(0, start) + text + out.slice(end);
      return { contents: out, loader: a.path.endsWith('x') ? 'tsx' : 'ts' };
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

const common = {
  absWorkingDir: root,
  plugins: [yogaPlugin, stringWidthPlugin, inkCachePlugin, inkNoDevtoolsPlugin, graphemePlugin, lazyEnPlugin, asciiRegexPlugin],
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: !process.env.LUUDONG_BUILD_READABLE, // readable output for profiling
  sourcemap: 'linked',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['better-sqlite3', 'node-hid', 'serialport', 'react-devtools-core', 'pg-native'],
  logLevel: 'warning',
};
// The app: one CommonJS file, which bin/luudong.js compiles with V8's code cache (bin/codecache.js;
// Node 20 caches no ES module). One file, as chunks loaded later would be compiled without it: V8
// compiles a function only when it first runs, so what a start never calls costs only its reading.
// Dynamic imports become requires of the bundled module; import.meta.url is the bundle's own URL.
const app = await build({
  ...common,
  // LUUDONG_BUILD_META=1: what the bundle is made of, for esbuild's analyser (dist/meta.json).
  metafile: !!process.env.LUUDONG_BUILD_META,
  entryPoints: { luudong: 'src/cli/index.ts' },
  outExtension: { '.js': '.cjs' },
  outdir: dist,
  format: 'cjs',
  supported: { 'dynamic-import': false },
  define: { ...common.define, 'import.meta.url': '__luudong_url' },
  // The file is the function that CommonJS would wrap it in (bin/codecache.js WRAPPER), so that the
  // loader compiles it as it is read, without a second copy of its 2.5 MB to add the wrapper.
  banner: { js: "(function (exports, require, module, __filename, __dirname) {'use strict';var __luudong_url = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '})' },
});
if (app.metafile) writeFileSync(join(dist, 'meta.json'), JSON.stringify(app.metafile));
{
  const out = readFileSync(join(dist, 'luudong.cjs'), 'latin1');
  const at = out.search(/[^\x00-\x7f]/);
  if (at >= 0) console.warn(`build: dist/luudong.cjs is not all ASCII (a regular expression of a package?): ${JSON.stringify(Buffer.from(out.slice(Math.max(0, at - 60), at + 20), 'latin1').toString('utf8'))}; it is read as UTF-8, at twice the memory`);
}
// The hub link's worker thread (src/hub/link.ts) is a file of its own beside the bundle.
await build({
  ...common,
  entryPoints: { 'hub-link': 'src/hub/linkWorker.ts' },
  outdir: dist,
  format: 'esm',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
