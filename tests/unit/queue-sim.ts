// Test helper (not a test file): drives a QueueState through the pure decide* rules, the way the
// store does (ids increasing, labels joined in), with a hand-advanced clock.
import type { QueueRules, ServiceGroup } from '../../src/core/config.js';
import { DomainError } from '../../src/core/errors.js';
import * as rules from '../../src/core/queue/rules.js';
import { QueueState } from '../../src/core/queue/state.js';
import type { Counter, NewQueueEvent, QueueEvent, Ticket } from '../../src/core/queue/types.js';

export const GROUPS: ServiceGroup[] = [
  { code: 'civil', prefix: 'A', name: { vi: 'Hộ tịch', en: 'Civil status' }, defaultServiceMinutes: 8 },
  { code: 'land', prefix: 'B', name: { vi: 'Đất đai', en: 'Land' }, defaultServiceMinutes: 12 },
  { code: 'digital', prefix: 'H', name: { vi: 'Hỗ trợ số', en: 'Digital support' }, defaultServiceMinutes: 6 },
];

export const PRIORITIES = [{ code: 'elderly' }, { code: 'disability' }, { code: 'pregnant' }];

export const RULES: QueueRules = { maxPriorityInARow: 2, noShowReturnMinutes: 30, recentServiceCount: 10, ticketDigits: 3 };

export const MIN = 60_000;
/** 23/11/2026 07:30 local time (the test run sets TZ=Asia/Ho_Chi_Minh). */
export const T0 = new Date(2026, 10, 23, 7, 30, 0, 0).getTime();

export const C1: Counter = { no: 1, groups: ['civil'] };
export const C2: Counter = { no: 2, groups: ['land'] };
export const C3: Counter = { no: 3, groups: ['digital'] };
export const CALL: Counter = { no: 9, groups: ['civil', 'land', 'digital'] };

export class Sim {
  state = new QueueState();
  /** Every event applied so far, as stored. */
  readonly log: QueueEvent[] = [];
  private nextEventId = 1;
  private nextTicketId = 1;
  private readonly labels = new Map<number, string>();
  now = T0;

  constructor(
    readonly groupList: ServiceGroup[] = GROUPS,
    readonly queueRules: QueueRules = RULES,
  ) {}

  /** Advance the clock by whole minutes. */
  tick(minutes: number): this {
    this.now += minutes * MIN;
    return this;
  }

  at(minutesAfterT0: number): this {
    this.now = T0 + minutesAfterT0 * MIN;
    return this;
  }

  actor(): rules.Actor {
    return { at: this.now, operator: 'Lan' };
  }

  apply(events: readonly NewQueueEvent[]): QueueEvent[] {
    const out: QueueEvent[] = [];
    for (const e of events) {
      const label = this.labels.get(e.ticketId);
      if (label === undefined) throw new Error(`no label for ticket ${e.ticketId}`);
      const full: QueueEvent = { ...e, id: this.nextEventId++, label };
      this.state.apply(full);
      this.log.push(full);
      out.push(full);
    }
    return out;
  }

  private newTicket(group: string, priority: string | null): { id: number; code: string } {
    const plan = rules.planIssue(this.state, this.groupList, group, priority, PRIORITIES, this.queueRules);
    const id = this.nextTicketId++;
    this.labels.set(id, plan.label);
    return { id, code: plan.group.code };
  }

  issue(group: string, priority: string | null = null): Ticket {
    const { id, code } = this.newTicket(group, priority);
    this.apply([rules.issuedEvent(id, code, priority, this.actor())]);
    return this.ticket(id);
  }

  walkIn(counter: Counter, group: string): Ticket {
    const { id, code } = this.newTicket(group, null);
    this.apply(rules.walkInEvents(id, code, counter, this.actor(), this.state));
    return this.ticket(id);
  }

  call(counter: Counter): Ticket {
    const { ticket, events } = rules.decideCallNext(this.state, counter, this.queueRules, this.actor());
    this.apply(events);
    return ticket;
  }

  start(counter: Counter): Ticket {
    const r = rules.decideStart(this.state, counter.no, this.actor());
    this.apply(r.events);
    return r.ticket;
  }

  finish(counter: Counter): Ticket {
    const r = rules.decideFinish(this.state, counter.no, this.actor());
    this.apply(r.events);
    return r.ticket;
  }

  recall(counter: Counter): Ticket {
    const r = rules.decideRecall(this.state, counter.no, this.actor());
    this.apply(r.events);
    return r.ticket;
  }

  noShow(counter: Counter): Ticket {
    const r = rules.decideNoShow(this.state, counter.no, this.actor());
    this.apply(r.events);
    return r.ticket;
  }

  park(counter: Counter): Ticket {
    const r = rules.decidePark(this.state, counter.no, this.actor());
    this.apply(r.events);
    return r.ticket;
  }

  resume(label: string, counter: Counter): Ticket {
    const t = rules.findTicket(this.state, label);
    this.apply(rules.decideResume(this.state, t, counter, this.actor()));
    return this.ticket(t.id);
  }

  returnNoShow(label: string): Ticket {
    const t = rules.findTicket(this.state, label);
    this.apply(rules.decideReturn(t, this.queueRules, this.actor()));
    return this.ticket(t.id);
  }

  transfer(label: string, target: string): Ticket {
    const t = rules.findTicket(this.state, label);
    this.apply(rules.decideTransfer(t, this.groupList, target, this.actor()));
    return this.ticket(t.id);
  }

  ticket(id: number): Ticket {
    const t = this.state.tickets.get(id);
    if (!t) throw new Error(`no ticket ${id}`);
    return t;
  }

  /** Every group's waiting line with estimates, as the counters `counters` would call it now. */
  lines(counters: readonly Counter[]): Map<string, rules.WaitingEntry[]> {
    return rules.forecast(this.state, this.groupList, counters, this.queueRules, this.now);
  }

  byLabel(label: string): Ticket {
    return rules.findTicket(this.state, label);
  }

  /** The order in which a counter (by default no. 1) serving `groups` would call the waiting tickets. */
  order(groups: readonly string[] = ['civil', 'land', 'digital'], counter = 1): string[] {
    return rules.callOrder(this.state, { no: counter, groups: [...groups] }, this.queueRules).map((t) => t.label);
  }
}

/** Expect a DomainError with this code (and optionally these params) from fn. */
export function domainCode(fn: () => unknown): { code: string; params: Record<string, string | number> } {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, params: e.params };
    throw e;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

/** A hand-made stored event (as the store gives it back: id and label set). */
export function ev(id: number, ticketId: number, label: string, type: QueueEvent['type'], at: number, extra: Partial<QueueEvent> = {}): QueueEvent {
  return { id, ticketId, label, type, at, counter: null, group: null, priority: null, operator: null, ...extra };
}

/** A ticket called and then finished at a counter: two events, numbered id and id + 1. */
export function served(id: number, ticketId: number, label: string, counter: number, calledAt: number, finishedAt: number): QueueEvent[] {
  return [ev(id, ticketId, label, 'called', calledAt, { counter }), ev(id + 1, ticketId, label, 'finished', finishedAt, { counter })];
}
