// The centre's screen (`luudong centre screen`): the fleet's figures for a year, cut by vehicle,
// commune, procedure, field, week or month. The keys, the key bar and the help come from one binding
// table (centre/screen.ts), the keys from the same stdin reader as the counter's screens. It reads
// through a function the caller gives (the centre's app layer), never SQL; only the visible lines
// are drawn.
import { Box, Text, useApp } from 'ink';
import { useEffect, useState } from 'react';
import type { Dimension } from '../centre/core/figures.js';
import { centreHelpLines, centreKey, centreKeyBar, centreTitle, initialCentre, type CentreState } from './centre/screen.js';
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
}

export function CentreScreen({ load, year, title }: CentreScreenProps) {
  const { t } = useText();
  const { exit } = useApp();
  const { cols: width, rows: height } = useTerminalSize();
  const [s, setS] = useState<CentreState>(() => initialCentre(year));
  const [lines, setLines] = useState<string[]>([]);
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const bodyHeight = Math.max(1, height - 4); // header, status, key bar, one spare (Ink never clears)

  useEffect(() => {
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
  }, [s.by, s.year, s.reload, width, load, t]);

  const shown = s.help ? centreHelpLines(t) : lines;
  const maxScroll = Math.max(0, shown.length - bodyHeight);
  useKeys((key) => {
    const next = centreKey(s, key, { page: bodyHeight, maxScroll });
    if (next === 'quit') exit();
    else if (next) setS(next);
  });

  const from = s.help ? 0 : Math.min(s.scroll, maxScroll);
  const visible = shown.slice(from, from + bodyHeight);
  return (
    <Box flexDirection="column" width={width} height={height - 1}>
      <Line text={centreTitle(t, s, title, width).padEnd(width)} inverse bold />
      {status ? <Line text={status.text} {...(status.error ? { color: 'red' } : { color: 'cyan' })} /> : <Text> </Text>}
      <Box flexDirection="column" height={bodyHeight}>
        {visible.map((l, k) => (
          <Line key={k} text={l || ' '} />
        ))}
      </Box>
      <Line text={centreKeyBar(t, width).padEnd(width)} inverse />
    </Box>
  );
}
