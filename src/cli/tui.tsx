// The composition root of the full-screen front doors (counter screen, board): it opens the app and
// wires the parts src/ui must not know (the store's file watch, the drivers, the print worker, the
// scanners, child processes) to the screens; alternate screen, Ink with a modest frame rate, the
// terminal restored however the process ends. With --hub the app is the hub's (RemoteLuudong): the
// screens are the same, news comes as the hub's pushes instead of the file watch, and the link's
// state is shown. The keys are read from stdin by the screens' own
// reader (src/ui/keys/input.ts); Ink gets a stdin it never reads.
import { render } from 'ink';
import { PassThrough } from 'node:stream';
import type { ReactElement } from 'react';
import { openApp } from '../app/open.js';
import { closeStore } from '../store/db.js';
import type { Lang } from '../core/lang.js';
import { translator, userMessage } from '../i18n/index.js';
import { createEspeakSpeaker } from '../../drivers/speech/espeak.js';
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { appendFileSync } from 'node:fs';
import { findDataDir } from '../app/data.js';
import { App } from '../ui/App.js';
import { PrintHub } from '../ui/printHub.js';
import { ScanHub, type DocScanRequest } from '../ui/scanHub.js';
import { watchDatabase } from '../store/watch.js';
import { Board } from '../ui/Board.js';
import { TextContext } from '../ui/context.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';
import { KeyInputContext } from '../ui/keys/useKeys.js';
import type { CounterApp, HubLinkView } from '../app/counterApp.js';
import type { WatchDatabase } from '../ui/useAppRevision.js';
import type { RemoteLuudong } from '../hub/remote.js';
import type { RunningHub } from '../hub/serve.js';
import { stationDir } from './hubCommands.js';

interface RunOptions {
  lang: Lang;
  db?: string;
  demo?: boolean;
  operator?: string;
  /** Lock the counter screen after this long without a key (ms; 0: never). */
  lockAfterMs?: number;
  /** Work against this hub (host:port) as a paired workstation. */
  hub?: string;
  /** Serve this laptop's database to the workstations too, on this address (the hub beside a screen). */
  serve?: string;
  /** Called once the first frame is out (and the first keys had their moment). */
  firstFrame?: () => void;
}

/** What a front door runs on: this laptop's database, or the hub's through the link. */
type Front =
  | { kind: 'local'; app: CounterApp; watch: WatchDatabase; opened: ReturnType<typeof openApp>; hub?: RunningHub }
  | { kind: 'hub'; app: CounterApp; watch: WatchDatabase; remote: RemoteLuudong; link: HubLinkView };

async function openFront(opts: RunOptions, lang: Lang, role: 'screen' | 'board'): Promise<Front> {
  if (opts.hub === undefined) {
    const opened = openApp({ ...(opts.db ? { db: opts.db } : {}), demo: !!opts.demo, lang, ...(opts.operator ? { operator: opts.operator } : {}) });
    let hub: RunningHub | undefined;
    if (opts.serve !== undefined) {
      // The hub in this process, beside the screen: its log goes to hub.log in the data folder.
      const { startHub } = await import('../hub/serve.js');
      const logFile = join(dirname(opened.file), 'hub.log');
      const log = (line: string) => {
        try {
          appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
        } catch {
          // a full disk must not stop the screen
        }
      };
      try {
        hub = await startHub(opened.app, opened.file, opts.serve, log);
      } catch (e) {
        opened.app.db.close();
        throw e;
      }
    }
    // The hub's use cases commit on this same connection, which does not move its data_version:
    // with the hub beside it, the screen looks again at every change of the file.
    const watch: WatchDatabase = hub ? (cb) => watchDatabase(opened.file, () => (opened.app.invalidate(), cb())) : (cb) => watchDatabase(opened.file, cb);
    return { kind: 'local', app: opened.app, watch, opened, ...(hub ? { hub } : {}) };
  }
  const { openRemote } = await import('../hub/open.js');
  const remote = openRemote({ dir: stationDir({ ...(opts.db ? { db: opts.db } : {}), demo: !!opts.demo }), address: opts.hub, role, lang, operator: opts.operator ?? null });
  // Without logins set up, --operator names who acts, as on a single laptop.
  try {
    if (opts.operator && !remote.operators.enabled()) remote.operator = opts.operator;
  } catch (e) {
    remote.close();
    throw e;
  }
  return {
    kind: 'hub',
    app: remote,
    remote,
    link: remote,
    // The hub's pushes (after every commit anywhere) move the screens, not a file watch.
    watch: (cb) => remote.subscribe((e) => e.kind === 'state' && cb()),
  };
}

const ENTER_ALT = '\x1b[?1049h\x1b[H\x1b[2J';
const LEAVE_ALT = '\x1b[?1049l';

