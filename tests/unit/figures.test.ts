import { describe, expect, it } from 'vitest';
import { computeFigures } from '../../src/core/queue/figures.js';
import * as rules from '../../src/core/queue/rules.js';
import { QueueState } from '../../src/core/queue/state.js';
import type { QueueEvent } from '../../src/core/queue/types.js';
import { median, percentile } from '../../src/core/stats.js';
import { C1, C2, C3, MIN, Sim, T0 } from './queue-sim.js';

const spread = (n: number, medianMin: number | null, p90Min: number | null) => ({
  n,
  medianMs: medianMin === null ? null : medianMin * MIN,
  p90Ms: p90Min === null ? null : p90Min * MIN,
});

/** One morning, times in minutes after 07:30 local. */
function morning(): Sim {
  const sim = new Sim();
  sim.at(0).issue('civil'); // A001 07:30
  sim.at(5).issue('civil', 'elderly'); // A002 07:35
  sim.at(10).issue('land'); // B001 07:40
  sim.at(15).call(C1); // A002 waited 10
  sim.at(16).start(C1);
  sim.at(20).call(C2); // B001 waited 10
  sim.at(22).start(C2);
  sim.at(26).finish(C1); // A002 served 10 (16 -> 26)
  sim.at(26).call(C1); // A001 waited 26
  sim.at(28).start(C1);
  sim.at(35).issue('civil'); // A003 08:05
  sim.at(40).finish(C1); // A001 served 12 (28 -> 40)
  sim.at(40).walkIn(C3, 'digital'); // H001 08:10, walk-in
  sim.at(46).finish(C3); // H001 served 6
  sim.at(50).issue('land'); // B002 08:20, still waiting
  sim.at(50).finish(C2); // B001 served 28 (22 -> 50)
  sim.at(50).call(C1); // A003 waited 15
  sim.at(55).noShow(C1);
  return sim;
}

describe('closing the trip (issue 13 item 5)', () => {
  it('ends every ticket waiting, set aside, called or at a counter as closed, not served; absent and served ones keep their outcome', () => {
    const sim = morning(); // A003 no-show, B002 waiting
    sim.at(56).issue('civil'); // A004
    sim.at(57).call(C1); // A004 called
    sim.at(58).issue('land'); // B003
    sim.at(59).call(C2); // B002 called…
    sim.at(60).start(C2); // …and at the counter
    sim.at(61).park(C2); // set aside
    sim.at(62).call(C2); // B003 called
    sim.at(63).start(C2); // B003 being served
    const before = computeFigures(sim.state, ['civil', 'land', 'digital'], [1, 2, 3]);
    expect(before).toMatchObject({ issued: 8, served: 4, noShows: 1, waiting: 0, parked: 1, inService: 2, unserved: 0 });
    const events = rules.closingEvents(sim.state, sim.at(65).actor());
    expect(events.map((e) => [sim.state.tickets.get(e.ticketId)?.label, e.type, e.counter])).toEqual([
      ['B002', 'closed', 2],
      ['A004', 'closed', 1],
      ['B003', 'closed', 2],
    ]);
    sim.apply(events);
    const f = computeFigures(sim.state, ['civil', 'land', 'digital'], [1, 2, 3]);
    expect(f).toMatchObject({ issued: 8, served: 4, noShows: 1, waiting: 0, parked: 0, inService: 0, unserved: 3 });
    expect(f.served + f.noShows + f.waiting + f.parked + f.inService + f.unserved).toBe(f.issued);
    expect(f.byGroup.find((g) => g.group === 'land')).toMatchObject({ issued: 3, served: 1, noShows: 0, waiting: 0, unserved: 2 });
    // the service cut short by the close is no service: the times are those before it
    expect(f.service).toEqual(before.service);
    expect(sim.state.currentAt(2)).toBeUndefined();
    // nothing left to close
    expect(rules.closingEvents(sim.state, sim.actor())).toEqual([]);
  });

  it('folds the same from the stored log in another process', () => {
    const sim = morning();
    sim.apply(rules.closingEvents(sim.state, sim.at(60).actor()));
    const again = QueueState.from(sim.log);
    expect([...again.tickets.values()].map((t) => [t.label, t.status])).toEqual([...sim.state.tickets.values()].map((t) => [t.label, t.status]));
    expect(again.byLabel('B002')?.status).toBe('unserved');
    expect(again.byLabel('A003')?.status).toBe('no_show');
  });
});

