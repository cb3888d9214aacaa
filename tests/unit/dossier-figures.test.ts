// The trip's dossier figures (src/core/dossierFigures.ts) on a small trip worked out by hand: every
// figure of the result, and the time from the start of service to the receipt across park/resume.
import { describe, expect, it } from 'vitest';
import type { Dossier } from '../../src/core/dossier.js';
import { computeDossierFigures, receiptStart } from '../../src/core/dossierFigures.js';
import { C1, MIN, Sim, T0 } from './queue-sim.js';

const HELP = [
  { code: 'vneid', key: '1', name: { vi: 'VNeID', en: 'VNeID' } },
  { code: 'signature', key: '2', name: { vi: 'Chữ ký số', en: 'Digital signature' } },
];

let nextId = 1;
/** A stored dossier with what the figures read (the receipt's other details, which they do not read, left out). */
function dossier(o: Partial<Dossier>): Dossier {
  const id = nextId++;
  return ({
    agency: '000.00.20.H26',
    id,
    code: `000.00.20.H26-261123-${String(id).padStart(4, '0')}`,
    seq: id,
    tripId: 1,
    ticketId: null,
    ticketLabel: null,
    vietqr: null,
    receivedAt: T0,
    state: 'received',
    stateAt: T0,
    resultOn: null,
    operator: 'Lan',
    citizenId: '001152012345',
    citizenName: 'Nguyễn Thị Hường',
    procedureKey: '1.001193',
    procedureCode: '1.001193',
    procedureName: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
    field: 'civil',
    group: 'A',
    processingDays: 3,
    documents: [],
    feeVnd: 8000,
    payment: 'cash',
    returnMethod: 'next_visit',
    postalAddress: null,
    postalFeeVnd: 0,
    receivedOn: '2026-11-23',
    receivedTime: '07:30',
    dueDate: '2026-11-26',
    note: null,
    ...o,
  } as Partial<Dossier>) as Dossier;
}

