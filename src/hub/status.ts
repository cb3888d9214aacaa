// `luudong hub status` on a workstation: is the hub there, which one, how far (round trip), how
// far apart the clocks are, and what it serves now.
import type { Lang } from '../core/lang.js';
import type { Translate } from '../i18n/index.js';
import { openRemote } from './open.js';
import { readStation } from './station.js';
import { DomainError } from '../core/errors.js';

export function hubStatus(dir: string, address: string | undefined, t: Translate, lang: Lang): { json: unknown; text: string[] } {
  const cfg = readStation(dir);
  if (!cfg) throw new DomainError('err.hub.notJoined', {});
  const app = openRemote({ dir, role: 'cli', lang, ...(address ? { address } : {}) });
  try {
    const rtts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      app.operators.enabled();
      rtts.push(performance.now() - t0);
    }
    rtts.sort((a, b) => a - b);
    const rtt = Math.round((rtts[2] as number) * 10) / 10;
    const trip = app.currentTrip();
    const offset = Math.round(app.now() - Date.now());
    const json = { hub: address ?? cfg.hub, workstation: app.workstation, station: app.station, epoch: app.epoch, roundTripMs: rtt, clockOffsetMs: offset, trip: trip ? { id: trip.id, place: trip.place } : null, events: app.queueState().eventCount, peers: app.peers };
    const text = [
      t('hub.statusLink', { hub: json.hub, station: app.station, epoch: app.epoch, id: app.workstation }),
      t('hub.statusRtt', { ms: rtt, offset: offset }),
      trip ? t('hub.statusTrip', { id: trip.id, place: trip.place, events: json.events }) : t('show.noTrip'),
    ];
    return { json, text };
  } finally {
    app.close();
  }
}
