// The data files (data/*.json) against their schema checks, property. Proves, for one random
// mutation at a time of each shipped file (a value replaced by any JSON value, a key or an item
// removed, added or renamed, a text, number or flag nudged):
//  (1) the check accepts it or throws its DataError naming the file and a JSON path that exists in
//      the mutated document (or names a key missing from an object that does) and that leads to,
//      or lies on the way to, what was changed; never a TypeError or any other exception;
//  (2) what it accepts holds no undefined and no NaN, and checking it again gives it back unchanged
//      (the checked value is a fixed point of its own check);
//  (3) a calendar it accepts gives due dates that are working days after the receipt, or refuses
//      a year it lacks with err.calendar.noYear;
//  (4) through the loader, a damaged file on disk (mutated JSON or mutated text) loads or is refused
//      with err.data / err.dataMissing naming the file, never anything else.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { findDataDir, loadDomainData } from '../../src/app/data.js';
import { WorkingDays } from '../../src/core/calendar.js';
import { checkHolidays, checkPriorityCategories, checkProvinces, checkQueueRules, checkServiceGroups } from '../../src/core/config.js';
import { DataError } from '../../src/core/check.js';
import { checkHelpServices, checkOffices } from '../../src/core/office.js';
import { checkProcedures } from '../../src/core/procedures.js';
import { checkForms } from '../../src/core/print/form.js';
import { checkRetention } from '../../src/core/retention.js';
import { assert, expectRefusal, forAll, isoDate, mutate, often, type Rng, same, show, text, TRICKY } from '../helpers/property.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Seg = string | number;

const DIR = findDataDir();
const read = (name: string) => JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Json;
const GROUP_CODES = (read('service-groups.json') as { groups: { code: string }[] }).groups.map((g) => g.code);

/** Each data file, its check, and how a checked value is put back into the file's shape to check it again. */
const FILES: { name: string; check: (j: unknown) => unknown; again: (v: never, doc: Json) => unknown }[] = [
  { name: 'service-groups.json', check: (j) => checkServiceGroups(j), again: (v) => ({ groups: v }) },
  { name: 'priority-categories.json', check: (j) => checkPriorityCategories(j), again: (v) => ({ categories: v }) },
  { name: 'queue-rules.json', check: (j) => checkQueueRules(j), again: (v) => v },
  { name: 'provinces.json', check: (j) => checkProvinces(j), again: (v) => ({ provinces: v }) },
  { name: 'holidays.json', check: (j) => checkHolidays(j), again: (v) => v },
  { name: 'procedures.json', check: (j) => checkProcedures(j, GROUP_CODES), again: (v) => ({ version: 1, procedures: v }) },
  { name: 'offices.json', check: (j) => checkOffices(j), again: (v) => ({ version: 1, offices: v }) },
  { name: 'help-services.json', check: (j) => checkHelpServices(j), again: (v) => ({ version: 1, services: v }) },
  { name: 'forms.json', check: (j) => checkForms(j), again: (v) => ({ version: 1, forms: v }) },
  { name: 'retention.json', check: (j) => checkRetention(j), again: (v, doc) => ({ version: 1, verified: (doc as { verified: Json }).verified, ...(v as object) }) },
];

/** Every path in a document: to each container and each value. */
function paths(doc: Json, at: Seg[] = [], out: Seg[][] = []): Seg[][] {
  out.push(at);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...at, i], out));
  else if (doc && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) paths(v, [...at, k], out);
  return out;
}

const get = (doc: Json, p: readonly Seg[]): Json | undefined => p.reduce<Json | undefined>((d, s) => (d && typeof d === 'object' ? (d as Record<string, Json>)[s as string] : undefined), doc);
const has = (doc: Json, p: readonly Seg[]) => {
  const parent = get(doc, p.slice(0, -1));
  return p.length === 0 || (!!parent && typeof parent === 'object' && Object.hasOwn(parent, p.at(-1) as string));
};

/** `doc` with `fn` applied to the container at `p`, copying only the containers on the way (the rest is shared). */
function edit(doc: Json, p: readonly Seg[], fn: (container: Json) => Json): Json {
  if (p.length === 0) return fn(doc);
  const [head, ...rest] = p as [Seg, ...Seg[]];
  const copy: Json = Array.isArray(doc) ? [...doc] : { ...(doc as Record<string, Json>) };
  (copy as Record<string, Json>)[head as string] = edit((doc as Record<string, Json>)[head as string] as Json, rest, fn);
  return copy;
}

