// Arguments of a request come from the network: each is checked for its shape before a use case
// sees it (the use cases then check the content, as they do for the CLI and the screens). Only
// the fields named are kept; anything else is refused, not passed on.
import { DomainError } from '../core/errors.js';

export type Shape =
  | 'int'
  | 'num'
  | 'str'
  | 'bool'
  | 'null'
  | { opt: Shape }
  | { or: Shape[] }
  | { list: Shape; max?: number }
  | { obj: Record<string, Shape> }
  | { oneOf: readonly string[] };

const bad = (path: string): DomainError => new DomainError('err.hub.badRequest', { path });

const MAX_STR = 64 * 1024;

export function check(v: unknown, s: Shape, path = '$'): unknown {
  if (s === 'int') {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw bad(path);
    return v;
  }
  if (s === 'num') {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(path);
    return v;
  }
  if (s === 'str') {
    if (typeof v !== 'string' || v.length > MAX_STR) throw bad(path);
    return v.normalize('NFC');
  }
  if (s === 'bool') {
    if (typeof v !== 'boolean') throw bad(path);
    return v;
  }
  if (s === 'null') {
    if (v !== null) throw bad(path);
    return v;
  }
  if ('opt' in s) return v === undefined || v === null ? undefined : check(v, s.opt, path);
  if ('or' in s) {
    for (const alt of s.or) {
      try {
        return check(v, alt, path);
      } catch {
        // the next alternative
      }
    }
    throw bad(path);
  }
  if ('oneOf' in s) {
    if (typeof v !== 'string' || !s.oneOf.includes(v)) throw bad(path);
    return v;
  }
  if ('list' in s) {
    if (!Array.isArray(v) || v.length > (s.max ?? 1000)) throw bad(path);
    return v.map((x, i) => check(x, s.list, `${path}[${i}]`));
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw bad(path);
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!(k in s.obj)) throw bad(`${path}.${k}`);
  const out: Record<string, unknown> = {};
  for (const [k, ks] of Object.entries(s.obj)) {
    const x = check(o[k], ks, `${path}.${k}`);
    if (x !== undefined) out[k] = x;
  }
  return out;
}

/** Check a request's argument list against the shapes of its parameters (trailing ones optional). */
export function checkArgs(args: unknown, shapes: readonly Shape[]): unknown[] {
  if (!Array.isArray(args) || args.length > shapes.length) throw bad('$');
  return shapes.map((s, i) => check(args[i], s, `$[${i}]`));
}
