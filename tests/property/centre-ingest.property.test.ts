// What vehicles send the centre, property. Proves that any mutation of a valid trip, dossier batch
// or bundle's records (fields removed, swapped for hostile values, wrong types, lines damaged) is
// either accepted as sound or refused with the centre's own refusal, never another exception; and
// that what is accepted is sound: every ticket folds with a wait that is never negative, every
// dossier's history starts with its receipt and ends in its state along allowed steps.
import { describe, it } from 'vitest';
import { checkBundleRecords, checkDossierBatch, checkTripPayload, foldTickets } from '../../src/centre/core/ingest.js';
import { checkTransition, type DossierState } from '../../src/core/lifecycle.js';
import type { Manifest } from '../../src/core/handover.js';
import { assert, forAll, often, resultOrRefusal, type Rng, TRICKY } from '../helpers/property.js';

const T = Date.UTC(2026, 10, 16, 1, 0);
const HOSTILE: unknown[] = [...TRICKY, null, 0, -1, 1.5, 2 ** 60, true, [], {}, [1], { a: 1 }, '2026-13-45', 'A001', T, -T];

/** Replace, remove or retype a few values anywhere in a JSON value. */
function mutate(r: Rng, v: unknown, depth = 0): unknown {
  if (r.chance(depth === 0 ? 0 : 0.04)) return r.pick(HOSTILE);
  if (Array.isArray(v)) {
    const out = v.map((x) => mutate(r, x, depth + 1));
    if (r.chance(0.05) && out.length) out.splice(r.int(0, out.length - 1), 1);
    if (r.chance(0.05) && out.length) out.splice(r.int(0, out.length), 0, out[r.int(0, out.length - 1)]);
    return out;
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!r.chance(0.03)) out[k] = mutate(r, x, depth + 1);
    if (r.chance(0.03)) out[r.pick(['__proto__', 'constructor', 'extra'])] = r.pick(HOSTILE);
    return out;
  }
  return v;
}

function trip(r: Rng) {
  const n = r.int(1, 8);
  const tickets = Array.from({ length: n }, (_, i) => ({ id: 100 + i, label: `A${String(i + 1).padStart(3, '0')}` }));
  const events: unknown[] = [];
  let id = 0;
  for (const tk of tickets) {
    const at = T + tk.id * 60_000;
    events.push({ id: ++id, ticket: tk.id, type: 'issued', at, counter: null, group: 'civil', priority: null });
    for (const type of r.pick([['called', 'started', 'finished'], ['called', 'no_show'], ['called', 'recalled', 'started', 'parked', 'resumed', 'finished'], []])) events.push({ id: ++id, ticket: tk.id, type, at: at + id * 1000, counter: 1, group: null, priority: null });
  }
  return { trip: { id: 3, commune: 'Xã Mỹ Đức', place: 'Nhà văn hóa', date: '2026-11-16', start: '07:30', end: '11:30', openedAt: T, closedAt: T + 1 }, tickets, events, help: [{ kind: 'vneid', n: 2 }], ratings: [{ ticket: 100, score: 5 }] };
}

const PATHS: DossierState[][] = [['received'], ['received', 'handed_over'], ['received', 'handed_over', 'result_ready', 'returned'], ['received', 'cancelled'], ['received', 'handed_over', 'processing', 'refused']];

