// The current state of one trip's queue, folded from its event log. Incremental: apply() takes
// events in id order, so a process can catch up with events another process appended.
import type { CallRecord, QueueEvent, ServiceSpan, Ticket } from './types.js';

/** How many recent calls the board keeps. */
export const RECENT_CALLS = 24;

export class QueueState {
  readonly tickets = new Map<number, Ticket>();
  readonly spans: ServiceSpan[] = [];
  readonly recentCalls: CallRecord[] = [];
  /** Highest sequence number issued per group prefix (numbers run per group per trip). */
  readonly lastSeq = new Map<string, number>();
  /**
   * Per counter: consecutive calls from the waiting line that went to priority tickets. The fairness
   * rule is per counter (see callOrder): one counter's priority calls never make another counter
   * skip a priority citizen.
   */
  readonly priorityStreaks = new Map<number, number>();
  lastEventId = 0;
  eventCount = 0;
  /** The tickets served, in the order the log finished them (which clocks cannot blur). */
  private readonly finished = new Set<Ticket>();

  static from(events: Iterable<QueueEvent>): QueueState {
    const s = new QueueState();
    for (const e of events) s.apply(e);
    return s;
  }

  apply(e: QueueEvent): void {
    if (e.id <= this.lastEventId) return; // already seen (idempotent catch-up)
    this.lastEventId = e.id;
    this.eventCount++;
    if (e.type === 'issued') {
      const group = e.group ?? '';
      this.tickets.set(e.ticketId, {
        id: e.ticketId,
        label: e.label,
        group,
        originalGroup: group,
        priority: e.priority,
        issuedAt: e.at,
        walkIn: e.counter !== null,
        status: 'waiting',
        counter: null,
        firstCalledAt: null,
        lastCalledAt: null,
        spanStart: null,
        finishedAt: null,
        noShowAt: null,
        recalls: 0,
      });
      const prefix = e.label.replace(/\d+$/, '');
      const seq = Number(e.label.slice(prefix.length));
      if (seq > (this.lastSeq.get(prefix) ?? 0)) this.lastSeq.set(prefix, seq);
      return;
    }
    const t = this.tickets.get(e.ticketId);
    if (!t) return; // cannot happen with a foreign key; ignore rather than crash a screen
    switch (e.type) {
      case 'called':
        const walkInCall = t.walkIn && t.firstCalledAt === null;
        if (!walkInCall && e.counter !== null) {
          this.priorityStreaks.set(e.counter, t.priority ? this.streakAt(e.counter) + 1 : 0);
        }
        t.status = 'called';
        t.counter = e.counter;
        t.firstCalledAt ??= e.at;
        t.lastCalledAt = e.at;
        t.spanStart = e.at;
        this.pushCall(t, e, false, walkInCall);
        break;
      case 'resumed':
        t.status = 'called';
        t.counter = e.counter;
        t.lastCalledAt = e.at;
        t.spanStart = e.at;
        this.pushCall(t, e, false);
        break;
      case 'recalled':
        t.recalls++;
        t.lastCalledAt = e.at;
        this.pushCall(t, e, true);
        break;
      case 'started':
        t.status = 'serving';
        t.spanStart = e.at;
        break;
      case 'finished':
        this.endSpan(t, e.at, 'finished');
        t.status = 'done';
        t.finishedAt = e.at;
        this.finished.delete(t);
        this.finished.add(t);
        break;
      case 'no_show':
        t.status = 'no_show';
        t.noShowAt = e.at;
        t.spanStart = null;
        break;
      case 'returned':
        t.status = 'waiting';
        t.counter = null;
        t.noShowAt = null;
        break;
      case 'parked':
        this.endSpan(t, e.at, 'parked');
        t.status = 'parked';
        break;
      case 'closed':
        // the trip closed before it was served: a span at a counter ends, not as a service
        if (t.status === 'called' || t.status === 'serving') this.endSpan(t, e.at, 'closed');
        t.status = 'unserved';
        t.spanStart = null;
        break;
      case 'transferred':
        if (t.status === 'called' || t.status === 'serving') this.endSpan(t, e.at, 'transferred');
        t.status = 'waiting';
        t.group = e.group ?? t.group;
        t.counter = null;
        t.spanStart = null;
        break;
    }
  }

  private endSpan(t: Ticket, at: number, reason: ServiceSpan['endReason']): void {
    if (t.counter !== null && t.spanStart !== null) {
      this.spans.push({ ticketId: t.id, counter: t.counter, group: t.group, start: t.spanStart, end: at, endReason: reason });
    }
    t.spanStart = null;
  }

  private pushCall(t: Ticket, e: QueueEvent, recall: boolean, walkIn = false): void {
    if (e.counter === null) return;
    this.recentCalls.unshift({ ticketId: t.id, label: t.label, counter: e.counter, at: e.at, recall, walkIn });
    if (this.recentCalls.length > RECENT_CALLS) this.recentCalls.length = RECENT_CALLS;
  }

  /** Consecutive priority calls from the waiting line at this counter (0 when none). */
  streakAt(counter: number): number {
    return this.priorityStreaks.get(counter) ?? 0;
  }

  /**
   * The calls as the board shows them, newest first: one line per ticket (a recall moves it to the
   * top, it does not add a second line) and no walk-in (served at once where they stand).
   */
  boardCalls(): CallRecord[] {
    const seen = new Set<number>();
    const out: CallRecord[] = [];
    for (const c of this.recentCalls) {
      if (c.walkIn || seen.has(c.ticketId)) continue;
      seen.add(c.ticketId);
      out.push(c);
    }
    return out;
  }

  /** The ticket a counter is dealing with now (called or serving), if any. */
  currentAt(counter: number): Ticket | undefined {
    for (const t of this.tickets.values()) {
      if (t.counter === counter && (t.status === 'called' || t.status === 'serving')) return t;
    }
    return undefined;
  }

  /** The ticket with this label (as printed or scanned: case and spaces do not matter), if any. */
  byLabel(label: string): Ticket | undefined {
    const want = label.trim().toUpperCase();
    for (const t of this.tickets.values()) if (t.label === want) return t;
    return undefined;
  }

  /**
   * The ticket a counter finished last (the one a satisfaction rating is for), if any: by the log's
   * order, so two finished in the same millisecond, or stamped by clocks that disagree, are told apart.
   */
  lastFinishedAt(counter: number): Ticket | undefined {
    let last: Ticket | undefined;
    for (const t of this.finished) if (t.status === 'done' && t.counter === counter) last = t;
    return last;
  }

  byStatus(status: Ticket['status']): Ticket[] {
    const out: Ticket[] = [];
    for (const t of this.tickets.values()) if (t.status === status) out.push(t);
    return out;
  }
}
