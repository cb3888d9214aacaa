import { describe, expect, it } from 'vitest';
import {
  callOrder,
  decideCallNext,
  decideReturn,
  decideTransfer,
  findTicket,
  issuedEvent,
  pickNext,
  planIssue,
  ticketLabel,
  typicalServiceMs,
  waitingLine,
} from '../../src/core/queue/rules.js';
import { QueueState, RECENT_CALLS } from '../../src/core/queue/state.js';
import type { Counter, QueueEvent } from '../../src/core/queue/types.js';
import { C1, C2, C3, CALL, GROUPS, MIN, PRIORITIES, RULES, Sim, T0, domainCode, ev } from './queue-sim.js';

const civil = GROUPS[0]!;
const land = GROUPS[1]!;

describe('QueueState folding', () => {
  it('builds tickets from a hand-made event list', () => {
    const s = QueueState.from([
      ev(1, 1, 'A001', 'issued', T0, { group: 'civil' }),
      ev(2, 2, 'A002', 'issued', T0 + MIN, { group: 'civil', priority: 'elderly' }),
      ev(3, 2, 'A002', 'called', T0 + 2 * MIN, { counter: 1 }),
      ev(4, 2, 'A002', 'started', T0 + 3 * MIN, { counter: 1 }),
      ev(5, 2, 'A002', 'finished', T0 + 10 * MIN, { counter: 1 }),
    ]);
    expect(s.eventCount).toBe(5);
    expect(s.lastEventId).toBe(5);
    const a1 = s.tickets.get(1)!;
    const a2 = s.tickets.get(2)!;
    expect(a1.status).toBe('waiting');
    expect(a2).toMatchObject({ status: 'done', counter: 1, firstCalledAt: T0 + 2 * MIN, finishedAt: T0 + 10 * MIN, priority: 'elderly', walkIn: false });
    expect(s.spans).toEqual([{ ticketId: 2, counter: 1, group: 'civil', start: T0 + 3 * MIN, end: T0 + 10 * MIN, endReason: 'finished' }]);
    expect(s.streakAt(1)).toBe(1);
    expect(s.lastSeq.get('A')).toBe(2);
  });

  it('ignores events it has already seen (idempotent catch-up)', () => {
    const events = [ev(1, 1, 'A001', 'issued', T0, { group: 'civil' }), ev(2, 1, 'A001', 'called', T0 + MIN, { counter: 1 })];
    const s = QueueState.from(events);
    s.apply(events[0]!);
    s.apply(events[1]!);
    s.apply(ev(2, 1, 'A001', 'no_show', T0 + 2 * MIN, { counter: 1 }));
    expect(s.eventCount).toBe(2);
    expect(s.tickets.get(1)!.status).toBe('called');
    expect(s.recentCalls).toHaveLength(1);
  });

  it('finds a ticket by its label (any case, spaces around) and the one a counter finished last', () => {
    const s = QueueState.from([
      ev(1, 1, 'A001', 'issued', T0, { group: 'civil' }),
      ev(2, 2, 'A002', 'issued', T0, { group: 'civil' }),
      ev(3, 3, 'B001', 'issued', T0, { group: 'land' }),
      ev(4, 1, 'A001', 'called', T0 + MIN, { counter: 1 }),
      ev(5, 1, 'A001', 'finished', T0 + 5 * MIN, { counter: 1 }),
      ev(6, 3, 'B001', 'called', T0 + 2 * MIN, { counter: 2 }),
      ev(7, 3, 'B001', 'finished', T0 + 9 * MIN, { counter: 2 }),
      ev(8, 2, 'A002', 'called', T0 + 6 * MIN, { counter: 1 }),
      ev(9, 2, 'A002', 'finished', T0 + 8 * MIN, { counter: 1 }),
    ]);
    expect(s.byLabel(' a002 ')?.id).toBe(2);
    expect(s.byLabel('A003')).toBeUndefined();
    expect(findTicket(s, 'b001').id).toBe(3);
    expect(s.lastFinishedAt(1)?.label).toBe('A002');
    expect(s.lastFinishedAt(2)?.label).toBe('B001');
    expect(s.lastFinishedAt(3)).toBeUndefined();
    // called again but not finished: the last finished one is still the answer
    s.apply(ev(10, 1, 'A001', 'called', T0 + 10 * MIN, { counter: 2 }));
    expect(s.lastFinishedAt(2)?.label).toBe('B001');
  });

  it('keeps only the most recent calls for the board, newest first', () => {
    const sim = new Sim();
    for (let i = 0; i < RECENT_CALLS + 3; i++) sim.issue('civil');
    for (let i = 0; i < RECENT_CALLS + 3; i++) sim.tick(1).call(C1);
    expect(sim.state.recentCalls).toHaveLength(RECENT_CALLS);
    const label = (n: number) => `A${String(n).padStart(3, '0')}`;
    expect(sim.state.recentCalls[0]!.label).toBe(label(RECENT_CALLS + 3));
    expect(sim.state.recentCalls[RECENT_CALLS - 1]!.label).toBe(label(4));
  });
});

