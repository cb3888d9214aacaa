import { WedgeRouter, type WedgeOptions, type WedgeOutput } from '../../src/core/scan/wedge.js';

/** Feed (text, at) events to a new router, then let the input go quiet a second; everything it put out. */
export function outputs(events: [string, number][], opts: Partial<WedgeOptions> = {}): WedgeOutput[] {
  const r = new WedgeRouter(opts);
  const out: WedgeOutput[] = [];
  for (const [raw, at] of events) out.push(...r.push(raw, at));
  out.push(...r.flushIfQuiet((events.at(-1)?.[1] ?? 0) + 1000));
  return out;
}