async function fullScreen(
  lang: Lang,
  opts: RunOptions,
  role: 'screen' | 'board',
  make: (o: Front) => ReactElement,
  closeCleanly = false,
  afterFirstFrame?: (o: Front) => Promise<() => Promise<void>>,
): Promise<number> {
  const t = translator(lang);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(t('cli.error', { text: t('err.noTty') }) + '\n');
    return 2;
  }
  let opened: Front;
  try {
    opened = await openFront(opts, lang, role);
  } catch (e) {
    process.stderr.write(t('cli.error', { text: userMessage(t, e) }) + '\n');
    return 1;
  }
  process.stdout.write(ENTER_ALT);
  const restore = () => process.stdout.write(LEAVE_ALT);
  process.once('exit', restore);
  // On resize the terminal moves or crops what is on it, so Ink's idea of where its last frame is
  // no longer holds: wipe the screen and put the cursor home before Ink (whose listener comes after
  // this one) draws the next frame in full.
  const onResize = () => process.stdout.write('\x1b[2J\x1b[H');
  process.stdout.on('resize', onResize);
  const keys = { stream: process.stdin, terminal: process.stdout };
  // Ink must not read the keys too: it gets a stream nothing is ever written to.
  const inkStdin = new PassThrough() as unknown as NodeJS.ReadStream;
  const instance = render(
    <TextContext.Provider value={{ t, lang }}>
      <KeyInputContext.Provider value={keys}>
        <ErrorBoundary>{make(opened)}</ErrorBoundary>
      </KeyInputContext.Provider>
    </TextContext.Provider>,
    {
    stdin: inkStdin,
    exitOnCtrlC: false,
    patchConsole: false,
    // Whole frames: after a resize, line-by-line updates would skip lines the terminal has lost.
    // Frames are at most 23 short lines, and the cost of a frame is Ink building it, not writing it.
    incrementalRendering: false,
    // Ink throttles frames to this rate: 60 keeps a key press within one 16 ms frame.
    maxFps: 60,
    },
  );
  // The entry saves V8's code cache of what this start ran: soon after the first frame, before the
  // work that can wait for it (below) compiles more than a start needs.
  if (opts.firstFrame) setTimeout(opts.firstFrame, 250).unref();
  // Work that can wait for the first frame (the print worker and its modules).
  let stopLater: Promise<() => Promise<void>> | undefined;
  if (afterFirstFrame) {
    const o = opened;
    // Half a second in: the first frame is out and the first keys answered before these modules load.
    stopLater = new Promise((resolve, reject) => setTimeout(() => afterFirstFrame(o).then(resolve, reject), 500));
  }
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    if (stopLater) await (await stopLater.catch(() => async () => undefined))();
    process.stdout.off('resize', onResize);
    restore();
    process.off('exit', restore);
    if (opened.kind === 'hub') {
      opened.remote.close();
    } else if (closeCleanly) {
      await opened.hub?.stop();
      // Check the file now, while nobody waits, so tomorrow's start need not (see store/integrity.ts).
      process.stdout.write(t('tui.closing') + '\n');
      const r = closeStore(opened.opened.app.db, opened.opened.file);
      if (!r.ok) process.stderr.write(t('cli.error', { text: t('err.dbCorrupt', { file: opened.opened.file, detail: 'quick_check' }) }) + '\n');
    } else {
      await opened.hub?.stop();
      opened.opened.app.db.close();
    }
  }
  return 0;
}