describe('ticket labels', () => {
  it('pads the sequence to the configured digits and grows past 999', () => {
    expect(ticketLabel('A', 1, 3)).toBe('A001');
    expect(ticketLabel('B', 42, 3)).toBe('B042');
    expect(ticketLabel('A', 999, 3)).toBe('A999');
    expect(ticketLabel('A', 1000, 3)).toBe('A1000');
    expect(ticketLabel('K', 7, 4)).toBe('K0007');
  });

  it('numbers tickets per group', () => {
    const sim = new Sim();
    expect(sim.issue('civil').label).toBe('A001');
    expect(sim.issue('land').label).toBe('B001');
    expect(sim.issue('civil', 'elderly').label).toBe('A002');
    expect(sim.issue('digital').label).toBe('H001');
    expect(sim.issue('land').label).toBe('B002');
    expect(sim.state.lastSeq.get('A')).toBe(2);
    expect(sim.state.lastSeq.get('B')).toBe(2);
  });

  it('issues A1000 after A999 (4 digits) and keeps counting from the stored labels', () => {
    const s = QueueState.from([ev(1, 1, 'A999', 'issued', T0, { group: 'civil' })]);
    const plan = planIssue(s, GROUPS, 'civil', null, PRIORITIES, RULES);
    expect(plan).toMatchObject({ seq: 1000, label: 'A1000' });
    s.apply(ev(2, 2, 'A1000', 'issued', T0, { group: 'civil' }));
    expect(planIssue(s, GROUPS, 'civil', null, PRIORITIES, RULES).label).toBe('A1001');
  });

  it('finds the group by code or by prefix letter in any case', () => {
    const s = new QueueState();
    expect(planIssue(s, GROUPS, 'land', null, PRIORITIES, RULES).group.code).toBe('land');
    expect(planIssue(s, GROUPS, 'B', null, PRIORITIES, RULES).group.code).toBe('land');
    expect(planIssue(s, GROUPS, 'b', null, PRIORITIES, RULES).group.code).toBe('land');
  });

  it('refuses an unknown group or priority category', () => {
    const s = new QueueState();
    expect(domainCode(() => planIssue(s, GROUPS, 'nope', null, PRIORITIES, RULES))).toEqual({ code: 'err.unknownGroup', params: { group: 'nope' } });
    expect(domainCode(() => planIssue(s, GROUPS, 'Z', null, PRIORITIES, RULES)).code).toBe('err.unknownGroup');
    expect(domainCode(() => planIssue(s, GROUPS, 'civil', 'vip', PRIORITIES, RULES))).toEqual({ code: 'err.unknownPriority', params: { priority: 'vip' } });
  });

  it('findTicket trims and ignores case; unknown labels are refused', () => {
    const sim = new Sim();
    sim.issue('civil');
    expect(findTicket(sim.state, ' a001 ').label).toBe('A001');
    expect(domainCode(() => findTicket(sim.state, 'A002')).code).toBe('err.ticketNotFound');
  });
});

