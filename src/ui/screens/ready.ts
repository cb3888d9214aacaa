// Results back from the commune office for people of this commune (at the open trip): Enter opens
// one as in Find, where one key records it as handed back.
import { windowStart } from '../keys/list.js';
import { back, choose, frame, replace, step, type Binding, type Screen, type ScreenEnv } from '../screen.js';
import { findScreen, startFind } from './find.js';

export interface ReadyState {
  index: number;
}

const list = (env: ScreenEnv) => env.app.readyToReturn().dossiers;

const bindings: readonly Binding<ReadyState>[] = [
  choose((_s, env) => list(env).length),
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
  back(3),
];

export const readyScreen: Screen<ReadyState> = {
  id: 'ready',
  bindings,
  view: (s, env, size) => {
    const { t, lang } = env;
    const r = env.app.readyToReturn();
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