export function runTui(opts: RunOptions): Promise<number> {
  const hub = new PrintHub();
  const scans = new ScanHub();
  const lock = opts.lockAfterMs !== undefined ? { lockAfterMs: opts.lockAfterMs } : {};
  return fullScreen(
    opts.lang,
    opts,
    'screen',
    (f) => {
      // Paper scanning runs in a child process of its own: ready with the first frame, not with the
      // devices set up half a second after it (an operator quick to S met "no scanner" meanwhile).
      if (f.kind === 'local' && !scans.docScan) scans.docScan = docScanProcess(f.opened.file, opts.lang, scans, () => f.opened.app.childLogin());
      return <App app={f.app} watch={f.watch} printHub={hub} scanHub={scans} {...(f.kind === 'hub' ? { link: f.link } : {})} {...lock} />;
    },
    true,
    async (f) => {
      // A workstation: its own printers and scanners, against the hub (document scans stay the hub laptop's).
      if (f.kind === 'hub') return workstationDevices(f.remote, opts, hub, scans);
      const { app, file } = f.opened;
      // Scanners on their own ports: each keeps trying to (re)connect until the screen closes.
      const { openBarcodeSource } = await import('../../drivers/scanner/index.js');
      const sources = app.scans.list().flatMap((c) => {
        const s = openBarcodeSource(c);
        return s ? [s] : [];
      });
      for (const s of sources) s.start((e) => scans.emit({ kind: 'scan', text: e.text, source: e.source }), (state, detail) => scans.emit({ kind: 'state', source: s.name, state, ...(detail ? { detail } : {}) }));
      const { PrintWorker } = await import('../app/print/worker.js');
      const { lazyTransport } = await import('../../drivers/printer/lazy.js');
      const slow = slowJobsProcess(['--db', file]);
      const worker = new PrintWorker(app, { open: lazyTransport, fontsDir: join(findDataDir(), 'fonts'), dbFile: file, onEvent: (e) => hub.emit(e), filter: 'quick', onOthersDue: slow.run });
      // The citizen's devices plugged into this machine (the modem, the rating keypads), unless the
      // hub or a print worker of this machine already holds them: only what the operator must act on
      // reaches the status line. Loaded only once one is set up here (at the start, or when another
      // process adds one), so a counter without them pays nothing while the operator types.
      let devices: Promise<{ wake(): void; stop(): Promise<void> } | undefined> | undefined;
      let settled = false;
      const startDevices = () => {
        if (devices || !settled) return;
        try {
          if (!app.sms.modems().some((m) => m.host === null) && !app.raters.list().some((r) => r.host === null)) return;
        } catch {
          return; // a busy file: at the next change
        }
        devices = import('./citizenDevices.js')
          .then(({ startCitizenDevices, forStatusLine }) =>
            startCitizenDevices(app, file, translator(opts.lang), { say: forStatusLine((text, level) => scans.emit({ kind: 'notice', level, text })) }),
          )
          .catch((e: unknown) => void scans.emit({ kind: 'notice', level: 'error', text: userMessage(translator(opts.lang), e) }));
      };
      // The worker writes (it claims jobs): after an unclean exit it waits for the file's background
      // check to pass instead of blocking the screen on it; on a failed check it never starts.
      app.gate.onSettled((r) => {
        if (!r.ok) return;
        worker.start();
        hub.attach(worker);
        settled = true;
        startDevices();
      });
      // Jobs and messages queued by other processes (a kiosk, the CLI) wake them too.
      const unwatch = watchDatabase(file, () => {
        worker.wake();
        startDevices();
        void devices?.then((d) => d?.wake());
      });
      return async () => {
        unwatch();
        await Promise.all([worker.stop(), ...sources.map((s) => s.stop()), devices?.then((d) => d?.stop())]);
      };
    },
  );
}

/**
 * A workstation's counter screen runs what a single laptop's does for the devices plugged into it:
 * the print worker, in this process, handed by the hub only the jobs of this workstation's own
 * printers (its spool through a link of its own, role 'worker'), woken by the hub's pushes; and the
 * scanners on their own ports configured for this workstation, whose scans go to the hub like any
 * other (scans.take). A headless workstation runs `print-worker --hub` as a service instead; both
 * at once is safe, as the hub hands each job to one worker.
 */
async function workstationDevices(remote: RemoteLuudong, opts: RunOptions, printHub: PrintHub, scans: ScanHub): Promise<() => Promise<void>> {
  const dbArgs = [...(opts.db ? ['--db', opts.db] : []), ...(opts.demo ? ['--demo'] : [])];
  const dir = stationDir({ ...(opts.db ? { db: opts.db } : {}), demo: !!opts.demo });
  const { openBarcodeSource } = await import('../../drivers/scanner/index.js');
  const sources: NonNullable<ReturnType<typeof openBarcodeSource>>[] = [];
  let stopped = false;
  let again: NodeJS.Timeout | undefined;
  // Asked of the hub once the link allows it (with operators set up, after the first login; the
  // link down just now): tried again every few seconds until it answers.
  const openScanners = () => {
    if (stopped) return;
    let configs: ReturnType<RemoteLuudong['scanners']>;
    try {
      configs = remote.scanners();
    } catch {
      again = setTimeout(openScanners, 3000);
      again.unref();
      return;
    }
    for (const c of configs) {
      const s = openBarcodeSource(c);
      if (!s) continue;
      sources.push(s);
      s.start((e) => scans.emit({ kind: 'scan', text: e.text, source: e.source }), (state, detail) => scans.emit({ kind: 'state', source: s.name, state, ...(detail ? { detail } : {}) }));
    }
  };
  openScanners();

  const { PrintWorker } = await import('../app/print/worker.js');
  const { lazyTransport } = await import('../../drivers/printer/lazy.js');
  const { openRemoteSpool } = await import('../hub/open.js');
  const slow = slowJobsProcess([...dbArgs, '--hub', opts.hub ?? '']);
  let worker: InstanceType<typeof PrintWorker> | undefined;
  let link: { close(): void } | undefined;
  let spool: { close(): void } | undefined;
  let retry: NodeJS.Timeout | undefined;
  // The worker's own link comes up beside the screen's; if the hub cannot be reached just now, tried again.
  const begin = () => {
    if (stopped) return;
    try {
      const r = openRemoteSpool({ dir, ...(opts.hub ? { address: opts.hub } : {}), lang: opts.lang, onChange: () => worker?.wake() });
      link = r.link;
      spool = r.spool;
      worker = new PrintWorker(r.spool, { open: lazyTransport, fontsDir: join(findDataDir(), 'fonts'), dbFile: '', onEvent: (e) => printHub.emit(e), filter: 'quick', onOthersDue: slow.run });
      void worker.start();
      // Woken by the hub's pushes that name this workstation's printers (onChange above), not by the
      // screen after each of its actions: that wake-up asked the hub three more round trips, on the
      // screen's thread, after every key that wrote (a call, a finish), for jobs the push announces.
      printHub.attach({ wake: () => undefined });
    } catch {
      retry = setTimeout(begin, 5000);
      retry.unref();
    }
  };
  begin();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    clearTimeout(again);
    await Promise.all([worker?.stop(), ...sources.map((s) => s.stop())]);
    spool?.close();
    link?.close();
  };
}

