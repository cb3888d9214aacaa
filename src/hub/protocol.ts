// The messages between a workstation and the hub, one JSON object per frame (./frames.ts).
//   workstation -> hub: hello (first), req, beat; during pairing: join
//   hub -> workstation: welcome (answers hello), res (answers req, same n), push, beat, note (just
//   before a res: something the operator should hear of, e.g. a job printed on the hub's printer); pairing: joined
// A workstation's write carries a request id (rid, 32 hex digits it chose): the hub answers the
// same rid with the same result however often it comes (./methods.ts, app/hub.ts).
import type { QueueEvent } from '../core/queue/types.js';
import type { Trip } from '../core/trip.js';
import type { RawDomainData } from '../app/data.js';
import type { Marks } from '../store/hub.js';

export const PROTOCOL = 1;

/** Either end sends a beat when it has sent nothing else for this long... */
export const BEAT_MS = 500;
/** ...and takes the link for dead after this long without hearing anything. */
export const DEAD_MS = 1500;

export type Role = 'screen' | 'board' | 'cli' | 'worker' | 'standby' | 'bench';

export interface Hello {
  t: 'hello';
  v: number;
  role: Role;
  lang: 'vi' | 'en';
  operator: string | null;
  /** What the workstation already has: the trip and the last event it folded. */
  trip: number | null;
  since: number;
  /** Where this workstation's standby endpoint listens (host:port), if it runs one. */
  standby?: string | null;
}

export interface Welcome {
  t: 'welcome';
  v: number;
  station: string;
  epoch: number;
  /** The hub's clock (ms): records are timed there. */
  now: number;
  workstation: string;
  data: RawDomainData;
  trip: Trip | null;
  reset: boolean;
  events: QueueEvent[];
  marks: Marks;
  /** The other paired workstations' standby endpoints (for a promotion). */
  peers: { id: string; standby: string | null }[];
}

export interface Push {
  t: 'push';
  now: number;
  trip: Trip | null;
  reset: boolean;
  events: QueueEvent[];
  dossiers: string[];
  /** The workstations with print jobs newly queued for their printers (their print workers look; absent from older hubs). */
  jobs?: string[];
}

/** Sent just before the answer to a request: what that request caused that its operator should hear of. */
export interface Note {
  t: 'note';
  /** Jobs printed on the hub laptop's printers for want of one of the workstation's own, by kind. */
  fallbacks: { kind: string; printers: string[] }[];
}

export interface WireError {
  code: string;
  params: Record<string, string | number>;
}

export interface Req {
  t: 'req';
  n: number;
  m: string;
  a: unknown[];
  rid?: string;
}

export type Res = { t: 'res'; n: number; ok: unknown } | { t: 'res'; n: number; err: WireError };

export const RID = /^[0-9a-f]{32}$/;
