// @ts-nocheck
// Counter specs ("1=A,B", "2=civil land", "3=*", "4"), property. Proves: (1) on random and mutated
// text, parseCounterSpec gives a counter numbered 1-99 serving a non-empty list of known groups, each
// once, or refuses with err.counterSpec or err.unknownGroup, never another exception; (2) every
// counter, written by formatCounterSpec or as an operator types it (prefixes or codes, any case,
// commas or spaces, '=' or ':'), parses back to the same number and the same groups.
import { describe, it } from 'vitest';
import { loadDomainData } from '../../src/app/data.js';
import { formatCounterSpec, parseCounterSpec } from '../../src/core/trip.js';
import { assert, forAll, mutate, often, resultOrRefusal, type Rng, same, text, TRICKY } from '../helpers/property.js';

const { groups } = loadDomainData();
const CODES = groups.map((g) => g.code);

function counter(r: Rng) {
  const picked = r.shuffle(CODES).slice(0, r.int(1, CODES.length));
  return { no: r.int(1, 99), groups: picked };
}

/** A counter as an operator may type it. */
function typed(r: Rng, c: { no: number; groups: string[] }): string {
  const names = c.groups.map((code) => {
    const g = groups.find((x) => x.code === code)!;
    return r.pick([g.prefix, g.prefix.toLowerCase(), g.code, g.code.toUpperCase()]);
  });
  const all = c.groups.length === CODES.length && r.chance(0.5);
  const list = all ? '*' : names.join(r.pick([',', ', ', ' ', ' , ']));
  return `${r.pick(['', ' '])}${c.no}${r.pick(['=', ' = ', ':', ': '])}${list}${r.pick(['', ' '])}`;
}

describe('counter specs, property', () => {
  it('10,000 counters, formatted or typed, parse back to the same number and groups', () => {
    forAll('round trip', { seed: 0xc0c0, runs: 10_000, gen: counter }, (c, r) => {
      for (const spec of [formatCounterSpec(c, groups), typed(r, c)]) {
        const got = parseCounterSpec(spec, groups);
        same(got.no, c.no, `number of ${JSON.stringify(spec)}`);
        same([...got.groups].sort(), [...c.groups].sort(), `groups of ${JSON.stringify(spec)}`);
      }
    });
  });

  it('20,000 random and mutated specs: a sound counter, or err.counterSpec / err.unknownGroup', () => {
    let ok = 0;
    const runs = forAll(
      'parser',
      { seed: 0xc0c1, runs: 20_000, gen: (r) => r.weighted<string>([[6, () => mutate(r, typed(r, counter(r)), [...'0123456789=:,* ABEHKacz-'])], [1, () => text(r, 20)], [1, () => r.pick(TRICKY)]]) },
      (spec) => {
        const res = resultOrRefusal(() => parseCounterSpec(spec, groups), ['err.counterSpec', 'err.unknownGroup']);
        if (!res.ok) return;
        ok++;
        const c = res.value;
        assert(Number.isInteger(c.no) && c.no >= 1 && c.no <= 99, () => `counter number ${c.no}`);
        assert(c.groups.length > 0 && new Set(c.groups).size === c.groups.length && c.groups.every((g) => CODES.includes(g)), () => `groups ${JSON.stringify(c.groups)}`);
      },
    );
    often(ok, runs / 20, 'counters accepted');
  });
});
