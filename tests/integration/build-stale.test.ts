// The test run's build of dist/ (tests/helpers/build.ts): stale when anything the bundle is made
// from changed after it, however deep in src/ or drivers/, and cheap to check when it is not.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILD_INPUTS, ROOT, staleBecause } from '../helpers/build.js';

const root = mkdtempSync(join(tmpdir(), 'luudong-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const T0 = new Date('2026-11-23T07:00:00Z');
const at = (path: string, when: Date) => {
  const p = join(root, path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, '');
  utimesSync(p, when, when);
  for (let d = dirname(p); d.startsWith(root) && d !== root; d = dirname(d)) utimesSync(d, T0, T0);
};

describe('building dist/ for the tests', () => {
  it('is stale when dist/ is missing, and when any input changed after it (a message in src/i18n, a driver, the data, the build script, the packages)', () => {
    expect(staleBecause(root)).toBe('dist/luudong.cjs is missing');
    for (const f of ['src/i18n/en.ts', 'drivers/printer/serial.ts', 'data/holidays.json', 'scripts/build.mjs', 'scripts/string-width-fast.mjs', 'scripts/yoga-shim.mjs', 'package.json', 'node_modules/.package-lock.json']) at(f, T0);
    at('dist/luudong.cjs', new Date(T0.getTime() + 60_000));
    expect(staleBecause(root)).toBeNull();
    const later = new Date(T0.getTime() + 120_000);
    for (const [changed, input] of [
      ['src/i18n/en.ts', 'src'],
      ['drivers/printer/serial.ts', 'drivers'],
      ['data/holidays.json', 'data'],
      ['scripts/build.mjs', 'scripts/build.mjs'],
      ['scripts/yoga-shim.mjs', 'scripts/yoga-shim.mjs'],
      ['node_modules/.package-lock.json', 'node_modules/.package-lock.json'],
    ] as const) {
      at(changed, later);
      expect([changed, staleBecause(root)]).toEqual([changed, `${input} changed since the last build`]);
      at(changed, T0);
      expect(staleBecause(root)).toBeNull();
    }
    // a file deleted from src/ (its folder's time changes), and a new one deep inside
    at('src/app/gone.ts', T0);
    unlinkSync(join(root, 'src/app/gone.ts'));
    utimesSync(join(root, 'src/app'), later, later);
    expect(staleBecause(root)).toBe('src changed since the last build');
    utimesSync(join(root, 'src/app'), T0, T0);
    at('drivers/scanner/new/deep.ts', later);
    expect(staleBecause(root)).toBe('drivers changed since the last build');
    // what the bundle is not made from changes nothing
    rmSync(join(root, 'drivers/scanner/new'), { recursive: true });
    utimesSync(join(root, 'drivers/scanner'), T0, T0);
    at('tests/unit/x.test.ts', later);
    at('README.md', later);
    expect(staleBecause(root)).toBeNull();
    expect(BUILD_INPUTS).toEqual(expect.arrayContaining(['src', 'drivers', 'data', 'scripts/build.mjs']));
  });

  it('the check on this repository is cheap, and its dist/ is fresh (the run built it first)', () => {
    const t = performance.now();
    expect(staleBecause(ROOT)).toBeNull();
    expect(performance.now() - t).toBeLessThan(500);
  });
});
