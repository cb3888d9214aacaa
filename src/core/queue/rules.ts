// Queue rules: who is called next, and which actions are allowed. Each decide* function checks the
// rules against the current state and returns the events to append; it never changes the state.
import type { QueueRules, ServiceGroup } from '../config.js';
import { DomainError } from '../errors.js';
import { median } from '../stats.js';
import type { QueueState } from './state.js';
import type { Counter, NewQueueEvent, Ticket } from './types.js';

const byArrival = (a: Ticket, b: Ticket) => a.issuedAt - b.issuedAt || a.id - b.id;

/**
 * The order in which the waiting tickets of `groups` will be called, given the current priority
 * streak: priority tickets first by arrival, but after `maxPriorityInARow` priority calls in a row
 * the oldest ordinary ticket goes next, so ordinary citizens are never starved.
 */
export function callOrder(state: QueueState, groups: readonly string[], rules: QueueRules): Ticket[] {
  const wanted = new Set(groups);
  const prio: Ticket[] = [];
  const ord: Ticket[] = [];
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting' || !wanted.has(t.group)) continue;
    (t.priority ? prio : ord).push(t);
  }
  prio.sort(byArrival);
  ord.sort(byArrival);
  const out: Ticket[] = [];
  let streak = state.priorityStreak;
  let i = 0;
  let j = 0;
  while (i < prio.length || j < ord.length) {
    if (i < prio.length && (streak < rules.maxPriorityInARow || j >= ord.length)) {
      out.push(prio[i++] as Ticket);
      streak++;
    } else {
      out.push(ord[j++] as Ticket);
      streak = 0;
    }
  }
  return out;
}

/** The next ticket for a counter, or undefined when nobody waits for its groups. */
export function pickNext(state: QueueState, counter: Counter, rules: QueueRules): Ticket | undefined {
  const groups = new Set(counter.groups);
  let bestPrio: Ticket | undefined;
  let bestOrd: Ticket | undefined;
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting' || !groups.has(t.group)) continue;
    if (t.priority) {
      if (!bestPrio || byArrival(t, bestPrio) < 0) bestPrio = t;
    } else if (!bestOrd || byArrival(t, bestOrd) < 0) bestOrd = t;
  }
  if (bestPrio && (state.priorityStreak < rules.maxPriorityInARow || !bestOrd)) return bestPrio;
  return bestOrd ?? bestPrio;
}

export function ticketLabel(prefix: string, seq: number, digits: number): string {
  return prefix + String(seq).padStart(digits, '0');
}

type Ev = NewQueueEvent;
const ev = (ticketId: number, type: Ev['type'], at: number, counter: number | null, operator: string | null, extra: Partial<Ev> = {}): Ev => ({
  ticketId,
  type,
  at,
  counter,
  group: null,
  priority: null,
  operator,
  ...extra,
});

export interface Actor {
  at: number;
  operator: string | null;
}

function findGroup(groups: readonly ServiceGroup[], code: string): ServiceGroup {
  const g = groups.find((x) => x.code === code || x.prefix === code.toUpperCase());
  if (!g) throw new DomainError('err.unknownGroup', { group: code });
  return g;
}

/** Where a new ticket goes: its group, sequence and label. The store allocates the ticket id. */
/**
 * The next ticket of a group: one above the last given, and above its `floor` (after a hub's promotion,
 * numbers its copy of the database may not have seen: see src/app/hub.ts).
 */
export function planIssue(state: QueueState, groups: readonly ServiceGroup[], groupCode: string, priority: string | null, priorities: readonly { code: string }[], rules: QueueRules, floor: (prefix: string) => number = () => 0) {
  const group = findGroup(groups, groupCode);
  if (priority !== null && !priorities.some((p) => p.code === priority)) {
    throw new DomainError('err.unknownPriority', { priority });
  }
  const seq = Math.max(state.lastSeq.get(group.prefix) ?? 0, floor(group.prefix)) + 1;
  return { group, seq, label: ticketLabel(group.prefix, seq, rules.ticketDigits) };
}

export function issuedEvent(ticketId: number, group: string, priority: string | null, a: Actor, walkInCounter: number | null = null): Ev {
  return ev(ticketId, 'issued', a.at, walkInCounter, a.operator, { group, priority });
}

export function walkInEvents(ticketId: number, group: string, counter: Counter, a: Actor, state: QueueState): Ev[] {
  if (!counter.groups.includes(group)) throw new DomainError('err.counterNotServing', { counter: counter.no, group });
  return [...closeCurrent(state, counter.no, a), issuedEvent(ticketId, group, null, a, counter.no), ev(ticketId, 'called', a.at, counter.no, a.operator), ev(ticketId, 'started', a.at, counter.no, a.operator)];
}

/** Calling the next ticket ends the current one at that counter as served (as Qmatic's "next" does). */
function closeCurrent(state: QueueState, counter: number, a: Actor): Ev[] {
  const cur = state.currentAt(counter);
  return cur ? [ev(cur.id, 'finished', a.at, counter, a.operator)] : [];
}

