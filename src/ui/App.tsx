// The counter screen's React root: it draws the router's state (header, status line, the top
// screen's view, its key bar) and feeds it the keys, the scans and the world's news (printer
// trouble, scanners plugged in or out, another process's commits). The screens are in screens/,
// the stack and the effects in router.ts.
import { Box, Text, useApp } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { CounterApp, HubLinkView, HubNews } from '../app/counterApp.js';
import { describeEvent, jobTitle } from '../app/present.js';
import { WEDGE_SOURCE } from '../app/scans.js';
import { parsePrefix, type WedgeOptions } from '../core/scan/wedge.js';
import { displayDate, hhmm } from '../core/time.js';
import { keyBar } from './bindings.js';
import { FullView, KeyBar, Line, StatusLine, ViewBody } from './components.js';
import { useText } from './context.js';
import { useKeys } from './keys/useKeys.js';
import type { PrintHub } from './printHub.js';
import { Desk } from './router.js';
import { CHROME_ROWS } from './screen.js';
import type { ScanHub } from './scanHub.js';
import { useAppRevision, type WatchDatabase } from './useAppRevision.js';
import { useHubLink } from './useHubLink.js';
import { FALLBACK_AFTER_MS, withFallback } from './fallbackNote.js';
import { userMessage } from '../i18n/index.js';
import { useMinuteClock, useTerminalSize } from './useTerminalSize.js';

export interface AppProps {
  app: CounterApp;
  /** Hear other processes' commits to the database (absent in unit tests). */
  watch?: WatchDatabase;
  /** The in-process print worker's link (absent in unit tests: jobs then just wait in the spool). */
  printHub?: PrintHub;
  /** Scanners on their own ports, started by the runner (absent in unit tests). */
  scanHub?: ScanHub;
  /** Keyboard-wedge settings over the configured ones. */
  wedge?: Partial<WedgeOptions>;
  /** Lock the screen after this long without a key (ms; 0: never). Only with operators set up. */
  lockAfterMs?: number;
  /** A workstation's link to the hub: while it is down the screen shows the last state and says so. */
  link?: HubLinkView;
}

