// The citizen's satisfaction (1–5) with the ticket this counter finished last.
import { keyLabel } from '../bindings.js';
import { act, back, pop, step, type Binding, type Screen } from '../screen.js';

export interface RateState {
  ticket: string;
}

const SCORES = '1-5';
/** How the score keys are written (the finish message names them). */
export const RATE_KEYS = keyLabel(SCORES);

const bindings: readonly Binding<RateState>[] = [
  {
    id: 'score',
    keys: [SCORES],
    label: 'key.score',
    shown: () => 1,
    run: (s, _env, key) => {
      const score = Number(key.text);
      return step(s, pop(), act((e) => e.t('ok.rated', { ticket: e.app.dossiers.rate(score, { label: s.ticket }).label, score })));
    },
  },
  back(2),
];

export const rateScreen: Screen<RateState> = {
  id: 'rate',
  bindings,
  scans: () => 'idle',
  view: (s, env, size) => ({ frame: 'box', title: env.t('key.rate'), lines: [env.t('tui.rateTitle', { ticket: s.ticket }), '', '  1   2   3   4   5'], width: Math.min(size.width, 76), height: 7 }),
};
