// Refusals the operator sees, and the closing of a trip: an unknown ticket is named back, a ticket
// closed unserved at the end of the trip cannot be moved to another group, and the closing events
// state each open ticket's outcome in ticket order, whatever order the log holds them in.
import { describe, expect, it } from 'vitest';
import { closingEvents, decideTransfer, findTicket } from '../../src/core/queue/rules.js';
import { QueueState } from '../../src/core/queue/state.js';
import type { QueueEvent } from '../../src/core/queue/types.js';
import { GROUPS, Sim, T0, domainCode } from './queue-sim.js';

describe('queue refusals and closing', () => {
  it('an unknown ticket is refused with the label the operator typed', () => {
    const sim = new Sim();
    sim.issue('civil');
    expect(domainCode(() => findTicket(sim.state, 'A099'))).toEqual({ code: 'err.ticketNotFound', params: { ticket: 'A099' } });
  });

  it('a ticket closed unserved with the trip cannot be transferred', () => {
    const sim = new Sim();
    sim.issue('civil');
    sim.apply(closingEvents(sim.state, sim.actor()));
    const t = sim.byLabel('A001');
    expect(t.status).toBe('unserved');
    expect(domainCode(() => decideTransfer(t, GROUPS, 'land', sim.actor()))).toEqual({ code: 'err.ticketClosed', params: { ticket: 'A001' } });
  });

  it('closes the open tickets in ticket order even when the log issued them in another order', () => {
    const issued = (id: number, ticketId: number, label: string): QueueEvent => ({ id, ticketId, label, type: 'issued', at: T0 + id, counter: null, group: 'civil', priority: null, operator: null });
    const s = QueueState.from([issued(1, 3, 'A003'), issued(2, 1, 'A001'), issued(3, 2, 'A002'), issued(4, 4, 'A004')]);
    const out = closingEvents(s, { at: T0 + 60_000, operator: 'Lan' });
    expect(out.map((e) => [e.ticketId, e.type])).toEqual([
      [1, 'closed'],
      [2, 'closed'],
      [3, 'closed'],
      [4, 'closed'],
    ]);
  });
});
