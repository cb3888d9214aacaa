#!/usr/bin/env node
// @ts-nocheck
// Thin entry: hands argv to the CLI in the bundled build (dist/, made by `npm run build`).
import { existsSync } from 'node:fs';

const dist = new URL('../dist/luudong.js', import.meta.url);
if (!existsSync(dist)) {
  process.stderr.write('luudong: dist/ is missing – run `npm run build` first (npm start does it).\n');
  process.exit(1);
}
const { main } = await import(dist.href);
process.exitCode = await main(process.argv.slice(2));