describe('who is called next', () => {
  it('priority tickets jump the line, among themselves by arrival (not by category)', () => {
    const sim = new Sim();
    sim.issue('civil'); // A001 ordinary
    sim.tick(1).issue('civil', 'pregnant'); // A002
    sim.tick(1).issue('civil'); // A003 ordinary
    sim.tick(1).issue('civil', 'elderly'); // A004
    expect(sim.order()).toEqual(['A002', 'A004', 'A001', 'A003']);
    expect(sim.tick(1).call(C1).label).toBe('A002');
    expect(sim.tick(1).call(C1).label).toBe('A004');
    expect(sim.tick(1).call(C1).label).toBe('A001');
    expect(sim.tick(1).call(C1).label).toBe('A003');
  });

  it('orders equal arrival times by ticket id', () => {
    const s = QueueState.from([
      ev(1, 5, 'A001', 'issued', T0, { group: 'civil' }),
      ev(2, 3, 'A002', 'issued', T0, { group: 'civil' }),
      ev(3, 4, 'A003', 'issued', T0, { group: 'civil' }),
    ]);
    expect(callOrder(s, C1, RULES).map((t) => t.label)).toEqual(['A002', 'A003', 'A001']);
    expect(pickNext(s, C1, RULES)!.label).toBe('A002');
  });

  it('after maxPriorityInARow priority calls, the oldest ordinary ticket goes next', () => {
    const sim = new Sim();
    sim.issue('civil'); // A001
    sim.tick(1).issue('civil'); // A002
    for (let i = 0; i < 4; i++) sim.tick(1).issue('civil', 'elderly'); // A003..A006
    expect(sim.order()).toEqual(['A003', 'A004', 'A001', 'A005', 'A006', 'A002']);
    const called: string[] = [];
    for (let i = 0; i < 6; i++) called.push(sim.tick(1).call(C1).label);
    expect(called).toEqual(['A003', 'A004', 'A001', 'A005', 'A006', 'A002']);
  });

  it('tracks the streak in the state and resets it on an ordinary call', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.issue('civil', 'elderly');
    sim.issue('civil', 'elderly');
    sim.issue('civil', 'elderly');
    sim.call(C1);
    expect(sim.state.streakAt(1)).toBe(1);
    sim.call(C1);
    expect(sim.state.streakAt(1)).toBe(2);
    expect(sim.call(C1).priority).toBeNull();
    expect(sim.state.streakAt(1)).toBe(0);
    expect(sim.call(C1).label).toBe('A004');
  });

  it('keeps calling priority tickets when no ordinary ticket waits', () => {
    const sim = new Sim();
    for (let i = 0; i < 4; i++) sim.tick(1).issue('civil', 'disability');
    const called = [1, 2, 3].map(() => sim.tick(1).call(C1).label);
    expect(called).toEqual(['A001', 'A002', 'A003']);
    expect(sim.state.streakAt(1)).toBe(3);
    // An ordinary citizen now arrives after the streak is already over the limit: goes first.
    sim.tick(1).issue('civil');
    expect(sim.tick(1).call(C1).label).toBe('A005');
  });

  it('the streak is per counter: another counter\'s priority calls never make this one skip a priority citizen', () => {
    // As met: counters 1 and 2 called two priority tickets; counter 3's first call took H001 over
    // the elderly H002 of the same minute.
    const K1: Counter = { no: 1, groups: ['civil', 'digital'] };
    const K2: Counter = { no: 2, groups: ['civil', 'digital'] };
    const K3: Counter = { no: 3, groups: ['digital'] };
    const sim = new Sim();
    sim.issue('civil', 'elderly'); // A001
    sim.issue('civil', 'pregnant'); // A002
    sim.tick(1).issue('digital'); // H001
    sim.issue('digital', 'elderly'); // H002, same minute
    expect(sim.call(K1).label).toBe('A001');
    expect(sim.call(K2).label).toBe('A002');
    expect(sim.call(K3).label).toBe('H002');
    expect([sim.state.streakAt(1), sim.state.streakAt(2), sim.state.streakAt(3)]).toEqual([1, 1, 1]);
  });

  it('the streak limit holds at each counter of a shared group', () => {
    const K1: Counter = { no: 1, groups: ['civil', 'land'] };
    const K2: Counter = { no: 2, groups: ['civil', 'land'] };
    const sim = new Sim();
    sim.issue('civil'); // A001
    sim.issue('land'); // B001
    for (let i = 0; i < 4; i++) sim.tick(1).issue('civil', 'elderly'); // A002..A005
    expect(sim.call(K1).label).toBe('A002');
    expect(sim.call(K1).label).toBe('A003');
    // Counter 2 has called nobody yet: its first call is the next priority ticket...
    expect(sim.call(K2).label).toBe('A004');
    // ...while counter 1, after two priority calls in a row, takes the oldest ordinary ticket.
    expect(sim.call(K1).label).toBe('A001');
    expect(sim.order(['civil', 'land'], 2)).toEqual(['A005', 'B001']);
    expect(sim.order(['civil', 'land'], 1)).toEqual(['A005', 'B001']);
    expect(sim.call(K2).label).toBe('A005');
    expect(sim.call(K2).label).toBe('B001');
  });

  it('every call follows the rule, for several counters sharing groups (random mornings)', () => {
    // The rule checked from the log alone, independently of pickNext: at a counter whose own last
    // maxPriorityInARow calls from the line were all priority, an ordinary ticket goes next if one
    // waits; otherwise a priority ticket if one waits; within a rank, the earliest arrival.
    const counters: Counter[] = [
      { no: 1, groups: ['civil', 'land'] },
      { no: 2, groups: ['civil', 'digital'] },
      { no: 3, groups: ['digital'] },
      { no: 4, groups: ['land', 'civil', 'digital'] },
    ];
    let seed = 11;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let checked = 0;
    let skippedOrdinary = 0;
    for (let round = 0; round < 30; round++) {
      const sim = new Sim();
      const history = new Map<number, boolean[]>(); // per counter: was each call from the line priority
      for (let step = 0; step < 60; step++) {
        if (rnd() < 0.5) {
          sim.tick(rnd() < 0.5 ? 0 : 1).issue(['civil', 'land', 'digital'][Math.floor(rnd() * 3)]!, rnd() < 0.4 ? 'elderly' : null);
          continue;
        }
        const c = counters[Math.floor(rnd() * counters.length)]!;
        const waiting = [...sim.state.tickets.values()].filter((t) => t.status === 'waiting' && c.groups.includes(t.group));
        if (waiting.length === 0) continue;
        const earliest = (xs: typeof waiting) => [...xs].sort((a, b) => a.issuedAt - b.issuedAt || a.id - b.id)[0];
        const prio = earliest(waiting.filter((t) => t.priority));
        const ord = earliest(waiting.filter((t) => !t.priority));
        const h = history.get(c.no) ?? [];
        const full = h.length >= RULES.maxPriorityInARow && h.slice(-RULES.maxPriorityInARow).every(Boolean);
        const expected = prio && (!full || !ord) ? prio : ord;
        if (full && prio && ord) skippedOrdinary++;
        const got = sim.tick(1).call(c);
        expect(got.label).toBe(expected!.label);
        h.push(!!got.priority);
        history.set(c.no, h);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(skippedOrdinary).toBeGreaterThan(5); // the limit was actually met, not just the easy case
  });

  it('callOrder matches successive pickNext results', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let round = 0; round < 20; round++) {
      const sim = new Sim();
      const n = 5 + Math.floor(rnd() * 20);
      for (let i = 0; i < n; i++) {
        const g = ['civil', 'land', 'digital'][Math.floor(rnd() * 3)] as string;
        const p = rnd() < 0.4 ? 'elderly' : null;
        if (rnd() < 0.7) sim.tick(1);
        sim.issue(g, p);
      }
      // Some history before the prediction, so the streak does not start at 0.
      const warm = Math.floor(rnd() * 3);
      for (let i = 0; i < warm; i++) sim.tick(1).call(CALL);
      const counter: Counter = rnd() < 0.5 ? CALL : { no: 4, groups: ['civil', 'land'] };
      const predicted = callOrder(sim.state, counter, RULES).map((t) => t.label);
      const actual: string[] = [];
      for (let next = pickNext(sim.state, counter, RULES); next; next = pickNext(sim.state, counter, RULES)) {
        actual.push(next.label);
        sim.tick(1).call(counter);
      }
      expect(actual).toEqual(predicted);
      expect(domainCode(() => decideCallNext(sim.state, counter, RULES, sim.actor()))).toEqual({ code: 'err.noneWaiting', params: { counter: counter.no } });
    }
  });

  it('only calls from the counter’s own groups', () => {
    const sim = new Sim();
    sim.issue('land');
    sim.tick(1).issue('civil');
    expect(sim.call(C1).label).toBe('A001');
    expect(domainCode(() => sim.call(C3))).toEqual({ code: 'err.noneWaiting', params: { counter: 3 } });
    expect(sim.order(['land'])).toEqual(['B001']);
  });

  it('calling next at a counter that is serving finishes the current ticket', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.issue('civil');
    const first = sim.call(C1);
    sim.tick(2).start(C1);
    sim.tick(5);
    const { events } = decideCallNext(sim.state, C1, RULES, sim.actor());
    expect(events.map((e) => [e.type, e.ticketId, e.counter])).toEqual([
      ['finished', first.id, 1],
      ['called', 2, 1],
    ]);
    sim.apply(events);
    expect(sim.byLabel('A001')).toMatchObject({ status: 'done', finishedAt: T0 + 7 * MIN });
    expect(sim.state.spans).toEqual([{ ticketId: first.id, counter: 1, group: 'civil', start: T0 + 2 * MIN, end: T0 + 7 * MIN, endReason: 'finished' }]);
    expect(sim.state.currentAt(1)!.label).toBe('A002');
  });

  it('a called ticket that is never started is served from its call time', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.tick(1).call(C1);
    sim.tick(4).finish(C1);
    expect(sim.state.spans[0]).toMatchObject({ start: T0 + MIN, end: T0 + 5 * MIN, endReason: 'finished' });
  });
});

