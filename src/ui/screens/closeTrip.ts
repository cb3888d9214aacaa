// The question that closes the trip (K on the main screen, or on the list of transfers still
// awaited): every ticket's outcome stated before Y, then the close, the cash statement to the
// receipt printer for signatures, and one status line that fits 80 columns.
import { ticketOutcomes } from '../../core/queue/figures.js';
import { act, type Frame } from '../screen.js';
import { confirmFrame, type ConfirmState } from './confirm.js';

export function closeTripQuestion(): Frame<ConfirmState> {
  return confirmFrame({
    title: 'key.closeTrip',
    // every ticket's outcome, before the close: they add up to the tickets issued
    text: (env, keys) => {
      const f = env.app.figures();
      return env.t('tui.closeConfirm', { id: env.trip?.id ?? '', ...ticketOutcomes(f), ...keys });
    },
    yes: [
      act((e) => {
        const r = e.app.closeTrip();
        // every outcome was stated in the question; the status line says it in one line of 80
        const o = ticketOutcomes(r.figures);
        const closed = e.t('ok.tripClosedShort', { id: r.trip.id, served: o.served, issued: o.issued, unserved: o.unserved });
        // The cash statement goes to the receipt printer for the collectors' and the
        // supervisor's signatures (refused there if its sums do not add up); with no printer
        // for it, `luudong report cash` prints it later.
        try {
          e.app.printing.print({ kind: 'cash', tripId: r.trip.id, operator: null, lang: 'vi' }, String(r.trip.id));
          return `${closed} ${e.t('trip.cashQueued')}`;
        } catch {
          return `${closed} ${e.t('trip.cashLater')}`;
        }
      }),
    ],
  });
}