describe('computeFigures', () => {
  it('counts tickets by outcome', () => {
    const f = computeFigures(morning().state, ['civil', 'land', 'digital'], [1, 2, 3]);
    expect(f).toMatchObject({ issued: 6, served: 4, noShows: 1, waiting: 1, walkIns: 1, priority: 1 });
  });

  it('wait is arrival to first call, without walk-ins; service is each finished span', () => {
    const f = computeFigures(morning().state, ['civil', 'land', 'digital'], [1, 2, 3]);
    // Waits 10, 10, 26, 15 -> sorted 10, 10, 15, 26: median (10 + 15) / 2, P90 by nearest rank = 26.
    expect(f.wait).toEqual(spread(4, 12.5, 26));
    // Services 10, 12, 6, 28 -> sorted 6, 10, 12, 28: median 11, P90 28.
    expect(f.service).toEqual(spread(4, 11, 28));
  });

  it('per group, in the given order, with empty groups included', () => {
    const f = computeFigures(morning().state, ['civil', 'land', 'digital', 'finance'], [1, 2, 3]);
    expect(f.byGroup).toEqual([
      { group: 'civil', issued: 3, served: 2, noShows: 1, waiting: 0, unserved: 0, wait: spread(3, 15, 26), service: spread(2, 11, 12) },
      { group: 'land', issued: 2, served: 1, noShows: 0, waiting: 1, unserved: 0, wait: spread(1, 10, 10), service: spread(1, 28, 28) },
      { group: 'digital', issued: 1, served: 1, noShows: 0, waiting: 0, unserved: 0, wait: spread(0, null, null), service: spread(1, 6, 6) },
      { group: 'finance', issued: 0, served: 0, noShows: 0, waiting: 0, unserved: 0, wait: spread(0, null, null), service: spread(0, null, null) },
    ]);
  });

  it('per counter', () => {
    const f = computeFigures(morning().state, ['civil', 'land', 'digital'], [1, 2, 3, 4]);
    expect(f.byCounter).toEqual([
      { counter: 1, served: 2, service: spread(2, 11, 12) },
      { counter: 2, served: 1, service: spread(1, 28, 28) },
      { counter: 3, served: 1, service: spread(1, 6, 6) },
      { counter: 4, served: 0, service: spread(0, null, null) },
    ]);
  });

  it('arrivals by local hour', () => {
    const f = computeFigures(morning().state, [], []);
    expect(f.arrivalsByHour).toEqual([
      { hour: 7, count: 3 },
      { hour: 8, count: 3 },
    ]);
  });

  it('uses the local time zone for hours (TZ=Asia/Ho_Chi_Minh, UTC+7), sorted by hour', () => {
    const issued = (id: number, at: number): QueueEvent => ({ id, ticketId: id, label: `A00${id}`, type: 'issued', at, counter: null, group: 'civil', priority: null, operator: null });
    const s = QueueState.from([
      issued(1, Date.UTC(2026, 10, 23, 3, 59)), // 10:59 local
      issued(2, Date.UTC(2026, 10, 23, 0, 59)), // 07:59 local
      issued(3, Date.UTC(2026, 10, 22, 17, 0)), // 00:00 local on the 23rd
      issued(4, Date.UTC(2026, 10, 23, 0, 0)), // 07:00 local
    ]);
    expect(computeFigures(s, ['civil'], []).arrivalsByHour).toEqual([
      { hour: 0, count: 1 },
      { hour: 7, count: 2 },
      { hour: 10, count: 1 },
    ]);
  });

  it('a transfer: arrival figures stay with the first group, outcome and service go to the last', () => {
    const sim = new Sim();
    sim.at(0).issue('civil'); // A001
    sim.at(5).call(C1); // waited 5
    sim.at(6).start(C1);
    sim.at(10).transfer('A001', 'land'); // span at counter 1 ends, not a service
    sim.at(12).call(C2);
    sim.at(20).finish(C2); // service 8, from the call (never started)
    const f = computeFigures(sim.state, ['land'], []);
    expect(f).toMatchObject({ issued: 1, served: 1, waiting: 0 });
    expect(f.service).toEqual(spread(1, 8, 8));
    expect(f.byGroup).toEqual([
      { group: 'land', issued: 0, served: 1, noShows: 0, waiting: 0, unserved: 0, wait: spread(0, null, null), service: spread(1, 8, 8) },
      { group: 'civil', issued: 1, served: 0, noShows: 0, waiting: 0, unserved: 0, wait: spread(1, 5, 5), service: spread(0, null, null) },
    ]);
    // Counters not in the trip's list but with finished services are appended; a transferred span is no service.
    expect(f.byCounter).toEqual([{ counter: 2, served: 1, service: spread(1, 8, 8) }]);
  });

  it('parked spans are not services, the later finished span is', () => {
    const sim = new Sim();
    sim.at(0).issue('civil');
    sim.at(1).call(C1);
    sim.at(2).start(C1);
    sim.at(7).park(C1);
    sim.at(20).resume('A001', C1);
    sim.at(23).finish(C1);
    const f = computeFigures(sim.state, ['civil'], [1]);
    expect(f.service).toEqual(spread(1, 3, 3));
    expect(f.wait).toEqual(spread(1, 1, 1));
    expect(f.served).toBe(1);
  });

  it('an empty trip has zeros and no times', () => {
    const f = computeFigures(new QueueState(), ['civil'], [1]);
    expect(f).toEqual({
      issued: 0,
      served: 0,
      noShows: 0,
      waiting: 0,
      parked: 0,
      inService: 0,
      unserved: 0,
      walkIns: 0,
      priority: 0,
      wait: spread(0, null, null),
      service: spread(0, null, null),
      byGroup: [{ group: 'civil', issued: 0, served: 0, noShows: 0, waiting: 0, unserved: 0, wait: spread(0, null, null), service: spread(0, null, null) }],
      byCounter: [{ counter: 1, served: 0, service: spread(0, null, null) }],
      arrivalsByHour: [],
    });
  });

  it('called, parked tickets are neither waiting nor served', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.issue('civil');
    sim.issue('civil');
    const c4 = { no: 4, groups: ['civil'] };
    sim.call(C1);
    sim.call(c4);
    sim.park(c4);
    const f = computeFigures(sim.state, ['civil'], [1]);
    expect(f).toMatchObject({ issued: 3, served: 0, waiting: 1, noShows: 0 });
    expect(f.wait.n).toBe(2);
    expect(f.byGroup[0]).toMatchObject({ issued: 3, served: 0, waiting: 1 });
  });

  it('a returned no-show is waiting again and keeps its first wait', () => {
    const sim = new Sim();
    sim.at(0).issue('civil');
    sim.at(4).call(C1);
    sim.at(5).noShow(C1);
    sim.at(9).returnNoShow('A001');
    sim.at(30).call(C1);
    const f = computeFigures(sim.state, ['civil'], [1]);
    expect(f).toMatchObject({ noShows: 0, waiting: 0 });
    expect(f.wait).toEqual(spread(1, 4, 4));
  });

  it('T0 is 07:30 local in the test time zone', () => {
    expect(new Date(T0).toISOString()).toBe('2026-11-23T00:30:00.000Z');
  });
});