describe('dossier figures', () => {
  it('a small trip, every figure', () => {
    const sim = new Sim();
    const a1 = sim.at(0).issue('civil');
    const a2 = sim.at(1).issue('civil');
    sim.at(5).call(C1); // A001 called at 5
    sim.at(6).start(C1); // served from 6
    sim.at(16).finish(C1);
    sim.at(17).call(C1); // A002 called at 17, parked at 20, resumed at 30
    sim.at(20).park(C1);
    sim.at(30).resume(a2.label, C1); // still under way
    const death = { procedureKey: '1.000656', procedureCode: '1.000656', procedureName: { vi: 'Đăng ký khai tử', en: 'Death registration' } };
    const dossiers = [
      dossier({ ticketId: a1.id, receivedAt: T0 + 14 * MIN, feeVnd: 8000, payment: 'cash' }), // 8 min after the start at 6
      dossier({ ticketId: a2.id, receivedAt: T0 + 19 * MIN, ...death, field: 'civil', feeVnd: 0, payment: 'exempt', returnMethod: 'post' }), // 2 min after the call at 17
      dossier({ ticketId: a2.id, receivedAt: T0 + 33 * MIN, field: 'welfare', feeVnd: 25000, payment: 'bank_qr' }), // 3 min after the resume at 30
      dossier({ ticketId: null, receivedAt: T0 + 40 * MIN, ...death, feeVnd: 12000, payment: 'online' }), // no ticket: no receipt time
      dossier({ ticketId: a1.id, receivedAt: T0 + 2 * MIN }), // before the ticket was called: no receipt time
      dossier({ ticketId: a1.id, receivedAt: T0 + 15 * MIN, state: 'cancelled', feeVnd: 99999, payment: 'cash', returnMethod: 'post' }), // cancelled: counts nowhere
    ];
    const help = new Map([['signature', 2], ['sim', 1]]);
    const ratings = new Map([[5, 3], [4, 1], [1, 1]]);
    const f = computeDossierFigures(dossiers, sim.state, help, HELP, ratings);
    expect(f).toEqual({
      dossiers: 5,
      // most first, then by name
      byProcedure: [
        { key: '1.001193', name: { vi: 'Đăng ký khai sinh', en: 'Birth registration' }, n: 3 },
        { key: '1.000656', name: { vi: 'Đăng ký khai tử', en: 'Death registration' }, n: 2 },
      ],
      byField: [
        { field: 'civil', n: 4 },
        { field: 'certification', n: 0 },
        { field: 'residence', n: 0 },
        { field: 'welfare', n: 1 },
        { field: 'merit', n: 0 },
        { field: 'labour', n: 0 },
        { field: 'land', n: 0 },
        { field: 'finance', n: 0 },
      ],
      feesVnd: 8000 + 0 + 25000 + 12000 + 8000,
      byPayment: [
        { method: 'cash', n: 2, vnd: 16000 },
        { method: 'bank_qr', n: 1, vnd: 25000 },
        { method: 'online', n: 1, vnd: 12000 },
        { method: 'exempt', n: 1, vnd: 0 },
      ],
      byPost: 1,
      // the catalogue's kinds in order, then kinds logged that it no longer lists
      help: [
        { code: 'vneid', n: 0 },
        { code: 'signature', n: 2 },
        { code: 'sim', n: 1 },
      ],
      helpTotal: 3,
      ratings: { n: 5, mean: (5 * 3 + 4 + 1) / 5, counts: [1, 0, 0, 1, 3] },
      // 8, 2 and 3 minutes: median 3, 90th percentile 8
      receipt: { n: 3, medianMs: 3 * MIN, p90Ms: 8 * MIN },
    });
  });

  it('ties in the procedures keep the name order; nothing received gives zeros and no mean', () => {
    const sim = new Sim();
    const f = computeDossierFigures(
      [dossier({ procedureKey: 'b', procedureName: { vi: 'Bê', en: 'B' } }), dossier({ procedureKey: 'a', procedureName: { vi: 'A', en: 'A' } })],
      sim.state,
      new Map(),
      HELP,
      new Map(),
    );
    expect(f.byProcedure.map((p) => p.key)).toEqual(['a', 'b']);
    const none = computeDossierFigures([], sim.state, new Map(), [], new Map());
    expect(none).toMatchObject({ dossiers: 0, feesVnd: 0, byPost: 0, help: [], helpTotal: 0, ratings: { n: 0, mean: null, counts: [0, 0, 0, 0, 0] }, receipt: { n: 0, medianMs: null, p90Ms: null } });
  });

  it('receiptStart: the latest start of service at or before the receipt, finished span or the one under way', () => {
    const sim = new Sim();
    const t = sim.at(0).issue('civil');
    sim.at(5).call(C1);
    sim.at(8).park(C1); // span 5-8
    sim.at(12).resume(t.label, C1); // under way from 12
    expect(receiptStart(sim.state, t.id, T0 + 4 * MIN)).toBeUndefined();
    expect(receiptStart(sim.state, t.id, T0 + 5 * MIN)).toBe(T0 + 5 * MIN);
    expect(receiptStart(sim.state, t.id, T0 + 11 * MIN)).toBe(T0 + 5 * MIN);
    expect(receiptStart(sim.state, t.id, T0 + 12 * MIN)).toBe(T0 + 12 * MIN);
    expect(receiptStart(sim.state, t.id + 99, T0 + 12 * MIN)).toBeUndefined();
    sim.at(20).finish(C1); // span 12-20; nothing under way now
    expect(receiptStart(sim.state, t.id, T0 + 30 * MIN)).toBe(T0 + 12 * MIN);
    expect(receiptStart(sim.state, t.id, T0 + 9 * MIN)).toBe(T0 + 5 * MIN);
  });

  it('receiptStart: the latest start, not the last one logged, when the clock was set back between two services', () => {
    // The laptop's clock corrected backwards while the ticket was set aside: the log's order is no
    // longer the order of the starts.
    const sim = new Sim();
    const t = sim.at(0).issue('civil');
    sim.at(5).call(C1);
    sim.at(8).park(C1); // span 5-8
    sim.at(2).resume(t.label, C1); // clock back: under way from 2
    expect(receiptStart(sim.state, t.id, T0 + 6 * MIN)).toBe(T0 + 5 * MIN);
    expect(receiptStart(sim.state, t.id, T0 + 3 * MIN)).toBe(T0 + 2 * MIN);
    sim.at(4).park(C1); // span 2-4, logged after 5-8
    expect(receiptStart(sim.state, t.id, T0 + 6 * MIN)).toBe(T0 + 5 * MIN);
    expect(receiptStart(sim.state, t.id, T0 + 3 * MIN)).toBe(T0 + 2 * MIN);
  });
});
