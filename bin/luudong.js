#!/usr/bin/env node
// Thin entry: hands argv to the CLI in the bundled build (dist/, made by `npm run build`), loaded
// with V8's code cache (bin/codecache.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runBundle } from './codecache.js';

const bundle = fileURLToPath(new URL('../dist/luudong.cjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('luudong: dist/ is missing – run `npm run build` first (npm start does it).\n');
  process.exit(1);
}
process.exitCode = await runBundle(bundle, process.argv.slice(2));
