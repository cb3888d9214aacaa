// @ts-nocheck
// The app's modules for the in-process benches, bundled by esbuild from bench/lib/dossier-api.ts
// into bench/out/ (no build step of their own), with the data files loaded.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function loadApi(root) {
  const out = join(root, 'bench/out');
  mkdirSync(out, { recursive: true });
  const bundle = join(out, 'dossier-api.mjs');
  await build({
    entryPoints: [join(root, 'bench/lib/dossier-api.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    external: ['better-sqlite3', 'serialport', 'pdfkit'],
    logLevel: 'error',
    // CommonJS dependencies bundled into ESM call require(): give them the real one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const api = await import(pathToFileURL(bundle).href);
  return { api, data: api.loadDomainData(join(root, 'data')) };
}
