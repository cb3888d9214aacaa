// The vehicle's link to the centre as the counter screen shows it (when it last synced, what waits),
// apart from the sync itself (./sync.ts) so that the app (Luudong.syncStatus) can say it without
// depending on the sync's machinery.
import type { Db } from '../store/types.js';
import { OutboxRepo } from '../store/outbox.js';

/** A refusal as the centre said it (its catalogue key and parameters), kept as JSON. */
export interface Reason {
  code: string;
  params: Record<string, string | number>;
}

export function parseReason(s: string | null): Reason | null {
  if (!s) return null;
  try {
    const r = JSON.parse(s) as Reason;
    return typeof r?.code === 'string' ? { code: r.code, params: r.params ?? {} } : null;
  } catch {
    return { code: 'err.unexpected', params: { detail: s } };
  }
}

/** What the counter screen shows: the last sync and what waits. */
export interface SyncStatus {
  enrolled: boolean;
  vehicleName: string | null;
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  lastError: Reason | null;
  waiting: ReturnType<OutboxRepo['counts']>;
  nextAt: number;
}

export function syncStatus(app: { readonly db: Db }): SyncStatus {
  const repo = new OutboxRepo(app.db);
  const l = repo.link();
  return {
    enrolled: !!l,
    vehicleName: l?.vehicleName ?? null,
    lastSuccessAt: l?.lastSuccessAt ?? null,
    lastAttemptAt: l?.lastAttemptAt ?? null,
    lastError: parseReason(l?.lastError ?? null),
    waiting: repo.counts(),
    nextAt: l?.nextAt ?? 0,
  };
}

