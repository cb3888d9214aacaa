// The recent print jobs: their state and printer; R prints one again, X cancels it.
import type { PrintJob } from '../../core/print/printer.js';
import { jobTitle } from '../../app/present.js';
import type { MessageKey, Translate } from '../../i18n/index.js';
import { act, back, choose, step, type Binding, type Screen, type ScreenEnv } from '../screen.js';

export interface JobsState {
  index: number;
}

/** As many jobs as the dialog has rows for. */
const jobs = (env: ScreenEnv) => env.app.printing.jobs(Math.max(1, env.size.height - 4));
const noJob = (s: JobsState, env: ScreenEnv) => (jobs(env)[s.index] ? null : env.t('print.none'));

/** Where a job went and how it stands: a job with no printer was only kept as a PDF, never "printed". */
function jobState(t: Translate, j: PrintJob): [string, string] {
  if (!j.printer) return [j.state === 'done' ? t('print.keptPdf') : t(`print.state.${j.state}` as MessageKey), t('print.noPrinter')];
  return [t(`print.state.${j.state}` as MessageKey), j.printer];
}

const bindings: readonly Binding<JobsState>[] = [
  choose((_s, env) => jobs(env).length),
  {
    id: 'reprint',
    keys: ['r'],
    label: 'key.print',
    shown: () => 2,
    disabled: noJob,
    run: (s, env) => {
      const job = jobs(env)[s.index];
      if (!job) return step(s);
      return step(s, act((e) => e.t('print.queued', { title: jobTitle(e.t, job), printer: e.app.printing.reprint(job.id).printer || e.t('print.pdfTarget') })));
    },
  },
  {
    id: 'cancel',
    keys: ['x'],
    label: 'key.cancelJob',
    shown: () => 3,
    disabled: noJob,
    run: (s, env) => {
      const job = jobs(env)[s.index];
      if (!job) return step(s);
      return step(s, act((e) => (e.app.printing.cancel(job.id), e.t('ok.jobCancelled', { id: job.id }))));
    },
  },
  back(4),
];

export const jobsScreen: Screen<JobsState> = {
  id: 'jobs',
  bindings,
  scans: () => 'idle',
  view: (s, env, size) => {
    const { t } = env;
    const list = jobs(env);
    const lines = list.length
      ? list.map((j, i) => {
          const [state, printer] = jobState(t, j);
          return `${i === s.index ? '>' : ' '} ${String(j.id).padStart(4)} ${state.padEnd(11)} ${printer.padEnd(12)} ${jobTitle(t, j)}${j.reason ? ` – ${t(`print.failure.${j.reason}` as MessageKey)}` : ''}`;
        })
      : [t('print.none')];
    return { frame: 'box', title: t('print.jobsTitle'), lines, width: size.width, height: size.height };
  },
};
