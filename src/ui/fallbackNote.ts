// A workstation's job printed on the hub laptop's printer for want of one of its own: the operator
// is told, without losing what the action itself said (issue 16). The word comes just after the
// action's own status line: appended to it when both fit the status line's one row, else said
// after it, once the action's own words have been on screen a moment (FALLBACK_AFTER_MS).
import type { Status } from './screen.js';

export const FALLBACK_AFTER_MS = 3000;

/** The columns a status takes (an error is drawn with '! ' before it). */
const columns = (s: NonNullable<Status>): number => [...s.text].length + (s.kind === 'error' ? 2 : 0);

/**
 * What the status line says now, and what it says FALLBACK_AFTER_MS later if nothing else has been
 * said meanwhile (null: nothing more). `note.short` is appended; `note.long` stands alone.
 */
export function withFallback(prev: Status, note: { short: string; long: string }, width: number): { now: Status; later: Status } {
  const alone: Status = { kind: 'info', text: note.long };
  if (!prev) return { now: alone, later: null };
  const both: Status = { kind: prev.kind, text: `${prev.text} · ${note.short}` };
  if (columns(both) <= width) return { now: both, later: null };
  return { now: prev, later: alone };
}