function dossier(r: Rng, i: number) {
  const path = r.pick(PATHS);
  return {
    code: `000.00.20.H26-261116-${String(i + 1).padStart(4, '0')}`,
    trip: 3,
    commune: 'Xã Mỹ Đức',
    ticket: 100 + i,
    receivedOn: '2026-11-16',
    receivedAt: T,
    dueDate: '2026-11-18',
    procedure: { key: '1.001193', code: '1.001193', name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' }, field: 'civil', group: 'civil' },
    feeVnd: 0,
    payment: 'exempt',
    returnMethod: 'next_visit',
    state: path[path.length - 1],
    stateAt: T + path.length * 1000,
    resultOn: null,
    events: path.map((to, k) => ({ at: T + k * 1000, from: k ? path[k - 1] : null, to })),
  };
}

describe('what vehicles send', () => {
  it('a trip, mutated: accepted sound, or refused as a payload', () => {
    let accepted = 0;
    let refused = 0;
    const runs = forAll('trip', { seed: 17, runs: 3000, gen: (r) => (r.chance(0.25) ? trip(r) : mutate(r, trip(r))) }, (input) => {
      const res = resultOrRefusal(() => checkTripPayload(input), ['err.centre.payload']);
      if (!res.ok) return void refused++;
      accepted++;
      for (const f of foldTickets(res.value)) assert(f.waitMs === null || f.waitMs >= 0, () => `negative wait ${f.waitMs}`);
    });
    often(accepted, runs / 10, 'trips accepted');
    often(refused, runs / 10, 'trips refused');
  });

  it('a dossier batch, mutated: accepted along the lifecycle, or refused', () => {
    let accepted = 0;
    let refused = 0;
    const runs = forAll('dossiers', { seed: 23, runs: 3000, gen: (r) => {
        const batch = { dossiers: Array.from({ length: r.int(1, 5) }, (_, i) => dossier(r, i)) };
        return r.chance(0.25) ? batch : mutate(r, batch);
      } }, (input) => {
      const res = resultOrRefusal(() => checkDossierBatch(input), ['err.centre.payload', 'err.centre.lifecycle']);
      if (!res.ok) return void refused++;
      accepted++;
      for (const d of res.value) {
        assert(d.events[0]?.from === null && d.events[0]?.to === 'received', 'starts with its receipt');
        assert(d.events.at(-1)?.to === d.state, 'ends in its state');
        for (let k = 1; k < d.events.length; k++) checkTransition(d.events[k - 1]?.to as DossierState, d.events[k]?.to as DossierState);
      }
    });
    often(accepted, runs / 10, 'batches accepted');
    often(refused, runs / 10, 'batches refused');
  });

  it("a bundle's records, damaged line by line: accepted whole, or refused as a bundle", () => {
    let accepted = 0;
    let refused = 0;
    const runs = forAll(
      'bundle',
      {
        seed: 29,
        runs: 1500,
        gen: (r) => {
          const ds = Array.from({ length: r.int(1, 3) }, (_, i) => dossier(r, i));
          const iso = (ms: number) => new Date(ms).toISOString();
          const dossiers = ds.map((d) => ({ code: d.code, state: d.state, stateAt: iso(d.stateAt), receivedOn: d.receivedOn, receivedAt: iso(d.receivedAt), dueDate: d.dueDate, resultOn: null, citizen: { id: '001152012345', name: 'Nguyễn Thị Hường' }, procedure: d.procedure, feeVnd: 0, payment: 'exempt', returnMethod: 'next_visit', attachments: [] }));
          const events = ds.flatMap((d) => d.events.map((e) => ({ code: d.code, at: iso(e.at), from: e.from, to: e.to })));
          const damage = r.chance(0.75);
          const lines = (xs: unknown[]) => xs.map((x) => JSON.stringify(damage ? mutate(r, x, 1) : x)).map((l) => (damage && r.chance(0.03) ? l.slice(0, r.int(0, l.length)) : l));
          return { d: lines(dossiers), e: lines(events), c: lines([{ id: '001152012345', fullName: 'Nguyễn Thị Hường' }]), counts: { dossiers: dossiers.length, events: events.length, citizens: 1, attachments: 0 } };
        },
      },
      (input) => {
        const files: Record<string, string> = { 'dossiers.jsonl': input.d.join('\n') + '\n', 'events.jsonl': input.e.join('\n') + '\n', 'citizens.jsonl': input.c.join('\n') + '\n' };
        const m = { trip: { id: 3, commune: 'Xã Mỹ Đức', place: 'p', date: '2026-11-16' }, counts: input.counts, files: Object.keys(files).map((path) => ({ path, bytes: 1, sha256: '0'.repeat(64) })) } as unknown as Manifest;
        const res = resultOrRefusal(() => checkBundleRecords(m, (p) => Buffer.from(files[p] ?? ''), 'Xã Mỹ Đức'), ['err.centre.bundle', 'err.centre.payload', 'err.centre.lifecycle']);
        if (res.ok) accepted++;
        else refused++;
      },
    );
    often(accepted, runs / 15, 'bundles accepted');
    often(refused, runs / 15, 'bundles refused');
  });
});
