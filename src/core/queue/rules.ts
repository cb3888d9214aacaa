// Queue rules: who is called next, and which actions are allowed. Each decide* function checks the
// rules against the current state and returns the events to append; it never changes the state.
import type { QueueRules, ServiceGroup } from '../config.js';
import { DomainError } from '../errors.js';
import { median } from '../stats.js';
import type { QueueState } from './state.js';
import type { Counter, NewQueueEvent, Ticket } from './types.js';

const byArrival = (a: Ticket, b: Ticket) => a.issuedAt - b.issuedAt || a.id - b.id;

/**
 * The fairness rule, per counter. Each counter calls from the waiting tickets of the groups it serves:
 * priority tickets (elderly, disability, pregnant...) before ordinary ones, each rank in order of
 * arrival (equal times by ticket number). After `maxPriorityInARow` priority calls in a row AT THIS
 * COUNTER, its next call takes the oldest ordinary ticket (if one waits), so ordinary citizens are
 * never starved; the streak of a counter counts only its own calls from the waiting line (walk-ins
 * and resumed tickets neither add nor reset), so one counter's priority calls never make another
 * counter pass over a priority citizen.
 *
 * The order in which `counter` would call the waiting tickets of its groups if it alone called.
 */
export function callOrder(state: QueueState, counter: Counter, rules: QueueRules, streak = state.streakAt(counter.no)): Ticket[] {
  const wanted = new Set(counter.groups);
  const prio: Ticket[] = [];
  const ord: Ticket[] = [];
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting' || !wanted.has(t.group)) continue;
    (t.priority ? prio : ord).push(t);
  }
  prio.sort(byArrival);
  ord.sort(byArrival);
  const out: Ticket[] = [];
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

/** The next ticket for a counter (the fairness rule above), or undefined when nobody waits for its groups. */
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
  if (bestPrio && (state.streakAt(counter.no) < rules.maxPriorityInARow || !bestOrd)) return bestPrio;
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

/**
 * Closing the trip: every ticket still waiting, set aside, called or at a counter ends as "closed,
 * not served", an event of its own, so the log states every ticket's outcome. A no-show stays absent;
 * a ticket served stays served.
 */
export function closingEvents(state: QueueState, a: Actor): Ev[] {
  const open = [...state.tickets.values()].filter((t) => t.status === 'waiting' || t.status === 'parked' || t.status === 'called' || t.status === 'serving');
  return open.sort((x, y) => x.id - y.id).map((t) => ev(t.id, 'closed', a.at, t.counter, a.operator));
}

/** Move a ticket (waiting, or the one at a counter) to another group; it keeps its arrival time. */
export function decideTransfer(ticket: Ticket, groups: readonly ServiceGroup[], target: string, a: Actor): Ev[] {
  const g = findGroup(groups, target);
  if (g.code === ticket.group) throw new DomainError('err.sameGroup', { ticket: ticket.label });
  if (ticket.status === 'done' || ticket.status === 'no_show' || ticket.status === 'unserved') throw new DomainError('err.ticketClosed', { ticket: ticket.label });
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
  /** Tickets of the same group the counters will call before this one. */
  ahead: number;
  /**
   * Estimated wait from now in ms, in whole minutes; undefined when no counter serves the group.
   * 0 only when a counter serving the group is free now and nobody is ahead.
   */
  estimateMs: number | undefined;
}

const MINUTE = 60_000;

/**
 * When each waiting ticket will be called, for every group at once: the counters call in turn as
 * they become free (a counter busy with a ticket is free when that ticket's typical service time
 * has passed, and not before one more minute), each by the fairness rule of callOrder, each
 * service taking its group's typical time. So a counter serving two groups shares its time between
 * them, and a group's estimate counts the other groups' tickets that counter will call first.
 * A ticket never shows 0 while someone of its group is ahead or while every counter serving it is
 * busy. Returns the entries of each group in the order they will be called.
 */
