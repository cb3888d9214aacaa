// Which counter the forecast lets call first: the one free soonest, and among counters free at the
// same moment the lowest-numbered, whatever order the trip lists them in. And a counter's priority
// streak in the forecast follows the fairness rule (after maxPriorityInARow priority calls, an
// ordinary citizen), so the estimates are the order the counters will really call in.
import { describe, expect, it } from 'vitest';
import { callOrder, forecast } from '../../src/core/queue/rules.js';
import type { Counter } from '../../src/core/queue/types.js';
import { C1, GROUPS, MIN, RULES, Sim } from './queue-sim.js';

const K1: Counter = { no: 1, groups: ['civil'] };
const K2: Counter = { no: 2, groups: ['civil', 'land'] };

const est = (lines: Map<string, { ticket: { label: string }; estimateMs: number | undefined }[]>) =>
  Object.fromEntries([...lines].map(([g, l]) => [g, l.map((w) => [w.ticket.label, w.estimateMs])]));

describe('forecast: which counter calls first', () => {
  it('two counters free now: counter 1 takes the civil citizen, counter 2 the land one, both at once', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.tick(1).issue('land');
    const want = { civil: [['A001', 0]], land: [['B001', 0]] };
    expect(est(forecast(sim.state, GROUPS, [K1, K2], RULES, sim.now))).toEqual(want);
    expect(est(forecast(sim.state, GROUPS, [K2, K1], RULES, sim.now))).toEqual(want);
  });

  it('a free counter calls before a busy lower-numbered one', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.call(K1);
    sim.start(K1);
    sim.tick(1).issue('civil');
    const want = { civil: [['A002', 0]] };
    expect(est(forecast(sim.state, GROUPS, [K2, K1], RULES, sim.now))).toEqual(want);
    expect(est(forecast(sim.state, GROUPS, [K1, K2], RULES, sim.now))).toEqual(want);
  });
});

describe('forecast: the fairness rule per counter', () => {
  it('after two priority calls the counter calls the ordinary citizen, then the third priority one', () => {
    const sim = new Sim();
    sim.issue('civil', 'elderly');
    sim.tick(1).issue('civil', 'pregnant');
    sim.tick(1).issue('civil', 'disability');
    sim.tick(1).issue('civil');
    const line = forecast(sim.state, GROUPS, [C1], RULES, sim.now).get('civil')!;
    expect(line.map((w) => [w.ticket.label, w.estimateMs])).toEqual([
      ['A001', 0],
      ['A002', 8 * MIN],
      ['A004', 16 * MIN],
      ['A003', 24 * MIN],
    ]);
    expect(line.map((w) => w.ticket.label)).toEqual(callOrder(sim.state, C1, RULES).map((t) => t.label));
  });
});
