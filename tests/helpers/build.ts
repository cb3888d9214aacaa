// The built CLI for tests that run it as a separate process. vitest's global setup (this file's
// default export, named in vitest.config.ts) builds dist/ once before any test file starts whenever
// anything it is built from is newer than it, so running one test file after a change never tests
// yesterday's bundle, and no two test files build it at once (a build empties dist/ first).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/luudong.js');
export const DIST = join(ROOT, 'dist/luudong.cjs');

/** What the bundle is made from: the code, the drivers, the data, the build script and what it loads, the installed packages. */
export const BUILD_INPUTS = ['src', 'drivers', 'data', 'scripts/build.mjs', 'scripts/string-width-fast.mjs', 'scripts/string-width-lazy.mjs', 'scripts/ink-frame-fast.mjs', 'scripts/yoga-shim.mjs', 'scripts/grapheme-fast.mjs', 'package.json', 'node_modules/.package-lock.json'];

/** The newest modification time under `path` (a file or a folder, walked whole), 0 when it is missing. */
export function newest(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let n = st.mtimeMs; // a file deleted from a folder changes the folder
  for (const name of readdirSync(path)) n = Math.max(n, newest(join(path, name)));
  return n;
}

/** Why dist/ must be built now, or null when it is newer than everything it is made from. */
export function staleBecause(root = ROOT): string | null {
  const dist = join(root, 'dist/luudong.cjs');
  if (!existsSync(dist)) return 'dist/luudong.cjs is missing';
  const built = statSync(dist).mtimeMs;
  for (const input of BUILD_INPUTS) if (newest(join(root, input)) > built) return `${input} changed since the last build`;
  return null;
}

/** Build dist/ when it is stale; a failed build stops the run with esbuild's message. */
export function ensureBuilt(): void {
  const why = staleBecause();
  if (why === null) return;
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(DIST)) throw new Error(`building dist/ (${why}) failed:\n${r.stderr || r.error?.message}`);
  const still = staleBecause();
  if (still !== null) throw new Error(`dist/ is still stale after a build: ${still}`);
}

/** vitest global setup: once per run, before any test file. */
export default function setup(): void {
  ensureBuilt();
}
