// @ts-nocheck
// The reliability harnesses live in TypeScript under tests/reliability/lib/ (the tests run them for
// CI); the benches run them longer. Bundled here by esbuild, as bench/lib/api.mjs bundles the app.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function loadHarness(root, name) {
  const out = join(root, 'bench/out');
  mkdirSync(out, { recursive: true });
  const file = join(out, `${basename(name)}.mjs`);
  await build({
    entryPoints: [join(root, 'tests/reliability/lib', `${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: file,
    packages: 'external',
    logLevel: 'error',
  });
  return import(pathToFileURL(file).href);
}