describe('counter actions and their refusals', () => {
  it('refuses actions at an idle counter', () => {
    const sim = new Sim();
    sim.issue('civil');
    for (const act of [() => sim.start(C1), () => sim.finish(C1), () => sim.recall(C1), () => sim.noShow(C1), () => sim.park(C1)]) {
      expect(domainCode(act)).toEqual({ code: 'err.counterIdle', params: { counter: 1 } });
    }
  });

  it('refuses a call when nobody waits', () => {
    const sim = new Sim();
    expect(domainCode(() => sim.call(C1))).toEqual({ code: 'err.noneWaiting', params: { counter: 1 } });
  });

  it('refuses to start twice and a no-show while serving', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.call(C1);
    sim.start(C1);
    expect(domainCode(() => sim.start(C1))).toEqual({ code: 'err.alreadyServing', params: { ticket: 'A001' } });
    expect(domainCode(() => sim.noShow(C1))).toEqual({ code: 'err.noShowWhileServing', params: { ticket: 'A001' } });
  });

  it('counts recalls and shows them on the board as recalls', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.call(C1);
    sim.tick(1).recall(C1);
    sim.tick(1).recall(C1);
    const t = sim.byLabel('A001');
    expect(t.recalls).toBe(2);
    expect(t.lastCalledAt).toBe(T0 + 2 * MIN);
    expect(t.firstCalledAt).toBe(T0);
    expect(t.status).toBe('called');
    expect(sim.state.recentCalls.map((c) => c.recall)).toEqual([true, true, false]);
  });

  it('parks a ticket out of the line and resumes it at another counter', () => {
    const sim = new Sim();
    sim.issue('civil'); // A001
    sim.issue('civil'); // A002
    const both: Counter = { no: 2, groups: ['civil', 'land'] };
    sim.call(C1);
    sim.tick(1).start(C1);
    sim.tick(3).park(C1);
    const parked = sim.byLabel('A001');
    expect(parked.status).toBe('parked');
    expect(sim.state.currentAt(1)).toBeUndefined();
    expect(sim.state.spans).toEqual([{ ticketId: parked.id, counter: 1, group: 'civil', start: T0 + MIN, end: T0 + 4 * MIN, endReason: 'parked' }]);
    expect(sim.order()).toEqual(['A002']);
    expect(sim.state.byStatus('parked').map((t) => t.label)).toEqual(['A001']);
    // Counter 2 is serving A002; resuming A001 there finishes A002 first.
    sim.tick(1).call(both);
    sim.tick(5);
    const resumed = sim.resume('a001', both);
    expect(resumed).toMatchObject({ status: 'called', counter: 2, lastCalledAt: T0 + 10 * MIN, firstCalledAt: T0 });
    expect(sim.byLabel('A002').status).toBe('done');
    expect(sim.state.recentCalls[0]).toMatchObject({ label: 'A001', counter: 2, recall: false });
    sim.tick(2).finish(both);
    expect(sim.state.spans.at(-1)).toMatchObject({ ticketId: parked.id, counter: 2, start: T0 + 10 * MIN, end: T0 + 12 * MIN, endReason: 'finished' });
  });

  it('refuses to resume a ticket that is not parked', () => {
    const sim = new Sim();
    sim.issue('civil');
    expect(domainCode(() => sim.resume('A001', C1))).toEqual({ code: 'err.notParked', params: { ticket: 'A001' } });
  });
});

