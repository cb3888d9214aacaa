// V8's code cache of the bundle (bin/codecache.js): written after a run, used by the next, never used
// for another build of the bundle, ignored when damaged, kept owner-only, in the user's cache folder
// when it cannot be kept beside the bundle; and the app itself: a command leaves one, the counter
// screen (driven in tmux) replaces it with its own once its first frame is out and starts from it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the entry's helper, plain JavaScript without types
import { cacheKey, cachePlaces, loadBundle, readCache } from '../../bin/codecache.js';
import { ROOT } from '../helpers/build.js';
import { needTmux, pause } from '../helpers/tmux.js';

interface Loaded {
  exports: { main: (argv: string[], host: object) => unknown; n: () => number; fold: (s: string) => string };
  used: boolean;
  kind: string | undefined;
  save: (kind: string) => string | undefined;
}
const load = loadBundle as (bundle: string, env?: NodeJS.ProcessEnv) => Loaded;
const read = readCache as (file: string, key: string) => { data: Buffer; kind: string } | undefined;
const places = cachePlaces as (bundle: string, env?: NodeJS.ProcessEnv) => [string, string];

const dirs: string[] = [];
const tempDir = (tag: string) => {
  const d = mkdtempSync(join(tmpdir(), `luudong-codecache-${tag}-${process.pid}-`));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A small CommonJS bundle whose functions do some work, so that the cache has something in it. */
function bundleIn(dir: string, answer: number): string {
  const file = join(dir, 'app.cjs');
  const fns = Array.from({ length: 40 }, (_, i) => `function f${i}(x) { let s = 0; for (let j = 0; j < x; j++) s += (j * ${i + 1}) % 7; return s; }`).join('\n');
  writeFileSync(file, `${fns}\nexports.n = () => ${answer} + [${Array.from({ length: 40 }, (_, i) => `f${i}(3)`).join(', ')}].reduce((a, b) => a + b, 0) * 0;\nexports.main = async () => exports.n();\nexports.fold = (s) => s.replace(/[đĐ]/g, 'd');\n`);
  return file;
}

describe('the code cache of the bundle', () => {
  it('is written after a run, owner-only, and the next run uses it', () => {
    const dir = tempDir('basic');
    const bundle = bundleIn(dir, 7);
    const env = { XDG_CACHE_HOME: join(dir, 'home-cache') };
    const first = load(bundle, env);
    expect([first.used, first.exports.n()]).toEqual([false, 7]);
    const where = first.save('cli');
    expect(where).toBe(`${bundle}.v8cache`);
    expect(statSync(where!).mode & 0o777).toBe(0o600);
    expect(first.save('screen')).toBeUndefined(); // once per process
    const second = load(bundle, env);
    expect([second.used, second.kind, second.exports.n()]).toEqual([true, 'cli', 7]);
    // Not all ASCII (esbuild leaves the letters of a regular expression as they are): read as UTF-8.
    expect(second.exports.fold('Đức đi')).toBe('dức di');
  });

  it('is not used for another build of the bundle, even of the same length', () => {
    const dir = tempDir('stale');
    const bundle = bundleIn(dir, 7);
    load(bundle).save('screen');
    const before = statSync(bundle);
    bundleIn(dir, 8); // same length, other code
    utimesSync(bundle, before.atime, new Date(before.mtimeMs + 5000));
    expect(statSync(bundle).size).toBe(before.size);
    const after = load(bundle);
    // The key (size and time of the bundle) does not fit: V8 never sees the old code.
    expect([after.used, after.exports.n()]).toEqual([false, 8]);
  });

  it('a damaged cache is not used (V8 itself would run it), and the run goes on without it', () => {
    const dir = tempDir('damaged');
    const bundle = bundleIn(dir, 9);
    const file = load(bundle).save('cli')!;
    const bytes = readFileSync(file);
    for (let i = bytes.length - 200; i < bytes.length; i++) bytes[i] = bytes[i]! ^ 0x5a;
    writeFileSync(file, bytes);
    const st = statSync(bundle);
    expect(read(file, cacheKey(st.size, st.mtimeMs))).toBeUndefined(); // the key fits, the hash does not
    const run = load(bundle);
    expect([run.used, run.exports.n()]).toEqual([false, 9]);
    // Cut short, or not a cache at all: the same.
    writeFileSync(file, bytes.subarray(0, 20));
    expect(load(bundle).used).toBe(false);
    writeFileSync(file, 'not a cache');
    expect(load(bundle).used).toBe(false);
  });

  it('goes to the user’s cache folder (owner-only) when it cannot be written beside the bundle', () => {
    const dir = tempDir('fallback');
    const bundle = bundleIn(dir, 3);
    const env = { XDG_CACHE_HOME: join(dir, 'home-cache') };
    // Beside the bundle is taken by a folder (as root, a read-only folder would still be written).
    mkdirSync(`${bundle}.v8cache`);
    const where = load(bundle, env).save('cli');
    expect(where).toBe(places(bundle, env)[1]);
    expect(where!.startsWith(join(dir, 'home-cache', 'luudong'))).toBe(true);
    expect(statSync(join(dir, 'home-cache', 'luudong')).mode & 0o777).toBe(0o700);
    expect(statSync(where!).mode & 0o777).toBe(0o600);
    expect(load(bundle, env).used).toBe(true);
  });

  it('where it can be written nowhere (a full disk, say), the run goes on without one', () => {
    const dir = tempDir('nowhere');
    const bundle = bundleIn(dir, 4);
    mkdirSync(`${bundle}.v8cache`);
    writeFileSync(join(dir, 'not-a-folder'), '');
    const env = { XDG_CACHE_HOME: join(dir, 'not-a-folder') };
    const run = load(bundle, env);
    expect([run.save('cli'), run.exports.n()]).toEqual([undefined, 4]);
    expect(load(bundle, env).used).toBe(false);
  });

  it('LUUDONG_CODE_CACHE=0 neither reads nor writes one', () => {
    const dir = tempDir('off');
    const bundle = bundleIn(dir, 1);
    load(bundle).save('cli');
    const off = load(bundle, { LUUDONG_CODE_CACHE: '0' });
    expect(off.used).toBe(false);
    expect(off.save('cli')).toBeUndefined();
  });
});

describe('the app and its code cache', () => {
  it('a command leaves one; the counter screen replaces it with its own after its first frame and starts from it', () => {
    needTmux();
    // A copy of the built app, so that its cache is this test's alone.
    const root = tempDir('app');
    cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
    mkdirSync(join(root, 'dist'));
    for (const f of ['luudong.cjs', 'hub-link.js', 'yoga.wasm']) copyFileSync(join(ROOT, 'dist', f), join(root, 'dist', f));
    copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    symlinkSync(join(ROOT, 'data'), join(root, 'data'));
    const bin = join(root, 'bin/luudong.js');
    const bundle = join(root, 'dist/luudong.cjs');
    const cacheOf = () => {
      const st = statSync(bundle);
      return read(`${bundle}.v8cache`, cacheKey(st.size, st.mtimeMs));
    };
    const db = join(root, 'bus.db');
    execFileSync('node', [bin, '--db', db, 'trip', 'open', '--commune', 'Xã Mỹ Đức', '--place', 'Nhà văn hóa thôn Đồi Dùng', '--staff', 'Lan', '--counter', '1=*'], { encoding: 'utf8' });
    expect(cacheOf()?.kind).toBe('cli');
    const socket = `luudong-codecache-${process.pid}`;
    const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
    let written = 0;
    try {
      for (const round of [1, 2]) {
        tmux('new-session', '-d', '-s', `s${round}`, '-x', '80', '-y', '24', `env -u CI -u CONTINUOUS_INTEGRATION TERM=xterm-256color node ${bin} --db ${db}; sleep 30`);
        const end = Date.now() + 20_000;
        let sc = '';
        while (!(sc = tmux('capture-pane', '-p', '-t', `s${round}`)).includes('Quầy 1')) {
          if (Date.now() > end) throw new Error(`round ${round}: no counter screen:\n${sc}`);
          pause(100);
        }
        const until = Date.now() + 10_000;
        while (cacheOf()?.kind !== 'screen') {
          if (Date.now() > until) throw new Error(`round ${round}: the screen wrote no cache of its own`);
          pause(100);
        }
        if (round === 1) written = statSync(`${bundle}.v8cache`).mtimeMs;
        // The second start used the screen's cache: it had no reason to write it again.
        else pause(1500), expect(statSync(`${bundle}.v8cache`).mtimeMs).toBe(written);
        expect(sc).toContain('Xã Mỹ Đức');
        // The screen works as ever: F1 opens the keys' help.
        tmux('send-keys', '-t', `s${round}`, 'F1');
        const helpBy = Date.now() + 10_000;
        while (!tmux('capture-pane', '-p', '-t', `s${round}`).includes('Phím tắt')) {
          if (Date.now() > helpBy) throw new Error(`round ${round}: no help`);
          pause(100);
        }
        tmux('kill-session', '-t', `s${round}`);
      }
    } finally {
      spawnSync('tmux', ['-L', socket, 'kill-server']);
    }
  }, 60_000);
});