function randomJson(r: Rng, depth = 0): Json {
  return r.weighted<Json>([
    [2, () => null],
    [2, () => r.chance(0.5)],
    [3, () => r.pick([0, 1, -1, 1.5, 2 ** 31, 1e21, -1e-9, 100, 36_500, 36_501, r.int(-1000, 1000)])],
    [4, () => r.pick([...TRICKY, text(r, 12), '2026-02-30', '24:00', 'A', 'civil', '001', '1.001193'])],
    [depth < 2 ? 1 : 0, () => Array.from({ length: r.int(0, 3) }, () => randomJson(r, depth + 1))],
    [depth < 2 ? 1 : 0, () => Object.fromEntries(Array.from({ length: r.int(0, 3) }, () => [r.pick(['vi', 'en', 'code', 'name', 'x']), randomJson(r, depth + 1)]))],
  ]);
}

/** A value nudged the way a hand edit might: a text retyped, a number off by a little or a lot, a flag flipped. */
function nudge(r: Rng, v: Json): Json {
  if (typeof v === 'string') return r.pick([mutate(r, v, [...'0123456789-.:AZaz Đđ']), '', ` ${v}`, v.toLowerCase(), v.normalize('NFD'), v + v]);
  if (typeof v === 'number') return r.pick([v + 1, v - 1, -v, v * 1000, v + 0.5, 0]);
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) return r.pick([[], [...v].reverse(), [...v, ...v]]);
  if (v && typeof v === 'object') return r.pick([{}, Object.fromEntries(Object.entries(v).reverse())]);
  return randomJson(r);
}

interface Mutation {
  doc: Json;
  /** Where the change is. */
  at: Seg[];
  op: string;
}

function mutation(r: Rng, original: Json, all: Seg[][]): Mutation {
  const p = r.pick(all);
  const parent = p.slice(0, -1);
  const key = p.at(-1);
  const target = get(original, p) as Json;
  return r.weighted<Mutation>([
    [4, () => ({ doc: edit(original, parent, (c) => (p.length ? Object.assign(Array.isArray(c) ? [...c] : { ...(c as object) }, { [key as string]: randomJson(r) }) : randomJson(r))), at: p, op: 'replace' })],
    [4, () => ({ doc: edit(original, p, (c) => nudge(r, c)), at: p, op: 'nudge' })],
    [
      p.length ? 2 : 0,
      () => ({
        doc: edit(original, parent, (c) => {
          if (Array.isArray(c)) return c.filter((_, i) => i !== key);
          const { [key as string]: _gone, ...rest } = c as Record<string, Json>;
          return rest;
        }),
        at: p,
        op: 'delete',
      }),
    ],
    [
      target && typeof target === 'object' ? 2 : 0,
      () => {
        if (Array.isArray(target)) {
          const i = r.int(0, target.length);
          const item = target.length && r.chance(0.6) ? (target[r.int(0, target.length - 1)] as Json) : randomJson(r);
          return { doc: edit(original, p, (c) => [...(c as Json[]).slice(0, i), item, ...(c as Json[]).slice(i)]), at: [...p, i], op: 'insert' };
        }
        const k = r.pick(['x', 'vi', 'code', 'version', '2030', ...Object.keys(target as object)]);
        return { doc: edit(original, p, (c) => ({ ...(c as object), [k]: randomJson(r) })), at: [...p, k], op: 'add' };
      },
    ],
    [
      p.length && typeof key === 'string' ? 1 : 0,
      () => {
        const k = r.pick([`${key}_`, (key as string).toUpperCase(), '', '2030', 'x']);
        // the change is to the keys of the object: where it is said is that object or under it
        return {
          doc: edit(original, parent, (c) => Object.fromEntries(Object.entries(c as object).map(([a, b]) => [a === key ? k : a, b]))),
          at: parent,
          op: 'rename',
        };
      },
    ],
  ]);
}

/** A DataError's path as segments: $.a.b[3].c -> ['a', 'b', 3, 'c']. */
function segments(path: string): Seg[] {
  assert(path.startsWith('$'), () => `path ${path} does not start at $`);
  return [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : (m[1] as string)));
}
const prefix = (a: readonly Seg[], b: readonly Seg[]) => a.length <= b.length && a.every((s, i) => String(s) === String(b[i]));

/** Nothing undefined, no NaN, anywhere in a checked value. */
function clean(v: unknown, where = '$'): void {
  assert(v !== undefined && !(typeof v === 'number' && Number.isNaN(v)), () => `${where} is ${String(v)}`);
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) clean(x, `${where}.${k}`);
}

