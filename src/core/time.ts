// Local-time helpers. Timestamps are milliseconds since the epoch; the trip date is local YYYY-MM-DD.

const pad2 = (n: number) => String(n).padStart(2, '0');

export function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** 2026-11-22 -> 22/11/2026 (the Vietnamese way). */
export function displayDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A moment as the operator reads it, local: 23/11/2026 09:05:07 (seconds when asked). */
export function displayDateTime(ms: number, seconds = true): string {
  const d = new Date(ms);
  return `${displayDate(localDate(ms))} ${hhmm(ms)}${seconds ? `:${pad2(d.getSeconds())}` : ''}`;
}

export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export function isHhmm(s: string): boolean {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  return !!m && Number(m[1]) < 24 && Number(m[2]) < 60;
}

/**
 * Whole minutes, rounded, for display of durations; never below 0: a moment stamped by another
 * laptop whose clock runs a little ahead, or read a moment before this one, is no time ago, never
 * "-1 min".
 */
export function minutes(ms: number): number {
  return ms > 0 ? Math.round(ms / 60000) : 0;
}