export function forecast(state: QueueState, groups: readonly ServiceGroup[], counters: readonly Counter[], rules: QueueRules, now: number): Map<string, WaitingEntry[]> {
  const typical = new Map(groups.map((g) => [g.code, typicalServiceMs(state, g, rules)]));
  const serviceMs = (code: string) => typical.get(code) ?? MINUTE;
  const lines = new Map<string, { prio: Ticket[]; ord: Ticket[] }>();
  for (const t of state.tickets.values()) {
    if (t.status !== 'waiting') continue;
    let l = lines.get(t.group);
    if (!l) lines.set(t.group, (l = { prio: [], ord: [] }));
    (t.priority ? l.prio : l.ord).push(t);
  }
  for (const l of lines.values()) {
    l.prio.sort(byArrival);
    l.ord.sort(byArrival);
  }
  const slots = counters.map((c) => {
    const cur = state.currentAt(c.no);
    let freeAt = now;
    if (cur) freeAt = now + Math.max(MINUTE, serviceMs(cur.group) - Math.max(0, now - (cur.spanStart ?? now)));
    return { counter: c, freeAt, busyNow: !!cur, streak: state.streakAt(c.no) };
  });
  const head = (codes: readonly string[], rank: 'prio' | 'ord'): Ticket | undefined => {
    let best: Ticket | undefined;
    for (const code of codes) {
      const t = lines.get(code)?.[rank][0];
      if (t && (!best || byArrival(t, best) < 0)) best = t;
    }
    return best;
  };
  const out = new Map<string, WaitingEntry[]>();
  const push = (t: Ticket, estimateMs: number | undefined) => {
    let l = out.get(t.group);
    if (!l) out.set(t.group, (l = []));
    l.push({ ticket: t, ahead: l.length, estimateMs });
  };
  /** Whether a counter serving the group was free at the start (nobody being served there). */
  const freeServer = new Set<string>();
  for (const s of slots) if (!s.busyNow) for (const g of s.counter.groups) freeServer.add(g);
  for (;;) {
    let slot: (typeof slots)[number] | undefined;
    for (const s of slots) {
      if (!head(s.counter.groups, 'prio') && !head(s.counter.groups, 'ord')) continue;
      if (!slot || s.freeAt < slot.freeAt || (s.freeAt === slot.freeAt && s.counter.no < slot.counter.no)) slot = s;
    }
    if (!slot) break;
    const p = head(slot.counter.groups, 'prio');
    const o = head(slot.counter.groups, 'ord');
    const t = (p && (slot.streak < rules.maxPriorityInARow || !o) ? p : o) as Ticket;
    const l = lines.get(t.group) as { prio: Ticket[]; ord: Ticket[] };
    (t.priority ? l.prio : l.ord).shift();
    slot.streak = t.priority ? slot.streak + 1 : 0;
    const ahead = out.get(t.group)?.length ?? 0;
    let ms = slot.freeAt - now;
    if (ms <= 0 && (ahead > 0 || !freeServer.has(t.group))) ms = MINUTE;
    push(t, Math.ceil(ms / MINUTE) * MINUTE);
    slot.freeAt += Math.max(MINUTE, serviceMs(t.group));
  }
  // Groups no counter serves: their line in arrival order by rank, with no estimate.
  for (const [code, l] of lines) {
    for (const t of callOrder(state, { no: -1, groups: [code] }, rules, 0)) {
      if (l.prio.includes(t) || l.ord.includes(t)) push(t, undefined);
    }
  }
  return out;
}

/** The waiting line of one group in call order, with an estimate per ticket (see forecast). */
export function waitingLine(state: QueueState, group: ServiceGroup, groups: readonly ServiceGroup[], counters: readonly Counter[], rules: QueueRules, now: number): WaitingEntry[] {
  return keptForecast(state, groups, counters, rules, now).get(group.code) ?? [];
}

/** How long a forecast stands for an unchanged queue (its estimates are in whole minutes). */
const FORECAST_KEEP_MS = 1000;
const forecasts = new WeakMap<QueueState, { eventId: number; at: number; groups: readonly ServiceGroup[]; counters: readonly Counter[]; rules: QueueRules; lines: Map<string, WaitingEntry[]> }>();

/**
 * forecast(), worked out once per queue state: the main view asks each group's waiting line in
 * turn, and each used to run the whole forecast. Kept while the state has folded no new event, the
 * same groups, counters and rules are asked about, and the clock has not moved on by a second (or back).
 */
export function keptForecast(state: QueueState, groups: readonly ServiceGroup[], counters: readonly Counter[], rules: QueueRules, now: number): Map<string, WaitingEntry[]> {
  const hit = forecasts.get(state);
  if (hit && hit.eventId === state.lastEventId && hit.groups === groups && hit.counters === counters && hit.rules === rules && now >= hit.at && now - hit.at < FORECAST_KEEP_MS) return hit.lines;
  const lines = forecast(state, groups, counters, rules, now);
  forecasts.set(state, { eventId: state.lastEventId, at: now, groups, counters, rules, lines });
  return lines;
}
