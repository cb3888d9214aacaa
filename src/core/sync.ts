// The link between a vehicle and the centre, as pure data: how a request is signed, what a vehicle
// sends (a closed trip's records, its dossiers' states, a handover bundle) and what comes back
// (status updates from the communes' one-stop offices, the planned trips), and how often a failed
// sync is tried again. Both sides use it: the vehicle (src/app/sync.ts) to build and sign, the centre
// (src/centre) to check. No I/O, no crypto: hashing and signing are the callers'.
//
// Every request from a vehicle carries four headers, and its Ed25519 signature over
//   luudong-sync-v1 \n METHOD \n PATH \n SHA-256(body) hex \n time (ms) \n nonce \n vehicle id
// The centre refuses a request whose time is more than MAX_SKEW_MS away from its own clock, whose
// nonce it has seen from that vehicle (replay), or whose body does not hash to the signed value.
import type { DossierState } from './lifecycle.js';

export const SYNC_VERSION = 'luudong-sync-v1';
export const HEADER = {
  vehicle: 'x-luudong-vehicle',
  time: 'x-luudong-time',
  nonce: 'x-luudong-nonce',
  signature: 'x-luudong-signature',
} as const;

/** How far a request's clock may be from the centre's (a laptop's clock drifts; a replay is older). */
export const MAX_SKEW_MS = 5 * 60_000;
/** Nonces are kept a little longer than a request can be accepted. */
export const NONCE_KEEP_MS = 2 * MAX_SKEW_MS;

export interface RequestParts {
  method: string;
  /** The path with its query string, as sent. */
  path: string;
  bodySha256: string;
  time: number;
  nonce: string;
  /** The vehicle's id at the centre; "enrol" before it has one. */
  vehicle: string;
}

/** The exact bytes a vehicle signs for a request. */
export function canonicalRequest(r: RequestParts): string {
  return [SYNC_VERSION, r.method.toUpperCase(), r.path, r.bodySha256, String(r.time), r.nonce, r.vehicle].join('\n');
}

export const NONCE = /^[0-9a-f]{32}$/;
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * A certificate or key fingerprint as "sha256:" and 64 lowercase hex digits, from any of the ways it
 * is written: Node's "AB:CD:…", with spaces in groups of four (as read out), with or without the prefix.
 */
export function normalizeFingerprint(s: string): string | undefined {
  const hex = s.trim().toLowerCase().replace(/^sha256:?/, '').replace(/[\s:]/g, '');
  return SHA256_HEX.test(hex) ? `sha256:${hex}` : undefined;
}

// ---- back-off -------------------------------------------------------------------------------------

export const BACKOFF_FIRST_MS = 30_000;
export const BACKOFF_MAX_MS = 60 * 60_000;

/**
 * When to try again after `failures` failures in a row: 30 s, 1 min, 2 min … at most an hour, with
 * up to a fifth of the wait added from `jitter` (0..1), so a fleet coming back online at once does
 * not knock on the centre together.
 */
export function backoffMs(failures: number, jitter: number): number {
  if (failures <= 0) return 0;
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(failures - 1, 20));
  return Math.round(base * (1 + 0.2 * Math.min(1, Math.max(0, jitter))));
}

// ---- what a vehicle sends ---------------------------------------------------------------------------

/** A queue event as the vehicle logged it (the vehicle's own ids). */
export interface SyncQueueEvent {
  id: number;
  ticket: number;
  type: string;
  at: number;
  counter: number | null;
  group: string | null;
  priority: string | null;
}

/** A closed trip's records: what every figure at the centre is folded from. No personal data. */
export interface TripPayload {
  trip: {
    id: number;
    commune: string;
    place: string;
    date: string;
    start: string;
    end: string;
    openedAt: number;
    closedAt: number | null;
  };
  tickets: { id: number; label: string }[];
  events: SyncQueueEvent[];
  /** Help without a dossier: kind -> times given. */
  help: { kind: string; n: number }[];
  /** Satisfaction by ticket. */
  ratings: { ticket: number; score: number }[];
}

export interface SyncDossierEvent {
  at: number;
  from: DossierState | null;
  to: DossierState;
}

/**
 * A dossier as the figures need it: no name, number or address (those travel only in a signed
 * handover bundle), and its history of states to check against the lifecycle.
 */
export interface DossierStatus {
  code: string;
  trip: number | null;
  /** The commune of its trip, so the centre can count it there before the trip itself arrives. */
  commune: string | null;
  ticket: number | null;
  receivedOn: string;
  receivedAt: number;
  dueDate: string;
  procedure: { key: string; code: string | null; name: { vi: string; en: string }; field: string; group: string };
  feeVnd: number;
  payment: string;
  /**
   * A fee by bank transfer: when the operator confirmed it arrived (null while awaited), and the
   * bank's reference of that transfer as read then (null when none was typed). Absent from vehicles
   * of before: read as null.
   */
  paidAt: number | null;
  paidRef: string | null;
  returnMethod: string;
  state: DossierState;
  stateAt: number;
  resultOn: string | null;
  events: SyncDossierEvent[];
}

// ---- what comes back ----------------------------------------------------------------------------------

/** A status update from a commune office, imported at the centre, for this vehicle to apply. */
export interface UpdateDelivery {
  /** The centre's id: an update delivered twice (its answer lost) is applied once. */
  id: number;
  code: string;
  status: DossierState;
  /** YYYY-MM-DD, at the office. */
  date: string;
  note: string | null;
}

/** What the vehicle did with an update. */
export interface UpdateOutcome {
  id: number;
  outcome: 'applied' | 'unchanged' | 'refused';
  /** refused: the catalogue key of the reason, and its parameters. */
  reason: string | null;
  params: Record<string, string | number> | null;
}

/** A trip the centre planned for this vehicle. */
export interface ScheduleDelivery {
  id: number;
  commune: string;
  place: string;
  date: string;
  start: string;
  end: string;
  services: string[];
  note: string | null;
  announcedAt: number | null;
  cancelledAt: number | null;
}
