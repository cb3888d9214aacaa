// The citizen-facing board: the latest call in the largest letters the screen holds, the calls before
// it and each group's waiting count, read aloud if asked.
import { Box, useApp } from 'ink';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CounterApp, HubLinkView } from '../app/counterApp.js';
import type { CallRecord } from '../core/queue/types.js';
import { callAnnouncement } from '../core/spoken.js';
import type { Speaker } from '../ports/speech.js';
import { Line } from './components.js';
import { useText } from './context.js';
import { boardRows } from './boardView.js';
import { useKeys } from './keys/useKeys.js';
import { useAppRevision, type WatchDatabase } from './useAppRevision.js';
import { useHubLink } from './useHubLink.js';
import { useMinuteClock, useTerminalSize } from './useTerminalSize.js';
import { translator } from '../i18n/index.js';

export interface BoardProps {
  app: CounterApp;
  /** Hear other processes' commits (the calls are made elsewhere). */
  watch?: WatchDatabase;
  speaker?: Speaker;
  /** Shown on the last line, e.g. that no speech engine is installed. */
  warning?: string;
  /** On a workstation: the link to the hub (while it is down the board keeps the last calls and says so). */
  link?: HubLinkView;
}

const callKey = (c: CallRecord | undefined) => (c ? `${c.ticketId}@${c.at}:${c.counter}:${c.recall}` : '');
/** The spoken text is always Vietnamese: it is for the citizens in the room. */
const tVi = translator('vi');

export function Board({ app, watch, speaker, warning, link }: BoardProps) {
  const { t, lang } = useText();
  const { exit } = useApp();
  const { cols, rows } = useTerminalSize();
  const now = useMinuteClock(app.now);
  const [rev] = useAppRevision(app, watch);
  const online = useHubLink(link);
  useKeys((key) => {
    if ((key.ctrl && key.name === 'c') || (key.name === 'char' && key.text === 'q') || key.name === 'escape') exit();
  });

  const trip = useMemo(() => app.currentTrip(), [app, rev]);
  const calls = useMemo(() => [...app.queueState().recentCalls], [app, rev]);
  const shown = useMemo(() => app.queueState().boardCalls(), [app, rev]);
  const waiting = useMemo(() => {
    if (!trip) return [];
    const served = new Set(trip.counters.flatMap((c) => c.groups));
    const counts = new Map<string, number>();
    for (const tk of app.queueState().byStatus('waiting')) counts.set(tk.group, (counts.get(tk.group) ?? 0) + 1);
    return app.data.groups.filter((g) => served.has(g.code) || counts.has(g.code)).map((g) => ({ prefix: g.prefix, name: g.name[lang], count: counts.get(g.code) ?? 0 }));
  }, [app, rev, trip, lang]);
  // The rating question, at each counter with a citizen's keypad whose ticket was just finished:
  // taken down at once by an answer (its commit), and by a timer when its time is over (a press
  // after it records nothing, so the board must not still be asking).
  const [over, setOver] = useState(0);
  const questions = useMemo(() => app.ratingQuestions?.() ?? [], [app, rev, now, over]);
  useEffect(() => {
    const ends = questions.flatMap((q) => (q.until === undefined ? [] : [q.until]));
    if (ends.length === 0) return;
    const timer = setTimeout(() => setOver((n) => n + 1), Math.min(Math.max(0, Math.min(...ends) - app.now()) + 20, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [app, questions]);

  // Announce calls made since the board started (not the old ones it finds at start-up); a walk-in
  // is served where the citizen stands: nobody is called.
  const spoken = useRef<string | null>(null);
  useEffect(() => {
    const latest = calls[0];
    if (spoken.current === null) {
      spoken.current = callKey(latest);
      return;
    }
    if (!speaker || !latest) return;
    const fresh: CallRecord[] = [];
    for (const c of calls) {
      if (callKey(c) === spoken.current) break;
      if (!c.walkIn) fresh.unshift(c);
    }
    spoken.current = callKey(latest);
    for (const c of fresh) void speaker.say(callAnnouncement(tVi, c));
  }, [calls, speaker]);

  // One line short of the terminal, so Ink redraws only what changed (see App.tsx).
  const height = rows - 1;
  const lines = useMemo(
    () => boardRows(t, { cols, rows: height, now, heading: trip ? `${trip.place} · ${trip.commune}` : undefined, calls: shown, waiting, warnings: [...(online ? [] : [t('hub.linkLost')]), ...(warning ? [warning] : [])], questions: questions.length ? [...questions.map((q) => t('board.rateQuestion', { ticket: q.label, counter: q.counter })), t('board.rateAnswers')] : [] }),
    [t, cols, height, now, trip, shown, waiting, warning, online, questions],
  );
  return (
    <Box flexDirection="column" width={cols} height={height}>
      {lines.map((l, i) => (
        <Line key={i} text={l.text || ' '} {...(l.bold ? { bold: true } : {})} {...(l.inverse ? { inverse: true } : {})} {...(l.dim ? { dim: true } : {})} {...(l.color ? { color: l.color } : {})} />
      ))}
    </Box>
  );
}
