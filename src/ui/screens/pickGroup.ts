// Choosing a service group by its letter: for a new ticket (then its priority), for a transfer of the
// ticket at this counter, or for a walk-in served here at once.
import { issuedText } from '../../app/present.js';
import { act, back, frame, pop, replace, step, type Binding, type Frame, type Screen, type ScreenEnv, type Step } from '../screen.js';

export interface GroupPickState {
  purpose: 'issue' | 'transfer' | 'walkIn';
}

export interface PriorityPickState {
  /** The group code chosen. */
  group: string;
}

/** The groups offered: every group for a ticket or a transfer; for a walk-in, those this counter serves. */
function offered(s: GroupPickState, env: ScreenEnv) {
  if (s.purpose !== 'walkIn') return env.app.data.groups;
  const here = env.trip?.counters.find((c) => c.no === env.counter);
  return here ? env.app.data.groups.filter((g) => here.groups.includes(g.code)) : env.app.data.groups;
}
const groupByLetter = (s: GroupPickState, env: ScreenEnv, letter: string) => offered(s, env).find((g) => g.prefix === letter.toUpperCase());
const groupName = (env: ScreenEnv, code: string) => {
  const g = env.app.data.groups.find((x) => x.code === code);
  return g ? `${g.prefix} ${g.name[env.lang]}` : code;
};

function pickGroup(s: GroupPickState, env: ScreenEnv, letter: string): Step<GroupPickState> {
  const g = groupByLetter(s, env, letter);
  if (!g) return step(s);
  const counter = env.counter;
  switch (s.purpose) {
    case 'issue':
      return step(s, replace(frame(priorityScreen, { group: g.code })));
    case 'transfer':
      return step(
        s,
        pop(),
        act((e) => e.t('ok.transferred', { ticket: e.app.transfer({ counter }, g.code).ticket.label, group: `${g.prefix} ${g.name[e.lang]}` })),
      );
    case 'walkIn':
      return step(s, pop(), act((e) => e.t('ok.walkIn', { ticket: e.app.walkIn(counter, g.code).ticket.label })));
  }
}

const groupBindings = (s: GroupPickState, env: ScreenEnv): readonly Binding<GroupPickState>[] => {
  const letters = offered(s, env).map((g) => g.prefix.toLowerCase());
  return [
    {
      id: 'group',
      keys: letters,
      keyText: letters.length > 2 ? `${letters[0]?.toUpperCase()}–${letters[letters.length - 1]?.toUpperCase()}` : letters.map((l) => l.toUpperCase()).join('/'),
      label: 'key.group',
      shown: () => 1,
      run: (s, e, key) => pickGroup(s, e, key.text),
    },
    back(2),
  ];
};

export const groupPickerScreen: Screen<GroupPickState> = {
  id: 'pickGroup',
  bindings: groupBindings,
  view: (s, env, size) => {
    const { t, lang, app } = env;
    const title =
      s.purpose === 'issue' ? t('tui.issueTitle') : s.purpose === 'walkIn' ? t('tui.walkInTitle') : t('tui.transferTitle', { ticket: env.queue.currentAt(env.counter)?.label ?? '' });
    return { frame: 'box', title, lines: offered(s, env).map((g) => `  ${g.prefix}   ${g.name[lang]}`), width: Math.min(size.width, 76), height: size.height };
  },
};

export const groupPickerFrame = (purpose: GroupPickState['purpose']): Frame<GroupPickState> => frame(groupPickerScreen, { purpose });

const priorityBindings = (_s: PriorityPickState, env: ScreenEnv): readonly Binding<PriorityPickState>[] => {
  const keys = env.app.data.priorities.map((p) => p.key);
  const issue = (s: PriorityPickState, priority: string | null): Step<PriorityPickState> =>
    step(
      s,
      pop(),
      act((e) => {
        // one row of the status line: the group and the category when they fit
        return issuedText(e.t, e.lang, e.app.data, e.app.issue(s.group, priority), e.size.width);
      }),
    );
  return [
    { id: 'none', keys: ['enter'], label: 'key.noPriority', shown: () => 1, run: (s) => issue(s, null) },
    {
      id: 'priority',
      keys,
      keyText: keys.length > 1 ? `${keys[0]}–${keys[keys.length - 1]}` : (keys[0] ?? ''),
      label: 'key.priority',
      shown: () => 2,
      run: (s, e, key) => issue(s, e.app.data.priorities.find((p) => p.key === key.text)?.code ?? null),
    },
    // Back to the groups, not out of the ticket.
    back(3, (s) => step(s, replace(groupPickerFrame('issue')))),
  ];
};

export const priorityScreen: Screen<PriorityPickState> = {
  id: 'pickPriority',
  bindings: priorityBindings,
  view: (s, env, size) => {
    const { t, lang, app } = env;
    const lines = [`  Enter  ${t('label.none')}`, ...app.data.priorities.map((p) => `  ${p.key}      ${p.name[lang]}`)];
    return { frame: 'box', title: t('tui.priorityTitle', { group: groupName(env, s.group) }), lines, width: Math.min(size.width, 76), height: size.height };
  },
};
