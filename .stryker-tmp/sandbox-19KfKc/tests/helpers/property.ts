// @ts-nocheck
// Seeded random inputs for the property tests in tests/property/: one small PRNG, the generators the
// tests share, and a runner that reports a failure with its seed, its run and its input, so it can
// be replayed alone (PROPERTY_RUN=<run>) or searched harder (PROPERTY_SCALE=10 runs ten times as many).
import { isDeepStrictEqual } from 'node:util';
import { DomainError } from '../../src/core/errors.js';
import { isMessageKey } from '../../src/i18n/index.js';

/** Mulberry32: 32 bits of state, good enough for test inputs, and the same on every machine. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** A whole number from lo to hi, both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from nothing');
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  /** One of several generators, by weight: [[3, a], [1, b]] picks a three times as often as b. */
  weighted<T>(options: readonly (readonly [number, () => T])[]): T {
    const total = options.reduce((s, [w]) => s + w, 0);
    let x = this.next() * total;
    for (const [w, f] of options) if ((x -= w) < 0) return f();
    return (options.at(-1) as readonly [number, () => T])[1]();
  }
  /** n random bytes. */
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(0, 255);
    return b;
  }
  shuffle<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}

// ---- the runner -----------------------------------------------------------------------------------

const SCALE = Math.max(0.01, Number(process.env.PROPERTY_SCALE ?? '1') || 1);
const ONLY = process.env.PROPERTY_RUN === undefined ? undefined : Number(process.env.PROPERTY_RUN);

/** Each run has its own generator, seeded from the test's seed and the run's number. */
export const runRng = (seed: number, run: number) => new Rng(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(run + 1, 0xc2b2ae35));

/** An input as it can be pasted back: JSON, bytes as hex, and every invisible character escaped (JSON leaves DEL, C1, BOM, bidi marks raw). */
export function show(x: unknown): string {
  const s = (JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : v)) ?? String(x)).replace(
    /[\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\ufff9-\ufffb]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return s.length > 4000 ? `${s.slice(0, 4000)}… (${s.length} characters)` : s;
}

/**
 * Check `prop` on `runs` generated inputs. A failure names the seed, the run and the input (and the
 * original error): `PROPERTY_RUN=<run> npx vitest run <file>` replays that run alone. Returns how many
 * runs were made, for tests that count outcomes.
 */
