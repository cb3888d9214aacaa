// Help without a dossier (VNeID, digital signature, SIM…): one digit records it, with the citizen or
// ticket being served at this counter.
import { act, back, pop, step, type Binding, type Screen, type ScreenEnv } from '../screen.js';

export type AssistState = Record<string, never>;

const bindings = (_s: AssistState, env: ScreenEnv): readonly Binding<AssistState>[] => {
  const keys = env.app.data.helpServices.map((h) => h.key);
  return [
    {
      id: 'kind',
      keys,
      keyText: keys.length > 1 ? `${keys[0]}–${keys[keys.length - 1]}` : (keys[0] ?? ''),
      label: 'key.helpKind',
      shown: () => 1,
      run: (s, e, key) => {
        const svc = e.app.data.helpServices.find((h) => h.key === key.text);
        if (!svc) return step(s);
        const counter = e.counter;
        return step(
          s,
          pop(),
          act((x) => {
            const r = x.app.dossiers.logHelp(svc.code, { counter });
            return x.t('ok.helped', { kind: svc.name[x.lang], who: r.citizen ? ` – ${r.citizen.fullName}` : r.ticket ? ` – ${r.ticket.label}` : '' });
          }),
        );
      },
    },
    back(2),
  ];
};

export const assistScreen: Screen<AssistState> = {
  id: 'assist',
  bindings,
  scans: () => 'idle',
  view: (_s, env, size) => ({
    frame: 'box',
    title: env.t('tui.assistTitle'),
    lines: env.app.data.helpServices.map((h) => `  ${h.key}   ${h.name[env.lang]}`),
    width: Math.min(size.width, 76),
    height: size.height,
  }),
};
