// The kept forecast stands only for the same instant up to just under a second later, for the same
// groups and rules: a clock that went back, a full second on, other service times or another fairness
// rule give the estimates worked out afresh (the waiting screen never shows a stale minute).
import { describe, expect, it } from 'vitest';
import type { QueueRules, ServiceGroup } from '../../src/core/config.js';
import { forecast, keptForecast } from '../../src/core/queue/rules.js';
import { C1, GROUPS, MIN, RULES, Sim } from './queue-sim.js';

/** A001 being served at counter 1 since `start` (typical 8 min), A002 waiting behind it. */
function served() {
  const sim = new Sim();
  sim.issue('civil');
  sim.call(C1);
  sim.start(C1);
  const start = sim.now;
  sim.issue('civil');
  return { sim, start };
}
/** One list of counters, the same array each time (as the main view passes it). */
const ONE = [C1];
const a002 = (lines: Map<string, { ticket: { label: string }; estimateMs: number | undefined }[]>) => lines.get('civil')!.find((w) => w.ticket.label === 'A002')!.estimateMs;

describe('kept forecast and the clock', () => {
  it('asked twice at the same instant, it is worked out once', () => {
    const { sim, start } = served();
    const first = keptForecast(sim.state, GROUPS, ONE, RULES, start + 2 * MIN);
    expect(keptForecast(sim.state, GROUPS, ONE, RULES, start + 2 * MIN)).toBe(first);
  });

  it('a full second on, the estimate is worked out again (6 min 0.5 s left is 7 min, 5 min 59.5 s is 6)', () => {
    const { sim, start } = served();
    const at = start + 2 * MIN - 500;
    expect(a002(keptForecast(sim.state, GROUPS, ONE, RULES, at))).toBe(7 * MIN);
    expect(a002(keptForecast(sim.state, GROUPS, ONE, RULES, at + 999))).toBe(7 * MIN);
    expect(a002(keptForecast(sim.state, GROUPS, ONE, RULES, at + 1000))).toBe(6 * MIN);
  });

  it('a clock set back is worked out again', () => {
    const { sim, start } = served();
    const at = start + 2 * MIN + 500;
    expect(a002(keptForecast(sim.state, GROUPS, ONE, RULES, at))).toBe(6 * MIN);
    expect(a002(keptForecast(sim.state, GROUPS, ONE, RULES, at - 1000))).toBe(7 * MIN);
  });

  it('other service times give other estimates', () => {
    const { sim, start } = served();
    const slow: ServiceGroup[] = GROUPS.map((g) => (g.code === 'civil' ? { ...g, defaultServiceMinutes: 20 } : g));
    expect(a002(keptForecast(sim.state, GROUPS, ONE, RULES, start + 2 * MIN))).toBe(6 * MIN);
    expect(a002(keptForecast(sim.state, slow, ONE, RULES, start + 2 * MIN))).toBe(18 * MIN);
  });

  it('another fairness rule gives another call order', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.tick(1).issue('civil', 'elderly');
    const none: QueueRules = { ...RULES, maxPriorityInARow: 0 };
    const labels = (r: QueueRules) => keptForecast(sim.state, GROUPS, ONE, r, sim.now).get('civil')!.map((w) => w.ticket.label);
    expect(labels(RULES)).toEqual(['A002', 'A001']);
    expect(labels(none)).toEqual(['A001', 'A002']);
    expect(keptForecast(sim.state, GROUPS, ONE, none, sim.now)).toEqual(forecast(sim.state, GROUPS, ONE, none, sim.now));
  });
});