export function decideCallNext(state: QueueState, counter: Counter, rules: QueueRules, a: Actor): { ticket: Ticket; events: Ev[] } {
  const next = pickNext(state, counter, rules);
  if (!next) throw new DomainError('err.noneWaiting', { counter: counter.no });
  return { ticket: next, events: [...closeCurrent(state, counter.no, a), ev(next.id, 'called', a.at, counter.no, a.operator)] };
}

function current(state: QueueState, counter: number): Ticket {
  const t = state.currentAt(counter);
  if (!t) throw new DomainError('err.counterIdle', { counter });
  return t;
}

export function decideRecall(state: QueueState, counter: number, a: Actor): { ticket: Ticket; events: Ev[] } {
  const t = current(state, counter);
  return { ticket: t, events: [ev(t.id, 'recalled', a.at, counter, a.operator)] };
}

export function decideStart(state: QueueState, counter: number, a: Actor): { ticket: Ticket; events: Ev[] } {
  const t = current(state, counter);
  if (t.status === 'serving') throw new DomainError('err.alreadyServing', { ticket: t.label });
  return { ticket: t, events: [ev(t.id, 'started', a.at, counter, a.operator)] };
}

export function decideFinish(state: QueueState, counter: number, a: Actor): { ticket: Ticket; events: Ev[] } {
  const t = current(state, counter);
  return { ticket: t, events: [ev(t.id, 'finished', a.at, counter, a.operator)] };
}

export function decideNoShow(state: QueueState, counter: number, a: Actor): { ticket: Ticket; events: Ev[] } {
  const t = current(state, counter);
  if (t.status === 'serving') throw new DomainError('err.noShowWhileServing', { ticket: t.label });
  return { ticket: t, events: [ev(t.id, 'no_show', a.at, counter, a.operator)] };
}

export function decidePark(state: QueueState, counter: number, a: Actor): { ticket: Ticket; events: Ev[] } {
  const t = current(state, counter);
  return { ticket: t, events: [ev(t.id, 'parked', a.at, counter, a.operator)] };
}

export function findTicket(state: QueueState, label: string): Ticket {
  const t = state.byLabel(label);
  if (t) return t;
  throw new DomainError('err.ticketNotFound', { ticket: label });
}

export function decideResume(state: QueueState, ticket: Ticket, counter: Counter, a: Actor): Ev[] {
  if (ticket.status !== 'parked') throw new DomainError('err.notParked', { ticket: ticket.label });
  return [...closeCurrent(state, counter.no, a), ev(ticket.id, 'resumed', a.at, counter.no, a.operator)];
}

/** A no-show who comes back within the configured time gets the original place back. */
export function decideReturn(ticket: Ticket, rules: QueueRules, a: Actor): Ev[] {
  if (ticket.status !== 'no_show' || ticket.noShowAt === null) throw new DomainError('err.notNoShow', { ticket: ticket.label });
  const late = a.at - ticket.noShowAt > rules.noShowReturnMinutes * 60_000;
  if (late) throw new DomainError('err.returnTooLate', { ticket: ticket.label, minutes: rules.noShowReturnMinutes });
  return [ev(ticket.id, 'returned', a.at, ticket.counter, a.operator)];
}

/** Move a ticket (waiting, or the one at a counter) to another group; it keeps its arrival time. */
export function decideTransfer(ticket: Ticket, groups: readonly ServiceGroup[], target: string, a: Actor): Ev[] {
  const g = findGroup(groups, target);
  if (g.code === ticket.group) throw new DomainError('err.sameGroup', { ticket: ticket.label });
  if (ticket.status === 'done' || ticket.status === 'no_show') throw new DomainError('err.ticketClosed', { ticket: ticket.label });
  return [ev(ticket.id, 'transferred', a.at, ticket.counter, a.operator, { group: g.code })];
}

/** Median of the group's most recent finished service spans, or the group's configured default. */
export function typicalServiceMs(state: QueueState, group: ServiceGroup, rules: QueueRules): number {
  const recent: number[] = [];
  for (let i = state.spans.length - 1; i >= 0 && recent.length < rules.recentServiceCount; i--) {
    const s = state.spans[i] as (typeof state.spans)[number];
    if (s.group === group.code && s.endReason === 'finished') recent.push(s.end - s.start);
  }
  return median(recent) ?? group.defaultServiceMinutes * 60_000;
}

export interface WaitingEntry {
  ticket: Ticket;
  /** Tickets of the same line that will be called before this one. */
  ahead: number;
  /** Estimated wait from now in ms; undefined when no counter serves the group. */
  estimateMs: number | undefined;
}

/**
 * The waiting line of one group in call order, with an estimate per ticket: the tickets ahead,
 * shared among the counters serving the group, times the group's recent median service time.
 */
export function waitingLine(state: QueueState, group: ServiceGroup, counters: readonly Counter[], rules: QueueRules): WaitingEntry[] {
  const order = callOrder(state, [group.code], rules);
  const serving = counters.filter((c) => c.groups.includes(group.code)).length;
  const typical = typicalServiceMs(state, group, rules);
  return order.map((ticket, ahead) => ({
    ticket,
    ahead,
    estimateMs: serving === 0 ? undefined : Math.ceil((ahead + 1) / serving) * typical,
  }));
}
