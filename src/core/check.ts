// Schema checks of the data files in data/: the checker every file's check shares, and the error it
// raises. A module of its own so that the files it checks (office, procedures, retention …) and the
// list of them (config.ts) do not import each other.
import type { LocalName } from './lang.js';

/** A data file that does not match its schema. `path` points at the bad field. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${file}: ${path}: ${problem}`);
    this.name = 'DataError';
  }
}

export type Json = unknown;

/** Schema checks that name the JSON path of the first bad field; shared by every data file. */
export class Checker {
  constructor(readonly file: string) {}
  fail(path: string, problem: string): never {
    throw new DataError(this.file, path, problem);
  }
  obj(v: Json, path: string): Record<string, Json> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(path, 'expected an object');
    return v as Record<string, Json>;
  }
  arr(v: Json, path: string): Json[] {
    if (!Array.isArray(v)) this.fail(path, 'expected a list');
    return v;
  }
  str(v: Json, path: string, re?: RegExp): string {
    if (typeof v !== 'string' || v.trim() === '') this.fail(path, 'expected a non-empty text');
    if (re && !re.test(v)) this.fail(path, `"${v}" does not match ${re}`);
    return v.normalize('NFC');
  }
  int(v: Json, path: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.fail(path, `expected a whole number from ${min} to ${max}`);
    }
    return v;
  }
  bool(v: Json, path: string): boolean {
    if (typeof v !== 'boolean') this.fail(path, 'expected true or false');
    return v;
  }
  oneOf<T extends string>(v: Json, path: string, allowed: readonly T[]): T {
    const s = this.str(v, path);
    if (!(allowed as readonly string[]).includes(s)) this.fail(path, `unknown value "${s}" (expected one of ${allowed.join(', ')})`);
    return s as T;
  }
  name(v: Json, path: string): LocalName {
    const o = this.obj(v, path);
    return { vi: this.str(o.vi, `${path}.vi`), en: this.str(o.en, `${path}.en`) };
  }
  unique<T>(items: T[], key: (t: T) => string, path: string, what: string): void {
    const seen = new Set<string>();
    for (const it of items) {
      const k = key(it);
      if (seen.has(k)) this.fail(path, `duplicate ${what} "${k}"`);
      seen.add(k);
    }
  }
}
