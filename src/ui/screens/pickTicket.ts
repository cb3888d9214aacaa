// Choosing a ticket from a short list: a parked one to resume at this counter, or a no-show who came
// back (within the configured time they keep their place).
import { hhmm } from '../../core/time.js';
import { act, back, choose, frame, pop, step, type Binding, type Frame, type Screen, type ScreenEnv } from '../screen.js';

export interface TicketPickState {
  what: 'resume' | 'return';
  index: number;
}

const list = (s: TicketPickState, env: ScreenEnv) => env.queue.byStatus(s.what === 'resume' ? 'parked' : 'no_show');

const bindings: readonly Binding<TicketPickState>[] = [
  choose((s, env) => list(s, env).length),
  {
    id: 'pick',
    keys: ['enter'],
    label: 'key.pick',
    shown: () => 2,
    run: (s, env) => {
      const chosen = list(s, env)[s.index];
      if (!chosen) return step(s, pop());
      const counter = env.counter;
      return step(
        s,
        pop(),
        s.what === 'resume'
          ? act((e) => e.t('ok.resumed', { ticket: e.app.resume(chosen.label, counter).ticket.label, counter: e.t('label.counter', { no: counter }) }))
          : act((e) => e.t('ok.returned', { ticket: e.app.returnNoShow(chosen.label).ticket.label })),
      );
    },
  },
  back(3),
];

export const pickTicketScreen: Screen<TicketPickState> = {
  id: 'pickTicket',
  bindings,
  scans: () => 'idle',
  view: (s, env, size) => {
    const { t, lang, app } = env;
    const tickets = list(s, env);
    const groupName = (code: string) => app.data.groups.find((g) => g.code === code)?.name[lang] ?? '';
    const lines = tickets.length ? tickets.map((tk, i) => `${i === s.index ? '>' : ' '} ${tk.label}  ${groupName(tk.group)}  ${hhmm(tk.issuedAt)}`) : [t('tui.pickNone')];
    return { frame: 'box', title: t(s.what === 'resume' ? 'tui.pickResume' : 'tui.pickReturn'), lines, width: Math.min(size.width, 76), height: size.height };
  },
};

export const pickTicketFrame = (what: TicketPickState['what']): Frame<TicketPickState> => frame(pickTicketScreen, { what, index: 0 });