describe('no-show and return', () => {
  function noShowScenario() {
    const sim = new Sim();
    sim.issue('civil'); // A001 at T0
    sim.tick(1).issue('civil'); // A002
    sim.tick(1).issue('civil'); // A003
    sim.tick(1).call(C1); // A001
    sim.tick(2).recall(C1);
    sim.tick(1).noShow(C1); // at T0 + 6
    return sim;
  }

  it('a no-show leaves the counter and the line', () => {
    const sim = noShowScenario();
    expect(sim.byLabel('A001')).toMatchObject({ status: 'no_show', noShowAt: T0 + 6 * MIN });
    expect(sim.state.currentAt(1)).toBeUndefined();
    expect(sim.order()).toEqual(['A002', 'A003']);
    expect(sim.state.spans).toEqual([]);
  });

  it('a return within noShowReturnMinutes keeps the original place', () => {
    const sim = noShowScenario();
    sim.tick(30); // exactly the limit
    const t = sim.returnNoShow('A001');
    expect(t).toMatchObject({ status: 'waiting', counter: null, noShowAt: null, issuedAt: T0 });
    expect(sim.order()).toEqual(['A001', 'A002', 'A003']);
    expect(sim.tick(1).call(C1).label).toBe('A001');
  });

  it('a return after the window is refused with err.returnTooLate', () => {
    const sim = noShowScenario();
    sim.now += 30 * MIN + 1;
    expect(domainCode(() => sim.returnNoShow('A001'))).toEqual({ code: 'err.returnTooLate', params: { ticket: 'A001', minutes: 30 } });
    expect(sim.byLabel('A001').status).toBe('no_show');
  });

  it('uses the configured window', () => {
    const sim = new Sim(undefined, { ...RULES, noShowReturnMinutes: 5 });
    sim.issue('civil');
    sim.call(C1);
    sim.noShow(C1);
    const t = sim.byLabel('A001');
    expect(decideReturn(t, sim.queueRules, { at: sim.now + 5 * MIN, operator: null })).toHaveLength(1);
    expect(domainCode(() => decideReturn(t, sim.queueRules, { at: sim.now + 6 * MIN, operator: null })).code).toBe('err.returnTooLate');
  });

  it('refuses to return a ticket that is not a no-show', () => {
    const sim = new Sim();
    sim.issue('civil');
    expect(domainCode(() => sim.returnNoShow('A001'))).toEqual({ code: 'err.notNoShow', params: { ticket: 'A001' } });
  });
});