export function forAll<T>(name: string, o: { seed: number; runs: number; gen: (r: Rng, run: number) => T }, prop: (input: T, r: Rng, run: number) => void): number {
  const runs = Math.max(1, Math.round(o.runs * SCALE));
  const list = ONLY !== undefined ? [ONLY] : Array.from({ length: runs }, (_, i) => i);
  // Parsers refuse by throwing, and under vitest an error's stack costs some 10 µs, more than most
  // parses: the runs go without stacks, and a failing run is replayed with them for the report.
  const limit = Error.stackTraceLimit;
  let failed: number | undefined;
  let first: unknown;
  Error.stackTraceLimit = 0;
  try {
    for (const run of list) {
      try {
        prop(o.gen(runRng(o.seed, run), run), runRng(o.seed, run + 0x10000), run);
      } catch (e) {
        failed = run;
        first = e;
        break;
      }
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
  if (failed !== undefined) {
    const input = o.gen(runRng(o.seed, failed), failed);
    try {
      prop(input, runRng(o.seed, failed + 0x10000), failed);
    } catch (e) {
      throw new Error(`${name}: failed on run ${failed} (seed ${o.seed}; replay with PROPERTY_RUN=${failed})\ninput: ${show(input)}\n${(e as Error)?.stack ?? String(e)}`);
    }
    throw new Error(`${name}: run ${failed} (seed ${o.seed}) failed, and passed when replayed (state shared between runs?): ${(first as Error)?.message ?? String(first)}`);
  }
  return list.length;
}

/**
 * That a generator reached what it aims at often enough (`count` over `least`), or it proves little.
 * Skipped when one run is replayed (PROPERTY_RUN), where the counts mean nothing.
 */
export function often(count: number, least: number, what: string): void {
  if (ONLY === undefined && !(count > least)) throw new Error(`${what}: ${count} times, fewer than the ${Math.ceil(least)} needed for the test to mean something`);
}

/**
 * Plain assertions for hot loops (vitest's expect costs some 20-30 µs a call, too much a hundred
 * thousand times); forAll adds the seed, the run and the input to the message.
 */
export function assert(ok: unknown, message: string | (() => string)): asserts ok {
  if (!ok) throw new Error(typeof message === 'string' ? message : message());
}

/** `got` deeply equal to `want`, else an error showing both. */
export function same(got: unknown, want: unknown, what = 'value'): void {
  if (!isDeepStrictEqual(got, want)) throw new Error(`${what}: got ${show(got)}, expected ${show(want)}`);
}

/** The parser's own refusal: a DomainError whose code is a catalogue key (one of `codes`, when given); anything else is rethrown. */
export function expectRefusal(e: unknown, codes?: readonly string[]): DomainError {
  if (!(e instanceof DomainError)) throw new Error(`not a refusal but ${(e as Error)?.name ?? typeof e}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  if (!isMessageKey(e.code)) throw new Error(`refusal with a code missing from the catalogue: ${e.code}`);
  if (codes && !codes.includes(e.code)) throw new Error(`refusal ${e.code} is not one of ${codes.join(', ')}`);
  return e;
}

/** `fn()`'s result, or the refusal it threw (checked with expectRefusal). */
export function resultOrRefusal<T>(fn: () => T, codes?: readonly string[]): { ok: true; value: T } | { ok: false; error: DomainError } {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, error: expectRefusal(e, codes) };
  }
}

// ---- text ---------------------------------------------------------------------------------------

/** Vietnamese letters precomposed (NFC), upper and lower, and the five tone marks as combining characters. */
export const VIETNAMESE = [...'ĐđƯưƠơĂăÂâÊêÔôỄễỜờỰựỸỹẠạÃãÁáÀàẢảỆệỘộẤấẦầẮắẰằÉéÈèÍíÌìÓóÒòÚúÙùÝý'];
export const COMBINING = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
/** Strings that have broken parsers elsewhere: empty, blank, prototype keys, numbers JSON reads oddly, BOMs, marks. */
export const TRICKY = ['', ' ', '\t', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'prototype', 'null', 'undefined', 'NaN', '-0', '1e999', '0x10', '\uFEFF', '\u0000', '"', '""', "'", '\\', '\u200b', '\u202e', '😀', '中文', 'Ã¡', '\uFFFD'];

/** One code point: ASCII (printable or control), Vietnamese, a combining mark, or anything (never a lone surrogate). */
export function char(r: Rng): string {
  const k = r.next();
  if (k < 0.4) return String.fromCharCode(r.int(0x20, 0x7e));
  if (k < 0.5) return String.fromCharCode(r.int(0, 0x1f));
  if (k < 0.8) return r.pick(VIETNAMESE);
  if (k < 0.9) return r.pick(COMBINING);
  return codePoint(r);
}

/** Any code point but a surrogate (those have no UTF-8 form). */
export function codePoint(r: Rng): string {
  let cp = r.int(0, 0x10ffff);
  if (cp >= 0xd800 && cp <= 0xdfff) cp -= 0x800;
  return String.fromCodePoint(cp);
}

/** Random text of up to `max` code points drawn by `gen`. */
export function text(r: Rng, max: number, gen: (r: Rng) => string = char): string {
  let s = '';
  const n = r.int(0, max);
  for (let i = 0; i < n; i++) s += gen(r);
  return s;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Đức', 'Hữu', 'Ngọc', 'Minh', 'Thanh', 'Xuân'];
const GIVEN = ['Hường', 'An', 'Lan', 'Hùng', 'Mai', 'Thắng', 'Dũng', 'Phương', 'Quỳnh', 'Tuấn', 'Yến', 'Đạt', 'Nghĩa', 'Trường'];
const PLACES = ['Thôn Đồi Dùng', 'Xóm 3', 'Bản Nậm Cắn', 'Tổ 7', 'Ấp Phú Lợi', 'Khu phố 2'];
const COMMUNES = ['xã Mỹ Đức', 'xã Hải Anh', 'xã Quảng Phú', 'phường Bến Thành', 'thị trấn Đông Anh'];
const PROVINCES_TEXT = ['Hà Nội', 'Nam Định', 'Thanh Hóa', 'TP. Hồ Chí Minh', 'Đắk Lắk', 'Quảng Ninh'];

/** A Vietnamese full name, NFC. */
export const fullName = (r: Rng) => [r.pick(FAMILY), ...(r.chance(0.8) ? [r.pick(MIDDLE)] : []), r.pick(GIVEN)].join(' ');
/** A Vietnamese address, NFC, with commas. */
export const address = (r: Rng) => `${r.pick(PLACES)}, ${r.pick(COMMUNES)}, ${r.pick(PROVINCES_TEXT)}`;
/** Words of Vietnamese with punctuation a spreadsheet cell may hold. */
export const vietnameseText = (r: Rng, max = 6) =>
  Array.from({ length: r.int(0, max) }, () => r.weighted<string>([[3, () => r.pick([...FAMILY, ...GIVEN, ...PLACES])], [1, () => r.pick([',', ';', '"', '""', '\t', '\n', '\r\n', '.', '–', '|'])], [1, () => r.pick(TRICKY)]])).join(r.pick([' ', '', '  ']));

/**
 * `s` with 1 to `n` random edits: a character deleted, inserted or replaced (from `alphabet`), the
 * text cut short, or a piece of it doubled.
 */
export function mutate(r: Rng, s: string, alphabet: readonly string[], n = 4): string {
  const cs = [...s];
  const edits = r.int(1, n);
  for (let k = 0; k < edits; k++) {
    const i = r.int(0, cs.length);
    const c = r.chance(0.9) ? r.pick(alphabet) : char(r);
    r.weighted<void>([
      [3, () => void cs.splice(i, 1)],
      [3, () => void cs.splice(i, 0, c)],
      [3, () => void (cs[i] = c)],
      [1, () => void cs.splice(i)],
      [1, () => void cs.splice(i, 0, ...cs.slice(r.int(0, cs.length), r.int(0, cs.length)))],
    ]);
  }
  return cs.join('');
}

/** Cut `total` items into consecutive pieces of 1 to `max` (the last may be shorter): the sizes. */
export function cuts(r: Rng, total: number, max: number): number[] {
  const out: number[] = [];
  for (let at = 0; at < total; ) {
    const n = Math.min(total - at, r.int(1, max));
    out.push(n);
    at += n;
  }
  return out;
}

/** `xs` cut into consecutive pieces of 1 to `max` elements. */
export function chunk<T extends { slice(a: number, b: number): T; length: number }>(r: Rng, xs: T, max: number): T[] {
  let at = 0;
  return cuts(r, xs.length, max).map((n) => xs.slice(at, (at += n)));
}

// ---- dates --------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A real day between two ISO dates, both included. */
export function isoDate(r: Rng, from = '1900-01-01', to = '2099-12-31'): string {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  return new Date(a + r.int(0, Math.round((b - a) / DAY_MS)) * DAY_MS).toISOString().slice(0, 10);
}

/** Days in a month of the proleptic Gregorian calendar, worked out without Date (an oracle for the parsers). */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** dd/mm/yyyy, ddmmyyyy or (as is) yyyy-mm-dd: the ways an ID card or an operator writes a date. */
export function writeDate(r: Rng, iso: string): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  return r.pick([`${d}/${m}/${y}`, `${d}${m}${y}`, iso]);
}

export { pad };

// ---- scans --------------------------------------------------------------------------------------

export interface GeneratedCitizen {
  /** The QR text as the card holds it. */
  qr: string;
  id: string;
  dob: string;
  gender: 'male' | 'female';
  name: string;
  address: string;
  issueDate: string | null;
}

/**
 * A citizen-ID QR that passes every check: a province from `provinces`, the gender and century digit
 * and the birth year matching, an issue date after birth and not after `today`; in the 7-field form
 * (ddmmyyyy, old ID or none, extra fields sometimes) or the 6-field one (dd/mm/yyyy).
 */
export function citizenQr(r: Rng, provinces: readonly { code: string }[], today: string): GeneratedCitizen {
  const gender = r.chance(0.5) ? 'male' : 'female';
  const dob = isoDate(r, '1920-01-01', `${Number(today.slice(0, 4)) - 15}-12-31`);
  const year = Number(dob.slice(0, 4));
  const digit = (year >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
  const id = `${r.pick(provinces).code}${digit}${dob.slice(2, 4)}${pad(r.int(0, 999_999), 6)}`;
  const issueDate = r.chance(0.9) ? isoDate(r, new Date(Date.parse(dob) + DAY_MS).toISOString().slice(0, 10), today) : null;
  const name = r.chance(0.5) ? fullName(r).toLocaleUpperCase('vi') : fullName(r);
  const addr = address(r);
  const g = gender === 'male' ? 'Nam' : r.pick(['Nữ', 'Nu']);
  const [dy, dm, dd] = dob.split('-');
  const issue = (sep: string) => (issueDate ? issueDate.split('-').reverse().join(sep) : '');
  const qr = r.chance(0.7)
    ? [id, r.pick(['', pad(r.int(0, 999_999_999), 9)]), name, `${dd}${dm}${dy}`, g, addr, issue(''), ...(r.chance(0.2) ? ['extra', 'x'] : [])].join('|')
    : [id, name, `${dd}/${dm}/${dy}`, g, addr, issue('/')].join('|');
  return { qr, id, dob, gender, name, address: addr, issueDate };
}

/** Agency codes as office.json may set them: dot-separated groups of digits and capitals. */
export const agencyCode = (r: Rng) => Array.from({ length: r.int(1, 4) }, () => Array.from({ length: r.int(1, 4) }, () => r.pick([...'0123456789ABCDEFGHJKLMNPQRSTUVXYZ'])).join('')).join('.');

/** A dossier's code parts within what the code can carry: a day of 2000-2099 and a sequence 1-9999. */
export const dossierParts = (r: Rng) => ({ agency: agencyCode(r), date: isoDate(r, '2000-01-01', '2099-12-31'), seq: r.weighted<number>([[3, () => r.int(1, 9999)], [1, () => r.pick([1, 9999])]]) });

/** A queue ticket label: a capital letter and `digits` digits. */
export const ticketLabel = (r: Rng, digits = 3) => `${String.fromCharCode(r.int(65, 90))}${pad(r.int(0, 10 ** digits - 1), digits)}`;