describe('data files, property', () => {
  for (const [n, f] of FILES.entries()) {
    it(`${f.name}: 1,000 one-point mutations are accepted as a fixed point, or refused naming the field`, () => {
      const original = read(f.name);
      const all = paths(original);
      let refused = 0;
      const runs = forAll(f.name, { seed: 0xda7a + n, runs: 1000, gen: (r) => mutation(r, original, all) }, (m) => {
        let value: unknown;
        try {
          value = f.check(m.doc);
        } catch (e) {
          if (!(e instanceof DataError)) throw new Error(`${m.op} at ${show(m.at)} threw ${String(e)}`);
          refused++;
          assert(e.file === f.name, () => `file ${e.file}`);
          const errAt = segments(e.path);
          // the path is real: a value of the document, or a key missing from one of its objects
          assert(has(m.doc, errAt) || (errAt.length > 0 && typeof get(m.doc, errAt.slice(0, -1)) === 'object'), () => `path ${e.path} is not in the document`);
          // and it is about the change: on the way to it, under it, or (a duplicate) naming it in the problem
          const named = [errAt, ...[...e.problem.matchAll(/\$[^\s")]*/g)].map((x) => segments(x[0]))];
          assert(
            named.some((s) => prefix(s, m.at) || prefix(m.at, s)),
            () => `${m.op} at ${show(m.at)}, refused at ${e.path}: ${e.problem}`,
          );
          return;
        }
        clean(value);
        same(f.check(f.again(value as never, m.doc as Json)), value, 'checked again');
      });
      // both outcomes are common, or the mutations miss the checks
      often(refused, runs * 0.15, 'refused');
      often(runs - refused, runs * 0.05, 'accepted');
    });
  }

  it('calendars the check accepts: 3,000 due dates are working days after the receipt, or the year is refused', () => {
    const holidays = read('holidays.json');
    const all = paths(holidays);
    let due = 0;
    const runs = forAll(
      'due dates',
      {
        seed: 0xda80,
        runs: 3000,
        gen: (r) => ({ m: r.chance(0.7) ? mutation(r, holidays, all) : { doc: holidays, at: [], op: 'none' }, date: isoDate(r, '2024-12-01', '2028-01-31'), time: `${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`, days: r.int(0, 40) }),
      },
      ({ m, date, time, days }) => {
        let cal;
        try {
          cal = new WorkingDays(checkHolidays(m.doc));
        } catch (e) {
          if (e instanceof DataError) return;
          throw e;
        }
        let d: string;
        try {
          d = cal.dueDate(date, time, days);
        } catch (e) {
          expectRefusal(e, ['err.calendar.noYear', 'err.calendar.unverified']);
          return;
        }
        due++;
        assert(cal.lastVerified !== null && d <= cal.lastVerified, () => `due ${d} after the last checked day ${cal.lastVerified}`);
        assert(/^\d{4}-\d{2}-\d{2}$/.test(d) && d >= date && cal.isWorkingDay(d), () => `due ${d}`);
        if (days > 0) assert(d > date, () => `due ${d} for ${days} days from ${date}`);
      },
    );
    // about a third of the days fall in checked years (refused otherwise): a floor of a quarter holds at every PROPERTY_SCALE
    often(due, runs / 4, 'due dates');
  });

  describe('through the loader, on disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'luudong-data-'));
    for (const name of readdirSync(DIR)) if (name.endsWith('.json')) copyFileSync(join(DIR, name), join(dir, name));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('300 damaged files (mutated JSON or mutated text): loaded, or refused with err.data / err.dataMissing naming the file', () => {
      const names = FILES.map((f) => f.name).filter((x) => x !== 'retention.json');
      const refused = new Map<string, number>();
      const runs = forAll(
        'loader',
        {
          seed: 0xda81,
          runs: 300,
          gen: (r) => {
            const name = r.pick(names);
            const src = readFileSync(join(DIR, name), 'utf8');
            const body = r.chance(0.5) ? JSON.stringify(mutation(r, read(name), paths(read(name))).doc, null, 2) : mutate(r, src, [...'{}[]",:0123456789 \n\uFEFFaĐ'], 3);
            return { name, body };
          },
        },
        ({ name, body }) => {
          writeFileSync(join(dir, name), body);
          try {
            loadDomainData(dir);
          } catch (e) {
            const err = expectRefusal(e, ['err.data', 'err.dataMissing']);
            // the damaged file, or the procedures that name the service groups
            const file = String(err.params.file);
            assert(file.endsWith(`/${name}`) || (name === 'service-groups.json' && file.endsWith('/procedures.json')), () => `refusal names ${file}, not ${name}`);
            refused.set(err.code, (refused.get(err.code) ?? 0) + 1);
          } finally {
            copyFileSync(join(DIR, name), join(dir, name));
          }
        },
      );
      often(refused.get('err.data') ?? 0, runs / 6, 'err.data');
    });
  });
});
