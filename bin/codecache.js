// Loads the bundled app (dist/luudong.cjs, one CommonJS file) with V8's code cache: the bytecode of
// the functions a start runs is saved once and handed back to V8 at the next start, which then
// neither parses nor compiles them again. On a low-spec laptop that is most of what stands between
// the operator's double-click and the counter screen. Node 22 does this for modules by itself
// (module.enableCompileCache); Node 20, which the vehicles run, has only vm.Script's cachedData.
//
// Where: beside the bundle (dist/ is written by the build, so its owner trusts what is there), or,
// when dist/ cannot be written, in the user's own cache folder (~/.cache/luudong, owner-only). Never
// a shared folder such as /tmp: V8 checks a cache against the source's length, not its content, so
// whoever can write the cache could change the code that runs.
// What: the file starts with a key (Node, V8, architecture, the bundle's size and modification
// time), which kind of run wrote it and the SHA-256 of the data; a cache with another key is not
// used, so a rebuilt or updated bundle never runs with an old one, and one whose data does not match
// its hash is not either (V8's release builds check a cache's versions and flags, not its bytes:
// a damaged one would run). Either way the start goes on without it and the cache is written afresh.
// When: the counter screen and the board call `firstFrame` (their first frame is out): the cache
// then holds what a start needs and little else (a bigger cache costs more to read). Any other run
// writes one at exit only when there is none yet; a screen's start replaces one written by a command
// or by the board (and the board's, one by the screen). LUUDONG_CODE_CACHE=0 turns it off.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

const MAGIC = 'LDC1';
/** How the bundle starts (scripts/build.mjs): it is already the function CommonJS would wrap it in. */
export const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

/** Where the cache of `bundle` is kept: beside it, or (dist/ read-only) in the user's cache folder. */
export function cachePlaces(bundle, env = process.env) {
  const home = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return [`${bundle}.v8cache`, join(home, 'luudong', `${bundle.replace(/[^A-Za-z0-9._-]/g, '_')}.v8cache`)];
}

/** The key a cache must carry to be used for this bundle in this Node. */
export function cacheKey(size, mtimeMs) {
  return [process.version, process.versions.v8, process.arch, size, Math.round(mtimeMs)].join('|');
}

/** The data of a cache file whose key is `key` and whose data is whole (and which kind of run wrote it), or undefined. */
export function readCache(file, key) {
  let buf;
  try {
    buf = readFileSync(file);
  } catch {
    return undefined;
  }
  if (buf.length < 8 || buf.toString('latin1', 0, 4) !== MAGIC) return undefined;
  const len = buf.readUInt16LE(4);
  if (6 + len > buf.length) return undefined;
  const head = buf.toString('utf8', 6, 6 + len).split('|');
  const [kind, hash] = head.splice(-2);
  if (head.join('|') !== key) return undefined;
  const data = buf.subarray(6 + len);
  if (createHash('sha256').update(data).digest('hex') !== hash) return undefined;
  return { data, kind };
}

/** Writes a cache file whole or not at all (a temporary file renamed over it); false when it cannot. */
export function writeCache(file, key, kind, data) {
  const head = Buffer.from(`${key}|${kind}|${createHash('sha256').update(data).digest('hex')}`, 'utf8');
  const pre = Buffer.alloc(6);
  pre.write(MAGIC, 0, 'latin1');
  pre.writeUInt16LE(head.length, 4);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, Buffer.concat([pre, head, data]), { mode: 0o600 });
    renameSync(tmp, file);
    return true;
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      /* never written */
    }
    return false;
  }
}

/**
 * Compiles and runs the bundle (its top level), with the cache when there is a fitting one. Returns
 * its exports, whether a cache was used and which kind of run wrote it, and save(kind), which writes
 * the cache of what has run so far (once per process).
 */
export function loadBundle(bundle, env = process.env) {
  const fd = openSync(bundle, 'r');
  let source;
  let key;
  try {
    const st = fstatSync(fd);
    key = cacheKey(st.size, st.mtimeMs);
    // esbuild escapes what is not ASCII except in regular expressions (a few Vietnamese letters): an
    // ASCII file is read as Latin-1 (no decoding), any other as UTF-8.
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    while (at < st.size) {
      const n = readSync(fd, buf, at, st.size - at, at);
      if (n === 0) break;
      at += n;
    }
    const bytes = buf.subarray(0, at);
    source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
  const enabled = env.LUUDONG_CODE_CACHE !== '0';
  const places = cachePlaces(bundle, env);
  let found;
  if (enabled) {
    for (const place of places) {
      found = readCache(place, key);
      if (found) break;
    }
  }
  // A plain CommonJS file is wrapped here (a copy of it); the app's bundle comes wrapped.
  const script = new vm.Script(source.startsWith(WRAPPER) ? source : `${WRAPPER}${source}\n})`, {
    filename: bundle,
    ...(found ? { cachedData: found.data } : {}),
  });
  const used = found !== undefined && !script.cachedDataRejected;
  let saved = false;
  /** Writes the cache beside the bundle, else in the user's cache folder; the path, or undefined. */
  const save = (kind) => {
    if (!enabled || saved) return undefined;
    saved = true;
    let data;
    try {
      data = script.createCachedData();
    } catch {
      return undefined;
    }
    return places.find((place) => writeCache(place, key, kind, data));
  };
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { exports: module.exports, used, kind: used ? found.kind : undefined, save };
}

/**
 * Runs the bundle's `main(argv, host)` and returns its exit code. `host.firstFrame()` is what a
 * screen calls once its first frame is out.
 */
export async function runBundle(bundle, argv, env = process.env) {
  const b = loadBundle(bundle, env);
  // A command with no cache yet leaves one at exit; a screen replaces one a command wrote.
  const atExit = () => {
    if (!b.used) b.save('cli');
  };
  process.once('exit', atExit);
  const host = {
    /** `which`: 'screen' or 'board', so that each front door's start finds its own code in the cache. */
    firstFrame: (which) => {
      process.off('exit', atExit);
      if (b.kind !== which) b.save(which);
    },
  };
  return b.exports.main(argv, host);
}
