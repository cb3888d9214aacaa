// Starting the centre's screen full-screen (alternate screen, the terminal restored however it ends),
// on a Centre the command line opened: a composition root, like tui.tsx, so it lives with the CLI.
import { render } from 'ink';
import type { Centre } from '../centre/app/centre.js';
import { fleetReport, fleetReportLines } from '../centre/app/report.js';
import type { Dimension } from '../centre/core/figures.js';
import type { Lang } from '../core/lang.js';
import { translator } from '../i18n/index.js';
import { CentreScreen } from '../ui/CentreScreen.js';
import { TextContext } from '../ui/context.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';

/**
 * The screen over a Centre opened without a login: when the centre has staff, the screen's own login
 * step asks who (`operator`, e.g. --operator, fills the name) and checks the PIN through
 * `centre.login` (its lock-out as on the command line); the figures come only after it.
 */
export async function runCentreScreen(centre: Centre, lang: Lang, title: string, year: number, operator?: string): Promise<number> {
  const t = translator(lang);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(t('cli.error', { text: t('err.noTty') }) + '\n');
    return 2;
  }
  const needsLogin = !centre.staff && (await centre.loginsEnabled());
  if (!needsLogin) await centre.guard('report');
  const login = needsLogin
    ? {
        ...(operator ? { name: operator } : {}),
        check: async (name: string, pin: string) => {
          const who = await centre.login(name, pin);
          await centre.guard('report');
          return who;
        },
      }
    : undefined;
  const load = async (by: Dimension, y: number, width: number) => {
    const r = await fleetReport(centre, { by, from: `${y}-01-01`, to: `${y}-12-31` }, t, lang);
    return fleetReportLines(t, lang, r, width, centre.data.helpServices);
  };
  process.stdout.write('\x1b[?1049h\x1b[H\x1b[2J');
  const restore = () => process.stdout.write('\x1b[?1049l');
  process.once('exit', restore);
  const instance = render(
    <TextContext.Provider value={{ t, lang }}>
      <ErrorBoundary>
        <CentreScreen load={load} year={year} title={title} {...(login ? { login } : {})} />
      </ErrorBoundary>
    </TextContext.Provider>,
    { exitOnCtrlC: false, patchConsole: false, maxFps: 30 },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    restore();
    process.off('exit', restore);
  }
  return 0;
}
