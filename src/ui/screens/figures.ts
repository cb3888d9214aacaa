// The trip's figures (queue and dossiers), scrolled with the arrows and pages.
import { dossierFiguresLines, figuresLines } from '../../app/present.js';
import { userMessage } from '../../i18n/index.js';
import { scrollBy } from '../keys/list.js';
import { pop, step, type Binding, type Screen, type ScreenEnv } from '../screen.js';

export interface FiguresState {
  scroll: number;
  /** A closed trip's figures (after K the last trip stays viewable); absent: the open trip's. */
  tripId?: number;
}

function lines(env: ScreenEnv, width: number, tripId: number | undefined): string[] {
  const { app, t, lang } = env;
  try {
    return [...figuresLines(t, lang, app.figures(tripId), app.data.groups, width - 4), '', ...dossierFiguresLines(t, lang, app.dossierFigures(tripId), app.data.helpServices, width - 4)];
  } catch (e) {
    return [userMessage(t, e)];
  }
}

/** Rows the dialog has for figures: border, title and the blank foot. */
const room = (env: ScreenEnv) => Math.max(1, env.size.height - 3);

const bindings: readonly Binding<FiguresState>[] = [
  {
    id: 'scroll',
    keys: ['up', 'down', 'pageup', 'pagedown'],
    keyText: '↑/↓ PgUp/PgDn',
    label: 'key.scroll',
    shown: () => 1,
    run: (s, env, key) => {
      const max = Math.max(0, lines(env, env.size.width, s.tripId).length - room(env));
      return step({ ...s, scroll: scrollBy(s.scroll, key, room(env), max) });
    },
  },
  { id: 'back', keys: ['escape', 'enter', 'f10', 'g'], label: 'key.back', shown: () => 2, run: (s) => step(s, pop()) },
];

export const figuresScreen: Screen<FiguresState> = {
  id: 'figures',
  bindings,
  scans: () => 'idle',
  view: (s, env, size) => {
    const trip = s.tripId === undefined ? env.trip : env.app.getTrip(s.tripId);
    // the rows the dialog has; what does not fit is said, with the key that shows it
    const all = lines(env, size.width, s.tripId);
    const rows = Math.max(1, size.height - 3);
    const more = all.length - s.scroll - rows;
    const shown = more > 0 ? [...all.slice(s.scroll, s.scroll + rows - 1), env.t('tui.moreLines', { n: more + 1, key: 'PgDn' })] : all.slice(s.scroll);
    const title = trip && trip.closedAt !== null ? env.t('tui.figuresClosedTitle', { id: trip.id, place: trip.place }) : env.t('tui.figuresTitle', { id: trip?.id ?? '' });
    return { frame: 'box', title, lines: shown, width: size.width, height: size.height };
  },
};
