// Results back from the commune office for people of this commune (at the open trip): Enter opens
// one as in Find, where one key records it as handed back.
import { readyToReturn } from '../../app/officeUpdates.js';
import { moveIn, windowStart } from '../keys/list.js';
import { frame, pop, replace, step, type Binding, type Screen, type ScreenEnv } from '../screen.js';
import { findScreen, startFind } from './find.js';

export interface ReadyState {
  index: number;
}

const list = (env: ScreenEnv) => readyToReturn(env.app).dossiers;

const bindings: readonly Binding<ReadyState>[] = [
  {
    id: 'choose',
    keys: ['up', 'down', 'pageup', 'pagedown', 'home', 'end'],
    keyText: '↑/↓',
    label: 'key.choose',
    shown: () => 1,
    run: (s, env, key) => step({ index: moveIn(s.index, list(env).length, key) ?? s.index }),
  },
  {
    id: 'open',
    keys: ['enter'],
    label: 'key.open',
    shown: () => 2,
    run: (s, env) => {
      const chosen = list(env)[s.index];
      return chosen ? step(s, replace(frame(findScreen, { ...startFind(chosen.dossier.code), open: chosen.dossier }))) : step(s);
    },
  },
  { id: 'back', keys: ['escape'], label: 'key.back', shown: () => 3, run: (s) => step(s, pop()) },
];

export const readyScreen: Screen<ReadyState> = {
  id: 'ready',
  bindings,
  view: (s, env, size) => {
    const { t, lang } = env;
    const r = readyToReturn(env.app);
    const room = Math.max(1, size.height - 4);
    const from = windowStart(s.index, r.dossiers.length, room);
    const lines = r.dossiers.length
      ? r.dossiers
          .slice(from, from + room)
          .map((x, i) => `${from + i === s.index ? '>' : ' '} ${x.dossier.code.slice(-11)} ${x.dossier.citizenName.padEnd(22).slice(0, 22)} ${(x.place ?? '').padEnd(16).slice(0, 16)} ${x.dossier.procedureName[lang]}`)
      : [t('tui.readyNone')];
    return { frame: 'box', title: t('tui.readyTitle', { commune: r.commune ?? t('tui.readyAll'), n: r.dossiers.length }), lines, width: size.width, height: size.height };
  },
};
