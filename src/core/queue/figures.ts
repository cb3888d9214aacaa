// The trip's figures, derived from the folded state (itself derived from the event log).
import { median, percentile } from '../stats.js';
import type { QueueState } from './state.js';
import type { ServiceSpan, Ticket } from './types.js';

export interface Spread {
  n: number;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface GroupFigures {
  group: string;
  issued: number;
  served: number;
  noShows: number;
  waiting: number;
  /** Closed, not served: still in the line (or set aside, or at a counter) when the trip closed. */
  unserved: number;
  wait: Spread;
  service: Spread;
}

export interface CounterFigures {
  counter: number;
  served: number;
  service: Spread;
}

export interface Figures {
  issued: number;
  served: number;
  noShows: number;
  waiting: number;
  /** Set aside (waiting for a paper, say) and not taken up again. */
  parked: number;
  /** Called or being served: at a counter when the figures were taken. */
  inService: number;
  /** Closed, not served: the trip closed before they were (a 'closed' event each); never counted as absent. */
  unserved: number;
  walkIns: number;
  priority: number;
  wait: Spread;
  service: Spread;
  byGroup: GroupFigures[];
  byCounter: CounterFigures[];
  /** Local hour (0-23) -> tickets issued in that hour, only hours with arrivals. */
  arrivalsByHour: { hour: number; count: number }[];
}

/**
 * What the figures are folded from: the tickets and the finished service spans. A QueueState is
 * one; so is the union of several trips' (ticket ids are unique across trips), for a day's figures.
 */
export type QueueLog = Pick<QueueState, 'tickets' | 'spans'>;

export function spread(values: number[]): Spread {
  return { n: values.length, medianMs: median(values) ?? null, p90Ms: percentile(values, 90) ?? null };
}

/** Wait: from arrival to the first call. Walk-ins did not wait in the line and are left out. */
const waitOf = (t: Ticket) => (t.walkIn || t.firstCalledAt === null ? undefined : t.firstCalledAt - t.issuedAt);

/** Service: each span at a counter that ended in a finish, from its call/start to the finish. */
const finishedSpans = (spans: readonly ServiceSpan[]) => spans.filter((s) => s.endReason === 'finished');

export function computeFigures(state: QueueLog, groupOrder: readonly string[], counterOrder: readonly number[]): Figures {
  const tickets = [...state.tickets.values()];
  const spans = finishedSpans(state.spans);
  const waits = (list: Ticket[]) => list.map(waitOf).filter((x): x is number => x !== undefined);
  const hours = new Map<number, number>();
  for (const t of tickets) {
    const h = new Date(t.issuedAt).getHours();
    hours.set(h, (hours.get(h) ?? 0) + 1);
  }
  const groups = [...groupOrder];
  for (const t of tickets) if (!groups.includes(t.originalGroup)) groups.push(t.originalGroup);
  const counters = [...counterOrder];
  for (const s of spans) if (!counters.includes(s.counter)) counters.push(s.counter);

  return {
    issued: tickets.length,
    served: tickets.filter((t) => t.status === 'done').length,
    noShows: tickets.filter((t) => t.status === 'no_show').length,
    waiting: tickets.filter((t) => t.status === 'waiting').length,
    // every ticket is in exactly one of served, noShows, waiting, parked, inService and unserved: they add up to issued
    parked: tickets.filter((t) => t.status === 'parked').length,
    inService: tickets.filter((t) => t.status === 'called' || t.status === 'serving').length,
    unserved: tickets.filter((t) => t.status === 'unserved').length,
    walkIns: tickets.filter((t) => t.walkIn).length,
    priority: tickets.filter((t) => t.priority).length,
    wait: spread(waits(tickets)),
    service: spread(spans.map((s) => s.end - s.start)),
    byGroup: groups.map((g) => {
      // Arrival figures count where the ticket was issued; service and outcome where it ended up.
      const issuedHere = tickets.filter((t) => t.originalGroup === g);
      const endedHere = tickets.filter((t) => t.group === g);
      return {
        group: g,
        issued: issuedHere.length,
        served: endedHere.filter((t) => t.status === 'done').length,
        noShows: endedHere.filter((t) => t.status === 'no_show').length,
        waiting: endedHere.filter((t) => t.status === 'waiting').length,
        unserved: endedHere.filter((t) => t.status === 'unserved').length,
        wait: spread(waits(issuedHere)),
        service: spread(spans.filter((s) => s.group === g).map((s) => s.end - s.start)),
      };
    }),
    byCounter: counters.map((c) => {
      const mine = spans.filter((s) => s.counter === c);
      return { counter: c, served: mine.length, service: spread(mine.map((s) => s.end - s.start)) };
    }),
    arrivalsByHour: [...hours.entries()].sort((a, b) => a[0] - b[0]).map(([hour, count]) => ({ hour, count })),
  };
}

/** Where every ticket of a trip ended, as the close states it (they add up to `issued`). */
export function ticketOutcomes(f: Figures): { issued: number; served: number; noShows: number; waiting: number; parked: number; inService: number; unserved: number } {
  return { issued: f.issued, served: f.served, noShows: f.noShows, waiting: f.waiting, parked: f.parked, inService: f.inService, unserved: f.unserved };
}