/**
 * Jobs drawn with the font (A4 PDFs, raster slips) are laid out by a short-lived `print-worker
 * --once --only slow` process at low priority (a fraction of a second of CPU each, which in this
 * process would freeze the screen): one at a time, run again if more came while it worked.
 * `where`: the database (`--db FILE`), or a workstation's folder and its hub (`--hub ADDRESS`).
 */
function slowJobsProcess(where: string[]): { run: () => void } {
  let running = false;
  let again = false;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const child = spawn(process.execPath, [process.argv[1] as string, ...where, 'print-worker', '--once', '--only', 'slow'], { stdio: 'ignore' });
    if (child.pid) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // not allowed here: it runs at normal priority
      }
    }
    child.on('error', () => undefined);
    child.on('close', () => {
      running = false;
      if (again) {
        again = false;
        run();
      }
    });
  };
  return { run };
}

/**
 * Paper into a dossier through `luudong scan` in a child process at low priority: scanimage and the
 * PDF assembly take seconds of I/O and CPU that must not freeze the screen. Its JSON progress lines
 * become status-line updates; one scan at a time.
 */
function docScanProcess(file: string, lang: Lang, hub: ScanHub, login: () => { args: string[]; env: Record<string, string> }): (r: DocScanRequest) => boolean {
  let running = false;
  return (r) => {
    if (running) return false;
    running = true;
    const as = login();
    const args = [process.argv[1] as string, '--db', file, '--lang', lang, ...as.args, '--json', 'scan', '--dossier', r.code, '--item', String(r.item + 1), ...(r.feeder ? ['--adf'] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...as.env } });
    if (child.pid) {
      try {
        setPriority(child.pid, 10);
      } catch {
        // not allowed here: it runs at normal priority
      }
    }
    let stdout = '';
    let errLine = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => {
      const lines = (errLine + b.toString()).split('\n');
      errLine = lines.pop() ?? '';
      for (const l of lines) {
        try {
          const p = JSON.parse(l) as { page?: number; bytes?: number };
          if (typeof p.page === 'number') hub.emit({ kind: 'docPage', page: p.page, bytes: p.bytes ?? 0 });
        } catch {
          // the human-readable error line that follows the JSON answer
        }
      }
    });
    const done = (ok: boolean, message: string) => {
      running = false;
      hub.emit({ kind: 'docDone', ok, message });
    };
    child.on('error', (e) => done(false, e.message));
    child.on('close', () => {
      const t = translator(lang);
      try {
        const o = JSON.parse(stdout) as { error?: { message: string }; pages?: number; dossier?: string; item?: number };
        if (o.error) done(false, o.error.message);
        else done(true, t('scan.saved', { pages: o.pages ?? 0, code: o.dossier ?? r.code, item: o.item ?? r.item + 1 }));
      } catch {
        done(false, t('err.unexpected', { detail: stdout.slice(0, 80) }));
      }
    });
    return true;
  };
}

export function runBoard(opts: RunOptions & { speak: boolean }): Promise<number> {
  return fullScreen(opts.lang, opts, 'board', (f) => {
    let speaker;
    let warning;
    if (opts.speak) {
      // LUUDONG_SPEECH_OUT: write each announcement to a WAV file there instead of the speakers.
      const outDir = process.env.LUUDONG_SPEECH_OUT;
      speaker = createEspeakSpeaker(outDir ? { outDir } : {});
      if (!speaker.available) warning = translator(opts.lang)('tui.speechMissing');
    }
    return <Board app={f.app} watch={f.watch} {...(f.kind === 'hub' ? { link: f.link } : {})} {...(speaker ? { speaker } : {})} {...(warning ? { warning } : {})} />;
  });
}
