// The centre's screen (`luudong centre screen`): the fleet's figures for a year, cut by vehicle,
// commune, procedure, field, week or month. The keys, the key bar and the help come from one binding
// table (centre/screen.ts), the keys from the same stdin reader as the counter's screens. It reads
// through a function the caller gives (the centre's app layer), never SQL; only the visible lines
// are drawn. Once the centre has staff, the screen opens on its own login step (name and PIN),
// checked through `login` (the same PINs and lock-out as the command line's --operator).
import { Box, Text, useApp } from 'ink';
import { useEffect, useRef, useState } from 'react';
import type { Dimension } from '../centre/core/figures.js';
import { userMessage, type MessageKey } from '../i18n/index.js';
import { centreHelpLines, centreKey, centreKeyBar, centreLoginAnswered, centreLoginLines, centreTitle, initialCentre, modeOf, type CentreState } from './centre/screen.js';
import { Line } from './components.js';
import { useText } from './context.js';
import { useKeys } from './keys/useKeys.js';
import { useTerminalSize } from './useTerminalSize.js';

export interface CentreScreenProps {
  /** The report's lines for a dimension and a year, at most `width` columns each. */
  load: (by: Dimension, year: number, width: number) => Promise<string[]>;
  year: number;
  /** The centre's name or address, for the header. */
  title: string;
  /**
   * Staff must log in first: the name and PIN are checked here (the staff member and role, or the
   * refusal thrown: a wrong pair, a locked account). Absent: no staff yet, the figures open at once.
   */
  login?: { check: (name: string, pin: string) => Promise<{ name: string; role: string }>; name?: string };
}

export function CentreScreen({ load, year, title, login }: CentreScreenProps) {
  const { t } = useText();
  const { exit } = useApp();
  const { cols: width, rows: height } = useTerminalSize();
  const [s, setS] = useState<CentreState>(() => initialCentre(year, login ? { ...(login.name ? { name: login.name } : {}) } : undefined));
  const [lines, setLines] = useState<string[]>([]);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  /** Who logged in, said on the status line while nothing else is. */
  const [who, setWho] = useState<string | null>(null);
  const bodyHeight = Math.max(1, height - 4); // header, status, key bar, one spare (Ink never clears)

  const loggedIn = s.login === null;
  const attempt = s.login?.busy ? s.login.attempt : 0;
  useEffect(() => {
    if (!attempt || !s.login || !login) return;
    let live = true;
    const { name, pin } = s.login;
    // The PIN's hash takes a moment: the "checking" line is drawn before it starts.
    const timer = setTimeout(() => {
      login.check(name.text, pin.text).then(
        (who) => {
          if (!live) return;
          setS((x) => centreLoginAnswered(x, null));
          setWho(t('auth.welcome', { name: who.name, role: t(`auth.role.${who.role}` as MessageKey) }));
        },
        (e: unknown) => live && setS((x) => centreLoginAnswered(x, userMessage(t, e))),
      );
    }, 20);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // only a new attempt starts a check (the pair and the checker are read from it)
  }, [attempt]);

  useEffect(() => {
    if (!loggedIn) return;
    let live = true;
    setStatus({ error: false, text: t('centre.screen.loading') });
    load(s.by, s.year, width).then(
      (l) => {
        if (!live) return;
        setLines(l);
        setStatus(null);
      },
      (e: unknown) => live && setStatus({ error: true, text: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [s.by, s.year, s.reload, width, load, t, loggedIn]);

  const mode = modeOf(s);
  const shown = s.help ? centreHelpLines(t, mode) : s.login ? [] : lines;
  const maxScroll = Math.max(0, shown.length - bodyHeight);
  // Keys of one burst (a name typed fast, a paste) arrive before the next render: each goes on from
  // the state the one before it made, not from the last render's.
  const current = useRef(s);
  current.current = s;
  useKeys((key) => {
    const next = centreKey(current.current, key, { page: bodyHeight, maxScroll });
    if (next === 'quit') exit();
    else if (next) {
      current.current = next;
      setS(next);
    }
  });

  const from = s.help ? 0 : Math.min(s.scroll, maxScroll);
  const visible: { text: string; cursor?: number }[] = s.login && !s.help ? centreLoginLines(t, s.login, width).slice(0, bodyHeight) : shown.slice(from, from + bodyHeight).map((text) => ({ text }));
  return (
    <Box flexDirection="column" width={width} height={height - 1}>
      <Line text={centreTitle(t, s, title, width).padEnd(width)} inverse bold />
      {status ? <Line text={status.text} {...(status.error ? { color: 'red' } : { color: 'cyan' })} /> : who ? <Line text={who} color="green" /> : <Text> </Text>}
      <Box flexDirection="column" height={bodyHeight}>
        {visible.map((l, k) => (
          <Line key={k} text={l.text || ' '} {...(l.cursor !== undefined ? { cursor: l.cursor } : {})} />
        ))}
      </Box>
      <Line text={centreKeyBar(t, width, mode).padEnd(width)} inverse />
    </Box>
  );
}
