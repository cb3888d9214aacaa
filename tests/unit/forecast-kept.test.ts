// The waiting lines of every group come from one forecast per queue state: the main view asks each
// group's line in turn (and did run the whole forecast for each). Kept only while nothing moved: a
// new event, other counters or a clock a second on give a fresh forecast, equal to one made afresh.
import { describe, expect, it } from 'vitest';
import { forecast, keptForecast, waitingLine } from '../../src/core/queue/rules.js';
import type { Counter } from '../../src/core/queue/types.js';
import { C1, C2, GROUPS, RULES, Sim } from './queue-sim.js';

const civil = GROUPS[0]!;
const land = GROUPS[1]!;
const counters: Counter[] = [C1, C2];

describe('waiting lines from one forecast per queue state', () => {
  it('asks the forecast once for all the groups of one frame', () => {
    const sim = new Sim();
    for (let i = 0; i < 5; i++) sim.issue('civil');
    for (let i = 0; i < 3; i++) sim.issue('land');
    const a = waitingLine(sim.state, civil, GROUPS, counters, RULES, sim.now);
    const b = waitingLine(sim.state, land, GROUPS, counters, RULES, sim.now + 5);
    // Both lines are the one forecast's (the same entries, not worked out again).
    const kept = keptForecast(sim.state, GROUPS, counters, RULES, sim.now + 10);
    expect(kept.get(civil.code)).toBe(a);
    expect(kept.get(land.code)).toBe(b);
    expect(a.map((w) => w.ticket.label)).toEqual(['A001', 'A002', 'A003', 'A004', 'A005']);
    // The same as a forecast made afresh.
    expect(kept).toEqual(forecast(sim.state, GROUPS, counters, RULES, sim.now));
  });

  it('works the forecast out again when the queue moves, the counters change or a second passes', () => {
    const sim = new Sim();
    for (let i = 0; i < 4; i++) sim.issue('civil');
    const first = waitingLine(sim.state, civil, GROUPS, counters, RULES, sim.now);
    sim.call(C1);
    const moved = waitingLine(sim.state, civil, GROUPS, counters, RULES, sim.now);
    expect(moved).not.toBe(first);
    expect(moved.map((w) => w.ticket.label)).toEqual(['A002', 'A003', 'A004']);
    expect(moved).toEqual(forecast(sim.state, GROUPS, counters, RULES, sim.now).get(civil.code));
    const other = waitingLine(sim.state, civil, GROUPS, [C1], RULES, sim.now);
    expect(other).not.toBe(moved);
    expect(other).toEqual(forecast(sim.state, GROUPS, [C1], RULES, sim.now).get(civil.code));
    const later = waitingLine(sim.state, civil, GROUPS, [C1], RULES, sim.now + 1000);
    expect(later).not.toBe(other);
    expect(later).toEqual(forecast(sim.state, GROUPS, [C1], RULES, sim.now + 1000).get(civil.code));
  });
});
