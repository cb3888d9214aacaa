// A yes/no question before an act that cannot be taken back (closing the trip, quitting): Y does
// it, any other key leaves it undone.
import { wrap } from '../../app/slip.js';
import type { MessageKey } from '../../i18n/index.js';
import { keyLabel } from '../bindings.js';
import { frame, pop, step, type Binding, type Effect, type Frame, type Screen, type ScreenEnv } from '../screen.js';

export interface ConfirmState {
  title: MessageKey;
  /** The question; `keys` says how the keys that answer it are written. */
  text: (env: ScreenEnv, keys: { yes: string; no: string }) => string;
  /** What Y does (after the question closes). */
  yes: readonly Effect<never>[];
  /** What the question closes with on Y, for the screen below (its `resume`); none: nothing. */
  result?: unknown;
}

const YES = 'y';
const NO = 'escape';

const bindings: readonly Binding<ConfirmState>[] = [
  { id: 'yes', keys: [YES], label: 'key.yes', shown: () => 1, run: (s) => step(s, pop(s.result), ...(s.yes as Effect<ConfirmState>[])) },
  { id: 'no', keys: [NO, 'n'], label: 'key.no', shown: () => 2, run: (s) => step(s, pop()) },
];

export const confirmScreen: Screen<ConfirmState> = {
  id: 'confirm',
  bindings,
  // Any other key: not a yes.
  other: (s) => step(s, pop()),
  // the question wrapped, never cut, the box as tall as it needs
  view: (s, env, size) => {
    const width = Math.min(size.width, 76);
    const lines = wrap(s.text(env, { yes: keyLabel(YES), no: keyLabel(NO) }), width - 4);
    return { frame: 'box', title: env.t(s.title), lines, width, height: Math.min(size.height, Math.max(5, lines.length + 4)) };
  },
};

export const confirmFrame = (s: ConfirmState): Frame<ConfirmState> => frame(confirmScreen, s);
