// A TypeScript entry of the reliability harnesses, bundled by esbuild to run as a separate Node
// process, as bench/lib/api.mjs does for the benches. Split into chunks like dist/ (scripts/build.mjs),
// so what the app loads lazily (the PDF writer and its fonts) is not parsed at every start: a process
// that is killed and restarted hundreds of times starts as fast as the real one. The output goes to
// bench/out/ (ignored by git) inside the repository, so that the app finds data/ and better-sqlite3
// from it as the built CLI does; in a directory named after this process, so parallel runs never
// share one.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Bundle `entry` and return the path of the file to run with node. */
export async function bundleEntry(root: string, entry: string, extra: Record<string, string> = {}): Promise<string> {
  const name = basename(entry).replace(/\.tsx?$/, '');
  const outdir = join(root, 'bench/out/reliability', `${name}-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { [name]: entry, ...extra },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    // Native or file-reading packages stay outside, loaded from node_modules as in dist/.
    external: ['better-sqlite3', 'serialport', 'pdfkit', 'node-hid'],
    logLevel: 'error',
    // CommonJS dependencies bundled into ESM call require(): give them the real one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return join(outdir, `${name}.mjs`);
}