describe('transfer', () => {
  it('keeps the original arrival time: goes before later tickets of the target group', () => {
    const sim = new Sim();
    sim.issue('civil'); // A001 at T0
    sim.tick(1).issue('land'); // B001
    sim.tick(1).issue('land'); // B002
    const t = sim.tick(5).transfer('A001', 'land');
    expect(t).toMatchObject({ group: 'land', originalGroup: 'civil', status: 'waiting', issuedAt: T0 });
    expect(sim.order(['land'])).toEqual(['A001', 'B001', 'B002']);
    expect(sim.order(['civil'])).toEqual([]);
    expect(sim.call(C2).label).toBe('A001');
  });

  it('a transferred ticket that arrived later goes after earlier tickets of the target group', () => {
    const sim = new Sim();
    sim.issue('land'); // B001 at T0
    sim.tick(1).issue('civil'); // A001
    sim.tick(1).issue('land'); // B002
    sim.transfer('A001', 'B');
    expect(sim.order(['land'])).toEqual(['B001', 'A001', 'B002']);
  });

  it('ends the service span at the first counter and does not count as finished', () => {
    const sim = new Sim();
    sim.issue('civil'); // A001 at T0
    sim.issue('land'); // B001 at T0
    sim.tick(2).call(C1);
    sim.tick(1).start(C1);
    sim.tick(4).transfer('A001', 'land');
    const t = sim.byLabel('A001');
    expect(t).toMatchObject({ status: 'waiting', counter: null, spanStart: null, group: 'land' });
    expect(sim.state.currentAt(1)).toBeUndefined();
    expect(sim.state.spans).toEqual([{ ticketId: t.id, counter: 1, group: 'civil', start: T0 + 3 * MIN, end: T0 + 7 * MIN, endReason: 'transferred' }]);
    expect(sim.log.at(-1)).toMatchObject({ type: 'transferred', counter: 1, group: 'land' });
    // At the land counter it is called before B001 (same arrival, lower id) and served.
    expect(sim.tick(1).call(C2).label).toBe('A001');
    sim.tick(6).finish(C2);
    expect(sim.state.spans.at(-1)).toMatchObject({ counter: 2, group: 'land', start: T0 + 8 * MIN, end: T0 + 14 * MIN, endReason: 'finished' });
  });

  it('can transfer a parked ticket back into a waiting line', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.call(C1);
    sim.park(C1);
    sim.transfer('A001', 'digital');
    expect(sim.order(['digital'])).toEqual(['A001']);
  });

  it('refuses same group, unknown group and closed tickets', () => {
    const sim = new Sim();
    sim.issue('civil'); // A001
    sim.issue('civil'); // A002
    const a1 = sim.byLabel('A001');
    expect(domainCode(() => decideTransfer(a1, GROUPS, 'civil', sim.actor()))).toEqual({ code: 'err.sameGroup', params: { ticket: 'A001' } });
    expect(domainCode(() => decideTransfer(a1, GROUPS, 'A', sim.actor())).code).toBe('err.sameGroup');
    expect(domainCode(() => decideTransfer(a1, GROUPS, 'space', sim.actor()))).toEqual({ code: 'err.unknownGroup', params: { group: 'space' } });
    sim.call(C1);
    sim.finish(C1);
    expect(domainCode(() => sim.transfer('A001', 'land'))).toEqual({ code: 'err.ticketClosed', params: { ticket: 'A001' } });
    sim.call(C1);
    sim.noShow(C1);
    expect(domainCode(() => sim.transfer('A002', 'land')).code).toBe('err.ticketClosed');
  });
});

