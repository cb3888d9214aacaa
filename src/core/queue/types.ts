// The queue is an append-only log of these events; every other view is derived from it.

export const EVENT_TYPES = [
  'issued', // a ticket was handed out (counter set: a walk-in served at once at that counter)
  'called', // called to a counter from the waiting line
  'recalled', // called again (the citizen did not come up yet)
  'started', // service began at the counter
  'finished', // served
  'no_show', // did not come when called
  'returned', // a no-show came back in time and keeps the original place
  'parked', // set aside mid-service (e.g. fetching a paper); not in the waiting line
  'resumed', // a parked ticket called back to a counter
  'transferred', // moved to another service group, keeping the original arrival time
  'closed', // the trip closed with the ticket not served (waiting, set aside, called or at a counter): not served, not absent
] as const;
export type QueueEventType = (typeof EVENT_TYPES)[number];

export interface QueueEvent {
  id: number;
  ticketId: number;
  label: string;
  type: QueueEventType;
  at: number;
  counter: number | null;
  /** issued: the group; transferred: the target group. */
  group: string | null;
  /** issued: the priority category code, if any. */
  priority: string | null;
  operator: string | null;
}

/** An event not yet stored: the store gives it its id. */
export type NewQueueEvent = Omit<QueueEvent, 'id' | 'label'>;

/** 'unserved': the trip closed before it was served (a 'closed' event). */
export type TicketStatus = 'waiting' | 'called' | 'serving' | 'parked' | 'no_show' | 'done' | 'unserved';

export interface Ticket {
  id: number;
  label: string;
  /** Current group (changes on transfer). */
  group: string;
  originalGroup: string;
  priority: string | null;
  issuedAt: number;
  walkIn: boolean;
  status: TicketStatus;
  /** The counter it is called to / served at / was parked or no-showed at. */
  counter: number | null;
  firstCalledAt: number | null;
  lastCalledAt: number | null;
  /** Start of the current service span at a counter. */
  spanStart: number | null;
  finishedAt: number | null;
  noShowAt: number | null;
  recalls: number;
}

export interface Counter {
  no: number;
  /** Group codes this counter calls from. */
  groups: string[];
}

/** One period of a ticket at a counter, ended by finish, transfer or park. */
export interface ServiceSpan {
  ticketId: number;
  counter: number;
  group: string;
  start: number;
  end: number;
  endReason: 'finished' | 'transferred' | 'parked' | 'closed';
}

export interface CallRecord {
  ticketId: number;
  label: string;
  counter: number;
  at: number;
  recall: boolean;
  /** The call that opened a walk-in's service: the citizen is already at the counter, nobody is called. */
  walkIn: boolean;
}
