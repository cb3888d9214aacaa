// The help for the screen under it: its binding table, generated (nothing hand-written to drift),
// keys refused now dimmed. F1 (and ? where no field takes it) opens it; Esc, Enter or F1 closes it.
import { helpItems } from '../bindings.js';
import { moveIn } from '../keys/list.js';
import { frame, pop, step, type Binding, type Frame, type Screen, type ViewLine } from '../screen.js';

export interface HelpState {
  /** The screen whose keys are listed. */
  of: Frame;
  scroll: number;
}

// Named 'help' so that it stands in for the global F1 here, and ends the key bar.
const close: Binding<HelpState> = { id: 'help', keys: ['escape', 'enter', 'f1', '?'], label: 'key.back', run: (s) => step(s, pop()) };
const scroll: Binding<HelpState> = {
  id: 'scroll',
  keys: ['up', 'down', 'pageup', 'pagedown'],
  label: 'key.scroll',
  keyText: '↑/↓',
  run: (s, env, key) => step({ ...s, scroll: moveIn(s.scroll, helpItems(s.of, env).length, key, Math.max(1, env.size.height - 4)) ?? s.scroll }),
};

export const helpScreen: Screen<HelpState> = {
  id: 'help',
  bindings: [close, scroll],
  // What a scan may do is what it may do on the screen the help is about.
  scans: (s) => s.of.screen.scans?.(s.of.state) ?? 'busy',
  view: (s, env, size) => {
    const width = Math.min(size.width, 76);
    const items = helpItems(s.of, env).map((h): ViewLine => {
      const text = h.keys.length > 13 ? `${h.keys}  ${h.label}` : `${h.keys.padEnd(13)} ${h.label}`;
      return h.disabled ? { text, dim: true } : text;
    });
    const inner = size.height - 3;
    const textOf = (l: ViewLine) => (typeof l === 'string' ? l : l.text);
    let lines: ViewLine[];
    if (items.length <= inner) lines = items;
    else {
      // Two columns side by side when one does not fit; scrolled when two do not either.
      const half = Math.ceil(items.length / 2);
      const colW = Math.floor((width - 4) / 2);
      lines = items.slice(0, half).map((l, i) => textOf(l).slice(0, colW - 1).padEnd(colW) + (items[half + i] ? textOf(items[half + i] as ViewLine) : ''));
      lines = lines.slice(Math.min(s.scroll, Math.max(0, lines.length - inner)));
    }
    return { frame: 'box', title: env.t('tui.helpTitle'), lines, width, height: size.height };
  },
};

export const helpFrame = (of: Frame): Frame<HelpState> => frame(helpScreen, { of, scroll: 0 });