describe('stats', () => {
  it('median of odd and even counts, unsorted input, not mutated', () => {
    const odd = [9, 1, 5];
    expect(median(odd)).toBe(5);
    expect(odd).toEqual([9, 1, 5]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 2])).toBe(6);
    expect(median([7])).toBe(7);
    expect(median([-5, 100, 0])).toBe(0);
    // numeric, not lexicographic, sort
    expect(median([100, 20, 3])).toBe(20);
  });

  it('median of an empty list is undefined', () => {
    expect(median([])).toBeUndefined();
  });

  it('percentile by nearest rank', () => {
    const ten = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(ten, 90)).toBe(9); // rank ceil(9) = 9
    expect(percentile(ten, 91)).toBe(10); // rank ceil(9.1) = 10
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 100)).toBe(10);
    expect(percentile(ten, 0)).toBe(1);
    expect(percentile(ten, 10)).toBe(1);
    expect(percentile(ten, 11)).toBe(2);
    expect(percentile([1, 2, 3, 4], 90)).toBe(4);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([42], 90)).toBe(42);
    expect(percentile([100, 20, 3], 50)).toBe(20);
    expect(ten).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('percentile of an empty list is undefined', () => {
    expect(percentile([], 90)).toBeUndefined();
    expect(percentile([], 0)).toBeUndefined();
  });
});
