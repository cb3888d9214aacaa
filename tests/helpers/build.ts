// The built CLI for tests that run it as a separate process: rebuilt when any source file is newer
// than the bundle, so a test never runs yesterday's code.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/luudong.js');
export const DIST = join(ROOT, 'dist/luudong.js');

function newestIn(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestIn(p) : st.mtimeMs);
  }
  return newest;
}

export function ensureBuilt(): void {
  if (!existsSync(DIST) || statSync(DIST).mtimeMs < Math.max(newestIn(join(ROOT, 'src')), newestIn(join(ROOT, 'drivers')))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT });
  if (!existsSync(DIST)) throw new Error('the build did not produce dist/luudong.js');
}