describe('walk-in', () => {
  it('is issued, called and started at once at the counter', () => {
    const sim = new Sim();
    const t = sim.walkIn(C3, 'digital');
    expect(t).toMatchObject({ label: 'H001', walkIn: true, status: 'serving', counter: 3, firstCalledAt: T0 });
    expect(sim.log.map((e) => e.type)).toEqual(['issued', 'called', 'started']);
    expect(sim.log[0]!.counter).toBe(3);
    expect(sim.order()).toEqual([]);
  });

  it('does not count in the priority streak (neither adds nor resets)', () => {
    const sim = new Sim();
    sim.issue('civil'); // A001 ordinary
    sim.issue('civil', 'elderly'); // A002
    sim.issue('civil', 'elderly'); // A003
    sim.issue('civil', 'elderly'); // A004
    sim.call(C1); // A002, streak 1
    sim.walkIn(C3, 'digital');
    expect(sim.state.streakAt(1)).toBe(1);
    sim.call(C1); // A003, streak 2
    sim.walkIn(C3, 'digital'); // finishes H001, serves H002
    expect(sim.state.streakAt(1)).toBe(2);
    expect(sim.call(C1).label).toBe('A001');
  });

  it('finishes the ticket being served at that counter', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.call(C1);
    sim.start(C1);
    sim.tick(3).walkIn(C1, 'civil');
    expect(sim.byLabel('A001').status).toBe('done');
    expect(sim.state.currentAt(1)!.label).toBe('A002');
  });

  it('is refused for a group the counter does not serve', () => {
    const sim = new Sim();
    expect(domainCode(() => sim.walkIn(C1, 'land'))).toEqual({ code: 'err.counterNotServing', params: { counter: 1, group: 'land' } });
  });

  it('a walk-in later transferred and called from the line counts in the streak', () => {
    const sim = new Sim();
    sim.walkIn(C3, 'digital'); // H001, ordinary
    sim.tick(1).transfer('H001', 'civil');
    sim.issue('civil', 'elderly');
    sim.issue('civil', 'elderly');
    sim.call(C1);
    sim.call(C1);
    expect(sim.state.streakAt(1)).toBe(2);
    expect(sim.call(C1).label).toBe('H001');
    expect(sim.state.streakAt(1)).toBe(0); // this call from the line counts: an ordinary call resets
  });
});

