// The citizen-facing board: the latest call in big letters, the few before it, read aloud if asked.
import { Box, Text, useApp } from 'ink';
import { useEffect, useMemo, useRef } from 'react';
import type { Luudong } from '../app/luudong.js';
import { bigText } from '../core/bigtext.js';
import type { CallRecord } from '../core/queue/types.js';
import { callAnnouncement } from '../core/spoken.js';
import { hhmm } from '../core/time.js';
import type { Speaker } from '../ports/speech.js';
import { Line } from './components.js';
import { useText } from './context.js';
import { useKeys } from './keys/useKeys.js';
import { useAppRevision, type WatchDatabase } from './useAppRevision.js';
import { useMinuteClock, useTerminalSize } from './useTerminalSize.js';
import { translator } from '../i18n/index.js';

export interface BoardProps {
  app: Luudong;
  /** Hear other processes' commits (the calls are made elsewhere). */
  watch?: WatchDatabase;
  speaker?: Speaker;
  /** Shown on the last line, e.g. that no speech engine is installed. */
  warning?: string;
}

const callKey = (c: CallRecord | undefined) => (c ? `${c.ticketId}@${c.at}:${c.counter}:${c.recall}` : '');
/** The spoken text is always Vietnamese: it is for the citizens in the room. */
const tVi = translator('vi');

export function Board({ app, watch, speaker, warning }: BoardProps) {
  const { t } = useText();
  const { exit } = useApp();
  const { cols, rows } = useTerminalSize();
  const now = useMinuteClock(app.now);
  const [rev] = useAppRevision(app, watch);
  useKeys((key) => {
    if ((key.ctrl && key.name === 'c') || (key.name === 'char' && key.text === 'q') || key.name === 'escape') exit();
  });

  const trip = useMemo(() => app.currentTrip(), [app, rev]);
  const calls = useMemo(() => [...app.queueState().recentCalls], [app, rev]);
  // The rating question, at each counter with a citizen's keypad whose ticket was just finished
  // (the minute clock takes it down once its time is over, the next commit at once).
  const questions = useMemo(() => app.raters.list().flatMap((r) => {
    const tk = app.raters.question(r.counter);
    return tk ? [{ counter: r.counter, label: tk.label }] : [];
  }), [app, rev, now]);

  // Announce calls made since the board started (not the old ones it finds at start-up).
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
      fresh.unshift(c);
    }
    spoken.current = callKey(latest);
    for (const c of fresh) void speaker.say(callAnnouncement(tVi, c));
  }, [calls, speaker]);

  const latest = calls[0];
  const big = latest ? bigText(`${latest.label}>${latest.counter}`) : [];
  const fits = big.length > 0 && (big[0]?.length ?? 0) <= cols;
  // One line short of the terminal, so Ink redraws only what changed (see App.tsx).
  const height = rows - 1;
  const listRows = Math.max(0, height - 5 - (fits ? big.length + 1 : 2) - (questions.length ? questions.length + 1 : 0));
  return (
    <Box flexDirection="column" width={cols} height={height}>
      <Box width={cols}>
        <Box flexGrow={1}>
          <Line text={(trip ? `${trip.place} · ${trip.commune}` : t('app.name')).padEnd(Math.max(0, cols - 6))} inverse bold />
        </Box>
        <Text inverse> {hhmm(now)}</Text>
      </Box>
      {!trip ? (
        <Line text={t('board.noTrip')} bold />
      ) : (
        <Box flexDirection="column">
          <Line text={`${t('board.title')}`} bold />
          {latest ? (
            fits ? (
              big.map((l, i) => <Line key={i} text={l} bold color="yellow" />)
            ) : (
              <Line text={`${t('board.ticket')} ${latest.label}  →  ${t('board.counter')} ${latest.counter}`} bold color="yellow" />
            )
          ) : (
            <Line text={t('board.waitingHint')} />
          )}
          {latest ? <Line text={`${t('board.ticket')} ${latest.label} → ${t('label.counter', { no: latest.counter })}`} bold /> : null}
          {questions.map((q) => (
            <Line key={q.counter} text={t('board.rateQuestion', { ticket: q.label, counter: q.counter })} bold color="cyan" />
          ))}
          {questions.length ? <Line text={t('board.rateAnswers')} color="cyan" /> : null}
          <Line text={`── ${t('board.recent')} ──`} dim />
          {calls.slice(1, 1 + listRows).map((c) => (
            <Line key={callKey(c)} text={`  ${c.label.padEnd(6)} → ${t('label.counter', { no: c.counter }).padEnd(10)} ${hhmm(c.at)}`} />
          ))}
        </Box>
      )}
      <Box flexGrow={1} />
      {warning ? <Line text={`! ${warning}`} color="red" /> : null}
    </Box>
  );
}