export function App({ app, watch, printHub, scanHub, wedge: wedgeOverride, lockAfterMs = 5 * 60_000, link }: AppProps) {
  const { t, lang } = useText();
  const { exit } = useApp();
  const { cols, rows } = useTerminalSize();
  const now = useMinuteClock(app.now);
  const [rev] = useAppRevision(app, watch);
  // Writes by this process: views that memoise look at it too.
  const [writes, setWrites] = useState(0);
  // One line short of the terminal: Ink clears and redraws the whole screen on every frame whose
  // output is as tall as the terminal, and draws only the changed lines otherwise.
  const width = cols;
  const height = rows - 1;
  const bodyHeight = Math.max(3, height - CHROME_ROWS);
  const ctx = { t, lang, size: { width, height: bodyHeight }, lockAfterMs, version: rev + writes };

  const desk = useMemo(
    () =>
      new Desk(app, ctx, {
        quit: () => exit(),
        // After any action: redraw, and let the print worker look for what the action queued.
        wrote: () => {
          setWrites((n) => n + 1);
          printHub?.wake();
        },
        // The runner sets up document scanning after the first frame: looked up when asked.
        docScan: (r) => scanHub?.docScan?.(r) ?? null,
      }),
    [app],
  );
  desk.ctx = ctx;
  const state = useSyncExternalStore(desk.subscribe, desk.getSnapshot);

  // The keyboard wedge's settings (prefix, suffix, gap), read once: `scanner add` takes effect on the
  // next start.
  const wedge = useMemo(() => {
    const o = app.scans.wedge() ?? {};
    return { ...(o.prefix ? { prefix: parsePrefix(o.prefix) } : {}), ...(o.suffix ? { suffix: o.suffix } : {}), ...(o.gapMs ? { gapMs: o.gapMs } : {}), ...wedgeOverride };
  }, [app, wedgeOverride]);

  // The screen shows personal data: after lockAfterMs without a key it locks, and only a PIN opens it.
  const lockTimer = useRef<NodeJS.Timeout | undefined>(undefined);
  // Whether operators are set up is asked when the time is up, not at every key: on a workstation
  // each asking is a round trip to the hub, which every key paid before the screen answered it.
  // With the hub away the last answer stands (the screen fails closed: once operators were set up it
  // locks, and unlocking waits for the hub to check the PIN); until a first answer it is asked at
  // each key.
  const operatorsKnown = useRef<boolean | undefined>(undefined);
  const armLock = useCallback(() => {
    clearTimeout(lockTimer.current);
    if (!lockAfterMs) return;
    if (operatorsKnown.current === undefined) {
      try {
        operatorsKnown.current = app.operators.enabled();
      } catch {
        // asked again at the next key
      }
    }
    lockTimer.current = setTimeout(() => {
      try {
        operatorsKnown.current = app.operators.enabled();
      } catch {
        // the hub away: the last answer stands
      }
      if (operatorsKnown.current) desk.lock();
    }, lockAfterMs);
    lockTimer.current.unref?.();
  }, [app, desk, lockAfterMs]);
  useEffect(() => {
    armLock();
    return () => clearTimeout(lockTimer.current);
  }, [armLock]);

  useKeys(
    {
      key: (k, echo) => {
        armLock();
        desk.key(k, echo);
      },
      typed: () => desk.typed(),
      scan: (text) => desk.wedgeScan(text, WEDGE_SOURCE),
    },
    wedge,
  );

  // Printer trouble is said at once on the status line; a printed job needs no word.
  useEffect(
    () =>
      printHub?.subscribe((e) => {
        if (e.kind !== 'printed') desk.setStatus({ kind: 'error', text: describeEvent(t, e) });
        setWrites((n) => n + 1);
      }),
    [printHub, t, desk],
  );
  // Scanners on their own ports: their scans, and their plugging and unplugging; document scans' progress.
  useEffect(
    () =>
      scanHub?.subscribe((e) => {
        if (e.kind === 'scan') desk.portScan(e.text, e.source);
        else if (e.kind === 'notice') desk.setStatus({ kind: e.level, text: e.text });
        else if (e.kind === 'docPage') desk.setStatus({ kind: 'info', text: t('scan.page', { n: e.page, kb: Math.ceil(e.bytes / 1024) }) });
        else if (e.kind === 'docDone') {
          desk.setStatus({ kind: e.ok ? 'ok' : 'error', text: e.message });
          setWrites((n) => n + 1);
        } else desk.setStatus({ kind: e.state === 'connected' ? 'info' : 'error', text: t(e.state === 'connected' ? 'scan.connected' : 'scan.disconnected', { name: e.source }) });
      }),
    [scanHub, t, desk],
  );

  // The hub's link: said on the status line when it goes and comes back, marked in the header while down.
  const onNews = useCallback(
    (e: HubNews) => {
      if (e.kind === 'link') desk.setStatus(e.up ? { kind: 'info', text: t('hub.linkBack') } : { kind: 'error', text: t('hub.linkLost') });
      else if (e.kind === 'fallback') {
        // told after what the action itself said, not over it (./fallbackNote.ts)
        const printers = e.printers.join(', ');
        const prev = desk.state.status;
        const r = withFallback(prev, { short: t('hub.fellBackShort', { printers }), long: t('hub.fellBack', { what: jobTitle(t, { kind: e.jobKind, ref: null }), printers }) }, width);
        if (r.now !== prev) desk.setStatus(r.now);
        const { later } = r;
        if (later) {
          const shown = desk.state.status;
          setTimeout(() => {
            // still the action's words, or nothing said since: the fallback now (another action's words stand)
            const cur = desk.state.status;
            if (cur === shown || cur === null) desk.setStatus(later);
          }, FALLBACK_AFTER_MS).unref();
        }
      }
      else if (e.kind === 'outcome') desk.setStatus(e.err ? { kind: 'error', text: t('hub.outcomeRefused', { reason: userMessage(t, e.err) }) } : { kind: 'ok', text: t('hub.outcomeDone') });
      setWrites((n) => n + 1);
    },
    [desk, t, width],
  );
  const online = useHubLink(link, onNews);

  const trip = useMemo(() => app.currentTrip(), [app, rev, writes]);
  // Keep this desk on a counter that exists in the open trip.
  useEffect(() => {
    if (trip && !trip.counters.some((c) => c.no === state.counter)) desk.setCounter(trip.counters[0]?.no ?? 1);
  }, [trip, state.counter, desk]);

  const top = state.stack[state.stack.length - 1];
  const env = desk.env();
  const view = top ? top.screen.view(top.state, env, ctx.size) : null;
  const bar = top ? keyBar(top, env, width) : '';

  const clock = online ? hhmm(now) : `${t('hub.offlineMark')} ${hhmm(now)}`;
  // Shortened by rule, never cut: the place goes first, then the commune; the date and hours stay.
  const when = trip ? `${displayDate(trip.date)} ${trip.start}–${trip.end}` : '';
  const headers = trip ? [`${trip.place} · ${trip.commune} · ${when}`, `${trip.commune} · ${when}`, when] : [t('app.name')];
  const headerText = headers.find((h) => [...h].length + clock.length + 1 <= width) ?? (headers[headers.length - 1] as string);

  // A code for a phone to scan takes the whole terminal: the status and the key bar go beside it.
  if (view?.frame === 'full') return <FullView view={view} width={width} height={height} status={state.status} bar={bar} />;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box width={width}>
        <Box flexGrow={1}>
          <Line text={headerText.padEnd(Math.max(0, width - clock.length - 1))} inverse bold />
        </Box>
        <Text inverse> {clock}</Text>
      </Box>
      <StatusLine status={state.status} />
      <Box flexDirection="column" height={bodyHeight}>
        {view ? <ViewBody view={view} width={width} height={bodyHeight} /> : null}
      </Box>
      <KeyBar text={bar} width={width} />
    </Box>
  );
}