describe('waiting line estimates', () => {
  const one: Counter[] = [C1];
  const line = (sim: Sim, g: typeof civil, counters: readonly Counter[]) => waitingLine(sim.state, g, GROUPS, counters, RULES, sim.now);

  it('falls back to the group default when nothing was served yet; the first is called at once by an idle counter', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.issue('civil');
    sim.issue('civil');
    expect(typicalServiceMs(sim.state, civil, RULES)).toBe(8 * MIN);
    expect(line(sim, civil, one).map((w) => [w.ticket.label, w.ahead, w.estimateMs])).toEqual([
      ['A001', 0, 0],
      ['A002', 1, 8 * MIN],
      ['A003', 2, 16 * MIN],
    ]);
  });

  it('shares the tickets ahead among the counters serving the group, never 0 with someone ahead', () => {
    const sim = new Sim();
    for (let i = 0; i < 5; i++) sim.issue('land');
    const l = line(sim, land, [C1, C2, { no: 4, groups: ['land', 'civil'] }]);
    // Two idle counters serve land: B001 and B002 are called now (B002 has one ahead: a minute),
    // then one more each service time.
    expect(l.map((w) => w.estimateMs)).toEqual([0, 1 * MIN, 12 * MIN, 12 * MIN, 24 * MIN]);
    expect(l.map((w) => w.ahead)).toEqual([0, 1, 2, 3, 4]);
  });

  it('uses the median of recent finished service spans of the group', () => {
    const sim = new Sim();
    for (let i = 0; i < 7; i++) sim.issue('civil');
    sim.issue('land');
    // Services of 4, 6 and 20 minutes in civil (median 6); a 30-minute land service must not count.
    for (const m of [4, 6, 20]) {
      sim.call(C1);
      sim.tick(m).finish(C1);
    }
    sim.call(C2);
    sim.tick(30).finish(C2);
    // A parked span and a transferred span in civil do not count either.
    sim.call(C1);
    sim.tick(50).park(C1);
    sim.call(C1);
    sim.tick(40).transfer('A005', 'land');
    expect(typicalServiceMs(sim.state, civil, RULES)).toBe(6 * MIN);
    expect(line(sim, civil, one).map((w) => [w.ticket.label, w.estimateMs])).toEqual([
      ['A006', 0],
      ['A007', 6 * MIN],
    ]);
  });

  it('only the most recent recentServiceCount services feed the median', () => {
    const sim = new Sim(undefined, { ...RULES, recentServiceCount: 2 });
    for (let i = 0; i < 4; i++) sim.issue('civil');
    for (const m of [1, 2, 10, 20]) {
      sim.call(C1);
      sim.tick(m).finish(C1);
    }
    expect(typicalServiceMs(sim.state, civil, sim.queueRules)).toBe(15 * MIN);
    expect(typicalServiceMs(sim.state, civil, RULES)).toBe(6 * MIN);
  });

  it('is in call order (priority first) and has no estimate when no counter serves the group', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.issue('civil', 'elderly');
    expect(line(sim, civil, [C2, C3]).map((w) => [w.ticket.label, w.ahead, w.estimateMs])).toEqual([
      ['A002', 0, undefined],
      ['A001', 1, undefined],
    ]);
    expect(line(sim, land, [C1])).toEqual([]);
  });

  it('groups sharing one counter share its time', () => {
    // As met: each group was estimated as if it had the counter alone (civil 0/8, land 0/12).
    const K4: Counter = { no: 4, groups: ['civil', 'land'] };
    const sim = new Sim();
    sim.issue('civil'); // A001
    sim.tick(1).issue('land'); // B001
    sim.tick(1).issue('civil'); // A002
    sim.tick(1).issue('land'); // B002
    const lines = sim.lines([K4]);
    // Called in arrival order at the one counter: A001 now, B001 after 8, A002 after 8+12, B002 after 28.
    expect(lines.get('civil')!.map((w) => [w.ticket.label, w.ahead, w.estimateMs])).toEqual([
      ['A001', 0, 0],
      ['A002', 1, 20 * MIN],
    ]);
    expect(lines.get('land')!.map((w) => [w.ticket.label, w.ahead, w.estimateMs])).toEqual([
      ['B001', 0, 8 * MIN],
      ['B002', 1, 28 * MIN],
    ]);
  });

  it('counts the service under way: the rest of its typical time, and never 0 while it lasts', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.issue('civil');
    sim.call(C1);
    sim.start(C1);
    sim.tick(3);
    expect(line(sim, civil, one).map((w) => w.estimateMs)).toEqual([5 * MIN]);
    // Long past the typical time the counter is still busy: a minute, not 0 or less.
    sim.tick(30);
    expect(line(sim, civil, one).map((w) => w.estimateMs)).toEqual([1 * MIN]);
  });

  it('after very short services, someone ahead or a busy counter still means at least a minute', () => {
    // As met: `≤ 0ph` after services of a few seconds.
    const sim = new Sim();
    for (let i = 0; i < 6; i++) sim.issue('civil');
    for (let i = 0; i < 3; i++) {
      sim.call(C1);
      sim.now += 10_000;
      sim.finish(C1);
    }
    expect(typicalServiceMs(sim.state, civil, RULES)).toBe(10_000);
    sim.call(C1);
    const l = line(sim, civil, one);
    expect(l.map((w) => w.ahead)).toEqual([0, 1]);
    expect(l.every((w) => (w.estimateMs ?? 0) >= MIN)).toBe(true);
  });

  it('never 0 while someone is ahead or every serving counter is busy; whole minutes; never decreasing along a line (random mornings)', () => {
    const counters: Counter[] = [
      { no: 1, groups: ['civil', 'land'] },
      { no: 2, groups: ['civil'] },
      { no: 3, groups: ['digital', 'land'] },
    ];
    let seed = 5;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let zeros = 0;
    for (let round = 0; round < 40; round++) {
      const sim = new Sim();
      for (let step = 0; step < 40; step++) {
        const r = rnd();
        const c = counters[Math.floor(rnd() * counters.length)]!;
        try {
          if (r < 0.45) sim.issue(['civil', 'land', 'digital'][Math.floor(rnd() * 3)]!, rnd() < 0.3 ? 'elderly' : null);
          else if (r < 0.7) sim.call(c);
          else if (r < 0.85) sim.start(c);
          else sim.finish(c);
        } catch {
          /* a refused action (idle counter, nobody waiting) is part of a morning */
        }
        sim.now += Math.floor(rnd() * 5 * MIN);
        for (const [code, entries] of sim.lines(counters)) {
          const servers = counters.filter((k) => k.groups.includes(code));
          const anyFree = servers.some((k) => !sim.state.currentAt(k.no));
          entries.forEach((w, i) => {
            expect(w.ahead).toBe(i);
            const ms = w.estimateMs!;
            expect(ms % MIN).toBe(0);
            if (i > 0) expect(ms).toBeGreaterThanOrEqual(entries[i - 1]!.estimateMs!);
            if (ms === 0) {
              zeros++;
              expect(w.ahead).toBe(0);
              expect(anyFree).toBe(true);
            }
          });
          expect(entries.length).toBe([...sim.state.tickets.values()].filter((t) => t.status === 'waiting' && t.group === code).length);
        }
      }
    }
    expect(zeros).toBeGreaterThan(0);
  });
});

describe('issuedEvent', () => {
  it('marks a walk-in by its counter', () => {
    expect(issuedEvent(3, 'civil', 'elderly', { at: T0, operator: 'Lan' })).toEqual({
      ticketId: 3,
      type: 'issued',
      at: T0,
      counter: null,
      group: 'civil',
      priority: 'elderly',
      operator: 'Lan',
    });
    expect(issuedEvent(3, 'civil', null, { at: T0, operator: null }, 2).counter).toBe(2);
  });
});
